import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { PRODUCER_ID_BLOCK } from '../../../src/metadata/index.js';
import type { LogIndex } from '../../../src/raft/index.js';
import { ProducerIdAllocator, mayBeAllocatedProducerId } from '../../../src/server/producer-ids.js';

const BLOCK = BigInt(PRODUCER_ID_BLOCK);

/** An allocator whose reservations commit at these indexes in turn (an Error fails that reservation). */
function allocatorOf(outcomes: (number | Error)[]): { allocator: ProducerIdAllocator; reservations: () => number } {
  let reservations = 0;
  const allocator = new ProducerIdAllocator(() => {
    const outcome = outcomes[reservations++];
    if (outcome === undefined) throw new Error('no reservation expected');
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome as LogIndex);
  });
  return { allocator, reservations: () => reservations };
}

const take = (allocator: ProducerIdAllocator, count: number): Promise<bigint[]> => Promise.all(Array.from({ length: count }, () => allocator.next()));

describe('ProducerIdAllocator', () => {
  it('hands out the ids of the block named by the index its reservation committed at, in order', async () => {
    const { allocator, reservations } = allocatorOf([3]);
    expect(await allocator.next()).toBe(3n * BLOCK);
    expect(await allocator.next()).toBe(3n * BLOCK + 1n);
    expect(reservations()).toBe(1);
  });

  it('makes concurrent callers share one reservation', async () => {
    const { allocator, reservations } = allocatorOf([3]);
    expect(await take(allocator, 4)).toEqual([0n, 1n, 2n, 3n].map((i) => 3n * BLOCK + i));
    expect(reservations()).toBe(1);
  });

  it('reserves another block once one is used up, and never hands out an id twice', async () => {
    const { allocator, reservations } = allocatorOf([3, 4]);
    const ids = await take(allocator, PRODUCER_ID_BLOCK + 2);
    expect(reservations()).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(3n * BLOCK);
    expect(ids[PRODUCER_ID_BLOCK - 1]).toBe(4n * BLOCK - 1n);
    expect(ids.slice(PRODUCER_ID_BLOCK)).toEqual([4n * BLOCK, 4n * BLOCK + 1n]);
  });

  it('fails every caller waiting on a failed reservation, and reserves again on the next call', async () => {
    const notController = new CairnError('NOT_CONTROLLER');
    const { allocator, reservations } = allocatorOf([notController, 5]);
    const waiting = [allocator.next(), allocator.next()];
    for (const result of await Promise.allSettled(waiting)) expect(result).toEqual({ status: 'rejected', reason: notController });
    expect(await allocator.next()).toBe(5n * BLOCK);
    expect(reservations()).toBe(2);
  });
});

describe('mayBeAllocatedProducerId', () => {
  const version = 10 as LogIndex;

  it('accepts ids of the blocks of indexes the metadata log has reached', () => {
    expect(mayBeAllocatedProducerId(BLOCK, version)).toBe(true);
    expect(mayBeAllocatedProducerId(11n * BLOCK - 1n, version)).toBe(true);
  });

  it('refuses block 0 (no command has index 0), ids past the log, negative ids, and 2^64-1 read as an int64', () => {
    expect(mayBeAllocatedProducerId(7n, version)).toBe(false);
    expect(mayBeAllocatedProducerId(11n * BLOCK, version)).toBe(false);
    expect(mayBeAllocatedProducerId(2n ** 63n - 1n, version)).toBe(false);
    expect(mayBeAllocatedProducerId(-1n, version)).toBe(false);
  });
});
