import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { murmur2Partition } from '../../../src/protocol/murmur2.js';
import { Partitioner } from '../../../src/client/producer/partitioner.js';

/** A repeatable stand-in for Math.random. */
function sequence(...values: number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length]!;
}

describe('Partitioner', () => {
  it('sends keyed records by murmur2 of the key', () => {
    const partitioner = new Partitioner('murmur2');
    for (const key of ['a', 'order-17', '21']) {
      expect(partitioner.partition('orders', Buffer.from(key), 6)).toBe(murmur2Partition(Buffer.from(key), 6));
    }
  });

  it('keeps keyless records on one partition until its batch is sealed, then moves to another', () => {
    const partitioner = new Partitioner('murmur2', sequence(0.5, 0.0, 0.9));
    expect([1, 2, 3].map(() => partitioner.partition('t', null, 4))).toEqual([2, 2, 2]);
    partitioner.batchSealed('t', 1, 4); // another partition's batch: no change
    expect(partitioner.partition('t', null, 4)).toBe(2);
    partitioner.batchSealed('t', 2, 4);
    expect(partitioner.partition('t', null, 4)).toBe(0);
  });

  it('never sticks to the partition just sealed when there is another', () => {
    // The random draw lands on the partition that was just filled: the next one is taken instead.
    const partitioner = new Partitioner('murmur2', sequence(0.5, 0.5, 0.0));
    expect(partitioner.partition('t', null, 2)).toBe(1);
    partitioner.batchSealed('t', 1, 2);
    expect(partitioner.partition('t', null, 2)).toBe(0);
  });

  it('sticks per topic, and again when the partition count shrinks under it', () => {
    const partitioner = new Partitioner('murmur2', sequence(0.99, 0.1, 0.3));
    expect(partitioner.partition('a', null, 10)).toBe(9);
    expect(partitioner.partition('b', null, 10)).toBe(1);
    expect(partitioner.partition('a', null, 5)).toBe(1);
  });

  it('asks a custom partitioner, and refuses a partition out of range', () => {
    const partitioner = new Partitioner(({ key, partitionsCount }) => (key === null ? 0 : partitionsCount - 1));
    expect(partitioner.partition('t', Buffer.from('k'), 3)).toBe(2);
    expect(partitioner.partition('t', null, 3)).toBe(0);
    const wrong = new Partitioner(() => 3);
    expect(() => wrong.partition('t', null, 3)).toThrow(CairnError);
  });
});
