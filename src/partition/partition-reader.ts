/**
 * Reads a partition by offset: the offset index finds the entry holding the
 * offset in O(log n), then whole batches are returned exactly as stored, up
 * to the high watermark. Nothing is decoded or re-encoded.
 */
import { CairnError } from '../protocol/errors.js';
import type { LogIndex } from '../raft/index.js';
import { COMPACTED } from '../raft/index.js';
import type { Entry } from '../raft/index.js';
import { splitBatches } from '../records/index.js';
import type { GroupId, OffsetPoint } from '../storage/types.js';
import { isDataEntry, type PartitionStm } from './partition-stm.js';

export interface LogReader {
  indexForOffset(group: GroupId, offset: bigint): Promise<OffsetPoint | null>;
  readEntries(group: GroupId, fromIndex: LogIndex, bytesMax: number, endIndex?: LogIndex): Promise<readonly Entry[] | typeof COMPACTED>;
}

export interface ReadResult {
  /** Concatenated whole batches; the first may start before the requested offset. */
  readonly records: Uint8Array;
  readonly highWatermark: bigint;
  readonly logStartOffset: bigint;
  /** The offset after the last record returned (the requested offset when nothing was returned). */
  readonly nextOffset: bigint;
}

export class PartitionReader {
  constructor(
    private readonly log: LogReader,
    private readonly group: GroupId,
    private readonly stm: PartitionStm,
  ) {}

  /**
   * Whole batches from `offset` on, at most `bytesMax` bytes, except that the
   * first batch is returned whole when it alone exceeds `bytesMax`, so a
   * reader always progresses — unless it exceeds `firstBatchBytesMax` too (a
   * budget that is already partly spent elsewhere), and nothing is returned.
   */
  async read(offset: bigint, bytesMax: number, firstBatchBytesMax = Number.POSITIVE_INFINITY): Promise<ReadResult> {
    const { highWatermark, logStartOffset } = this.stm;
    if (offset < logStartOffset || offset > highWatermark) throw outOfRange(offset, logStartOffset, highWatermark);
    const empty = { records: new Uint8Array(0), highWatermark, logStartOffset, nextOffset: offset };
    if (offset === highWatermark) return empty;
    const point = await this.log.indexForOffset(this.group, offset);
    if (point === null) throw outOfRange(offset, this.stm.logStartOffset, this.stm.highWatermark);
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    let nextOffset = offset;
    let from = point.index;
    const end = (this.stm.appliedIndex + 1) as LogIndex;
    while (from < end && bytes < bytesMax) {
      const entries = await this.log.readEntries(this.group, from, Math.max(bytesMax - bytes, 1), end);
      // Retention removed the start while we read: the offset is gone.
      if (entries === COMPACTED) throw outOfRange(offset, this.stm.logStartOffset, this.stm.highWatermark);
      if (entries.length === 0) break;
      for (const entry of entries) {
        if (!isDataEntry(entry)) continue;
        for (const batch of splitBatches(entry.data)) {
          const lastOffset = batch.header.baseOffset + BigInt(batch.header.lastOffsetDelta);
          if (lastOffset < nextOffset || batch.header.baseOffset >= highWatermark) continue;
          const fits = bytes + batch.bytes.byteLength <= bytesMax;
          if (!fits && (chunks.length > 0 || batch.bytes.byteLength > firstBatchBytesMax)) return done();
          chunks.push(batch.bytes);
          bytes += batch.bytes.byteLength;
          nextOffset = lastOffset + 1n;
        }
      }
      from = (entries[entries.length - 1]!.index + 1) as LogIndex;
    }
    return done();

    function done(): ReadResult {
      if (chunks.length === 1) return { records: chunks[0]!, highWatermark, logStartOffset, nextOffset };
      return { records: Buffer.concat(chunks), highWatermark, logStartOffset, nextOffset };
    }
  }
}

export function outOfRange(offset: bigint, logStartOffset: bigint, highWatermark: bigint): CairnError {
  return new CairnError('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside [${logStartOffset}, ${highWatermark}]`, {
    details: { logStartOffset: logStartOffset.toString(), highWatermark: highWatermark.toString() },
  });
}
