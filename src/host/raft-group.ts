/**
 * One Raft group hosted on this node: its RawNode, its state machine, and
 * the proposals this node made that are waiting to be applied.
 */
import type { ConfChange, ConfPoint, ConfState, Entry, LogIndex, NodeId, Ready, Term } from '../raft/index.js';
import { EntryType, RawNode, Role, decodeConfState } from '../raft/index.js';
import type { RaftOptions } from '../raft/index.js';
import type { HostedLog } from './ports.js';
import type { GroupId } from '../storage/types.js';
import type { Committed, GroupStateMachine, ProposalFailure } from './state-machine.js';
import { ProposalError } from './state-machine.js';

interface Waiter {
  readonly term: Term;
  readonly resolve: (committed: Committed) => void;
  readonly reject: (error: ProposalError) => void;
  /** process.hrtime.bigint() at the proposal, when commit latency is observed. */
  readonly proposedAt?: bigint;
}

export class RaftGroup {
  readonly raw: RawNode;
  /** Proposals by log index, resolved when the entry is applied with the term it was proposed in. */
  private readonly waiters = new Map<LogIndex, Waiter>();
  /** Applied membership changes, so a compaction at any applied index carries the membership in force there. */
  private appliedConfs: ConfPoint[];
  /** Term and vote last written, so only changes to them force an fsync. */
  persistedVote: { term: Term; vote: NodeId };
  /** Acknowledge writes once they reach a quorum's memory, fsyncing within a bound (per-topic write caching). */
  writeCaching = false;
  /** With write caching: the bound on the fsync delay (the topic's write.caching.flush.ms); undefined, the node's. */
  writeCachingFlushMs: number | undefined = undefined;
  closed = false;
  /** Whether the group may go quiet when idle (RaftGroup of the metadata group: never). */
  mayQuiesce = true;
  /** Told the seconds from each of this node's proposals to its apply (commit latency, for metrics). */
  onCommitted: ((seconds: number) => void) | undefined;

  readonly storage: HostedLog;

  constructor(
    readonly id: GroupId,
    readonly stm: GroupStateMachine,
    options: RaftOptions & { readonly storage: HostedLog },
    /** Asks the host for a loop turn: the group has something to persist or send. */
    private readonly wake: () => void,
    rawNode: (options: RaftOptions) => RawNode = (o) => new RawNode(o),
  ) {
    this.storage = options.storage;
    this.raw = rawNode(options);
    const status = this.raw.basicStatus();
    this.persistedVote = { term: status.term, vote: status.vote };
    this.appliedConfs = options.storage.initialState().confHistory.filter((point, i) => i === 0 || point.index <= status.commit);
  }

  isLeader(): boolean {
    return this.raw.basicStatus().role === Role.Leader;
  }

  /** Proposes data and waits until this node applies it. */
  propose(data: Uint8Array): Promise<Committed> {
    const submitted = this.submit(data);
    return submitted.accepted ? submitted.committed : Promise.reject(new ProposalError(submitted.failure));
  }

  /** Like propose(), but says at once whether the core accepted the entry. */
  submit(data: Uint8Array): { accepted: true; committed: Promise<Committed> } | { accepted: false; failure: ProposalFailure } {
    // A closed group is never turned again: an entry accepted now would never be answered.
    if (this.closed) return { accepted: false, failure: { reason: 'group-closed' } };
    const result = this.raw.propose(data);
    if (!result.ok) return { accepted: false, failure: result as ProposalFailure };
    this.wake();
    const proposedAt = this.onCommitted === undefined ? undefined : process.hrtime.bigint();
    return { accepted: true, committed: new Promise((resolve, reject) => this.waiters.set(result.index, { term: result.term, resolve, reject, ...(proposedAt !== undefined && { proposedAt }) })) };
  }

  proposeConfChange(change: ConfChange): Promise<Committed> {
    return this.track(this.raw.proposeConfChange(change));
  }

  /** Asks the group's leader (this node) to hand leadership to `to`. */
  transferLeadership(to: NodeId): boolean {
    const result = this.raw.transferLeadership(to);
    this.wake();
    return result.ok;
  }

  private track(result: ReturnType<RawNode['propose']>): Promise<Committed> {
    if (!result.ok) return Promise.reject(new ProposalError(result as ProposalFailure));
    this.wake();
    return new Promise((resolve, reject) => this.waiters.set(result.index, { term: result.term, resolve, reject }));
  }

  /** Carries out the apply step of a Ready (after it was persisted and its messages sent). */
  applyReady(rd: Ready): void {
    if (rd.snapshot !== null) {
      this.stm.restore(rd.snapshot);
      this.appliedConfs = [{ index: rd.snapshot.metadata.index, conf: rd.snapshot.metadata.conf }];
      this.failWaitersUpTo(rd.snapshot.metadata.index);
    }
    this.applyEntries(rd.committedEntries);
    if (rd.softState !== null) {
      const status = this.raw.basicStatus();
      this.stm.onSoftState?.(rd.softState, status.term);
      if (rd.softState.role !== Role.Leader) this.failAll({ reason: 'outcome-unknown', leaderHint: rd.softState.lead });
    }
  }

  /** Applies committed entries in log order: a Ready's, or those RawNode.takeStoredCommitted() handed out. */
  applyEntries(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const status = this.raw.basicStatus();
    this.stm.apply(entries, { isLeader: status.role === Role.Leader, term: status.term });
    for (const entry of entries) this.settle(entry);
  }

  /** Mutant ackBeforeCommit only (see mutants.ts): answers the proposals among `entries` as if they had committed. */
  answerBeforeCommit(entries: readonly Entry[]): void {
    for (const entry of entries) if (entry.type === EntryType.Normal) this.settle(entry);
  }

  private settle(entry: Entry): void {
    if (entry.type === EntryType.ConfChange) this.appliedConfs.push({ index: entry.index, conf: decodeConfState(entry.data) });
    const waiter = this.waiters.get(entry.index);
    if (waiter === undefined) return;
    this.waiters.delete(entry.index);
    // Another leader's entry took the index: ours was overwritten and will never commit.
    if (entry.term === waiter.term) {
      if (waiter.proposedAt !== undefined) this.onCommitted?.(Number(process.hrtime.bigint() - waiter.proposedAt) / 1e9);
      waiter.resolve({ index: entry.index, term: entry.term });
    } else waiter.reject(new ProposalError({ reason: 'not-leader', leaderHint: this.raw.basicStatus().lead }));
  }

  /** A snapshot replaced the log up to `index`: proposals at or below it cannot be matched any more. */
  private failWaitersUpTo(index: LogIndex): void {
    for (const [i, waiter] of this.waiters) {
      if (i > index) continue;
      this.waiters.delete(i);
      waiter.reject(new ProposalError({ reason: 'outcome-unknown', leaderHint: this.raw.basicStatus().lead }));
    }
  }

  failAll(failure: ProposalFailure): void {
    for (const waiter of this.waiters.values()) waiter.reject(new ProposalError(failure));
    this.waiters.clear();
  }

  /** The snapshot to compact to, if the state machine wants one now, with the membership in force there. */
  compaction(): { index: LogIndex; data: Uint8Array; conf: ConfState } | undefined {
    const firstIndex = this.storage.firstIndex();
    const applied = this.raw.basicStatus().applied;
    const wanted = this.stm.compaction(firstIndex, applied);
    if (wanted === undefined || wanted.index < firstIndex || wanted.index > applied) return undefined;
    while (this.appliedConfs.length > 1 && this.appliedConfs[1]!.index <= wanted.index) this.appliedConfs.shift();
    return { ...wanted, conf: this.appliedConfs[0]!.conf };
  }
}
