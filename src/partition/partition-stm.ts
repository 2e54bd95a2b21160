/**
 * The state machine of one partition's Raft group. The group's log is the
 * partition's message log: each entry holds one or more record batches whose
 * offsets the leader stamped before proposing. Applying an entry only reads
 * batch headers; records are never decoded here.
 *
 * Applied state is the same on every replica: the high watermark (the offset
 * after the last applied batch — consumers never see beyond it), the log
 * start, idempotent-producer state, and a segment summary for retention.
 */
import type { ApplyContext, GroupStateMachine } from '../host/state-machine.js';
import type { TopicConfig } from '../metadata/index.js';
import type { Entry, LogIndex, Snapshot, SoftState, Term } from '../raft/index.js';
import { EntryType, Role } from '../raft/index.js';
import { readBatchHeader, splitBatches } from '../records/index.js';
import type { OffsetPoint } from '../storage/types.js';
import { ProducerTable } from './producer-table.js';
import { SegmentIndex } from './segment-index.js';

export interface PartitionStmOptions {
  readonly config: () => TopicConfig;
  readonly nowMs: () => number;
}

/** Entries that carry record batches: normal, non-empty (no-ops and membership changes carry none). */
export function isDataEntry(entry: Entry): boolean {
  return entry.type === EntryType.Normal && entry.data.byteLength > 0;
}

export class PartitionStm implements GroupStateMachine {
  appliedIndex = 0 as LogIndex;
  /** The offset the next record gets; also the high watermark, since only committed entries are applied. */
  highWatermark = 0n;
  logStartOffset = 0n;
  producers = new ProducerTable();
  readonly segments = new SegmentIndex();
  /** The term this node leads in, once every entry before its term is applied; undefined otherwise. */
  readyTerm: Term | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: PartitionStmOptions) {}

  restore(snapshot: Snapshot): void {
    const state = JSON.parse(new TextDecoder().decode(snapshot.data)) as { logStartOffset: string; producers: unknown };
    this.appliedIndex = snapshot.metadata.index;
    this.logStartOffset = BigInt(state.logStartOffset);
    this.highWatermark = this.logStartOffset;
    this.producers = ProducerTable.fromJSON(state.producers);
    this.segments.clear();
    this.wakeWaiters();
  }

  apply(entries: readonly Entry[], context: ApplyContext): void {
    for (const entry of entries) {
      this.appliedIndex = entry.index;
      if (isDataEntry(entry)) this.applyBatches(entry);
      // A leader's first entry of its term is its no-op: once it is applied, so is everything before it,
      // and the leader knows the offset the next record gets.
      if (context.isLeader && entry.term === context.term) this.readyTerm = context.term;
    }
    this.wakeWaiters();
  }

  private applyBatches(entry: Entry): void {
    let baseOffset: bigint | undefined;
    let maxTimestampMs = 0;
    for (const { header } of splitBatches(entry.data)) {
      const lastOffset = header.baseOffset + BigInt(header.lastOffsetDelta);
      baseOffset ??= header.baseOffset;
      // Batches without timestamps (-1) age from when they were applied here.
      const timestampMs = header.maxTimestamp >= 0n ? Number(header.maxTimestamp) : this.options.nowMs();
      maxTimestampMs = Math.max(maxTimestampMs, timestampMs);
      if (header.producerId >= 0n) {
        this.producers.record(header.producerId, header.producerEpoch, {
          firstSeq: header.baseSequence,
          lastSeq: header.baseSequence + header.lastOffsetDelta,
          baseOffset: header.baseOffset,
          lastOffset,
        });
      }
      this.highWatermark = lastOffset + 1n;
    }
    if (baseOffset !== undefined) this.segments.add(entry.index, baseOffset, this.highWatermark, entry.data.byteLength, maxTimestampMs);
  }

  onSoftState(soft: SoftState, term: Term): void {
    // Called after the Ready's entries are applied: a leader whose no-op was among them stays ready.
    if (soft.role !== Role.Leader || this.readyTerm !== term) this.readyTerm = undefined;
    this.wakeWaiters();
  }

  /** Resolves when entries are applied (the high watermark may have moved), the state is replaced, or the role or leader changes; or after timeoutMs. */
  waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The offset index points of entries about to be persisted: each data entry starts at its first batch's offset. */
  offsetPoints(entries: readonly Entry[]): OffsetPoint[] {
    const points: OffsetPoint[] = [];
    for (const entry of entries) {
      // Only the first batch's offset matters; the entry's bytes were validated when proposed.
      if (isDataEntry(entry)) points.push({ baseOffset: readBatchHeader(entry.data).baseOffset as OffsetPoint['baseOffset'], index: entry.index });
    }
    return points;
  }

  /** Retention: drop whole segments from the start once too old or beyond the byte bound. */
  compaction(): { index: LogIndex; data: Uint8Array } | undefined {
    const { retentionMs, retentionBytes } = this.options.config();
    const expired = this.segments.expire(this.options.nowMs(), retentionMs, retentionBytes);
    if (expired === undefined) return undefined;
    this.logStartOffset = expired.endOffset;
    const state = { logStartOffset: this.logStartOffset.toString(), producers: this.producers };
    return { index: expired.lastIndex, data: new TextEncoder().encode(JSON.stringify(state)) };
  }
}
