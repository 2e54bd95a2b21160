/**
 * The simulated world of one seed (shaped like TigerBeetle's VOPR): nodes,
 * disks, a network, clients and a nemesis, driven by one virtual clock. A
 * step is one event; after each, the touched node carries out its Ready (the
 * disk write takes virtual time, and its messages leave only when it is
 * durable) and the checker compares what it did with the rest of the cluster.
 *
 * The run has two phases: a fault phase of `steps` events, then a liveness
 * phase in which every fault heals and a leader and a fresh acknowledged
 * commit must appear, and every member must apply it, within a bound.
 */
import { assert } from '../../src/raft/assert.js';
import type { RawNode } from '../../src/raft/raw-node.js';
import { SeededRng } from '../../src/raft/rng.js';
import { MemoryStorage, bootstrapState } from '../../src/raft/storage.js';
import type { Entry, LogIndex, NodeId, Ready, Term } from '../../src/raft/types.js';
import { MessageType, Role } from '../../src/raft/types.js';
import { Checker, Violation } from './checker.js';
import { EventQueue } from './event-queue.js';
import type { SimEvent } from './events.js';
import { LIVENESS_EVENTS_MAX, LIVENESS_TICKS_MAX, NODES_MAX, READIES_INLINE_MAX, TICK_INTERVAL_US, TICK_SKEW_FRACTION_MAX } from './limits.js';
import type { Core } from './mutants.js';
import { Network } from './network.js';
import { Nemesis } from './nemesis.js';
import type { SimProfile } from './profile.js';
import { Replica } from './replica.js';
import { StateMachine, payloadIdOf } from './state-machine.js';
import { Trace } from './trace.js';
import { Workload } from './workload.js';

/** Faults and events counted as they happen. */
export interface Counters {
  crashes: number;
  partitions: number;
  transfers: number;
  compactions: number;
  snapshotsInstalled: number;
}

/** How much of what the faults are meant to exercise a run actually saw. */
export interface Coverage extends Counters {
  readonly termsWithLeader: number;
  readonly confChanges: number;
  readonly acked: number;
}

export class Simulator {
  nowUs = 0;
  events = 0;
  readonly replicas = new Map<NodeId, Replica>();
  readonly checker = new Checker();
  readonly network: Network;
  readonly trace = new Trace();
  readonly counters: Counters = {
    crashes: 0,
    partitions: 0,
    transfers: 0,
    compactions: 0,
    snapshotsInstalled: 0,
  };
  /** False once the fault phase is over. */
  faulty = true;

  private readonly queue = new EventQueue<SimEvent>();
  private readonly diskRng: SeededRng;
  private readonly nodeRng: SeededRng;
  private readonly workload: Workload;
  private readonly nemesis: Nemesis;
  private livenessDeadlineUs = 0;
  private livenessProposal: { replica: Replica; incarnation: number; index: LogIndex; term: Term } | null = null;
  private livenessAcked = false;
  /** The highest index of any acknowledged proposal: at the end every member must have applied it. */
  private ackedIndexMax = 0 as LogIndex;
  private livenessDone = false;

  constructor(
    readonly profile: SimProfile,
    private readonly core: Core,
    seed: number,
  ) {
    const root = new SeededRng(seed);
    this.network = new Network(new SeededRng(root.next()), profile.network, (delayUs, delivery) =>
      this.schedule(delayUs, { kind: 'deliver', ...delivery }),
    );
    this.diskRng = new SeededRng(root.next());
    this.nodeRng = new SeededRng(root.next());
    this.workload = new Workload(this, new SeededRng(root.next()));
    this.nemesis = new Nemesis(this, new SeededRng(root.next()));
  }

  /** Runs both phases; throws a Violation at the first broken property. */
  run(steps: number): void {
    const founders = Array.from({ length: this.profile.clusterSize }, (_, i) => (i + 1) as NodeId);
    const conf = { voters: founders, learners: [] };
    const { entries, hardState } = bootstrapState(conf);
    for (const id of founders) {
      const storage = new MemoryStorage();
      storage.bootstrap(conf);
      // The founders' disks start with the bootstrap entry: the checker learns it as if it had been persisted.
      const ready: Ready = { softState: null, hardState, snapshot: null, entries, committedEntries: [], messages: [], earlyMessages: [] };
      this.checker.onPersist(id, ready, storage, [], null);
      this.start(this.createReplica(id, storage));
    }
    this.schedule(this.workload.nextIntervalUs(), { kind: 'client' });
    this.schedule(this.profile.faults.intervalUs, { kind: 'nemesis' });
    while (this.events < steps) this.step();
    this.heal();
    for (let i = 0; !this.livenessDone; i++) {
      assert(i < LIVENESS_EVENTS_MAX, `the liveness phase ran past ${LIVENESS_EVENTS_MAX} events`);
      this.step();
    }
  }

  coverage(): Coverage {
    const { termsWithLeader, confChangesApplied, ackedCount } = this.checker;
    return { ...this.counters, termsWithLeader, confChanges: confChangesApplied, acked: ackedCount };
  }

  // ---- What the workload, the nemesis and membership changes use ----

  /** The live leader of the highest term, if any. */
  leader(): Replica | undefined {
    let leader: Replica | undefined;
    for (const replica of this.replicas.values()) {
      if (replica.alive && replica.role === Role.Leader && (leader === undefined || replica.term > leader.term)) leader = replica;
    }
    return leader;
  }

  live(): Replica[] {
    return [...this.replicas.values()].filter((replica) => replica.alive);
  }

  /** Calls into a live node, then lets it carry out what that produced. */
  withNode<T>(replica: Replica, call: (node: RawNode) => T): T {
    const node = replica.node;
    assert(node !== null, `n${replica.id} is down`);
    const result = call(node);
    this.settle(replica);
    return result;
  }

  note(text: string): void {
    this.trace.note(this.nowUs, text);
  }

  crash(replica: Replica, why: string): void {
    if (!replica.alive) return;
    this.note(`${why}: n${replica.id}${replica.pending === null ? '' : ' (losing its unfinished write)'}`);
    replica.crash();
    this.counters.crashes++;
  }

  scheduleRestart(replica: Replica, downtimeUs: number): void {
    this.schedule(downtimeUs, { kind: 'restart', node: replica.id });
  }

  /** Crashes a node after `delayUs` (if it is still the same run of it), and restarts it `downtimeUs` later. */
  scheduleCrash(replica: Replica, delayUs: number, downtimeUs: number, why: string): void {
    this.schedule(delayUs, { kind: 'crash', node: replica.id, incarnation: replica.incarnation, why });
    this.schedule(delayUs + downtimeUs, { kind: 'restart', node: replica.id });
  }

  /** A new, empty node for a membership change; undefined once every node id is used. */
  addNode(): Replica | undefined {
    const id = (this.replicas.size + 1) as NodeId;
    if (id > NODES_MAX) return undefined;
    const replica = this.createReplica(id, new MemoryStorage());
    this.start(replica);
    this.note(`n${id} starts empty`);
    return replica;
  }

  /** Shuts a node down for good (it left the group, or never joined). */
  retire(replica: Replica): void {
    this.crash(replica, 'retire');
    replica.retired = true;
  }

  /** Snapshots the state machine at its applied index and drops the log it covers. */
  compact(replica: Replica): void {
    const { sm, storage } = replica;
    if (sm.appliedIndex <= storage.firstIndex() - 1) return;
    storage.compact(sm.appliedIndex, sm.conf, sm.encode());
    this.counters.compactions++;
  }

  // ---- The event loop ----

  private step(): void {
    const next = this.queue.pop();
    assert(next !== undefined, 'the event queue ran dry (ticks never stop)');
    this.nowUs = next.timeUs;
    this.events++;
    const event = next.item;
    switch (event.kind) {
      case 'tick': {
        const replica = this.replicas.get(event.node)!;
        if (replica.incarnation !== event.incarnation || !replica.alive) return;
        this.schedule(replica.tickIntervalUs, event);
        this.withNode(replica, (node) => node.tick());
        return;
      }
      case 'deliver':
        this.deliver(event);
        return;
      case 'persist': {
        const replica = this.replicas.get(event.node)!;
        if (replica.incarnation !== event.incarnation || replica.pending === null) return;
        this.trace.event(this.nowUs, event, replica.pending.ready);
        this.complete(replica);
        this.crashAfterWrite(replica);
        this.pump(replica);
        return;
      }
      case 'crash': {
        const replica = this.replicas.get(event.node)!;
        if (replica.incarnation === event.incarnation && this.faulty && this.nemesis.canCrash()) this.crash(replica, event.why);
        return;
      }
      case 'restart': {
        const replica = this.replicas.get(event.node)!;
        if (replica.alive || replica.retired) return;
        this.trace.event(this.nowUs, event, null);
        this.start(replica);
        return;
      }
      case 'client':
        if (!this.faulty) return;
        this.workload.round();
        this.schedule(this.workload.nextIntervalUs(), event);
        return;
      case 'nemesis':
        if (!this.faulty) return;
        this.nemesis.round();
        this.schedule(this.profile.faults.intervalUs, event);
        return;
      case 'liveness':
        this.livenessRound();
        if (!this.livenessDone) this.schedule(TICK_INTERVAL_US, event);
        return;
    }
  }

  private schedule(delayUs: number, event: SimEvent): void {
    this.queue.push(this.nowUs + delayUs, event);
  }

  private createReplica(id: NodeId, storage: MemoryStorage): Replica {
    const skewUs = Math.round(TICK_INTERVAL_US * TICK_SKEW_FRACTION_MAX);
    const replica = new Replica(id, storage, TICK_INTERVAL_US - skewUs + this.nodeRng.int(2 * skewUs + 1));
    this.replicas.set(id, replica);
    return replica;
  }

  /** Boots a node from its disk: the state machine from the snapshot, the rest re-applied from the log. */
  private start(replica: Replica): void {
    const snapshot = replica.storage.snapshot();
    replica.start(
      this.core.createNode({
        ...this.profile.raft,
        id: replica.id,
        storage: replica.storage,
        rng: new SeededRng(this.nodeRng.next()),
        applied: snapshot.metadata.index,
        // A new run after each crash, as a restarted process: leaders forget what it held and probe it.
        boot: replica.incarnation + 1,
      }),
    );
    if (snapshot.metadata.index > 0) this.checker.onRestore(replica.id, snapshot, replica.sm);
    this.schedule(1 + this.nodeRng.int(replica.tickIntervalUs), { kind: 'tick', node: replica.id, incarnation: replica.incarnation });
    this.settle(replica);
  }

  private deliver(delivery: SimEvent & { kind: 'deliver' }): void {
    const { message } = delivery;
    const to = this.replicas.get(message.to);
    const sender = this.replicas.get(message.from)!;
    const senderCrashed = sender.incarnation !== delivery.senderIncarnation;
    const fate = this.network.fate(delivery, senderCrashed);
    const down = fate === 'arrives' && to?.alive !== true;
    this.trace.event(this.nowUs, delivery, down ? 'destination down' : fate === 'arrives' ? null : fate);
    if (fate === 'arrives' && !down) this.withNode(to!, (node) => node.step(message));
    if (sender.node === null || senderCrashed) return;
    if (fate === 'blocked' || down) this.withNode(sender, (node) => node.reportUnreachable(message.to));
    if (message.type === MessageType.Snap && delivery.reportsSnapshot) {
      this.withNode(sender, (node) => node.reportSnapshot(message.to, fate === 'arrives' && !down));
    }
  }

  /** Observes the node's role, then carries out its Readies. */
  private settle(replica: Replica): void {
    this.observe(replica);
    this.pump(replica);
  }

  /** Tracks role and term (for the trace, the clients and the nemesis); the checker judges them once durable. */
  private observe(replica: Replica): void {
    const status = replica.node!.status();
    if (status.role === replica.role && status.term === replica.term) return;
    if (status.role !== replica.role) this.note(`n${replica.id} is ${status.role} of term ${status.term}`);
    replica.role = status.role;
    replica.term = status.term;
    if (status.role === Role.Leader) this.nemesis.afterElected(replica);
  }

  /**
   * Applies what the node had stored and is now committed (even while a
   * write is in flight, as the host does), then takes its next Ready and
   * starts writing it; a Ready with nothing to persist is carried out at
   * once, as a host would without an fsync.
   */
  private pump(replica: Replica): void {
    for (let i = 0; i < READIES_INLINE_MAX; i++) {
      const node = replica.node;
      if (node === null) return;
      this.applyCommitted(replica, node.takeStoredCommitted());
      if (replica.pending !== null || !node.hasReady()) return;
      const ready = node.ready();
      // Replication traffic the core allows to leave before the write does so, as a host sends it.
      for (const m of ready.earlyMessages) this.send(replica, m);
      const votesSent = this.core.votesBeforeDurable;
      if (votesSent) {
        for (const m of ready.messages) if (m.type === MessageType.VoteResp) this.send(replica, m);
      }
      replica.pending = { ready, leaderTerm: replica.role === Role.Leader ? replica.term : null, votesSent };
      if (ready.snapshot !== null || ready.entries.length > 0 || ready.hardState !== null) {
        this.schedule(this.diskLatencyUs(), { kind: 'persist', node: replica.id, incarnation: replica.incarnation });
        return;
      }
      this.complete(replica);
    }
  }

  /** The Ready contract, once the write is durable: persist, check, send, apply, advance. */
  private complete(replica: Replica): void {
    const { ready, leaderTerm, votesSent } = replica.pending!;
    const { storage } = replica;
    const atRisk = this.checker.committedAtRisk(ready, storage);
    if (ready.snapshot !== null) storage.applySnapshot(ready.snapshot);
    storage.append(ready.entries);
    if (ready.hardState !== null) storage.setHardState(ready.hardState);
    this.checker.onPersist(replica.id, ready, storage, atRisk, leaderTerm);
    for (const m of ready.messages) {
      if (!(votesSent && m.type === MessageType.VoteResp)) this.send(replica, m);
    }
    if (ready.snapshot !== null) this.restore(replica, ready);
    this.applyCommitted(replica, ready.committedEntries);
    replica.pending = null;
    replica.node!.advance();
  }

  /** A crash chosen to land right after a durable write, before its messages arrive. */
  private crashAfterWrite(replica: Replica): void {
    this.nemesis.afterWrite(replica);
    const downtimeUs = replica.crashAfterWriteDowntimeUs;
    if (downtimeUs === null) return;
    replica.crashAfterWriteDowntimeUs = null;
    this.scheduleCrash(replica, 0, downtimeUs, 'crash right after a write');
  }

  private send(replica: Replica, m: Ready['messages'][number]): void {
    if (m.type === MessageType.VoteResp && !m.reject) {
      this.checker.onVoteGranted(m.from, m.term, m.to);
      this.nemesis.afterVote(replica);
    }
    this.network.send(m, replica.incarnation);
  }

  private restore(replica: Replica, ready: Ready): void {
    const snapshot = ready.snapshot!;
    replica.sm = StateMachine.fromSnapshot(snapshot);
    this.checker.onRestore(replica.id, snapshot, replica.sm);
    this.counters.snapshotsInstalled++;
    // Proposals the snapshot skips over were never applied here: their outcome is unknown to this node.
    for (const index of replica.proposals.keys()) if (index <= snapshot.metadata.index) replica.proposals.delete(index);
  }

  private applyCommitted(replica: Replica, entries: readonly Entry[]): void {
    const last = entries[entries.length - 1];
    if (last === undefined) return;
    this.checker.onApplyCommitted(replica.id, last.index, replica.node!.status().term, replica.storage);
    for (const entry of entries) this.apply(replica, entry);
  }

  private apply(replica: Replica, entry: Entry): void {
    const sm = replica.sm;
    if (entry.index !== sm.appliedIndex + 1) {
      throw new Violation('state-machine-safety', `n${replica.id} was handed entry ${entry.index} to apply after ${sm.appliedIndex}`);
    }
    sm.apply(entry);
    this.checker.onApply(replica.id, entry, sm);
    const proposal = replica.proposals.get(entry.index);
    if (proposal === undefined) return;
    replica.proposals.delete(entry.index);
    if (proposal.term !== entry.term) return; // overwritten by another leader: not acknowledged
    if (payloadIdOf(entry) !== proposal.payloadId) {
      throw new Violation(
        'state-machine-safety',
        `n${replica.id} applied payload ${payloadIdOf(entry) ?? 'none'} at (${entry.index}, t${entry.term}), where it accepted ${proposal.payloadId}`,
      );
    }
    this.checker.onAck(entry.index, entry.term, proposal.payloadId);
    if (proposal.liveness) this.livenessAcked = true;
    this.ackedIndexMax = Math.max(this.ackedIndexMax, entry.index) as LogIndex;
  }

  private diskLatencyUs(): number {
    const { latencyUsMin, latencyUsMax, stallProbability } = this.profile.disk;
    const latencyUs = latencyUsMin + this.diskRng.int(latencyUsMax - latencyUsMin + 1);
    return this.diskRng.chance(stallProbability) ? 10 * latencyUs : latencyUs;
  }

  // ---- Liveness ----

  private heal(): void {
    this.faulty = false;
    this.nemesis.stop();
    this.network.quiesce();
    this.note('faults over: network healed, crashed nodes restart');
    for (const replica of this.replicas.values()) if (!replica.alive && !replica.retired) this.start(replica);
    this.livenessDeadlineUs = this.nowUs + LIVENESS_TICKS_MAX * TICK_INTERVAL_US + this.catchUpBoundUs();
    this.schedule(TICK_INTERVAL_US, { kind: 'liveness' });
  }

  /**
   * Time to replicate the backlog the faults left: every entry beyond a
   * node's commit may cost a round trip at the seed's worst delays (the
   * harshest settings send one entry per message, one message at a time).
   */
  private catchUpBoundUs(): number {
    let lastIndexMax = 0;
    let commitMin = Infinity;
    for (const replica of this.replicas.values()) {
      if (replica.retired) continue;
      lastIndexMax = Math.max(lastIndexMax, replica.storage.lastIndex());
      commitMin = Math.min(commitMin, replica.storage.hard().commit);
    }
    const { network, disk } = this.profile;
    const roundTripUsMax = 2 * network.delayUsMax + 2 * disk.latencyUsMax;
    return Math.max(0, lastIndexMax - commitMin) * roundTripUsMax;
  }

  /** Once per tick: propose a fresh entry until one is acknowledged, then wait for every member to apply it. */
  private livenessRound(): void {
    if (this.nowUs > this.livenessDeadlineUs) throw new Violation('liveness', this.livenessStuck());
    const leader = this.leader();
    if (!this.livenessAcked) {
      // A proposal is worth waiting for while its leader still leads its term; otherwise the client retries.
      const proposal = this.livenessProposal;
      const pending =
        proposal !== null &&
        proposal.replica.incarnation === proposal.incarnation &&
        proposal.replica.proposals.has(proposal.index) &&
        proposal.replica === leader &&
        leader.term === proposal.term;
      if (pending || leader === undefined) return;
      const result = this.workload.propose(leader, true);
      if (result.ok) this.livenessProposal = { replica: leader, incarnation: leader.incarnation, index: result.index, term: result.term };
      return;
    }
    if (leader === undefined || this.lagging(leader).length > 0) return;
    const { voters, learners } = leader.sm.conf;
    for (const id of [...voters, ...learners]) this.checker.checkFinal(id, this.replicas.get(id)!.sm);
    this.livenessDone = true;
  }

  /** Members of the leader's applied configuration that are down or have not applied every acknowledged entry. */
  private lagging(leader: Replica): string[] {
    const { voters, learners } = leader.sm.conf;
    const lagging: string[] = [];
    for (const id of [...voters, ...learners]) {
      const replica = this.replicas.get(id);
      if (replica?.alive !== true) lagging.push(`n${id} (down)`);
      else if (replica.sm.appliedIndex < this.ackedIndexMax) lagging.push(`n${id} at ${replica.sm.appliedIndex}`);
    }
    return lagging;
  }

  /** Each node's view, for a liveness failure: who could win, and why it does not. */
  private describeNodes(): string {
    const views = [...this.replicas.values()].map((replica) => {
      if (replica.node === null) return `n${replica.id} down`;
      const st = replica.node.status();
      const lastTerm = replica.storage.term(st.lastIndex);
      return `n${replica.id} ${st.role} t${st.term} last (${st.lastIndex}, t${String(lastTerm)}) commit ${st.commit} voters ${st.conf.voters.join('/')}`;
    });
    return views.join('; ');
  }

  private livenessStuck(): string {
    const bound = `${LIVENESS_TICKS_MAX} ticks (plus time to catch up) after the faults healed`;
    const leader = this.leader();
    if (leader === undefined) return `no leader ${bound}; ${this.describeNodes()}`;
    if (!this.livenessAcked) return `leader n${leader.id} (term ${leader.term}) acknowledged no fresh proposal ${bound}`;
    return `members ${this.lagging(leader).join(', ')} did not apply the acknowledged entries up to ${this.ackedIndexMax} ${bound}`;
  }
}
