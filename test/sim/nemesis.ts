/**
 * The faults of the fault phase, decided with the seed's probabilities: once
 * per round, crashes (aimed at the leader or at a node with a write in
 * flight), partitions (symmetric splits, the leader alone, one-way isolation,
 * random directed links), healing, membership changes, leadership transfers,
 * forced elections and log compaction; and at the moments where durability
 * and Figure 8 matter, crashes right after a vote is granted, right after a
 * durable write (mostly a leader's), and right after an election, or a new
 * leader losing its outbound links before its first entry leaves.
 */
import type { SeededRng } from '../../src/raft/rng.js';
import type { NodeId } from '../../src/raft/types.js';
import { Role } from '../../src/raft/types.js';
import { TICK_INTERVAL_US } from './limits.js';
import { Membership } from './membership.js';
import type { Replica } from './replica.js';
import type { Simulator } from './simulator.js';

/** A voter that crashes after its vote comes back quickly, while the election is still going on. */
const VOTE_CRASH_DOWNTIME_US_MAX = 2 * TICK_INTERVAL_US;
/** Leaders crash after a write this many times more often than followers. */
const LEADER_WRITE_CRASH_FACTOR = 10;
/** A new leader that crashes does so within this long of its election, before it has replicated much. */
const ELECTION_CRASH_DELAY_US_MAX = 3 * TICK_INTERVAL_US;

export class Nemesis {
  private readonly membership: Membership;

  constructor(
    private readonly sim: Simulator,
    private readonly rng: SeededRng,
  ) {
    this.membership = new Membership(sim, rng);
  }

  round(): void {
    const faults = this.sim.profile.faults;
    this.membership.round();
    if (this.rng.chance(faults.crashProbability)) this.crashOne();
    if (this.rng.chance(faults.partitionProbability)) this.partition();
    else if (this.sim.network.partitioned && this.rng.chance(faults.healProbability)) {
      this.sim.network.heal();
      this.sim.note('partition healed');
    }
    if (this.rng.chance(faults.transferProbability)) this.transfer();
    if (this.rng.chance(faults.campaignProbability)) this.campaign();
    for (const replica of this.sim.live()) {
      if (this.rng.chance(faults.compactProbability)) this.sim.compact(replica);
    }
  }

  /** The fault phase is over. */
  stop(): void {
    this.membership.abandon('faults are over');
  }

  /** Called as a voter's granted vote leaves it: sometimes it crashes before the election ends. */
  afterVote(voter: Replica): void {
    if (!this.sim.faulty || !this.rng.chance(this.sim.profile.faults.crashAfterVoteProbability) || !this.canCrash()) return;
    const delayUs = this.rng.int(this.sim.profile.disk.latencyUsMax + 1);
    this.sim.scheduleCrash(voter, delayUs, 1 + this.rng.int(VOTE_CRASH_DOWNTIME_US_MAX), 'crash after its vote');
  }

  /**
   * Called when a node becomes leader: sometimes it crashes before it has
   * replicated much, or loses its outbound links before its first entry
   * leaves (Figure 8 needs leaders whose entries reach no majority).
   */
  afterElected(leader: Replica): void {
    const faults = this.sim.profile.faults;
    if (!this.sim.faulty) return;
    if (this.rng.chance(faults.crashAfterElectionProbability) && this.canCrash()) {
      const downtimeUs = 1 + this.rng.int(faults.downtimeUsMax);
      // Either as soon as its first write (holding its no-op) is durable, before anyone has it, or a little later.
      if (this.rng.chance(0.5)) leader.crashAfterWriteDowntimeUs = downtimeUs;
      else this.sim.scheduleCrash(leader, this.rng.int(ELECTION_CRASH_DELAY_US_MAX + 1), downtimeUs, 'crash after its election');
    } else if (this.rng.chance(faults.isolateAfterElectionProbability)) {
      for (const other of this.sim.replicas.keys()) if (other !== leader.id) this.sim.network.block(leader.id, other);
      this.sim.note(`one-way: new leader n${leader.id} cannot send`);
    }
  }

  /** Called when a node's write is durable and its messages are on their way: sometimes it crashes right there. */
  afterWrite(replica: Replica): void {
    const faults = this.sim.profile.faults;
    // A leader's writes move the commit index: crashing right after one is where old-term commits bite.
    const probability = faults.crashAfterWriteProbability * (replica.role === Role.Leader ? LEADER_WRITE_CRASH_FACTOR : 1);
    if (replica.crashAfterWriteDowntimeUs !== null || !this.sim.faulty || !this.rng.chance(probability) || !this.canCrash()) return;
    replica.crashAfterWriteDowntimeUs = 1 + this.rng.int(faults.downtimeUsMax);
  }

  /** Crashes beyond the seed's limit of nodes down at once wait for a restart. */
  canCrash(): boolean {
    let down = 0;
    for (const replica of this.sim.replicas.values()) if (!replica.retired && !replica.alive) down++;
    return down < this.sim.profile.faults.crashedMax;
  }

  private crashOne(): void {
    const live = this.sim.live();
    if (live.length === 0 || !this.canCrash()) return;
    const leader = this.sim.leader();
    const writing = live.filter((replica) => replica.pending !== null);
    const victim =
      leader !== undefined && this.rng.chance(this.sim.profile.faults.leaderTargetProbability) ? leader
      : writing.length > 0 && this.rng.chance(0.5) ? this.pick(writing)
      : this.pick(live);
    this.sim.crash(victim, 'crash');
    this.sim.scheduleRestart(victim, 1 + this.rng.int(this.sim.profile.faults.downtimeUsMax));
  }

  private partition(): void {
    const network = this.sim.network;
    const ids = [...this.sim.replicas.values()].filter((replica) => !replica.retired).map((replica) => replica.id);
    if (ids.length < 2) return;
    network.heal();
    this.sim.counters.partitions++;
    const leader = this.sim.leader();
    switch (this.rng.int(3)) {
      case 0: {
        // A random split, or the leader alone on one side.
        const isolated = leader !== undefined && this.rng.chance(this.sim.profile.faults.leaderTargetProbability);
        const shuffled = isolated ? [leader.id, ...ids.filter((id) => id !== leader.id)] : this.shuffle(ids);
        const cut = isolated ? 1 : 1 + this.rng.int(ids.length - 1);
        const side = shuffled.slice(0, cut);
        const rest = shuffled.slice(cut);
        for (const a of side) {
          for (const b of rest) {
            network.block(a, b);
            network.block(b, a);
          }
        }
        this.sim.note(`partition {${side.join(',')}} | {${rest.join(',')}}`);
        return;
      }
      case 1: {
        const node = this.pick(ids);
        const outbound = this.rng.chance(0.5);
        for (const other of ids) {
          if (other === node) continue;
          if (outbound) network.block(node, other);
          else network.block(other, node);
        }
        this.sim.note(outbound ? `one-way: n${node} cannot send` : `one-way: n${node} cannot receive`);
        return;
      }
      default: {
        const links: string[] = [];
        for (const from of ids) {
          for (const to of ids) {
            if (from === to || !this.rng.chance(0.25)) continue;
            network.block(from, to);
            links.push(`${from}→${to}`);
          }
        }
        this.sim.note(`links down: ${links.join(' ') || 'none'}`);
      }
    }
  }

  private transfer(): void {
    const leader = this.sim.leader();
    if (leader?.node == null) return;
    const others = leader.node.status().conf.voters.filter((id) => id !== leader.id);
    if (others.length === 0) return;
    const to = this.pick(others);
    const result = this.sim.withNode(leader, (node) => node.transferLeadership(to));
    this.sim.note(`n${leader.id} transfers leadership to n${to}: ${result.ok ? 'ok' : result.reason}`);
    this.sim.counters.transfers++;
  }

  private campaign(): void {
    const live = this.sim.live();
    if (live.length === 0) return;
    const replica = this.pick(live);
    this.sim.note(`n${replica.id} campaigns`);
    this.sim.withNode(replica, (node) => node.campaign());
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  private shuffle(ids: readonly NodeId[]): NodeId[] {
    const out = ids.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
