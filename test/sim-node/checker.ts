/**
 * The properties, checked as the run goes and at its end. A batch is
 * named by its producer id and sequence number (every batch in the
 * simulation is an idempotent producer's, and each (producer, sequence) is
 * produced once, however often it is retried):
 *
 * - an acknowledged batch is never lost: at the end it is read back at
 *   the offset it was acknowledged at, unless the seed runs retention, the
 *   offset is below the log start the final read began at, and the seed's
 *   retention bounds allow the deletion (retention deleted it, as it may);
 * - an offset, once read anywhere, always holds the same batch (reads
 *   never expose data that is later replaced: nothing uncommitted is
 *   served below the high watermark), and a batch is only ever at one
 *   offset (retries never duplicate);
 * - reads return contiguous batches: offsets are gap-free;
 * - each run of a node never sees a partition's high watermark go down;
 * - a node votes for one candidate per term, crashes or not, and at most
 *   one node leads a group in a term (election safety);
 * - with pre-vote on, a node asks for real votes at a term only after a
 *   granted pre-vote for that term reached it (or for a leadership
 *   transfer): however it woke, it never raises its term on a guess;
 * - no partition state machine fails (the host's group failure).
 *
 * The first violation is kept and stops the run; it is not thrown, since
 * it may be found inside a promise callback of the code under test.
 */
import type { ReadResult } from '../../src/partition/partition-reader.js';
import type { NodeId } from '../../src/raft/index.js';
import { Role } from '../../src/raft/index.js';
import { splitBatches } from '../../src/records/index.js';
import type { GroupId } from '../../src/storage/types.js';
import type { Retention } from './profile.js';
import type { SimNode } from './sim-node.js';

export function batchName(producerId: bigint, sequence: number): string {
  return `${producerId}:${sequence}`;
}

interface PartitionFacts {
  /** Offset → the batch read there. */
  readonly atOffset: Map<bigint, string>;
  /** Batch → the offset it was read at. */
  readonly offsetOf: Map<string, bigint>;
  /** Batch → the offset it was acknowledged at. */
  readonly acked: Map<string, bigint>;
  /** Batch → when its producer first sent it (virtual ms): its stored timestamp is no older. */
  readonly firstSentMs: Map<string, number>;
}

/** The final read of a partition's log from its leader. */
export interface FinalRead {
  /** Where the read began: the log start the leader reported then. */
  readonly logStartOffset: bigint;
  readonly batches: readonly { name: string; offset: bigint; bytes: number }[];
  /** The leader's log clock (its newest timestamp) after the read. */
  readonly newestTimestampMs: number;
}

export class Checker {
  violation: string | undefined;
  /** Acknowledged batches the final read did not find because retention deleted them (below the log start). */
  expiredAcks = 0;
  private readonly partitions = new Map<GroupId, PartitionFacts>();
  /** `group:term` → the node that led it. */
  private readonly leaders = new Map<string, NodeId>();
  /** `group:voter:term` → the candidate the voter granted its vote to. */
  private readonly votes = new Map<string, NodeId>();
  /** `group:candidate:term` for every granted pre-vote delivered. */
  private readonly preVotesGranted = new Set<string>();
  /** `node:incarnation:group` → the highest high watermark seen. */
  private readonly highWatermarks = new Map<string, bigint>();
  reads = 0;
  acks = 0;

  /** `retention`: the seed's retention bounds, if its partitions run retention: the only reason a log may lose its start. */
  constructor(private readonly retention: Retention | undefined) {}

  /** Whether retention may have deleted `offset`: only on a retention seed, and only below the log start the node reports. */
  deletedByRetention(offset: bigint, logStartOffset: bigint): boolean {
    return this.retention !== undefined && offset < logStartOffset;
  }

  /**
   * Whether the seed's bounds allow retention to have deleted a batch first
   * sent at `sentMs`: retention.ms, if the batch is older than that by the
   * log's clock (its segment's newest timestamp is no older than the
   * batch); or retention.bytes, if the log kept holds at least that many
   * bytes (a segment is dropped only when what stays reaches the bound).
   */
  private retentionAllows(sentMs: number | undefined, log: FinalRead): boolean {
    const retention = this.retention;
    if (retention === undefined || sentMs === undefined) return false;
    const kept = log.batches.reduce((sum, batch) => (batch.offset >= log.logStartOffset ? sum + batch.bytes : sum), 0);
    return (retention.retentionMs >= 0 && sentMs < log.newestTimestampMs - retention.retentionMs) || (retention.retentionBytes >= 0 && kept >= retention.retentionBytes);
  }

  fail(detail: string): void {
    this.violation ??= detail;
  }

  private facts(group: GroupId): PartitionFacts {
    let facts = this.partitions.get(group);
    if (facts === undefined) this.partitions.set(group, (facts = { atOffset: new Map(), offsetOf: new Map(), acked: new Map(), firstSentMs: new Map() }));
    return facts;
  }

  /** A producer sent `batch` (first attempt or retry). */
  sent(group: GroupId, batch: string, nowMs: number): void {
    const sentMs = this.facts(group).firstSentMs;
    if (!sentMs.has(batch)) sentMs.set(batch, nowMs);
  }

  acknowledged(group: GroupId, batch: string, offset: bigint): void {
    const facts = this.facts(group);
    this.acks++;
    const earlier = facts.acked.get(batch);
    if (earlier !== undefined && earlier !== offset) this.fail(`group ${group}: batch ${batch} acknowledged at offset ${earlier} and again at ${offset} (a retry was appended twice)`);
    facts.acked.set(batch, offset);
    this.place(group, facts, batch, offset, 'acknowledged');
  }

  private place(group: GroupId, facts: PartitionFacts, batch: string, offset: bigint, how: string): void {
    const there = facts.atOffset.get(offset);
    if (there !== undefined && there !== batch) this.fail(`group ${group}: offset ${offset} holds ${there}, then ${batch} was ${how} there (data lost or replaced)`);
    const at = facts.offsetOf.get(batch);
    if (at !== undefined && at !== offset) this.fail(`group ${group}: batch ${batch} is at offset ${at}, and ${how} at ${offset} too (duplicate)`);
    if (how === 'read') {
      facts.atOffset.set(offset, batch);
      facts.offsetOf.set(batch, offset);
    }
    const acked = facts.acked.get(batch);
    if (acked !== undefined && acked !== offset) this.fail(`group ${group}: batch ${batch} was acknowledged at offset ${acked} but ${how} at ${offset}`);
  }

  /** A read from `offset` on some node returned `result`: whole, contiguous batches below its high watermark. */
  read(node: NodeId, group: GroupId, offset: bigint, result: ReadResult): void {
    this.reads++;
    const facts = this.facts(group);
    let next: bigint | undefined;
    for (const { header } of splitBatches(result.records)) {
      const last = header.baseOffset + BigInt(header.lastOffsetDelta);
      if (next === undefined ? header.baseOffset > offset || last < offset : header.baseOffset !== next) {
        this.fail(`group ${group}: a read on node ${node} from offset ${offset} returned a batch at ${header.baseOffset} where ${next ?? offset} was due (a gap)`);
      }
      if (last >= result.highWatermark) this.fail(`group ${group}: node ${node} served offset ${last} at high watermark ${result.highWatermark}`);
      this.place(group, facts, batchName(header.producerId, header.baseSequence), header.baseOffset, 'read');
      next = last + 1n;
    }
    if (next !== result.nextOffset && next !== undefined) this.fail(`group ${group}: read ends at ${next - 1n} but reports next offset ${result.nextOffset}`);
  }

  /** A node grants its vote in a term to one candidate only, across its crashes (what election safety rests on). */
  voteGranted(group: number, voter: NodeId, candidate: NodeId, term: number): void {
    const key = `${group}:${voter}:${term}`;
    const earlier = this.votes.get(key);
    if (earlier === undefined) this.votes.set(key, candidate);
    else if (earlier !== candidate) this.fail(`group ${group}: node ${voter} voted for ${earlier} and then for ${candidate} in term ${term}`);
  }

  preVoteGranted(group: number, candidate: NodeId, term: number): void {
    this.preVotesGranted.add(`${group}:${candidate}:${term}`);
  }

  /** A real election: with pre-vote on, the candidate must have won a pre-vote for its term (one grant suffices to tell). */
  electionStarted(group: number, request: { readonly from: NodeId; readonly term: number; readonly transfer: boolean }): void {
    if (request.transfer || this.preVotesGranted.has(`${group}:${request.from}:${request.term}`)) return;
    this.fail(`group ${group}: node ${request.from} asked for votes at term ${request.term} with no granted pre-vote for it`);
  }

  /** After every event: election safety and monotonic high watermarks on every running node. */
  observe(nodes: readonly SimNode[]): void {
    for (const node of nodes) {
      const running = node.running;
      if (running === undefined) continue;
      for (const [group, partition] of running.partitions) {
        const status = partition.group.raw.basicStatus();
        if (status.role === Role.Leader) {
          const key = `${group}:${status.term}`;
          const leader = this.leaders.get(key);
          if (leader === undefined) this.leaders.set(key, node.id);
          else if (leader !== node.id) this.fail(`group ${group}: nodes ${leader} and ${node.id} both led term ${status.term}`);
        }
        const hwKey = `${node.id}:${running.incarnation}:${group}`;
        const seen = this.highWatermarks.get(hwKey) ?? 0n;
        if (partition.stm.highWatermark < seen) this.fail(`group ${group}: node ${node.id}'s high watermark went from ${seen} down to ${partition.stm.highWatermark}`);
        this.highWatermarks.set(hwKey, partition.stm.highWatermark);
      }
    }
  }

  /**
   * At the end: the whole log of each partition, read from its leader from
   * its log start on, holds every acknowledged batch at its offset; only
   * those below that log start, on a retention seed whose bounds allow it,
   * may be gone.
   */
  finalRead(group: GroupId, log: FinalRead): void {
    const { logStartOffset } = log;
    if (logStartOffset > 0n && this.retention === undefined) this.fail(`group ${group}: the log starts at ${logStartOffset} with no retention configured`);
    const facts = this.facts(group);
    const present = new Map(log.batches.map(({ name, offset }) => [name, offset]));
    for (const [name, offset] of facts.acked) {
      const at = present.get(name);
      if (at === undefined && this.deletedByRetention(offset, logStartOffset) && this.retentionAllows(facts.firstSentMs.get(name), log)) this.expiredAcks++;
      else if (at === undefined) this.fail(`group ${group}: acknowledged batch ${name} (offset ${offset}) is not in the log, which starts at ${logStartOffset}${offset < logStartOffset ? ', and retention cannot have deleted it' : ''}`);
      else if (at !== offset) this.fail(`group ${group}: acknowledged batch ${name} is at offset ${at}, not ${offset}`);
    }
  }
}

/** Whether `error`, or an error it was caused by, is a `type`. */
export function causedBy(error: unknown, type: abstract new (...args: never[]) => Error): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 8; depth++) {
    if (e instanceof type) return true;
    e = (e as Error).cause;
  }
  return false;
}
