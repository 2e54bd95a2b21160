/**
 * What one seed simulates: the cluster size, the Raft settings and the fault
 * mix, all drawn from the seed (swarm testing: every seed runs a different
 * mix, so rare interleavings get a chance in some of them).
 */
import type { RaftConfig } from '../../src/raft/config.js';
import type { SeededRng } from '../../src/raft/rng.js';
import { TICK_INTERVAL_US } from './limits.js';

export type RaftOverrides = Pick<
  RaftConfig,
  'electionTicks' | 'heartbeatTicks' | 'preVote' | 'checkQuorum' | 'broadcastCommit' | 'msgBytesMax' | 'inflightMsgsMax' | 'applyBytesMax'
>;

export interface NetworkProfile {
  readonly delayUsMin: number;
  readonly delayUsMax: number;
  readonly dropProbability: number;
  readonly duplicateProbability: number;
  /** A message still in flight when its sender crashes dies with it (unsent socket buffers) this often. */
  readonly lostWithSenderProbability: number;
}

export interface DiskProfile {
  readonly latencyUsMin: number;
  readonly latencyUsMax: number;
  /** A write occasionally takes ten times longer (an fsync stall). */
  readonly stallProbability: number;
}

/** Probabilities are per nemesis round (one every `intervalUs`), except where noted. */
export interface FaultProfile {
  readonly intervalUs: number;
  readonly crashProbability: number;
  /** Nodes down at once; crashes beyond it do not happen. */
  readonly crashedMax: number;
  readonly downtimeUsMax: number;
  /** Per granted vote: the voter crashes shortly after sending it. */
  readonly crashAfterVoteProbability: number;
  /**
   * Per durable write (a leader's: ten times as likely): the node crashes
   * right after it, and the messages of that write may die with it.
   */
  readonly crashAfterWriteProbability: number;
  /**
   * Per election won: the new leader crashes right after its first write or
   * within a few ticks (Figure 8 needs leaders that fall fast).
   */
  readonly crashAfterElectionProbability: number;
  /** Per election won (and not crashed): the new leader's outbound links fail at once. */
  readonly isolateAfterElectionProbability: number;
  /** Crashes and isolating partitions aim at the leader this often. */
  readonly leaderTargetProbability: number;
  readonly partitionProbability: number;
  readonly healProbability: number;
  readonly membershipProbability: number;
  readonly transferProbability: number;
  readonly campaignProbability: number;
  /** Per live node and round: compact its log at its applied index. */
  readonly compactProbability: number;
}

export interface SimProfile {
  readonly clusterSize: number;
  readonly raft: RaftOverrides;
  readonly network: NetworkProfile;
  readonly disk: DiskProfile;
  readonly faults: FaultProfile;
  /** Client proposals arrive every [0, 2 × mean) microseconds. */
  readonly proposalIntervalUsMean: number;
}

export function drawProfile(rng: SeededRng): SimProfile {
  const pick = <T>(choices: readonly T[]): T => choices[rng.int(choices.length)]!;
  const between = (lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
  const clusterSize = pick([1, 3, 3, 5, 5]);
  const delayUsMin = between(50, 1_000);
  const latencyUsMin = between(10, 500);
  return {
    clusterSize,
    raft: {
      electionTicks: pick([8, 10, 12]),
      heartbeatTicks: pick([1, 1, 2]),
      preVote: rng.chance(0.7),
      checkQuorum: rng.chance(0.7),
      broadcastCommit: rng.chance(0.5),
      // Tiny limits split replication into one entry per message, which old-term commit bugs need.
      msgBytesMax: pick([1, 1, 64, 1024 * 1024]),
      inflightMsgsMax: pick([1, 4, 256]),
      applyBytesMax: pick([1, 256, 64 * 1024 * 1024]),
    },
    network: {
      delayUsMin,
      delayUsMax: delayUsMin + pick([500, 3_000, 10_000, 30_000]),
      dropProbability: pick([0, 0.01, 0.05, 0.15]),
      duplicateProbability: pick([0, 0.01, 0.05]),
      lostWithSenderProbability: pick([0, 0.5, 1]),
    },
    disk: {
      latencyUsMin,
      latencyUsMax: latencyUsMin + pick([200, 2_000, 10_000, 30_000]),
      stallProbability: pick([0, 0.01]),
    },
    faults: {
      intervalUs: TICK_INTERVAL_US,
      crashProbability: pick([0.005, 0.01, 0.03]),
      crashedMax: between(1, clusterSize),
      downtimeUsMax: pick([2, 10, 40]) * TICK_INTERVAL_US,
      crashAfterVoteProbability: pick([0, 0.05, 0.2]),
      crashAfterWriteProbability: pick([0, 0.003, 0.01]),
      crashAfterElectionProbability: pick([0, 0.1, 0.3]),
      isolateAfterElectionProbability: pick([0, 0.1, 0.3]),
      leaderTargetProbability: pick([0.2, 0.5]),
      partitionProbability: pick([0.005, 0.01, 0.03]),
      healProbability: pick([0.02, 0.05, 0.1]),
      membershipProbability: pick([0.02, 0.05]),
      transferProbability: pick([0.005, 0.02]),
      campaignProbability: pick([0.005, 0.02]),
      compactProbability: pick([0.01, 0.03, 0.1]),
    },
    proposalIntervalUsMean: pick([2_000, 5_000, 20_000]),
  };
}
