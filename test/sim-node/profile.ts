/**
 * What a seed draws (swarm testing: each seed its own mix): the cluster,
 * the Raft settings the host runs with, the disk's and the network's
 * faults, the nemesis's rates and the workload's size.
 */
import type { NodeId, RaftOptions } from '../../src/raft/index.js';
import { SeededRng } from '../../src/raft/index.js';
import type { SegmentBounds } from '../../src/partition/segment-index.js';
import type { GroupId } from '../../src/storage/types.js';
import type { DiskFaults } from './sim-disk.js';
import type { NetworkFaults } from './sim-network.js';

export interface NodeProfile {
  readonly seed: number;
  readonly voters: readonly NodeId[];
  readonly groups: readonly GroupId[];
  readonly tickMs: number;
  readonly raft: Partial<Omit<RaftOptions, 'id' | 'storage' | 'rng' | 'applied'>>;
  readonly writeCaching: boolean;
  readonly flushIntervalMs: number;
  /**
   * Whether a crash is a power loss (unsynced writes lost) rather than a
   * process crash. Write caching promises durability only against process
   * crashes and a minority's power loss, so its seeds crash processes.
   */
  readonly powerLoss: boolean;
  /** Per node (by id - 1): how much slower (> 1) or faster its timers run than virtual time, within ±10%. */
  readonly skews: readonly number[];
  /** Small segments and retention bounds, so that partitions drop their log's start and lagging replicas need snapshots; undefined: the defaults, under which a seed never fills a segment. */
  readonly retention: Retention | undefined;
}

/** Every partition's segment bounds and retention config on a retention seed; -1 disables a bound, as in the topic config. */
export interface Retention {
  readonly segmentBounds: SegmentBounds;
  readonly retentionBytes: number;
  /** Against the log's clock: the batches' timestamps, which producers take from virtual time. */
  readonly retentionMs: number;
}

export interface Profile {
  readonly node: NodeProfile;
  readonly disk: DiskFaults;
  readonly network: NetworkFaults;
  /** Virtual length of the fault phase, ms. */
  readonly faultPhaseMs: number;
  /** Most nodes down at once. */
  readonly downMax: number;
  /** Per nemesis round (every 10 ms): probabilities of a crash, a restart of a down node, a partition, a heal. */
  readonly crash: number;
  readonly restart: number;
  readonly partition: number;
  readonly heal: number;
  /** Probability a node is crashed right after it sends a granted vote. */
  readonly crashAfterVote: number;
  /** Probability a restarting node finds one of its stored log entries corrupted. */
  readonly corruptAtRestart: number;
  /** Idempotent producers per partition. */
  readonly producersPerPartition: number;
  /** Probability a produce response is lost on its way back (the producer times out and retries). */
  readonly responseLoss: number;
  /** Per nemesis round: probability that a leader is asked to hand one of its groups to another voter. */
  readonly transfer: number;
}

function pick<T>(rng: SeededRng, choices: readonly T[]): T {
  return choices[rng.int(choices.length)]!;
}

/** Groups on a wide seed: the many-groups case (merged batches, one write for all), two seeds in a hundred (each runs about 15 times as long). */
const WIDE_GROUPS = 64;
const WIDE_SHARE = 0.02;

export function drawProfile(seed: number): Profile {
  const rng = new SeededRng(seed ^ 0x5eed_0de);
  const narrow = drawNarrowProfile(seed, rng);
  // Drawn last, so the earlier draws of a seed do not depend on them.
  const wide = rng.float() < WIDE_SHARE;
  const transfer = pick(rng, [0, 0, 0.02, 0.1]);
  const drawnRetention = rng.float() < RETENTION_SHARE ? drawRetention(rng) : undefined;
  // Drawn either way, so a seed's other draws do not depend on whether retention runs.
  const retention = retentionSeedsOn() ? drawnRetention : undefined;
  const profile = { ...narrow, transfer, node: { ...narrow.node, retention } };
  if (!wide) return profile;
  const groups = Array.from({ length: WIDE_GROUPS }, (_, i) => (i + 1) as GroupId);
  return { ...profile, node: { ...profile.node, groups }, producersPerPartition: 1 };
}

/** Seeds whose partitions run retention on small segments. */
const RETENTION_SHARE = 0.5;

/**
 * Retention seeds run only with SIM_RETENTION=1 (npm test's short pass sets it): seed 1726 of the
 * long run exposes an open bug, a follower refusing a read inside its own [log start, high
 * watermark] (docs/testing.md, "Found"), so the long run in .ci/run leaves them out until it is fixed.
 */
function retentionSeedsOn(): boolean {
  return process.env.SIM_RETENTION === '1';
}

/**
 * A produced batch is one record of some 80 bytes, one per entry: segments
 * close within a few entries, and the bounds keep from a few to a few dozen
 * entries, or some hundreds of ms of the log's clock, so a replica down for
 * a while comes back behind the leader's log start.
 */
function drawRetention(rng: SeededRng): Retention {
  const segmentBounds = { bytesMax: pick(rng, [256, 1024, 4096]), entriesMax: pick(rng, [2, 4, 16]) };
  const bound = rng.int(3);
  return {
    segmentBounds,
    retentionBytes: bound === 1 ? -1 : pick(rng, [512, 2048, 8192]),
    retentionMs: bound === 0 ? -1 : pick(rng, [50, 200, 1_000]),
  };
}

function drawNarrowProfile(seed: number, rng: SeededRng): Omit<Profile, 'transfer'> {
  const nodes = pick(rng, [3, 3, 5]);
  const groupCount = pick(rng, [1, 2, 4, 8]);
  const tickMs = 10;
  const delayMaxUs = pick(rng, [2_000, 10_000, 30_000]);
  const writeCaching = rng.float() < 0.25;
  return {
    node: {
      seed,
      voters: Array.from({ length: nodes }, (_, i) => (i + 1) as NodeId),
      groups: Array.from({ length: groupCount }, (_, i) => (i + 1) as GroupId),
      tickMs,
      raft: {
        electionTicks: 8 + rng.int(5),
        heartbeatTicks: 1 + rng.int(2),
        preVote: rng.float() < 0.7,
        checkQuorum: rng.float() < 0.7,
        broadcastCommit: rng.float() < 0.5,
        inflightMsgsMax: pick(rng, [1, 4, 256]),
        msgBytesMax: pick(rng, [1, 4096, 1024 * 1024]),
      },
      writeCaching,
      flushIntervalMs: pick(rng, [5, 20, 100]),
      powerLoss: !writeCaching,
      skews: Array.from({ length: nodes }, () => 0.9 + 0.2 * rng.float()),
      retention: undefined,
    },
    disk: {
      syncFailure: pick(rng, [0, 0, 0.002, 0.01]),
      stall: pick(rng, [0, 0.01, 0.05]),
      writeUs: pick(rng, [20, 200]),
      syncUs: pick(rng, [200, 2_000, 10_000]),
    },
    network: {
      delayMinUs: 50 + rng.int(500),
      delayMaxUs,
      loss: pick(rng, [0, 0.02, 0.1]),
      duplicate: pick(rng, [0, 0.02, 0.05]),
    },
    faultPhaseMs: 1_500 + rng.int(1_500),
    downMax: 1 + rng.int(nodes - 1),
    crash: pick(rng, [0.005, 0.02, 0.05]),
    restart: pick(rng, [0.05, 0.2]),
    partition: pick(rng, [0, 0.01, 0.03]),
    heal: pick(rng, [0.05, 0.2]),
    crashAfterVote: pick(rng, [0, 0.1, 0.3]),
    corruptAtRestart: pick(rng, [0, 0.1]),
    producersPerPartition: 1 + rng.int(3),
    responseLoss: pick(rng, [0, 0.05, 0.2]),
  };
}
