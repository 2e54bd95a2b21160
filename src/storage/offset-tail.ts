/**
 * The recent end of a group's offset index, in memory. It holds every point
 * whose entry is above the persisted commit — the only points a truncation can
 * remove, so their keys are known without reading — plus the greatest point
 * at or below the commit (or the compaction index), which keeps offsets
 * checked for order and answers floor lookups for recent offsets. Older points
 * are only on disk, found by a reverse seek.
 */
import { assert } from '../raft/assert.js';
import type { LogIndex } from '../raft/types.js';
import type { OffsetPoint } from './types.js';

export class OffsetTail {
  /** Ascending in both baseOffset and index: a suffix of the stored points. */
  private points: OffsetPoint[];

  constructor(points: readonly OffsetPoint[]) {
    this.points = points.slice();
  }

  all(): readonly OffsetPoint[] {
    return this.points;
  }

  /**
   * Why `points`, the points of entries replacing the log from `fromIndex`
   * on, would not follow the points kept below it, or undefined when they
   * follow (both offset and index strictly ascending). The writer asks
   * before changing anything, so a bad entry is refused rather than tripping
   * add()'s assertion halfway through a write.
   */
  whyNotFollowing(fromIndex: LogIndex, points: readonly OffsetPoint[]): string | undefined {
    let last = this.points.findLast((point) => point.index < fromIndex);
    for (const point of points) {
      if (last !== undefined && !(point.baseOffset > last.baseOffset && point.index > last.index)) {
        return `offset point (${point.baseOffset} → ${point.index}) does not follow (${last.baseOffset} → ${last.index})`;
      }
      last = point;
    }
    return undefined;
  }

  /**
   * Adds the points of a write, in order. One new array of the exact size
   * per write (concat), not push's spare slots: the points of an idle
   * partition's last write may stay for good.
   */
  add(points: readonly OffsetPoint[]): void {
    let last = this.points.at(-1);
    for (const point of points) {
      assert(
        last === undefined || (point.baseOffset > last.baseOffset && point.index > last.index),
        `offset point (${point.baseOffset} → ${point.index}) does not follow (${last?.baseOffset} → ${last?.index})`,
      );
      last = point;
    }
    if (points.length > 0) this.points = this.points.concat(points);
  }

  /** Removes and returns the points of entries at or after `index` (a truncated suffix). */
  truncateFrom(index: LogIndex): OffsetPoint[] {
    const from = this.points.findIndex((point) => point.index >= index);
    return from === -1 ? [] : this.points.splice(from);
  }

  /**
   * Forgets the points of entries at or below `index`, except the greatest
   * of them (slice: an array of their exact size).
   */
  dropThrough(index: LogIndex): void {
    let greatest = -1;
    while (greatest + 1 < this.points.length && this.points[greatest + 1]!.index <= index) greatest++;
    if (greatest > 0) this.points = this.points.slice(greatest);
  }

  /**
   * The greatest point with baseOffset ≤ offset when the answer is in memory;
   * undefined when it lies below the first point held (look on disk).
   */
  floor(offset: bigint): OffsetPoint | undefined {
    let lo = 0;
    let hi = this.points.length; // invariant: points[< lo] ≤ offset < points[≥ hi]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid]!.baseOffset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return this.points[lo - 1];
  }
}
