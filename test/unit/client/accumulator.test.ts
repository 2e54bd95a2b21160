import { afterEach, describe, expect, it, vi } from 'vitest';
import { Accumulator } from '../../../src/client/producer/accumulator.js';
import type { ProducerBatch } from '../../../src/client/producer/producer-batch.js';
import { SendGroup } from '../../../src/client/producer/producer-batch.js';

afterEach(() => {
  vi.useRealTimers();
});

/** An accumulator whose partition 0 of topic t is idle or busy as `idle` says, and the batches it sealed. */
function accumulatorWith(lingerMs: number, idle: () => boolean): { accumulator: Accumulator; sealed: ProducerBatch[] } {
  const sealed: ProducerBatch[] = [];
  const accumulator = new Accumulator(
    { lingerMs, deliveryTimeoutMs: 30_000 },
    { onCreated: () => {}, onSealed: (batch) => sealed.push(batch), partitionIdle: idle, batchBytesMaxOf: () => 1024 * 1024 },
  );
  return { accumulator, sealed };
}

function append(accumulator: Accumulator, value: string): void {
  accumulator.append('t', 0, { key: null, value: Buffer.from(value), timestamp: 0n }, 16, new SendGroup(1), 0);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Only timers are faked: setImmediate stays real, so a test sees exactly which batches waited for a timer.
describe('accumulator lingering', () => {
  it('with lingerMs 0, seals a batch of an idle partition at the end of the turn, with every record of that turn', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { accumulator, sealed } = accumulatorWith(0, () => true);

    append(accumulator, 'a');
    append(accumulator, 'b');
    expect(sealed).toHaveLength(0);
    await nextTurn();

    expect(sealed.map((batch) => batch.recordsCount)).toEqual([2]);
  });

  it('with lingerMs 0, holds a batch of a partition with a request out until the shortest timer fires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { accumulator, sealed } = accumulatorWith(0, () => false);

    append(accumulator, 'a');
    await nextTurn();
    append(accumulator, 'b');
    expect(sealed).toHaveLength(0);
    vi.advanceTimersByTime(1);

    expect(sealed.map((batch) => batch.recordsCount)).toEqual([2]);
  });

  it('with lingerMs above 0, lingers even when the partition is idle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { accumulator, sealed } = accumulatorWith(5, () => true);

    append(accumulator, 'a');
    await nextTurn();
    vi.advanceTimersByTime(4);
    expect(sealed).toHaveLength(0);
    vi.advanceTimersByTime(1);

    expect(sealed.map((batch) => batch.recordsCount)).toEqual([1]);
  });

  it('seals a batch once, when flushed before its turn ends', async () => {
    const { accumulator, sealed } = accumulatorWith(0, () => true);

    append(accumulator, 'a');
    accumulator.sealAll();
    await nextTurn();

    expect(sealed.map((batch) => batch.recordsCount)).toEqual([1]);
  });
});
