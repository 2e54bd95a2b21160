import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/index.js';
import { SEGMENT_BYTES_MAX, SEGMENT_ENTRIES_MAX, SegmentIndex } from '../../../src/partition/segment-index.js';

/** Entries of 10 offsets each, at indexes 1, 2, …: entry n holds offsets [10(n-1), 10n). */
function indexOf(entries: readonly { bytes: number; timestampMs: number }[]): SegmentIndex {
  const segments = new SegmentIndex();
  entries.forEach(({ bytes, timestampMs }, i) => segments.add((i + 1) as LogIndex, BigInt(i) * 10n, BigInt(i + 1) * 10n, bytes, timestampMs));
  return segments;
}

/** One full segment per timestamp: each entry alone reaches SEGMENT_BYTES_MAX. The last one is the open segment. */
const fullSegments = (...timestampsMs: number[]) => indexOf(timestampsMs.map((timestampMs) => ({ bytes: SEGMENT_BYTES_MAX, timestampMs })));

describe('SegmentIndex rolling', () => {
  it(`closes a segment once it holds ${SEGMENT_ENTRIES_MAX} entries`, () => {
    const entries = Array.from({ length: SEGMENT_ENTRIES_MAX + 1 }, (_, i) => ({ bytes: 1, timestampMs: i < SEGMENT_ENTRIES_MAX ? 1000 : 2000 }));
    const segments = indexOf(entries);
    expect(segments.firstAtOrAfter(0)).toEqual({
      firstIndex: 1,
      lastIndex: SEGMENT_ENTRIES_MAX,
      baseOffset: 0n,
      endOffset: BigInt(SEGMENT_ENTRIES_MAX) * 10n,
      bytes: SEGMENT_ENTRIES_MAX,
      entries: SEGMENT_ENTRIES_MAX,
      maxTimestampMs: 1000,
    });
    expect(segments.firstAtOrAfter(1001)).toMatchObject({ firstIndex: SEGMENT_ENTRIES_MAX + 1, lastIndex: SEGMENT_ENTRIES_MAX + 1, entries: 1 });
  });

  it('closes a segment once it reaches SEGMENT_BYTES_MAX, the entry that crosses it included', () => {
    const segments = indexOf([
      { bytes: SEGMENT_BYTES_MAX / 2, timestampMs: 1 },
      { bytes: SEGMENT_BYTES_MAX / 2 - 1, timestampMs: 3 },
      { bytes: 2, timestampMs: 2 },
      { bytes: 1, timestampMs: 4 },
    ]);
    expect(segments.firstAtOrAfter(0)).toEqual({
      firstIndex: 1,
      lastIndex: 3,
      baseOffset: 0n,
      endOffset: 30n,
      bytes: SEGMENT_BYTES_MAX + 1,
      entries: 3,
      maxTimestampMs: 3,
    });
    expect(segments.firstAtOrAfter(4)).toMatchObject({ firstIndex: 4, bytes: 1 });
    expect(segments.bytes()).toBe(SEGMENT_BYTES_MAX + 2);
  });

  it('closes segments at the bounds it is given instead of the defaults, whichever bound is reached first', () => {
    const segments = new SegmentIndex({ bytesMax: 100, entriesMax: 3 });
    const sizes = [10, 10, 10, 120, 5];
    sizes.forEach((bytes, i) => segments.add((i + 1) as LogIndex, BigInt(i), BigInt(i + 1), bytes, i));
    // Three entries close the first segment, 120 bytes the second; the fifth entry opens the third.
    expect(segments.firstAtOrAfter(0)).toMatchObject({ firstIndex: 1, lastIndex: 3, entries: 3, bytes: 30 });
    expect(segments.firstAtOrAfter(3)).toMatchObject({ firstIndex: 4, lastIndex: 4, entries: 1, bytes: 120 });
    expect(segments.firstAtOrAfter(4)).toMatchObject({ firstIndex: 5, lastIndex: 5, entries: 1, bytes: 5 });
  });
});

describe('SegmentIndex.expire', () => {
  it('removes segments older than retentionMs from the start and returns the last one removed', () => {
    const segments = fullSegments(100, 200, 300, 400);
    // 1000 - 200 = 800 is not older than 800.
    expect(segments.expire(1000, 800, -1)).toMatchObject({ firstIndex: 1, endOffset: 10n });
    expect(segments.bytes()).toBe(3 * SEGMENT_BYTES_MAX);
    expect(segments.expire(1000, 800, -1)).toBeUndefined();
    expect(segments.expire(1001, 800, -1)).toMatchObject({ firstIndex: 2, endOffset: 20n });
  });

  it('stops at the first segment it keeps, though a later one is older', () => {
    const segments = fullSegments(900, 100, 1000);
    expect(segments.expire(1000, 500, -1)).toBeUndefined();
    expect(segments.bytes()).toBe(3 * SEGMENT_BYTES_MAX);
  });

  it('never removes the open segment, however old', () => {
    const single = fullSegments(0);
    expect(single.expire(1e12, 0, 0)).toBeUndefined();
    expect(single.bytes()).toBe(SEGMENT_BYTES_MAX);

    const two = fullSegments(0, 0);
    expect(two.expire(1e12, 0, 0)).toMatchObject({ firstIndex: 1 });
    expect(two.firstAtOrAfter(0)).toMatchObject({ firstIndex: 2 });
  });

  it('removes segments while the rest still holds at least retentionBytes', () => {
    const segments = fullSegments(0, 0, 0, 0);
    expect(segments.expire(0, -1, 2 * SEGMENT_BYTES_MAX)).toMatchObject({ firstIndex: 2, endOffset: 20n });
    expect(segments.bytes()).toBe(2 * SEGMENT_BYTES_MAX);
    expect(segments.expire(0, -1, 2 * SEGMENT_BYTES_MAX - 1)).toBeUndefined();
  });

  it('removes a segment that either bound condemns', () => {
    // Age condemns the first two, bytes only the first.
    expect(fullSegments(0, 0, 5000, 5000).expire(6000, 1000, 3 * SEGMENT_BYTES_MAX)).toMatchObject({ firstIndex: 2 });
    // Age condemns the first, bytes the first two.
    expect(fullSegments(0, 5000, 5000, 5000).expire(6000, 1000, 2 * SEGMENT_BYTES_MAX)).toMatchObject({ firstIndex: 2 });
  });

  it('keeps everything when both bounds are -1', () => {
    const segments = fullSegments(0, 0, 0);
    expect(segments.expire(1e12, -1, -1)).toBeUndefined();
    expect(segments.bytes()).toBe(3 * SEGMENT_BYTES_MAX);
  });
});

describe('SegmentIndex.firstAtOrAfter', () => {
  it('finds the first segment whose newest record is at or after the time', () => {
    const segments = fullSegments(100, 300, 200);
    expect(segments.firstAtOrAfter(100)).toMatchObject({ firstIndex: 1 });
    expect(segments.firstAtOrAfter(101)).toMatchObject({ firstIndex: 2 });
    expect(segments.firstAtOrAfter(300)).toMatchObject({ firstIndex: 2 });
    expect(segments.firstAtOrAfter(301)).toBeUndefined();
  });

  it('finds nothing once cleared', () => {
    const segments = fullSegments(100, 200);
    segments.clear();
    expect(segments.firstAtOrAfter(0)).toBeUndefined();
    expect(segments.bytes()).toBe(0);
  });
});
