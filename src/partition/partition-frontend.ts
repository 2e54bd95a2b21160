/**
 * The produce path on a partition's leader. Each batch is checked for its
 * meaning as well as its form (checkProducedBatch: records inside agree with
 * the header, timestamps within the topic's window of the leader's clock,
 * nothing transactional), then its producer fields against the ids the
 * cluster allocated and the idempotent-producer state; it is given its
 * offsets, stamped (and, if it carries no timestamp, given the leader's
 * time), and queued; everything queued in one event-loop turn goes into one
 * Raft entry. Nothing a client sends can make an entry whose offsets do not
 * follow the log's. A batch is answered once its entry is committed (on a
 * quorum's disks, or in their memory with write caching) and applied here.
 */
import { CairnError } from '../protocol/errors.js';
import type { Clock } from '../host/clock.js';
import { realClock } from '../host/clock.js';
import { mutants } from '../host/mutants.js';
import type { RaftGroup } from '../host/raft-group.js';
import { ProposalError } from '../host/state-machine.js';
import { Role } from '../raft/index.js';
import type { Term } from '../raft/index.js';
import { CorruptBatchError, DECOMPRESSED_BYTES_MAX_DEFAULT, checkProducedBatch, stampBatch, stampLogAppendTime } from '../records/index.js';
import type { BatchHeader, ProducedBatch } from '../records/index.js';
import { encodeLogStartEntry } from './log-start-entry.js';
import { outOfRange } from './partition-reader.js';
import type { PartitionStm } from './partition-stm.js';
import type { ProducerTable } from './producer-table.js';

/** Most bytes coalesced into one Raft entry; more queued in a turn makes more entries. */
export const ENTRY_BYTES_MAX = 4 * 1024 * 1024;

/**
 * Largest records section a produced batch may decompress to: what a
 * consumer decodes by default, so nothing is stored that consumers could not
 * read.
 */
export const PRODUCED_RECORDS_BYTES_MAX = DECOMPRESSED_BYTES_MAX_DEFAULT;

/**
 * How many times its own size a produced batch may decompress to, beyond the
 * topic's batch limit. Checking a batch means decompressing it on the event
 * loop (60 MiB takes 60–340 ms by codec), so a 2 KB zstd frame must not buy
 * that: the work a batch costs is bounded by the bytes it brings.
 */
export const PRODUCED_EXPANSION_MAX = 64;

/** The decompressed bound of a produced batch of `wireBytes`: PRODUCED_EXPANSION_MAX of it, at least the topic's limit. */
export function producedRecordsBytesMax(wireBytes: number, batchBytesMax: number): number {
  return Math.min(PRODUCED_RECORDS_BYTES_MAX, Math.max(batchBytesMax, PRODUCED_EXPANSION_MAX * wireBytes));
}

/** The greatest offset a log can hold (int64). */
const OFFSET_MAX = 2n ** 63n - 1n;

/**
 * Bytes a partition's leader holds proposed or queued but not yet committed
 * (etcd's MaxUncommittedEntriesSize): beyond it a produce is refused, so
 * clients writing faster than a quorum can persist, or a leader cut off from
 * its followers, cannot grow the leader's memory without bound. Sixteen
 * entries of the largest size: far above what a healthy quorum keeps in flight.
 */
export const UNCOMMITTED_BYTES_MAX = 16 * ENTRY_BYTES_MAX;

/** The topic's limits on what a produced batch may be; read for every batch, since configs change. */
export interface ProducePolicy {
  /** Largest batch on the wire (max.message.bytes). */
  readonly batchBytesMax: number;
  /** message.timestamp.before.max.ms; -1: any distance. */
  readonly timestampBeforeMaxMs: number;
  /** message.timestamp.after.max.ms; -1: any distance. */
  readonly timestampAfterMaxMs: number;
}

export interface PartitionFrontendOptions {
  readonly policy: () => ProducePolicy;
  /** The leader's clock: the timestamp window's centre, and the time of batches that carry none. */
  readonly nowMs: () => number;
  /** Whether the cluster may have allocated `producerId` (see server/producer-ids.ts). */
  readonly producerIdAllocated: (producerId: bigint) => boolean;
  /** Times election waits and schedules the per-turn flush of queued batches; the real clock unless a simulation runs the partition. */
  readonly clock?: Clock;
  /** Overrides UNCOMMITTED_BYTES_MAX (tests). */
  readonly uncommittedBytesMax?: number;
}

export interface Appended {
  readonly baseOffset: bigint;
}

interface Queued {
  /** The term whose offsets the batch carries. */
  readonly leader: LeaderTerm;
  /** The batch, stamped with its offsets. */
  readonly bytes: Uint8Array;
  readonly baseOffset: bigint;
  readonly key: string | undefined;
  readonly resolve: (appended: Appended) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * State of one leadership term. Offsets and producer state run ahead of the
 * applied log by what is queued or proposed. After a failed proposal they
 * can no longer be trusted: the term is `broken` and refuses appends until
 * every proposal it made has settled, then starts again from the applied log.
 */
interface LeaderTerm {
  readonly term: Term;
  nextOffset: bigint;
  readonly producers: ProducerTable;
  /**
   * The log's clock once the batches queued so far are applied: the newest
   * batch time. Producers of `producers` expire by it as the state machine's
   * do by the applied log's, so the leader forgets a producer when the
   * replicas will, and its view stays as bounded as theirs.
   */
  newestTimestampMs: number;
  /**
   * Batches not yet committed, by producer key, so a retry waits for the
   * original. Only while there are any: an idle leader keeps no empty map.
   */
  inFlight: Map<string, Promise<Appended>> | undefined;
  /** Batches queued or proposed and not yet settled. */
  pending: number;
  /** Their bytes, bounded by UNCOMMITTED_BYTES_MAX. */
  pendingBytes: number;
  broken: boolean;
}

export class PartitionFrontend {
  private leader: LeaderTerm | undefined;
  private queue: Queued[] = [];
  private flushScheduled = false;

  constructor(
    private readonly group: RaftGroup,
    private readonly stm: PartitionStm,
    private readonly options: PartitionFrontendOptions,
  ) {}

  /**
   * Waits, at most `waitMs`, while an election this node takes part in is
   * unsettled: it campaigns, or leads without having applied its term's
   * first entry, or knows no leader. A produce arriving then (typically
   * just after a leadership handover or a leader's crash) is served or
   * pointed at the new leader a few milliseconds later, instead of being
   * sent away with no leader to name and retried after a client backoff.
   */
  async untilElectionSettles(waitMs: number): Promise<void> {
    const clock = this.options.clock ?? realClock;
    const deadline = clock.now() + waitMs;
    while (this.electionUnsettled()) {
      const leftMs = deadline - clock.now();
      if (leftMs <= 0) return;
      await this.stm.waitForChange(leftMs);
    }
  }

  private electionUnsettled(): boolean {
    const status = this.group.raw.basicStatus();
    return status.role === Role.Leader ? this.stm.readyTerm !== status.term : status.lead === 0;
  }

  /** Appends one record batch (stamping it in place); resolves with its first offset once committed. Rejects with CairnError. */
  append(bytes: Uint8Array): Promise<Appended> {
    try {
      return this.enqueue(bytes);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Deletes the records before `offset` (Kafka's DeleteRecords): proposes a
   * log-start entry, so every replica moves its log start at the same
   * position. Resolves with the log start once the entry is applied here;
   * at once, with the current log start, when it is already at or past
   * `offset`. An offset beyond the high watermark is OFFSET_OUT_OF_RANGE.
   * Batches queued before it keep their offsets: the entry assigns none.
   */
  async advanceLogStart(offset: bigint): Promise<bigint> {
    this.currentLeader();
    const { logStartOffset, highWatermark } = this.stm;
    if (offset > highWatermark || offset < 0n) throw outOfRange(offset, logStartOffset, highWatermark);
    if (offset <= logStartOffset) return logStartOffset;
    try {
      await this.group.propose(encodeLogStartEntry(offset));
    } catch (error) {
      throw this.stm.failure ?? (error instanceof CairnError ? error : notLeader(error));
    }
    return this.stm.logStartOffset;
  }

  private enqueue(bytes: Uint8Array): Promise<Appended> {
    const leader = this.currentLeader();
    const nowMs = this.options.nowMs();
    const { header, untimed } = check(bytes, this.options.policy(), nowMs);
    this.checkProducerId(header);
    const key = header.producerId >= 0n ? `${header.producerId}:${header.producerEpoch}:${header.baseSequence}` : undefined;
    if (key !== undefined && !mutants.idempotenceOff) {
      const original = leader.inFlight?.get(key);
      if (original !== undefined) return original;
      const check = leader.producers.check(header.producerId, header.producerEpoch, header.baseSequence);
      if (check.kind === 'duplicate') return Promise.resolve({ baseOffset: check.batch.baseOffset });
      if (check.kind === 'fenced') {
        throw new CairnError('PRODUCER_FENCED', `producer ${header.producerId} epoch ${header.producerEpoch} is fenced by epoch ${check.currentEpoch}`);
      }
      if (check.kind === 'invalid-epoch') {
        throw new CairnError('INVALID_PRODUCER_EPOCH', `producer ${header.producerId}: epoch ${header.producerEpoch} was never issued (current epoch ${check.currentEpoch})`);
      }
      if (check.kind === 'out-of-order') {
        throw new CairnError('OUT_OF_ORDER_SEQUENCE', `producer ${header.producerId}: expected sequence ${check.expectedSeq}, got ${header.baseSequence}`);
      }
      if (check.kind === 'unknown-producer') {
        throw new CairnError(
          'UNKNOWN_PRODUCER_STATE',
          `producer ${header.producerId}: the partition holds no state for it (silent longer than producer.id.expiration.ms, ${this.stm.producerIdExpirationMs} ms, or its first batch is not written yet), so sequence ${header.baseSequence} cannot be checked`,
        );
      }
    }
    const uncommittedBytesMax = this.options.uncommittedBytesMax ?? UNCOMMITTED_BYTES_MAX;
    if (leader.pendingBytes > 0 && leader.pendingBytes + bytes.byteLength > uncommittedBytesMax) {
      throw new CairnError('TOO_MANY_REQUESTS', `the partition leader holds ${leader.pendingBytes} bytes not yet committed (at most ${uncommittedBytesMax}); retry once they commit`);
    }
    const baseOffset = leader.nextOffset;
    const lastOffset = baseOffset + BigInt(header.lastOffsetDelta);
    // The boundary of the storage invariant that each entry's offsets follow the last: checked here, never tripped there.
    if (header.lastOffsetDelta < 0 || lastOffset > OFFSET_MAX) {
      throw new CairnError('INVALID_RECORD', `a batch of ${header.recordsCount} records cannot take offsets from ${baseOffset}`);
    }
    if (untimed) stampLogAppendTime(bytes, nowMs);
    stampBatch(bytes, baseOffset, leader.term);
    leader.nextOffset = lastOffset + 1n;
    // As PartitionStm.applyBatches will: the clock moves to the batch's time, its producer is recorded, and the silent expire.
    leader.newestTimestampMs = Math.max(leader.newestTimestampMs, untimed ? nowMs : Number(header.maxTimestamp));
    if (key !== undefined) {
      const lastSeq = header.baseSequence + header.lastOffsetDelta;
      leader.producers.record(header.producerId, header.producerEpoch, { firstSeq: header.baseSequence, lastSeq, baseOffset, lastOffset }, leader.newestTimestampMs);
    }
    leader.producers.expireBefore(leader.newestTimestampMs - this.stm.producerIdExpirationMs);
    leader.pending++;
    leader.pendingBytes += bytes.byteLength;
    const appended = new Promise<Appended>((resolve, reject) => this.queue.push({ leader, bytes, baseOffset, key, resolve, reject }));
    if (key !== undefined) (leader.inFlight ??= new Map()).set(key, appended);
    this.scheduleFlush();
    return appended;
  }

  /**
   * A batch either has no producer (id, epoch and sequence all -1) or names
   * an id the cluster allocated, with a non-negative epoch and sequence.
   */
  private checkProducerId(header: BatchHeader): void {
    const { producerId, producerEpoch, baseSequence } = header;
    if (producerId === -1n) {
      if (producerEpoch !== -1 || baseSequence !== -1) {
        throw new CairnError('INVALID_RECORD', `a batch without a producer id has epoch ${producerEpoch} and sequence ${baseSequence}: both must be -1`);
      }
      return;
    }
    if (producerId < 0n) throw new CairnError('INVALID_RECORD', `producer id ${producerId}: -1 (none) or an id from InitProducer`);
    if (!this.options.producerIdAllocated(producerId)) {
      throw new CairnError('UNKNOWN_PRODUCER_ID', `producer id ${producerId} was not allocated by this cluster (or not yet known here)`);
    }
    if (producerEpoch < 0) throw new CairnError('INVALID_PRODUCER_EPOCH', `producer ${producerId}: epoch ${producerEpoch}`);
    if (baseSequence < 0) throw new CairnError('INVALID_RECORD', `producer ${producerId}: sequence ${baseSequence}`);
  }

  /** The leader state for the current term; NOT_LEADER while this node does not lead, is not ready, or is resyncing. */
  private currentLeader(): LeaderTerm {
    if (this.stm.failure !== undefined) throw this.stm.failure;
    const status = this.group.raw.basicStatus();
    const notLeader = (why: string) =>
      new CairnError('NOT_LEADER', why, status.lead === 0 || status.lead === status.id ? {} : { leaderHint: status.lead });
    const ready = this.stm.readyTerm === status.term || mutants.serveBeforeReady;
    if (status.role !== 'leader' || !ready) throw notLeader('this node does not lead the partition');
    let leader = this.leader;
    if (leader?.term !== status.term || (leader.broken && leader.pending === 0)) {
      leader = {
        term: status.term,
        nextOffset: this.stm.highWatermark,
        producers: this.stm.producers.clone(),
        newestTimestampMs: this.stm.newestTimestampMs,
        inFlight: undefined,
        pending: 0,
        pendingBytes: 0,
        broken: false,
      };
      this.leader = leader;
    }
    if (leader.broken) throw notLeader('the partition leader is resynchronising after a failed proposal');
    return leader;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.options.clock ?? realClock).soon(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Proposes the queued batches in order, one entry per run of batches of one term, up to ENTRY_BYTES_MAX each. */
  private flush(): void {
    while (this.queue.length > 0) {
      const leader = this.queue[0]!.leader;
      let bytes = 0;
      let count = 0;
      while (
        count < this.queue.length &&
        this.queue[count]!.leader === leader &&
        (count === 0 || bytes + this.queue[count]!.bytes.byteLength <= ENTRY_BYTES_MAX)
      ) {
        bytes += this.queue[count]!.bytes.byteLength;
        count++;
      }
      this.propose(leader, this.queue.splice(0, count), bytes);
    }
  }

  private propose(leader: LeaderTerm, batches: readonly Queued[], bytes: number): void {
    // One batch is the entry as it is: its bytes are not copied on the way to Raft.
    const entry = batches.length === 1 ? batches[0]!.bytes : Buffer.concat(batches.map((batch) => batch.bytes), bytes);
    const settle = (): void => {
      leader.pending -= batches.length;
      leader.pendingBytes -= bytes;
      for (const { key } of batches) if (key !== undefined) leader.inFlight?.delete(key);
      if (leader.inFlight?.size === 0) leader.inFlight = undefined;
    };
    // Offsets were assigned for one term: a term that is over, or broken by an earlier failure, must not propose them.
    const status = this.group.raw.basicStatus();
    const valid = !leader.broken && status.role === 'leader' && status.term === leader.term;
    const submitted = valid ? this.group.submit(entry) : undefined;
    // Refused now: what is queued behind it assumed these offsets, so the term breaks before anything else goes out.
    if (submitted?.accepted !== true) leader.broken = true;
    const proposed =
      submitted === undefined
        ? Promise.reject(new CairnError('NOT_LEADER', 'the partition leadership changed'))
        : submitted.accepted
          ? submitted.committed
          : Promise.reject(new ProposalError(submitted.failure));
    proposed.then(
      () => {
        settle();
        for (const batch of batches) batch.resolve({ baseOffset: batch.baseOffset });
      },
      (error: unknown) => {
        leader.broken = true;
        settle();
        const cairn = this.stm.failure ?? (error instanceof CairnError ? error : notLeader(error));
        for (const batch of batches) batch.reject(cairn);
      },
    );
  }
}

function check(bytes: Uint8Array, policy: ProducePolicy, nowMs: number): ProducedBatch {
  try {
    return checkProducedBatch(bytes, {
      batchBytesMax: policy.batchBytesMax,
      decompressedBytesMax: producedRecordsBytesMax(bytes.byteLength, policy.batchBytesMax),
      nowMs,
      timestampBeforeMaxMs: policy.timestampBeforeMaxMs,
      timestampAfterMaxMs: policy.timestampAfterMaxMs,
    });
  } catch (error) {
    if (!(error instanceof CorruptBatchError)) throw error;
    throw new CairnError(REFUSAL_CODE[error.kind] ?? 'CORRUPT_BATCH', error.message, { cause: error });
  }
}

/** The codes of refusals that are not damage: every other kind is CORRUPT_BATCH. */
const REFUSAL_CODE: Partial<Record<CorruptBatchError['kind'], 'BATCH_TOO_LARGE' | 'INVALID_RECORD' | 'INVALID_TIMESTAMP'>> = {
  'too-large': 'BATCH_TOO_LARGE',
  empty: 'INVALID_RECORD',
  unsupported: 'INVALID_RECORD',
  'bad-timestamp': 'INVALID_TIMESTAMP',
};

/** A proposal that failed because leadership moved (or was moving): retriable. */
function notLeader(error: unknown): CairnError {
  if (error instanceof ProposalError && 'leaderHint' in error.failure && error.failure.leaderHint !== 0) {
    return new CairnError('NOT_LEADER', `the partition's leadership moved: ${error.failure.reason}`, { leaderHint: error.failure.leaderHint, cause: error });
  }
  return new CairnError('NOT_LEADER', `the partition's leadership moved: ${error instanceof ProposalError ? error.failure.reason : String(error)}`, { cause: error });
}
