/**
 * The applied part of a partition's log, summarised in segments: runs of
 * consecutive Raft entries with their offsets, size and newest timestamp.
 * Retention deletes whole segments from the start (never the open one), and
 * lookups by time start from the first segment that can hold the answer.
 * Kept in memory and rebuilt from the log on restart.
 */
import type { LogIndex } from '../raft/index.js';

/** A segment closes when it reaches either bound; retention works at this granularity. */
export const SEGMENT_BYTES_MAX = 1024 * 1024;
export const SEGMENT_ENTRIES_MAX = 1024;

/** Where segments close. Every replica of a partition must use the same bounds, or their logs would start at different offsets. */
export interface SegmentBounds {
  readonly bytesMax: number;
  readonly entriesMax: number;
}

export const DEFAULT_SEGMENT_BOUNDS: SegmentBounds = { bytesMax: SEGMENT_BYTES_MAX, entriesMax: SEGMENT_ENTRIES_MAX };

export interface Segment {
  readonly firstIndex: LogIndex;
  lastIndex: LogIndex;
  readonly baseOffset: bigint;
  /** One past the last offset in the segment. */
  endOffset: bigint;
  bytes: number;
  entries: number;
  /** The log's time (its newest timestamp so far) at the segment's last entry. */
  maxTimestampMs: number;
}

/** Segments up to which the index is copied on each new one rather than grown by push. */
const FEW_SEGMENTS = 16;

export class SegmentIndex {
  private segments: Segment[] = [];

  constructor(private readonly bounds: SegmentBounds = DEFAULT_SEGMENT_BOUNDS) {}

  /** Adds an applied entry holding offsets [baseOffset, endOffset). */
  add(index: LogIndex, baseOffset: bigint, endOffset: bigint, bytes: number, maxTimestampMs: number): void {
    const open = this.segments[this.segments.length - 1];
    if (open === undefined || open.bytes >= this.bounds.bytesMax || open.entries >= this.bounds.entriesMax) {
      const segment = { firstIndex: index, lastIndex: index, baseOffset, endOffset, bytes, entries: 1, maxTimestampMs };
      // A few segments (most partitions' lot) live in an array of their exact size: push leaves spare slots in every partition.
      if (this.segments.length < FEW_SEGMENTS) this.segments = this.segments.concat(segment);
      else this.segments.push(segment);
      return;
    }
    open.lastIndex = index;
    open.endOffset = endOffset;
    open.bytes += bytes;
    open.entries++;
    open.maxTimestampMs = Math.max(open.maxTimestampMs, maxTimestampMs);
  }

  bytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /**
   * The closed segments retention removes from the start: those entirely
   * older than retentionMs, and those whose removal keeps the log above
   * retentionBytes, and those wholly below `logStartOffset` (records
   * deleted). -1 disables a bound. Returns the last removed segment.
   * `nowMs` is the log's time (its newest timestamp), never a clock: every
   * replica must remove the same segments.
   */
  expire(nowMs: number, retentionMs: number, retentionBytes: number, logStartOffset = 0n): Segment | undefined {
    let total = this.bytes();
    let removed: Segment | undefined;
    // The open segment (the last) stays, so the log never loses its end.
    while (this.segments.length > 1) {
      const first = this.segments[0]!;
      const tooOld = retentionMs >= 0 && nowMs - first.maxTimestampMs > retentionMs;
      const tooBig = retentionBytes >= 0 && total - first.bytes >= retentionBytes;
      const deleted = first.endOffset <= logStartOffset;
      if (!tooOld && !tooBig && !deleted) break;
      this.segments.shift();
      total -= first.bytes;
      removed = first;
    }
    return removed;
  }

  /** The first segment whose newest record is at or after timestampMs. */
  firstAtOrAfter(timestampMs: number): Segment | undefined {
    return this.segments.find((s) => s.maxTimestampMs >= timestampMs);
  }

  clear(): void {
    this.segments = [];
  }
}
