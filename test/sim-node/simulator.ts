/**
 * One seed of the whole-node simulation. The world is one virtual clock;
 * each event runs, then every promise the real code chained on it settles
 * (one macrotask turn drains the microtask queue, and nothing in the
 * simulation touches a real timer or real I/O), then the checker looks.
 *
 * Fault phase: the nemesis crashes and restarts nodes (at random, and right
 * after a node grants a vote), corrupts a stored entry of a node while it
 * is down, cuts links (symmetric splits, a node alone, one-way links) and
 * heals them; the disk fails and stalls syncs; the network loses,
 * duplicates and reorders batches; produce answers are lost. On half the
 * seeds partitions run retention on small segments: their logs lose their
 * start, the hosts compact, and replicas that fell behind the leader's log
 * start are sent snapshots, under the same faults. Liveness
 * phase: every fault stops, every node restarts, and within a bound every
 * partition must have a ready leader and every producer two more batches
 * acknowledged; then each partition's whole log is read from its leader,
 * and every replica that has applied as far as the leader must hold the
 * same partition state (high watermark, log start, the log's clock,
 * producer table, segments): state machines read nothing but the entries.
 */
import { mutants } from '../../src/host/mutants.js';
import type { Mutants } from '../../src/host/mutants.js';
import type { PartitionStm } from '../../src/partition/partition-stm.js';
import type { NodeId } from '../../src/raft/index.js';
import { Role, SeededRng } from '../../src/raft/index.js';
import { StorageCorruptionError } from '../../src/storage/errors.js';
import type { GroupId } from '../../src/storage/types.js';
import { Checker, causedBy } from './checker.js';
import { CORE_MUTANTS, coreMutant } from './core-mutants.js';
import type { Profile } from './profile.js';
import { drawProfile } from './profile.js';
import { SimDisk, SimulatedSyncFailure } from './sim-disk.js';
import { SimNetwork } from './sim-network.js';
import { SimNode } from './sim-node.js';
import { Producer, readAll, readSomewhere } from './workload.js';
import { World } from './world.js';

export const MUTANTS: Readonly<Record<string, keyof Mutants>> = {
  'ack-before-sync': 'ackBeforeSync',
  'ack-before-commit': 'ackBeforeCommit',
  'vote-before-durable': 'voteBeforeDurable',
  'idempotence-off': 'idempotenceOff',
  'serve-before-ready': 'serveBeforeReady',
};

const NEMESIS_EVERY_US = 10_000;
const READ_EVERY_US = 20_000;
/** After the faults stop, everything must settle within this much virtual time. */
const LIVENESS_BOUND_US = 15_000_000;
/** After the final read, how long followers get to apply as far as the leader before their state is compared. */
const REPLICA_CATCH_UP_US = 5_000_000;
/** A seed that runs more events than this is stuck in a loop of the code under test. */
const EVENTS_MAX = 3_000_000;

export interface SeedOptions {
  readonly seed: number;
  readonly mutant?: string;
  /** Every crash is a power loss, write caching or not (beyond what write caching promises: see docs/testing.md). */
  readonly powerLossAlways?: boolean;
}

export interface SeedResult {
  readonly seed: number;
  readonly violation?: string;
  readonly events: number;
  readonly virtualMs: number;
  /** What the seed saw, for the summary line. */
  readonly seen: Readonly<Record<string, number>>;
}

/** Every planted bug: the host's switches, then the core's quiescence mutants. */
export const MUTANT_NAMES: readonly string[] = [...Object.keys(MUTANTS), ...Object.keys(CORE_MUTANTS)];

export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  const switched = options.mutant === undefined ? undefined : MUTANTS[options.mutant];
  const core = options.mutant === undefined ? undefined : CORE_MUTANTS[options.mutant];
  if (options.mutant !== undefined && switched === undefined && core === undefined) throw new Error(`unknown mutant ${options.mutant}; known: ${MUTANT_NAMES.join(', ')}`);
  if (switched !== undefined) mutants[switched] = true;
  coreMutant.current = core;
  try {
    const profile = drawProfile(options.seed);
    return await new Simulation(options.powerLossAlways === true ? { ...profile, node: { ...profile.node, powerLoss: true } } : profile).run();
  } finally {
    if (switched !== undefined) mutants[switched] = false;
    coreMutant.current = undefined;
  }
}

class Simulation {
  private readonly world = new World();
  private readonly checker: Checker;
  private readonly rng: SeededRng;
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[];
  private readonly disks: SimDisk[];
  private readonly producers: Producer[] = [];
  private liveness = false;
  private readonly seen: Record<string, number> = {
    crashes: 0,
    syncFailures: 0,
    corruptionsDetected: 0,
    partitions: 0,
    voteCrashes: 0,
    transfers: 0,
    quiet: 0,
    compactions: 0,
    snapshotsInstalled: 0,
    snapshotRestarts: 0,
    retentionLag: 0,
  };

  constructor(private readonly profile: Profile) {
    const seed = profile.node.seed;
    this.checker = new Checker(profile.node.retention);
    this.rng = new SeededRng(seed);
    this.network = new SimNetwork(this.world, new SeededRng(seed + 1), profile.network);
    this.disks = profile.node.voters.map((id) => new SimDisk(this.world, new SeededRng(seed * 31 + id), profile.disk));
    const events = {
      fatal: (node: SimNode, error: unknown) => this.fatal(node, error),
      started: (node: SimNode) => this.started(node),
      groupFailed: (node: SimNode, group: GroupId, error: Error) => this.checker.fail(`node ${node.id} stopped group ${group}: ${error.message}`),
      compacted: () => this.seen.compactions!++,
      restored: (_node: SimNode, _group: GroupId, atOpen: boolean) => (atOpen ? this.seen.snapshotRestarts!++ : this.seen.snapshotsInstalled!++),
    };
    this.nodes = profile.node.voters.map((id, i) => new SimNode(id, this.disks[i]!, this.world, this.network, profile.node, events));
    if (profile.node.raft.preVote !== false) {
      this.network.onPreVoteGranted = (group, answer) => this.checker.preVoteGranted(group, answer.to, answer.term);
      this.network.onElection = (group, request) => this.checker.electionStarted(group, request);
    }
    this.network.onVoteGranted = (group, vote) => {
      const voter = vote.from;
      this.checker.voteGranted(group, voter, vote.to, vote.term);
      if (!this.liveness && this.rng.float() < profile.crashAfterVote && this.downCount() < profile.downMax) {
        this.seen.voteCrashes!++;
        this.world.after(0, () => this.crash(this.node(voter)));
      }
    };
  }

  async run(): Promise<SeedResult> {
    const { profile, world } = this;
    const clientRng = new SeededRng(profile.node.seed + 2);
    for (const group of profile.node.groups) {
      for (let p = 0; p < profile.producersPerPartition; p++) {
        const id = BigInt(1000 * group + p);
        this.producers.push(new Producer(id, group, this.nodes, world, clientRng, this.checker, () => (this.liveness ? 0 : profile.responseLoss)));
      }
    }
    for (const node of this.nodes) node.start();
    for (const producer of this.producers) producer.start();
    this.every(NEMESIS_EVERY_US, () => this.nemesis());
    this.every(READ_EVERY_US, () => readSomewhere(this.nodes, clientRng, this.checker));
    const faultEndUs = profile.faultPhaseMs * 1000;
    world.after(faultEndUs, () => this.startLiveness());
    let settled = false;
    while (this.checker.violation === undefined && this.step()) {
      await settle();
      this.checker.observe(this.nodes);
      if (this.liveness && this.settled()) {
        settled = true;
        break;
      }
      if (world.nowUs > faultEndUs + LIVENESS_BOUND_US) {
        this.checker.fail(`liveness: ${this.unsettled()} ${LIVENESS_BOUND_US / 1e6} s after the faults stopped; ${this.describeNodes()}`);
      }
      if (world.events > EVENTS_MAX) this.checker.fail(`more than ${EVENTS_MAX} events`);
    }
    if (settled) await this.finalCheck();
    for (const node of this.nodes) node.crash();
    this.seen.unsyncedLosses = this.disks.reduce((n, disk) => n + disk.unsyncedLosses, 0);
    return { seed: profile.node.seed, ...(this.checker.violation !== undefined && { violation: this.checker.violation }), events: world.events, virtualMs: Math.round(world.nowUs / 1000), seen: { ...this.seen, acks: this.checker.acks, reads: this.checker.reads, expiredAcks: this.checker.expiredAcks } };
  }

  /** One event; an exception the code under test throws out of it is a violation. */
  private step(): boolean {
    try {
      return this.world.step();
    } catch (error) {
      this.checker.fail(`thrown at ${this.world.nowUs} µs: ${error instanceof Error ? error.stack : String(error)}`);
      return false;
    }
  }

  private every(us: number, callback: () => void): void {
    const fire = (): void => {
      callback();
      this.world.after(us, fire);
    };
    this.world.after(us, fire);
  }

  private node(id: NodeId): SimNode {
    return this.nodes.find((node) => node.id === id)!;
  }

  private downCount(): number {
    return this.nodes.filter((node) => !node.up).length;
  }

  private crash(node: SimNode): void {
    if (node.down) return;
    this.seen.crashes!++;
    node.crash();
  }

  /** A node stopped itself. A failed sync and a detected corruption are what the disk was told to do; anything else is a defect. */
  private fatal(node: SimNode, error: unknown): void {
    if (causedBy(error, SimulatedSyncFailure)) {
      this.seen.syncFailures!++;
      return;
    }
    if (causedBy(error, StorageCorruptionError) && node.disk.corruptedEntry !== undefined) {
      this.seen.corruptionsDetected!++;
      node.disk.repair();
      return;
    }
    this.checker.fail(`node ${node.id} stopped: ${error instanceof Error ? error.stack : String(error)}`);
  }

  /** A node opened its storage: a corrupted entry it holds in its log must have stopped it (verifyOnOpen: full). */
  private started(node: SimNode): void {
    const corrupted = node.disk.corruptedEntry;
    if (corrupted === undefined) return;
    const log = node.running!.storage.group(corrupted.group as GroupId);
    if (log !== undefined && corrupted.index >= log.firstIndex() && corrupted.index <= log.lastIndex()) {
      this.checker.fail(`node ${node.id} opened its storage with entry ${corrupted.index} of group ${corrupted.group} corrupted, undetected`);
    }
    // A stale key outside the log: never read, so never served.
    node.disk.repair();
  }

  private nemesis(): void {
    if (this.nodes.some((node) => (node.running?.host.quietGroupCount() ?? 0) > 0)) this.seen.quiet!++;
    if (this.liveness) return;
    const { profile, rng, nodes } = this;
    const up = nodes.filter((node) => node.up);
    if (up.length > 0 && rng.float() < profile.crash && this.downCount() < profile.downMax) {
      const leaders = up.filter((node) => [...node.running!.partitions.values()].some((p) => p.group.raw.basicStatus().role === Role.Leader));
      const from = leaders.length > 0 && rng.float() < 0.5 ? leaders : up;
      this.crash(from[rng.int(from.length)]!);
    }
    for (const node of nodes) {
      if (!node.down || rng.float() >= profile.restart) continue;
      if (rng.float() < profile.corruptAtRestart) node.disk.corruptLogEntry();
      node.start();
    }
    if (rng.float() < profile.transfer) this.transfer();
    if (rng.float() < profile.partition) this.partition();
    if (this.network.partitioned && rng.float() < profile.heal) this.network.heal();
  }

  /** Asks a running node to hand one group it leads to another voter (a leadership transfer, as an operator or a rebalance would). */
  private transfer(): void {
    const up = this.nodes.filter((node) => node.up);
    if (up.length === 0) return;
    const node = up[this.rng.int(up.length)]!;
    const led = [...node.running!.partitions.values()].filter((p) => p.group.isLeader());
    if (led.length === 0) return;
    const others = this.nodes.filter((other) => other.id !== node.id);
    const partition = led[this.rng.int(led.length)]!;
    if (partition.group.transferLeadership(others[this.rng.int(others.length)]!.id)) this.seen.transfers!++;
  }

  private partition(): void {
    const { rng, nodes, network } = this;
    this.seen.partitions!++;
    const kind = rng.int(3);
    if (kind === 0) {
      // A random split, both ways.
      const side = new Set(nodes.filter(() => rng.float() < 0.5).map((node) => node.id));
      for (const a of nodes) for (const b of nodes) if (side.has(a.id) !== side.has(b.id)) network.block(a.id, b.id);
    } else if (kind === 1) {
      // One node alone, unable to send, to receive, or both.
      const alone = nodes[rng.int(nodes.length)]!.id;
      const way = rng.int(3);
      for (const other of nodes) {
        if (other.id === alone) continue;
        if (way !== 1) network.block(alone, other.id);
        if (way !== 0) network.block(other.id, alone);
      }
    } else {
      // Random one-way links.
      for (const a of nodes) for (const b of nodes) if (a !== b && rng.float() < 0.3) network.block(a.id, b.id);
    }
  }

  private startLiveness(): void {
    this.liveness = true;
    this.network.heal();
    this.network.faults = { ...this.network.faults, loss: 0, duplicate: 0 };
    for (const disk of this.disks) {
      disk.faults = { ...disk.faults, syncFailure: 0 };
      disk.repair();
    }
    for (const producer of this.producers) producer.goal = producer.sequence + 2;
    // Nodes down now, or stopped later by a fault already under way, are started again until the end.
    this.every(NEMESIS_EVERY_US, () => {
      for (const node of this.nodes) if (node.down) node.start();
    });
  }

  /** Every producer reached its goal and every partition has a leader that has applied its term's first entry. */
  private settled(): boolean {
    return this.unsettled() === '';
  }

  private unsettled(): string {
    const waiting = this.producers.filter((p) => !p.done).map((p) => `producer ${p.id}`);
    const leaderless = this.profile.node.groups.filter((group) => this.readyLeader(group) === undefined).map((group) => `group ${group}`);
    return [...waiting, ...leaderless.map((g) => `${g} has no ready leader`)].join(', ');
  }

  /** Each node's view of each group, for a liveness failure's report. */
  private describeNodes(): string {
    return this.nodes
      .map((node) => {
        if (node.running === undefined) return `node ${node.id} ${node.starting ? 'starting' : 'down'}`;
        const groups = [...node.running.partitions].map(([group, p]) => {
          const s = p.group.raw.basicStatus();
          return `g${group} ${s.role} t${s.term} lead=${s.lead} commit=${s.commit} applied=${s.applied} last=${p.group.storage.lastIndex()} ready=${p.stm.readyTerm ?? '-'}${p.group.closed ? ' closed' : ''}`;
        });
        return `node ${node.id}: ${groups.join('; ')}`;
      })
      .join(' | ');
  }

  private readyLeader(group: GroupId): SimNode | undefined {
    return this.nodes.find((node) => {
      const partition = node.running?.partitions.get(group);
      if (partition === undefined) return false;
      const status = partition.group.raw.basicStatus();
      return status.role === Role.Leader && partition.stm.readyTerm === status.term;
    });
  }

  private async finalCheck(): Promise<void> {
    for (const group of this.profile.node.groups) {
      // Time goes on while earlier groups are read and compared, and a group may be electing again by now.
      const leader = await this.untilReadyLeader(group);
      if (leader === undefined) return;
      const log = await this.whileStepping(readAll(leader, group, this.checker));
      if (log !== undefined) this.checker.finalRead(group, log);
      await this.checkReplicasAgree(group);
    }
  }

  /** The group's ready leader, stepping time until there is one; a violation if none comes within the liveness bound. */
  private async untilReadyLeader(group: GroupId): Promise<SimNode | undefined> {
    const deadlineUs = this.world.nowUs + LIVENESS_BOUND_US;
    while (this.readyLeader(group) === undefined && this.checker.violation === undefined && this.world.events <= EVENTS_MAX) {
      if (this.world.nowUs > deadlineUs) {
        this.checker.fail(`liveness: group ${group} has no ready leader ${LIVENESS_BOUND_US / 1e6} s into the final read; ${this.describeNodes()}`);
        return undefined;
      }
      if (!this.step()) return undefined;
      await settle();
    }
    return this.readyLeader(group);
  }

  /**
   * Replicas that applied the same entries hold the same partition state.
   * A follower still behind after REPLICA_CATCH_UP_US is left out (its
   * catching up is not a property here); one that caught up must agree.
   * When retention runs is the host's choice (at the end of a turn that
   * wrote, docs/testing.md), so a replica may not yet have dropped segments
   * another has: states are compared from the highest log start on, where
   * each replica must hold the same segments.
   */
  private async checkReplicasAgree(group: GroupId): Promise<void> {
    const leader = this.readyLeader(group)?.running?.partitions.get(group);
    if (leader === undefined) return;
    const appliedIndex = leader.stm.appliedIndex;
    const replicas = (): [NodeId, PartitionStm][] =>
      this.nodes.flatMap((node) => {
        const partition = node.running?.partitions.get(group);
        return partition === undefined ? [] : [[node.id, partition.stm] as [NodeId, PartitionStm]];
      });
    const deadlineUs = this.world.nowUs + REPLICA_CATCH_UP_US;
    while (
      replicas().some(([, stm]) => stm.appliedIndex < appliedIndex) &&
      this.world.nowUs < deadlineUs &&
      this.checker.violation === undefined &&
      this.world.events <= EVENTS_MAX &&
      this.step()
    ) {
      await settle();
    }
    const caughtUp = replicas().filter(([, stm]) => stm.appliedIndex === appliedIndex);
    const logStart = caughtUp.reduce((max, [, stm]) => (stm.logStartOffset > max ? stm.logStartOffset : max), 0n);
    if (caughtUp.some(([, stm]) => stm.logStartOffset < logStart)) this.seen.retentionLag!++;
    const states = caughtUp.map(([id, stm]) => [id, partitionState(stm, logStart)] as const);
    const [first, ...rest] = states;
    const differing = rest.find(([, state]) => state !== first![1]);
    if (differing !== undefined) {
      const logStarts = caughtUp.map(([id, stm]) => `node ${id} ${stm.logStartOffset}`).join(', ');
      this.checker.fail(`replicas of group ${group} disagree at applied index ${appliedIndex} (compared from log start ${logStart}; their own: ${logStarts}): node ${first![0]} has ${first![1]}, node ${differing[0]} has ${differing[1]}`);
    }
  }

  /** Waits for `work` while time goes on (its reads may wait for writes the disk finishes later); undefined if the run stopped first. */
  private async whileStepping<T>(work: Promise<T>): Promise<T | undefined> {
    let outcome: { value: T } | undefined;
    work.then(
      (value) => (outcome = { value }),
      (error: unknown) => this.checker.fail(`the final read failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
    await settle();
    while (outcome === undefined && this.checker.violation === undefined && this.world.events <= EVENTS_MAX && this.step()) await settle();
    return outcome?.value;
  }
}

/**
 * What a replica's partition state machine holds from `logStart` (at or
 * above its own log start) on, as text two replicas can be compared by.
 * Its segments below `logStart` are left out, so the first one kept must
 * begin exactly there, as on a replica whose log starts there.
 */
function partitionState(stm: PartitionStm, logStart: bigint): string {
  const { segments } = JSON.parse(toJson(stm.segments)) as { segments: { baseOffset: string }[] };
  const state = {
    highWatermark: stm.highWatermark,
    logStartOffset: logStart,
    newestTimestampMs: stm.newestTimestampMs,
    producers: stm.producers,
    segments: segments.filter((segment) => BigInt(segment.baseOffset) >= logStart),
    failed: stm.failure?.message,
  };
  return toJson(state);
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Lets every promise the last event resolved run its continuations: one macrotask turn drains the microtask queue. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
