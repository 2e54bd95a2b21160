import { describe, expect, it } from 'vitest';
import { resolveConsumerOptions } from '../../../src/client/consumer/options.js';
import { CairnError } from '../../../src/client/errors.js';
import { resolveProducerOptions } from '../../../src/client/producer/options.js';

function errorOf(resolve: () => unknown): CairnError {
  try {
    resolve();
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    return error as CairnError;
  }
  throw new Error('expected an error');
}

describe('producer options', () => {
  it('has defaults, resolved once and frozen', () => {
    const options = resolveProducerOptions();
    expect(options).toEqual({
      idempotent: true,
      lingerMs: 5,
      batchBytesMax: 1024 * 1024,
      compression: 'none',
      partitioner: 'murmur2',
      bufferBytesMax: 32 * 1024 * 1024,
      maxBlockMs: 30_000,
      inFlightRequestsMax: 5,
      deliveryTimeoutMs: 30_005,
      metadataMaxAgeMs: 60_000,
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('derives defaults from the fields they depend on', () => {
    expect(resolveProducerOptions({ bufferBytesMax: 4096, lingerMs: 1_000 })).toMatchObject({ batchBytesMax: 4096, deliveryTimeoutMs: 31_000 });
  });

  it.each<[object, string]>([
    [{ lingerMs: -1 }, 'producer options: lingerMs: expected a non-negative integer, got -1'],
    [{ compression: 'brotli' }, "producer options: compression: expected one of 'none', 'gzip', 'snappy', 'lz4', 'zstd', got \"brotli\""],
    [{ idempotent: 'yes' }, 'producer options: idempotent: expected true or false, got "yes"'],
    [{ partitioner: 'random' }, 'producer options: partitioner: expected \'murmur2\' or a function, got "random"'],
    [{ inFlightRequestsMax: 6 }, 'producer options: inFlightRequestsMax: expected an integer from 1 to 5, got 6'],
    [{ batchBytesMax: 5_000, bufferBytesMax: 4_096 }, 'producer options: batchBytesMax: expected an integer from 128 to 4096, got 5000'],
    [{ batchBytesMax: 4 * 1024 * 1024 }, 'producer options: batchBytesMax: expected an integer from 128 to 3145728, got 4194304'],
    [{ lingerMs: 100, deliveryTimeoutMs: 100 }, 'producer options: deliveryTimeoutMs: expected an integer ≥ 101, got 100'],
  ])('names the field of a bad value: %j', (options, message) => {
    expect(errorOf(() => resolveProducerOptions(options as never))).toMatchObject({ code: 'INVALID_CONFIG', message });
  });

  it('allows more requests in flight without idempotence', () => {
    expect(resolveProducerOptions({ idempotent: false, inFlightRequestsMax: 50 }).inFlightRequestsMax).toBe(50);
  });
});

describe('consumer options', () => {
  it('has defaults', () => {
    expect(resolveConsumerOptions()).toEqual({
      autoOffsetReset: 'latest',
      maxWaitMs: 500,
      minBytes: 1,
      partitionFetchBytesMax: 1024 * 1024,
      bufferBytesMax: 16 * 1024 * 1024,
      groupId: undefined,
      groupInstanceId: undefined,
      sessionTimeoutMs: 45_000,
      assignor: 'uniform',
      autoCommit: true,
      autoCommitIntervalMs: 5_000,
      processingTimeoutMs: 300_000,
      topicPatternRefreshMs: 10_000,
      onAssigned: undefined,
      onRevoked: undefined,
      onLost: undefined,
    });
  });

  it.each<[object, string]>([
    [{ autoOffsetReset: 'smallest' }, "consumer options: autoOffsetReset: expected one of 'earliest', 'latest', 'none', got \"smallest\""],
    [{ maxWaitMs: 2 ** 32 }, 'consumer options: maxWaitMs: expected an integer from 0 to 4294967295, got 4294967296'],
    [{ bufferBytesMax: 0 }, 'consumer options: bufferBytesMax: expected an integer from 1 to 4294967295, got 0'],
    [{ topicPatternRefreshMs: 10 }, 'consumer options: topicPatternRefreshMs: expected an integer from 100 to 4294967295, got 10'],
  ])('names the field of a bad value: %j', (options, message) => {
    expect(errorOf(() => resolveConsumerOptions(options as never))).toMatchObject({ code: 'INVALID_CONFIG', message });
  });
});
