import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../../src/raft/assert.js';
import type { LogIndex } from '../../../src/raft/types.js';
import { OffsetTail } from '../../../src/storage/offset-tail.js';
import type { Offset, OffsetPoint } from '../../../src/storage/types.js';

const point = (baseOffset: number, index: number): OffsetPoint => ({ baseOffset: BigInt(baseOffset) as Offset, index: index as LogIndex });

describe('OffsetTail', () => {
  it('finds the floor of an offset, or says to look on disk when it lies below every point held', () => {
    const tail = new OffsetTail([point(100, 5), point(150, 6), point(400, 7)]);
    expect(tail.floor(99n)).toBeUndefined();
    expect(tail.floor(100n)).toEqual(point(100, 5));
    expect(tail.floor(399n)).toEqual(point(150, 6));
    expect(tail.floor(1n << 63n)).toEqual(point(400, 7));
  });

  it('forgets committed points but keeps the greatest of them, and never forgets points above the commit', () => {
    const tail = new OffsetTail([point(10, 1), point(20, 2), point(30, 3), point(40, 4)]);
    tail.dropThrough(3 as LogIndex);
    expect(tail.all()).toEqual([point(30, 3), point(40, 4)]);
    tail.dropThrough(9 as LogIndex);
    expect(tail.all()).toEqual([point(40, 4)]);
  });

  it('refuses a point that does not follow the last one in both offset and index', () => {
    const tail = new OffsetTail([point(10, 1)]);
    expect(() => tail.add([point(10, 2)])).toThrow(AssertionError);
    expect(() => tail.add([point(11, 1)])).toThrow(AssertionError);
    expect(tail.truncateFrom(1 as LogIndex)).toEqual([point(10, 1)]);
  });

  it('tells why points replacing the log from an index would not follow the points kept below it, before anything changes', () => {
    const tail = new OffsetTail([point(10, 1), point(20, 3), point(30, 5)]);
    expect(tail.whyNotFollowing(6 as LogIndex, [point(40, 6), point(50, 7)])).toBeUndefined();
    // Replacing from index 4: the point of 5 goes, so 25 follows 20.
    expect(tail.whyNotFollowing(4 as LogIndex, [point(25, 4)])).toBeUndefined();
    expect(tail.whyNotFollowing(6 as LogIndex, [point(30, 6)])).toBe('offset point (30 → 6) does not follow (30 → 5)');
    expect(tail.whyNotFollowing(6 as LogIndex, [point(40, 6), point(40, 7)])).toBe('offset point (40 → 7) does not follow (40 → 6)');
    expect(tail.all()).toEqual([point(10, 1), point(20, 3), point(30, 5)]);
  });
});
