/**
 * RawNode wraps the Raft state machine with the Ready/advance protocol
 * (etcd/raft's RawNode): the caller drives it with tick/step/propose, asks
 * for a Ready when hasReady(), carries it out in the order the Ready type
 * documents, then calls advance().
 */
import { assert } from './assert.js';
import type { RaftConfig, RaftOptions } from './config.js';
import { resolveRaftConfig } from './config.js';
import { MessageType } from './types.js';
import { Raft } from './raft.js';
import type {
  ConfChange,
  ConfState,
  Entry,
  HardState,
  LogIndex,
  Message,
  NodeId,
  ProposeResult,
  Ready,
  Role,
  Snapshot,
  SoftState,
  Term,
  TransferResult,
} from './types.js';
import type { ProgressState } from './progress.js';

export interface FollowerStatus {
  readonly match: LogIndex;
  readonly next: LogIndex;
  readonly state: ProgressState;
  readonly recentActive: boolean;
}

/** Where this node stands, without the leader's per-member progress (cheap enough for every request). */
export interface BasicStatus {
  readonly id: NodeId;
  readonly term: Term;
  readonly vote: NodeId;
  readonly commit: LogIndex;
  readonly applied: LogIndex;
  readonly lead: NodeId;
  readonly role: Role;
  readonly conf: ConfState;
  readonly lastIndex: LogIndex;
}

export interface Status extends BasicStatus {
  /** Leader only: where each member stands. */
  readonly progress: ReadonlyMap<NodeId, FollowerStatus>;
}

/** What the last Ready handed out, so advance() knows what became durable and applied. */
interface Handed {
  readonly hardState: HardState | null;
  readonly snapshot: Snapshot | null;
  readonly entries: readonly Entry[];
  readonly lastCommitted: Entry | undefined;
}

export class RawNode {
  protected readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  private handed: Handed | null = null;
  private readonly applyBytesMax: number;

  constructor(options: RaftOptions) {
    const config = resolveRaftConfig(options);
    this.applyBytesMax = config.applyBytesMax;
    this.raft = this.createRaft(config);
    this.prevSoft = this.raft.softState();
    this.prevHard = this.hardState();
  }

  /** Test subclasses override this to drive a deliberately broken core (test/sim mutants). */
  protected createRaft(config: RaftConfig): Raft {
    return new Raft(config);
  }

  tick(): void {
    this.raft.tick();
  }

  step(m: Message): void {
    this.raft.step(m);
  }

  propose(data: Uint8Array): ProposeResult {
    return this.raft.propose(data);
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    return this.raft.proposeConfChange(change);
  }

  transferLeadership(to: NodeId): TransferResult {
    return this.raft.transferLeadership(to);
  }

  /** Whether the group is quiet: it ignores ticks until something wakes it (Raft.maybeQuiesce). */
  isQuiesced(): boolean {
    return this.raft.isQuiesced();
  }

  /** A leader with nothing left to do goes quiet; `isLive` says which members' nodes are up. */
  maybeQuiesce(isLive: (node: NodeId) => boolean): boolean {
    return this.raft.maybeQuiesce(isLive);
  }

  /** Node liveness changed for a member of this quiet group: it ticks again (Raft.wake). */
  unquiesce(cause: 'leader-dead' | 'peer-change'): void {
    this.raft.unquiesce(cause);
  }

  /** Starts an election now, skipping the randomized timeout. */
  campaign(): void {
    this.raft.hup('election');
  }

  reportUnreachable(id: NodeId): void {
    this.raft.reportUnreachable(id);
  }

  reportSnapshot(id: NodeId, ok: boolean): void {
    this.raft.reportSnapshot(id, ok);
  }

  hasReady(): boolean {
    const r = this.raft;
    const soft = r.softState();
    return (
      soft.lead !== this.prevSoft.lead ||
      soft.role !== this.prevSoft.role ||
      !sameVote(this.hardState(), this.prevHard) ||
      r.log.pendingSnapshot() !== null ||
      r.log.unstable().length > 0 ||
      r.msgs.length > 0 ||
      r.log.hasNextCommitted()
    );
  }

  ready(): Ready {
    assert(this.handed === null, 'ready() called again before advance()');
    const r = this.raft;
    const soft = r.softState();
    const hard = this.hardState();
    const entries = r.log.unstable().slice();
    const committedEntries = r.log.nextCommitted(this.applyBytesMax);
    // Replication traffic may leave before the write, unless the write makes a term or vote durable.
    const voteDurable = sameVote(hard, this.prevHard);
    // Commit is volatile (Figure 2): it is written along with entries, never on its own.
    const writesLog = entries.length > 0 || r.log.pendingSnapshot() !== null;
    const hardChanged = !voteDurable || (writesLog && hard.commit !== this.prevHard.commit);
    const early = voteDurable ? r.msgs.filter(isReplication) : [];
    const ready: Ready = {
      softState: soft.lead !== this.prevSoft.lead || soft.role !== this.prevSoft.role ? soft : null,
      hardState: hardChanged ? hard : null,
      snapshot: r.log.pendingSnapshot(),
      entries,
      committedEntries,
      messages: early.length === 0 ? r.msgs : r.msgs.filter((m) => !isReplication(m)),
      earlyMessages: early,
    };
    r.msgs = [];
    this.prevSoft = soft;
    this.handed = {
      hardState: ready.hardState,
      snapshot: ready.snapshot,
      entries,
      lastCommitted: committedEntries[committedEntries.length - 1],
    };
    return ready;
  }

  /**
   * Committed entries, not yet handed out, that this node has already
   * stored: a quorum holds them, this node included, so the caller applies
   * them at once, in order, without waiting for any write. It may call this
   * at any time, and while a Ready's write is in flight that is the point:
   * an acknowledgement that commits earlier entries need not wait behind
   * the write of later ones. Returns nothing while the outstanding Ready has
   * committed entries of its own to apply after its write (they come first)
   * or a snapshot is on its way to storage.
   */
  takeStoredCommitted(): readonly Entry[] {
    const log = this.raft.log;
    // A handed-out snapshot stays pending until advance(), so one check covers both.
    if (this.readyHasCommitted() || log.pendingSnapshot() !== null) return [];
    const stored = log.stableIndex();
    const committed = log.nextCommitted(this.applyBytesMax);
    let count = 0;
    while (count < committed.length && committed[count]!.index <= stored) count++;
    if (count === 0) return [];
    const taken = committed.slice(0, count);
    log.appliedTo(taken[count - 1]!.index);
    return taken;
  }

  /** Whether the outstanding Ready has committed entries to apply (test/sim mutants override this). */
  protected readyHasCommitted(): boolean {
    return this.handed?.lastCommitted !== undefined;
  }

  advance(): void {
    const handed = this.handed;
    assert(handed !== null, 'advance() without ready()');
    this.handed = null;
    const log = this.raft.log;
    if (handed.hardState !== null) this.prevHard = handed.hardState;
    if (handed.snapshot !== null) {
      log.stableSnapshotTo(handed.snapshot.metadata.index);
      if (handed.snapshot.metadata.index > log.applied) log.applied = handed.snapshot.metadata.index;
    }
    if (handed.entries.length > 0) {
      // An append that conflicted during the write may have replaced its tail. The written prefix
      // that still matches is stable all the same: handed out again, it could land below a compaction.
      const written = handed.entries.findLast((e) => log.matchTerm(e.index, e.term));
      if (written !== undefined) log.stableTo(written.index, written.term);
      this.raft.selfDurable();
    }
    if (handed.lastCommitted !== undefined) log.appliedTo(handed.lastCommitted.index);
  }

  status(): Status {
    const progress = new Map<NodeId, FollowerStatus>();
    for (const [id, pr] of this.raft.progress) {
      progress.set(id, { match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive });
    }
    return { ...this.basicStatus(), progress };
  }

  basicStatus(): BasicStatus {
    const r = this.raft;
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.log.committed,
      applied: r.log.applied,
      lead: r.lead,
      role: r.role,
      conf: r.conf(),
      lastIndex: r.log.lastIndex(),
    };
  }

  private hardState(): HardState {
    return { term: this.raft.term, vote: this.raft.vote, commit: this.raft.log.committed };
  }
}

function sameVote(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote;
}

function isReplication(m: Message): boolean {
  return m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap || m.type === MessageType.TimeoutNow;
}
