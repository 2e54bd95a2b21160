/**
 * The multi-raft host drives every Raft group on this node through one loop:
 *
 *   1. gather the Ready of every group that has one;
 *   2. persist them all in ONE storage write (group commit: one fsync per
 *      turn, whatever the number of groups and proposals);
 *   3. send their messages, batched per peer (one frame per peer per turn);
 *   4. apply committed entries to each group's state machine;
 *   5. advance.
 *
 * While a write is in flight, network input, ticks and proposals keep
 * stepping the groups; what they produce goes into the next turn's write.
 * Committed entries this node had already stored are applied at once, even
 * mid-write: a follower's acknowledgement that commits an earlier entry
 * answers its producer without waiting behind the write of later ones.
 *
 * Idle groups cost nothing: a leader whose members all hold its whole log
 * goes quiet (Raft.maybeQuiesce), and only groups that are awake are
 * ticked. What heartbeats did for a quiet group, node liveness does for all
 * of them at once (node-liveness.ts): one small message per peer per tick,
 * and a quiet group is woken when the node of a member dies or comes back.
 */
import { randomInt } from 'node:crypto';
import { assert } from '../raft/assert.js';
import type { Entry, Message, NodeId, RaftOptions, RawNode, Ready } from '../raft/index.js';
import { DEFAULT_RAFT_CONFIG, MessageType, Role, SeededRng, bootstrapState } from '../raft/index.js';
import { OffsetOrderError } from '../storage/errors.js';
import type { GroupId, GroupWrite, OffsetPoint, WriteOptions } from '../storage/types.js';
import type { Clock, Timer } from './clock.js';
import { realClock } from './clock.js';
import { mutants } from './mutants.js';
import { NODE_LIVENESS_GROUP, NodeLiveness } from './node-liveness.js';
import type { Envelope, HostStorage, HostTransport } from './ports.js';
import { RaftGroup } from './raft-group.js';
import { StateMachineFailure } from './state-machine.js';
import type { GroupStateMachine } from './state-machine.js';

export interface HostOptions {
  readonly nodeId: NodeId;
  readonly storage: HostStorage;
  readonly transport: HostTransport;
  /** Length of one Raft tick. */
  readonly tickMs: number;
  /** Raft settings shared by every group (election and heartbeat ticks, windows). */
  readonly raft?: Partial<Omit<RaftOptions, 'id' | 'storage' | 'rng' | 'applied' | 'boot'>>;
  /** Seeds each group's election-timeout randomness; defaults to a random seed. */
  readonly seed?: number;
  /**
   * Names this run of the node in every group's answers to its leaders (Raft's boot), in
   * [1, 2^32); defaults to a random one. A node must not reuse it across restarts.
   */
  readonly boot?: number;
  /** A failed write or apply: the node can no longer keep its promises and must stop. */
  readonly onFatal: (error: unknown) => void;
  /** A group's state machine refused an entry (StateMachineFailure): that group is stopped, the node goes on. */
  readonly onGroupFailed?: (group: GroupId, error: StateMachineFailure) => void;
  /** Ticks and turns are scheduled on it; the real clock unless a simulation runs the host. */
  readonly clock?: Clock;
  /** Told the seconds from each proposal made on this node to its apply (commit latency, for metrics). */
  readonly onCommitted?: (seconds: number) => void;
  /** Builds each group's RawNode; the simulator passes one with a planted bug (test/sim-node mutants). */
  readonly rawNode?: (options: RaftOptions) => RawNode;
}

export interface CreateGroupOptions {
  readonly stm: GroupStateMachine;
  /** Founding voters: the group is bootstrapped with them if its log is empty here. Omit to join an existing group. */
  readonly bootstrapVoters?: readonly NodeId[];
  readonly writeCaching?: boolean;
  /** Raft's broadcastCommit for this group; the host's setting (by default on) otherwise. */
  readonly broadcastCommit?: boolean;
  /** Whether the group may go quiet when idle (by default it may; the metadata group keeps ticking). */
  readonly quiesce?: boolean;
  /**
   * If this call bootstraps the group (its log was empty here), campaign at once rather than after
   * an election timeout: a new topic's partitions get leaders in a round trip, without thousands of
   * timers firing together. Given to one founding replica per group (the preferred leader).
   */
  readonly campaign?: boolean;
}

export class MultiRaftHost {
  private readonly groups = new Map<GroupId, RaftGroup>();
  /** Groups that are not quiet: the ones a tick reaches, in creation order (the metadata group first). */
  private readonly awake = new Set<RaftGroup>();
  /** Groups that may have a Ready. */
  private readonly dirty = new Set<RaftGroup>();
  /** Groups that applied entries since the last look at whether they want compacting. */
  private readonly appliedSinceCompaction = new Set<RaftGroup>();
  private turnScheduled = false;
  private writing = false;
  private ticker: Timer | undefined;
  private readonly rng: SeededRng;
  private readonly boot: number;
  private readonly clock: Clock;
  private readonly liveness: NodeLiveness;
  private stopped = false;

  constructor(private readonly options: HostOptions) {
    this.rng = new SeededRng(options.seed ?? Math.floor(Math.random() * 0xffff_ffff));
    this.boot = options.boot ?? randomInt(1, 0x1_0000_0000);
    this.clock = options.clock ?? realClock;
    this.liveness = new NodeLiveness(options.nodeId, options.raft?.electionTicks ?? DEFAULT_RAFT_CONFIG.electionTicks, {
      members: () => this.members(),
      died: (peer) => this.wakeForPeer(peer, 'died'),
      cameBack: (peer) => this.wakeForPeer(peer, 'came-back'),
    });
  }

  start(): void {
    assert(this.ticker === undefined, 'host started twice');
    this.ticker = this.clock.every(this.options.tickMs, () => this.tick());
  }

  /** Stops ticking and fails every waiting proposal; the caller closes storage and transport. */
  stop(): void {
    this.stopped = true;
    this.ticker?.cancel();
    for (const group of this.groups.values()) {
      group.closed = true;
      group.failAll({ reason: 'group-closed' });
    }
  }

  group(id: GroupId): RaftGroup | undefined {
    return this.groups.get(id);
  }

  groupIds(): GroupId[] {
    return [...this.groups.keys()];
  }

  async createGroup(id: GroupId, options: CreateGroupOptions): Promise<RaftGroup> {
    assert(!this.groups.has(id), `group ${id} is already hosted`);
    const storage = await this.options.storage.openGroup(id);
    const bootstrapping = options.bootstrapVoters !== undefined && storage.lastIndex() === 0;
    if (bootstrapping) {
      const { entries, hardState } = bootstrapState({ voters: [...options.bootstrapVoters], learners: [] });
      await this.options.storage.write([{ group: id, entries, hardState }], { sync: true });
    }
    const snapshot = storage.snapshot();
    assert(snapshot !== 'unavailable', `group ${id}: snapshot not loaded on open`);
    if (snapshot.metadata.index > 0) options.stm.restore(snapshot);
    const group: RaftGroup = new RaftGroup(
      id,
      options.stm,
      {
        ...this.options.raft,
        ...(options.broadcastCommit !== undefined && { broadcastCommit: options.broadcastCommit }),
        id: this.options.nodeId,
        storage,
        rng: new SeededRng(this.rng.next()),
        boot: this.boot,
        applied: snapshot.metadata.index,
      },
      () => this.markDirty(group),
      this.options.rawNode,
    );
    group.writeCaching = options.writeCaching ?? false;
    group.mayQuiesce = options.quiesce ?? true;
    group.onCommitted = this.options.onCommitted;
    this.groups.set(id, group);
    if (bootstrapping && options.campaign === true) group.raw.campaign();
    this.markDirty(group);
    return group;
  }

  async removeGroup(id: GroupId): Promise<void> {
    const group = this.groups.get(id);
    if (group === undefined) return;
    this.groups.delete(id);
    this.dirty.delete(group);
    this.awake.delete(group);
    group.closed = true;
    group.failAll({ reason: 'group-closed' });
    await this.options.storage.deleteGroup(id);
  }

  /** Network input: Raft messages for groups on this node. Unknown groups are dropped; Raft resends. */
  receive(envelopes: readonly Envelope[]): void {
    const stepped = new Set<RaftGroup>();
    for (const { group: id, message } of envelopes) {
      this.liveness.heardFrom(message.from);
      if (id === NODE_LIVENESS_GROUP) continue;
      const group = this.groups.get(id as GroupId);
      if (group === undefined || group.closed) continue;
      group.raw.step(message);
      stepped.add(group);
      this.markDirty(group);
    }
    // Between writes, the turn markDirty() scheduled applies them; during one, nothing would until it ends.
    if (!this.writing) return;
    try {
      for (const group of stepped) this.guarded(group, () => this.applyStored(group, group.raw.takeStoredCommitted()));
    } catch (error) {
      // As in a turn: a state machine that cannot apply a committed entry stops the node, not the caller.
      this.options.onFatal(error);
    }
  }

  /** A peer could not be reached: leaders stop streaming to it until it answers again (quiet ones send nothing). */
  peerUnreachable(peer: NodeId): void {
    for (const group of this.awake) {
      if (group.closed || !group.isLeader()) continue;
      group.raw.reportUnreachable(peer);
      this.markDirty(group);
    }
  }

  markDirty(group: RaftGroup): void {
    if (group.closed) return;
    this.noteQuiet(group);
    this.dirty.add(group);
    this.scheduleTurn();
  }

  /** Whether this node hears from `peer` (node liveness); tests and metrics read it. */
  isPeerLive(peer: NodeId): boolean {
    return this.liveness.isLive(peer);
  }

  /** Groups hosted here that are quiet. */
  quietGroupCount(): number {
    let quiet = 0;
    for (const group of this.groups.values()) if (!group.closed && group.raw.isQuiesced()) quiet++;
    return quiet;
  }

  private tick(): void {
    this.liveness.tick(this.options.transport);
    const isLive = (node: NodeId): boolean => this.liveness.isLive(node);
    for (const group of this.awake) {
      if (group.closed) {
        this.awake.delete(group);
        continue;
      }
      if (group.mayQuiesce && group.raw.maybeQuiesce(isLive)) this.awake.delete(group);
      else group.raw.tick();
      this.dirty.add(group);
    }
    this.scheduleTurn();
  }

  /**
   * Keeps `awake` true to the group after something stepped or woke it. A follower that went
   * quiet under a leader whose node this node already counts dead (a late quiesce heartbeat)
   * is woken at once: no liveness change would ever come to wake it.
   */
  private noteQuiet(group: RaftGroup): void {
    if (!group.raw.isQuiesced()) {
      this.awake.add(group);
      return;
    }
    const { role, lead } = group.raw.basicStatus();
    if (role === Role.Follower && !this.liveness.isLive(lead)) {
      group.raw.unquiesce('leader-dead');
      this.awake.add(group);
    } else {
      this.awake.delete(group);
    }
  }

  /**
   * Node liveness changed for `peer`. When it dies, quiet followers it leads campaign, and quiet
   * leaders it is a member of tick again (check-quorum then decides whether they still lead).
   * When it comes back, quiet leaders it is a member of tick again, to bring it up to date.
   */
  private wakeForPeer(peer: NodeId, change: 'died' | 'came-back'): void {
    for (const group of this.groups.values()) {
      if (group.closed || !group.raw.isQuiesced()) continue;
      const { role, lead, conf } = group.raw.basicStatus();
      if (role === Role.Leader && (conf.voters.includes(peer) || conf.learners.includes(peer))) group.raw.unquiesce('peer-change');
      else if (change === 'died' && role === Role.Follower && lead === peer) group.raw.unquiesce('leader-dead');
      else continue;
      this.markDirty(group);
    }
  }

  /** Every node that shares a group with this one. */
  private members(): Set<NodeId> {
    const nodes = new Set<NodeId>();
    for (const group of this.groups.values()) {
      if (group.closed) continue;
      const { voters, learners } = group.raw.basicStatus().conf;
      for (const id of voters) nodes.add(id);
      for (const id of learners) nodes.add(id);
    }
    return nodes;
  }

  private scheduleTurn(): void {
    if (this.turnScheduled || this.writing || this.stopped) return;
    this.turnScheduled = true;
    this.clock.soon(() => {
      this.turnScheduled = false;
      this.turn().catch((error: unknown) => this.options.onFatal(error));
    });
  }

  private async turn(): Promise<void> {
    if (this.writing || this.stopped) return;
    const stored: [RaftGroup, readonly Entry[]][] = [];
    const readys: [RaftGroup, Ready][] = [];
    for (const group of this.dirty) {
      // Taken before ready(), which would otherwise hand them out to wait for this turn's write.
      const entries = group.raw.takeStoredCommitted();
      if (entries.length > 0) stored.push([group, entries]);
      if (group.raw.hasReady()) readys.push([group, group.raw.ready()]);
    }
    this.dirty.clear();
    if (readys.length === 0) {
      for (const [group, entries] of stored) this.guarded(group, () => this.applyStored(group, entries));
      // The tick's liveness messages, when no group had anything to send with them.
      this.options.transport.flush();
      // A follower that applied what it had stored and then went quiet may never write again: compact now.
      if (this.appliedSinceCompaction.size > 0) await this.compactBetweenWrites();
      return;
    }
    this.writing = true;
    try {
      // Leaders' replication traffic goes out while their own copy is being written.
      this.sendAll(readys, (rd) => rd.earlyMessages);
      for (const [group, entries] of stored) this.guarded(group, () => this.applyStored(group, entries));
      await this.persist(readys);
      // A group stopped meanwhile sends nothing: its acknowledgements would vouch for entries it did not write.
      this.sendAll(readys.filter(([group]) => !group.closed), (rd) => rd.messages);
      for (const [group, rd] of readys) {
        if (mutants.ackBeforeCommit && group.isLeader()) group.answerBeforeCommit(rd.entries);
        if (group.closed || !this.guarded(group, () => group.applyReady(rd))) continue;
        if (rd.committedEntries.length > 0) this.appliedSinceCompaction.add(group);
        group.raw.advance();
        if (!group.raw.hasReady()) continue;
        // Work that produced nothing is waiting on entries storage is still loading: wake when they are in.
        if (isEmpty(rd) && group.storage.settled !== undefined) void group.storage.settled().then(() => this.markDirty(group));
        else this.dirty.add(group);
      }
      await this.compactWhereWanted();
    } finally {
      this.writing = false;
    }
    if (this.dirty.size > 0) this.scheduleTurn();
    // Liveness messages a tick queued while this turn wrote, if no turn follows to carry them.
    else this.options.transport.flush();
  }

  private async persist(readys: readonly [RaftGroup, Ready][]): Promise<void> {
    const writes: GroupWrite[] = [];
    let sync = false;
    let flushWithinMs: number | undefined;
    for (const [group, rd] of readys) {
      if (rd.snapshot === null && rd.entries.length === 0 && rd.hardState === null) continue;
      let offsets: readonly OffsetPoint[] = [];
      // Entries the state machine finds malformed are not written: their group stops instead.
      if (rd.entries.length > 0 && !this.guarded(group, () => (offsets = group.stm.offsetPoints?.(rd.entries) ?? []))) continue;
      writes.push({
        group: group.id,
        ...(rd.snapshot !== null && { snapshot: rd.snapshot }),
        ...(rd.entries.length > 0 && { entries: rd.entries, offsets }),
        ...(rd.hardState !== null && { hardState: rd.hardState }),
      });
      // A vote or term must be on disk before anyone hears of it, write caching or not.
      const vote = rd.hardState ?? group.persistedVote;
      const voteChanged = vote.term !== group.persistedVote.term || vote.vote !== group.persistedVote.vote;
      if (voteChanged) group.persistedVote = { term: vote.term, vote: vote.vote };
      if ((voteChanged && !mutants.voteBeforeDurable) || rd.snapshot !== null || (rd.entries.length > 0 && !group.writeCaching)) sync = true;
      if (rd.entries.length > 0 && group.writeCaching && group.writeCachingFlushMs !== undefined) {
        flushWithinMs = Math.min(flushWithinMs ?? Number.POSITIVE_INFINITY, group.writeCachingFlushMs);
      }
    }
    await this.writeRefusingGroups(writes, { sync: sync && !mutants.ackBeforeSync, ...(flushWithinMs !== undefined && { flushWithinMs }) });
  }

  /**
   * Writes, and stops each group whose entries storage refuses for offsets
   * that do not follow its log (checked before anything is written), then
   * writes the others. Each refusal removes a group: at most one retry each.
   */
  private async writeRefusingGroups(writes: readonly GroupWrite[], options: WriteOptions): Promise<void> {
    let remaining = writes;
    while (remaining.length > 0) {
      try {
        await this.options.storage.write(remaining, options);
        return;
      } catch (error) {
        const group = error instanceof OffsetOrderError ? this.groups.get(error.group) : undefined;
        if (group === undefined) throw error;
        this.failGroup(group, new StateMachineFailure(error instanceof Error ? error.message : String(error), { cause: error }));
        remaining = remaining.filter((write) => write.group !== group.id);
      }
    }
  }

  private sendAll(readys: readonly [RaftGroup, Ready][], messagesOf: (rd: Ready) => readonly Message[]): void {
    const byPeer = new Map<NodeId, Envelope[]>();
    for (const [group, rd] of readys) {
      for (const message of messagesOf(rd)) {
        if (message.type === MessageType.Snap) {
          this.sendSnapshot(group, message);
          continue;
        }
        let queue = byPeer.get(message.to);
        if (queue === undefined) byPeer.set(message.to, (queue = []));
        queue.push({ group: group.id, message });
      }
    }
    for (const [peer, envelopes] of byPeer) this.options.transport.send(peer, envelopes);
    this.options.transport.flush();
  }

  private sendSnapshot(group: RaftGroup, message: Message): void {
    void this.options.transport.sendSnapshot(message.to, group.id, message).then(
      (ok) => this.reportSnapshot(group, message.to, ok),
      () => this.reportSnapshot(group, message.to, false),
    );
  }

  private reportSnapshot(group: RaftGroup, to: NodeId, ok: boolean): void {
    if (group.closed) return;
    group.raw.reportSnapshot(to, ok);
    this.markDirty(group);
  }

  /** Runs `work` on `group`; a StateMachineFailure stops the group and gives false, anything else is thrown. */
  private guarded(group: RaftGroup, work: () => void): boolean {
    try {
      work();
      return true;
    } catch (error) {
      if (!(error instanceof StateMachineFailure)) throw error;
      this.failGroup(group, error);
      return false;
    }
  }

  /**
   * Stops a group whose state machine refused an entry: it is never turned,
   * stepped or compacted again, and its waiting proposals fail. It stays
   * hosted, so nothing recreates it; its state machine answers requests
   * with the failure.
   */
  private failGroup(group: RaftGroup, error: StateMachineFailure): void {
    group.closed = true;
    group.failAll({ reason: 'group-closed' });
    this.dirty.delete(group);
    this.awake.delete(group);
    this.appliedSinceCompaction.delete(group);
    this.options.onGroupFailed?.(group.id, error);
  }

  private applyStored(group: RaftGroup, entries: readonly Entry[]): void {
    if (group.closed || entries.length === 0) return;
    group.applyEntries(entries);
    this.appliedSinceCompaction.add(group);
  }

  /** Compaction in a turn that writes nothing: the turn holds `writing` so no other starts meanwhile. */
  private async compactBetweenWrites(): Promise<void> {
    this.writing = true;
    try {
      await this.compactWhereWanted();
    } finally {
      this.writing = false;
    }
    if (this.dirty.size > 0) this.scheduleTurn();
  }

  private async compactWhereWanted(): Promise<void> {
    const groups = [...this.appliedSinceCompaction];
    this.appliedSinceCompaction.clear();
    for (const group of groups) {
      if (group.closed) continue;
      const plan = group.compaction();
      if (plan !== undefined) await this.options.storage.compact(group.id, plan.index, plan.conf, plan.data);
    }
  }
}

function isEmpty(rd: Ready): boolean {
  return (
    rd.softState === null &&
    rd.hardState === null &&
    rd.snapshot === null &&
    rd.entries.length === 0 &&
    rd.committedEntries.length === 0 &&
    rd.messages.length === 0 &&
    rd.earlyMessages.length === 0
  );
}
