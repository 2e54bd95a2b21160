/**
 * Configuration of one Raft node. Times are in ticks: the caller decides how
 * long a tick is (the host uses 10–100 ms; the simulator, virtual time).
 */
import type { Rng } from './rng.js';
import type { RaftStorage } from './storage.js';
import type { LogIndex, NodeId } from './types.js';

export interface RaftConfig {
  /** This node's id; never 0. */
  readonly id: NodeId;
  readonly storage: RaftStorage;
  /** Seeded randomness for election timeouts. */
  readonly rng: Rng;
  /**
   * A follower that hears from no leader for a random number of ticks in
   * [electionTicks, 2 × electionTicks) starts an election (§5.2). Must be
   * well above heartbeatTicks so heartbeats keep a healthy leader in place.
   */
  readonly electionTicks: number;
  /** A leader sends heartbeats every heartbeatTicks (§5.2). */
  readonly heartbeatTicks: number;
  /**
   * Pre-vote (thesis §9.6): a node first asks whether it could win before it
   * raises its term. Voters grant a pre-vote only to an up-to-date log and
   * only if they have not heard from a leader within an election timeout, so
   * a partitioned node rejoining does not depose a healthy leader.
   */
  readonly preVote: boolean;
  /**
   * Check-quorum (thesis §6.2): a leader that has not heard from a quorum
   * within an election timeout steps down, and nodes that have heard from a
   * leader recently ignore vote requests (the leader lease that keeps removed
   * or partitioned servers from disrupting the cluster, §4.2.3).
   */
  readonly checkQuorum: boolean;
  /**
   * When a leader's commit index moves, tell every follower at once, with an
   * empty App if it has no new entries to carry the news. Off, followers learn
   * it from the next App or heartbeat: under steady load that halves the
   * messages and follower writes per entry, at the price of followers
   * applying up to a heartbeat later. Proposals are answered on the leader
   * either way.
   */
  readonly broadcastCommit: boolean;
  /** Most App messages in flight to one follower in the replicate state. */
  readonly inflightMsgsMax: number;
  /** Most entry bytes in flight to one follower; 0 means no byte bound. */
  readonly inflightBytesMax: number;
  /** Most entry bytes in one App message (at least one entry is always sent). */
  readonly msgBytesMax: number;
  /** Most committed entry bytes handed out in one Ready. */
  readonly applyBytesMax: number;
  /** Largest single proposal accepted, in bytes. */
  readonly proposalBytesMax: number;
  /** The index the state machine has applied up to, on restart; 0 for a fresh node. */
  readonly applied: LogIndex;
  /**
   * Names this run of the node (one process start): the caller passes a
   * value its earlier runs did not use (a random one per start will do).
   * A follower's answers to its leader carry it, so the leader tells a
   * follower that restarted — whose log may be shorter than the leader
   * believes, when it acknowledged entries it held only in memory (write
   * caching) and then lost power — from a late answer of the run before,
   * and finds out again where that follower's log ends. 0: the caller does
   * not tell runs apart.
   */
  readonly boot: number;
}

export const DEFAULT_RAFT_CONFIG = {
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  broadcastCommit: true,
  inflightMsgsMax: 256,
  inflightBytesMax: 32 * 1024 * 1024,
  msgBytesMax: 1024 * 1024,
  applyBytesMax: 64 * 1024 * 1024,
  proposalBytesMax: 16 * 1024 * 1024,
  applied: 0 as LogIndex,
  boot: 0,
} as const;

export type RaftOptions = Pick<RaftConfig, 'id' | 'storage' | 'rng'> & Partial<RaftConfig>;

/** Fills defaults and checks the relationships between fields; throws RangeError naming the field. */
export function resolveRaftConfig(options: RaftOptions): RaftConfig {
  const config: RaftConfig = { ...DEFAULT_RAFT_CONFIG, ...options };
  const positive = (name: keyof RaftConfig, value: number): void => {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`raft config ${name} must be a positive integer, got ${value}`);
  };
  if (config.id === 0) throw new RangeError('raft config id must not be 0');
  positive('electionTicks', config.electionTicks);
  positive('heartbeatTicks', config.heartbeatTicks);
  positive('inflightMsgsMax', config.inflightMsgsMax);
  positive('msgBytesMax', config.msgBytesMax);
  positive('applyBytesMax', config.applyBytesMax);
  positive('proposalBytesMax', config.proposalBytesMax);
  if (config.electionTicks <= config.heartbeatTicks) {
    throw new RangeError(`raft config electionTicks (${config.electionTicks}) must exceed heartbeatTicks (${config.heartbeatTicks})`);
  }
  if (config.inflightBytesMax < 0) throw new RangeError('raft config inflightBytesMax must be ≥ 0');
  if (!Number.isInteger(config.boot) || config.boot < 0 || config.boot > 0xffff_ffff) {
    throw new RangeError(`raft config boot must be an integer in [0, 2^32), got ${config.boot}`);
  }
  return Object.freeze(config);
}
