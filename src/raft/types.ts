/**
 * The vocabulary of the Raft core: terms, indexes, entries, messages and the
 * Ready contract. Names follow the Raft paper (Ongaro & Ousterhout, 2014) and
 * etcd/raft so that a reader of either finds their way here.
 */

/** A Raft term (§5.1). Monotonic per node; 0 means "no term yet". */
export type Term = number & { readonly __brand: 'Term' };
/** A position in the replicated log (§5.3). Entry indexes start at 1; 0 is "before the log". */
export type LogIndex = number & { readonly __brand: 'LogIndex' };
/** A cluster member. 0 is reserved for "nobody" (no vote, no known leader). */
export type NodeId = number & { readonly __brand: 'NodeId' };

export const NO_NODE = 0 as NodeId;

export const term = (n: number): Term => n as Term;
export const logIndex = (n: number): LogIndex => n as LogIndex;
export const nodeId = (n: number): NodeId => n as NodeId;

export const EntryType = {
  /** Application data (or an empty no-op appended by a new leader, §5.4.2 / §8). */
  Normal: 0,
  /** A membership change: `data` holds the full encoded ConfState that takes effect on append. */
  ConfChange: 1,
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

export interface Entry {
  readonly term: Term;
  readonly index: LogIndex;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/**
 * The state that must be durable before any message depending on it leaves
 * the node (Figure 2, "Persistent state on all servers"). `commit` is
 * persisted too, as etcd does, so a restart does not have to relearn it;
 * losing it is safe but slows recovery.
 */
export interface HardState {
  readonly term: Term;
  readonly vote: NodeId;
  readonly commit: LogIndex;
}

/**
 * The membership of a group: voters decide elections and commitment,
 * learners only receive the log (thesis §4.2.1).
 */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

/** A membership change as a caller asks for it; the leader turns it into the resulting ConfState. */
export type ConfChange =
  | { readonly type: 'add-learner'; readonly node: NodeId }
  | { readonly type: 'promote-learner'; readonly node: NodeId }
  | { readonly type: 'add-voter'; readonly node: NodeId }
  | { readonly type: 'remove-node'; readonly node: NodeId };

export interface SnapshotMetadata {
  /** The last log index the snapshot covers. */
  readonly index: LogIndex;
  /** The term of the entry at `index`. */
  readonly term: Term;
  /** The membership in force at `index`. */
  readonly conf: ConfState;
}

/** A state-machine snapshot (§7): opaque application bytes plus what Raft needs to resume after it. */
export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  readonly data: Uint8Array;
}

export const MessageType = {
  /** Leader → follower: entries to append after (index, logTerm), plus the leader's commit (§5.3). */
  App: 1,
  /** Follower → leader: success (index = last matching index) or rejection with a conflict hint. */
  AppResp: 2,
  /** Candidate → all: RequestVote (§5.2). `index`/`logTerm` describe the candidate's last entry. */
  Vote: 3,
  VoteResp: 4,
  /**
   * Pre-candidate → all: "would you vote for me at term+1?" (thesis §9.6). Sent at
   * the term the candidate would campaign in, but it changes no one's term.
   */
  PreVote: 5,
  PreVoteResp: 6,
  /** Leader → follower: keeps the leader's authority and advances commit to min(match, commit). */
  Heartbeat: 7,
  HeartbeatResp: 8,
  /** Leader → follower: InstallSnapshot (§7). The follower answers with AppResp. */
  Snap: 9,
  /** Leader → transferee: start an election now, skipping pre-vote (thesis §3.10). */
  TimeoutNow: 10,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export interface Message {
  readonly type: MessageType;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  /** App: term of the entry at `index`. Vote/PreVote: term of the last entry. AppResp reject: term at rejectHint. */
  readonly logTerm: Term;
  /** App: index preceding `entries`. Vote: candidate's last index. AppResp: last index accepted, or the rejected index. */
  readonly index: LogIndex;
  readonly entries: readonly Entry[];
  /** App/Heartbeat: the leader's commit index (bounded by what the follower is known to match for heartbeats). */
  readonly commit: LogIndex;
  readonly reject: boolean;
  /** AppResp reject: the follower's guess of the last index that may match (fast backtracking, etcd's hint). */
  readonly rejectHint: LogIndex;
  /**
   * AppResp/HeartbeatResp: the sender's run (RaftConfig.boot). A leader that
   * hears from a new run of a follower forgets what it knew the follower to
   * hold: the restart may have lost entries acknowledged from memory.
   */
  readonly boot: number;
  /** Snap only. */
  readonly snapshot: Snapshot | null;
  /** Vote: set when the election was started by a leadership transfer, so voters ignore their lease. */
  readonly transfer: boolean;
  /**
   * Heartbeat: the leader is going quiet (see Raft.maybeQuiesce). `index`/`logTerm` name its last
   * entry and `commit` equals it; a follower whose log ends there, committed, stops ticking too.
   */
  readonly quiesce: boolean;
}

export const Role = {
  Follower: 'follower',
  PreCandidate: 'pre-candidate',
  Candidate: 'candidate',
  Leader: 'leader',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Volatile state worth observing; not persisted. */
export interface SoftState {
  readonly lead: NodeId;
  readonly role: Role;
}

/**
 * What the node needs done. The caller must, in this order:
 *  0. send `earlyMessages` whenever it likes, even before step 1;
 *  1. persist `snapshot` (if any), then `entries` (overwriting any stored
 *     entries at the same or higher indexes), then `hardState` (if any),
 *     atomically or in that order, and durably;
 *  2. only then send `messages` (they may promise what step 1 made durable);
 *  3. apply `committedEntries` to the state machine, in order;
 *  4. call `advance()`.
 *
 * Committed entries the node had already stored do not wait for any of
 * this: RawNode.takeStoredCommitted() hands them out, before ready() and
 * while step 1 is under way, and they are not handed out again.
 *
 * The snapshot, if any, is also the new state-machine state: the caller
 * restores it before applying `committedEntries`, which follow it.
 */
export interface Ready {
  readonly softState: SoftState | null;
  /**
   * Set when term or vote changed. A new commit index rides along only when
   * there are entries or a snapshot to write anyway: commit is volatile
   * state (Figure 2), so one that moved alone costs no write, and a restart
   * may find an older one, which the leader then brings forward.
   */
  readonly hardState: HardState | null;
  readonly snapshot: Snapshot | null;
  readonly entries: readonly Entry[];
  readonly committedEntries: readonly Entry[];
  readonly messages: readonly Message[];
  /**
   * A leader's replication traffic (App, Heartbeat, Snap, TimeoutNow) when
   * this Ready changes neither term nor vote: it promises nothing about this
   * node's disk, so the leader writes its own copy while followers write
   * theirs (thesis §10.2.1). The leader counts its own copy toward commit
   * only once advance() says it is durable.
   */
  readonly earlyMessages: readonly Message[];
}

/** Why a proposal was not accepted. These are operating outcomes, not bugs. */
export type ProposeRejection =
  | { readonly ok: false; readonly reason: 'not-leader'; readonly leaderHint: NodeId }
  | { readonly ok: false; readonly reason: 'transferring'; readonly leaderHint: NodeId }
  | { readonly ok: false; readonly reason: 'conf-change-pending' }
  | { readonly ok: false; readonly reason: 'invalid-conf-change'; readonly detail: string }
  | { readonly ok: false; readonly reason: 'too-large' };

/** An accepted proposal: it will be committed at (term, index) unless a new leader overwrites it. */
export type ProposeResult = { readonly ok: true; readonly term: Term; readonly index: LogIndex } | ProposeRejection;

export type TransferResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not-leader' | 'unknown-node' | 'already-leader' | 'not-voter' };

/** Builds a message with every field defaulted; call sites name only what they set. */
export function message(fields: Partial<Message> & Pick<Message, 'type' | 'from' | 'to' | 'term'>): Message {
  return {
    logTerm: 0 as Term,
    index: 0 as LogIndex,
    entries: [],
    commit: 0 as LogIndex,
    boot: 0,
    reject: false,
    rejectHint: 0 as LogIndex,
    snapshot: null,
    transfer: false,
    quiesce: false,
    ...fields,
  };
}
