/**
 * The state machine of one partition's Raft group. The group's log is the
 * partition's message log: each entry holds one or more record batches whose
 * offsets the leader stamped before proposing. Applying an entry only reads
 * batch headers; records are never decoded here.
 *
 * Applied state is the same on every replica: the high watermark (the offset
 * after the last applied batch — consumers never see beyond it), the log
 * start, idempotent-producer state, and a segment summary for retention.
 * It is a function of the log alone: no clock is read here. Time, for
 * retention, is the log's own: the newest timestamp it holds, every one of
 * which the leader checked against (or took from) its clock before
 * proposing. The same clock expires idempotent producers silent for longer
 * than producer.id.expiration.ms (ProducerTable), so every replica forgets
 * a producer at the same entry.
 *
 * An entry whose batches do not follow the log (malformed, or offsets that
 * do not continue from the high watermark) fails the partition: it stops
 * with CORRUPT_STORAGE and the host stops its group, while the node and its
 * other partitions go on.
 */
import { CairnError } from '../protocol/errors.js';
import type { Clock } from '../host/clock.js';
import { realClock } from '../host/clock.js';
import { StateMachineFailure } from '../host/state-machine.js';
import type { ApplyContext, GroupStateMachine } from '../host/state-machine.js';
import type { TopicConfig } from '../metadata/index.js';
import type { Entry, LogIndex, Snapshot, SoftState, Term } from '../raft/index.js';
import { EntryType, Role } from '../raft/index.js';
import { CorruptBatchError, splitBatches } from '../records/index.js';
import type { BatchView } from '../records/index.js';
import type { OffsetPoint } from '../storage/types.js';
import { decodeLogStartEntry } from './log-start-entry.js';
import { ProducerTable } from './producer-table.js';
import { SegmentIndex } from './segment-index.js';
import type { SegmentBounds } from './segment-index.js';

export interface PartitionStmOptions {
  readonly config: () => TopicConfig;
  /** Times waitForChange(); the real clock unless a simulation runs the partition. */
  readonly clock?: Clock;
  /** Where segments close: the defaults, unless a simulation wants retention to act within the few entries it writes. */
  readonly segmentBounds?: SegmentBounds;
}

/** Entries that carry record batches: normal, non-empty (no-ops and membership changes carry none), and not a log-start entry. */
export function isDataEntry(entry: Entry): boolean {
  return entry.type === EntryType.Normal && entry.data.byteLength > 0 && decodeLogStartEntry(entry.data) === undefined;
}

/** The offset a log-start entry (DeleteRecords) moves the log start to; undefined for every other entry. */
function logStartOf(entry: Entry): bigint | undefined {
  return entry.type === EntryType.Normal ? decodeLogStartEntry(entry.data) : undefined;
}

export class PartitionStm implements GroupStateMachine {
  appliedIndex = 0 as LogIndex;
  /** The offset the next record gets; also the high watermark, since only committed entries are applied. */
  highWatermark = 0n;
  logStartOffset = 0n;
  producers = new ProducerTable();
  readonly segments: SegmentIndex;
  /** The log's clock: the newest batch timestamp applied (ms), which retention measures age against. */
  newestTimestampMs = 0;
  /**
   * The last entry the restored snapshot's state already reflects: a
   * snapshot is cut at a segment's end but holds the state applied up to
   * here, so the batches of entries up to it are not recorded again in the
   * producer table (recorded again at the snapshot's later clock, a producer
   * expired since would come back, and outlive its window on this replica).
   */
  private stateIndex = 0 as LogIndex;
  /** Set once an entry broke the log's invariants: the partition serves nothing from then on. */
  failure: CairnError | undefined;
  /** The term this node leads in, once every entry before its term is applied; undefined otherwise. */
  readyTerm: Term | undefined;
  /** Readers waiting in waitForChange(); the set exists only while there are any (a node holds thousands of partitions). */
  private waiters: Set<() => void> | undefined;

  constructor(private readonly options: PartitionStmOptions) {
    this.segments = new SegmentIndex(options.segmentBounds);
  }

  restore(snapshot: Snapshot): void {
    const state = JSON.parse(new TextDecoder().decode(snapshot.data)) as {
      logStartOffset: string;
      producers: unknown;
      newestTimestampMs?: number;
      stateIndex?: number;
      indexTimestampMs?: number;
      indexEndOffset?: string;
    };
    this.appliedIndex = snapshot.metadata.index;
    // Snapshots written before producers expired lack it; record() skips the batches they already hold.
    this.stateIndex = (state.stateIndex ?? snapshot.metadata.index) as LogIndex;
    this.logStartOffset = BigInt(state.logStartOffset);
    // The log's clock at the snapshot's index, not at the state's: the entries replayed up to the state move it
    // on as they did on the replicas that applied them, so their segments get the same times. Snapshots written
    // before the log kept its clock lack both; the entries after them move it on.
    const stateTimestampMs = state.newestTimestampMs ?? 0;
    this.newestTimestampMs = state.indexTimestampMs ?? stateTimestampMs;
    // The log continues after the snapshot's index at the end of its last segment; the log start may be past it
    // (records deleted within a later segment). Snapshots written before records could be deleted lack it: the two were one.
    this.highWatermark = BigInt(state.indexEndOffset ?? state.logStartOffset);
    this.producers = ProducerTable.fromJSON(state.producers, stateTimestampMs);
    this.segments.clear();
    this.wakeWaiters();
  }

  apply(entries: readonly Entry[], context: ApplyContext): void {
    for (const entry of entries) {
      this.appliedIndex = entry.index;
      const logStart = logStartOf(entry);
      if (logStart !== undefined) this.advanceLogStart(logStart);
      else if (isDataEntry(entry)) this.applyBatches(entry, entry.index > this.stateIndex);
      // A leader's first entry of its term is its no-op: once it is applied, so is everything before it,
      // and the leader knows the offset the next record gets.
      if (context.isLeader && entry.term === context.term) this.readyTerm = context.term;
    }
    this.wakeWaiters();
  }

  /**
   * A log-start entry: reads below `offset` are refused from here on, and
   * the next compaction drops the segments wholly below it, as retention
   * does. The leader proposed it at most at its high watermark, which only
   * grows, so the bound never binds; it only keeps the log start within
   * the log whatever an entry says. Never moves the start back.
   */
  private advanceLogStart(offset: bigint): void {
    const bounded = offset < this.highWatermark ? offset : this.highWatermark;
    if (bounded > this.logStartOffset) this.logStartOffset = bounded;
  }

  /** `producerState`: whether the entry's batches still have to be applied to the producer table. */
  private applyBatches(entry: Entry, producerState: boolean): void {
    let baseOffset: bigint | undefined;
    // An entry's time is the log's once it is applied: never older than what came before it. So a segment of
    // replayed old records ages from when the log reached it, and the first segment whose time reaches a target
    // is the one holding the first record at or after it.
    let maxTimestampMs = this.newestTimestampMs;
    for (const { header } of this.batchesOf(entry)) {
      // A batch with no offsets (an empty batch, refused since but possibly in an older log) changes nothing.
      if (header.recordsCount === 0) continue;
      if (header.baseOffset !== this.highWatermark || header.lastOffsetDelta < 0) {
        this.fail(`entry ${entry.index} holds a batch at offset ${header.baseOffset} (+${header.lastOffsetDelta}); the log continues at ${this.highWatermark}`);
      }
      const lastOffset = header.baseOffset + BigInt(header.lastOffsetDelta);
      baseOffset ??= header.baseOffset;
      // Every batch proposed now carries a timestamp; one without (-1, from an older log) is as old as the log.
      if (header.maxTimestamp >= 0n) maxTimestampMs = Math.max(maxTimestampMs, Number(header.maxTimestamp));
      if (producerState) {
        if (header.producerId >= 0n) {
          const batch = { firstSeq: header.baseSequence, lastSeq: header.baseSequence + header.lastOffsetDelta, baseOffset: header.baseOffset, lastOffset };
          this.producers.record(header.producerId, header.producerEpoch, batch, maxTimestampMs);
        }
        // After the batch is recorded: its own producer, seen just now, stays. The leader's view does the same (PartitionFrontend).
        this.producers.expireBefore(maxTimestampMs - this.producerIdExpirationMs);
      }
      this.highWatermark = lastOffset + 1n;
    }
    this.newestTimestampMs = maxTimestampMs;
    if (baseOffset !== undefined) this.segments.add(entry.index, baseOffset, this.highWatermark, entry.data.byteLength, maxTimestampMs);
  }

  /** The entry's batches; a malformed entry fails the partition. */
  private batchesOf(entry: Entry): BatchView[] {
    try {
      return splitBatches(entry.data);
    } catch (error) {
      if (!(error instanceof CorruptBatchError)) throw error;
      return this.fail(`entry ${entry.index}: ${error.message}`);
    }
  }

  /** The topic's producer.id.expiration.ms. */
  get producerIdExpirationMs(): number {
    return this.options.config().producerIdExpirationMs;
  }

  private fail(detail: string): never {
    this.failure ??= new CairnError('CORRUPT_STORAGE', `the partition's log breaks its invariants and the partition is stopped: ${detail}`);
    this.readyTerm = undefined;
    this.wakeWaiters();
    throw new StateMachineFailure(detail);
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
        timer.cancel();
        this.waiters?.delete(done);
        if (this.waiters?.size === 0) this.waiters = undefined;
        resolve();
      };
      const timer = (this.options.clock ?? realClock).after(timeoutMs, done);
      (this.waiters ??= new Set()).add(done);
    });
  }

  private wakeWaiters(): void {
    if (this.waiters !== undefined) for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * The offset index points of entries about to be persisted: each data
   * entry starts at its first batch holding offsets. Entries whose batches
   * are malformed, or whose offsets do not ascend, fail the partition before
   * they are written.
   */
  offsetPoints(entries: readonly Entry[]): OffsetPoint[] {
    const points: OffsetPoint[] = [];
    let next: bigint | undefined;
    for (const entry of entries) {
      if (!isDataEntry(entry)) continue;
      let first: bigint | undefined;
      for (const { header } of this.batchesOf(entry)) {
        if (header.recordsCount === 0) continue;
        if (header.lastOffsetDelta < 0 || (next !== undefined && header.baseOffset !== next)) {
          this.fail(`stored entry ${entry.index} holds a batch at offset ${header.baseOffset} (+${header.lastOffsetDelta}) where ${next} was due`);
        }
        first ??= header.baseOffset;
        next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      }
      if (first !== undefined) points.push({ baseOffset: first as OffsetPoint['baseOffset'], index: entry.index });
    }
    return points;
  }

  /**
   * Retention: drop whole segments from the start once older than the log's
   * newest timestamp by retentionMs, or beyond the byte bound, or wholly
   * below the log start (records deleted through a log-start entry).
   */
  compaction(): { index: LogIndex; data: Uint8Array } | undefined {
    if (this.failure !== undefined) return undefined;
    const { retentionMs, retentionBytes } = this.options.config();
    const expired = this.segments.expire(this.newestTimestampMs, retentionMs, retentionBytes, this.logStartOffset);
    if (expired === undefined) return undefined;
    if (expired.endOffset > this.logStartOffset) this.logStartOffset = expired.endOffset;
    const state = {
      logStartOffset: this.logStartOffset.toString(),
      producers: this.producers,
      newestTimestampMs: this.newestTimestampMs,
      // A replica still replaying what its own restored snapshot held holds state as of that snapshot.
      stateIndex: Math.max(this.appliedIndex, this.stateIndex),
      // The log's clock at the snapshot's index (the time of the segment that ends there), where a restored replica's replay starts.
      indexTimestampMs: expired.maxTimestampMs,
      // Where the log continues after the snapshot's index: a restored replica's high watermark before it replays.
      indexEndOffset: expired.endOffset.toString(),
    };
    return { index: expired.lastIndex, data: new TextEncoder().encode(JSON.stringify(state)) };
  }
}
