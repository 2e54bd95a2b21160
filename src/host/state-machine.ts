/**
 * How the host sees what a group replicates. It knows nothing of partitions
 * or the metadata image: each group brings a state machine (`*Stm`) that
 * applies committed entries and can describe itself as a snapshot.
 */
import type { ConfState, Entry, LogIndex, NodeId, Snapshot, SoftState, Term } from '../raft/index.js';
import type { OffsetPoint } from '../storage/types.js';

export interface ApplyContext {
  /** This node leads the group in `term`. Leaders answer clients; followers only apply. */
  readonly isLeader: boolean;
  readonly term: Term;
}

export interface GroupStateMachine {
  /** Replaces the state with a snapshot's (a follower catching up, or a restart from a compacted log). */
  restore(snapshot: Snapshot): void;
  /** Applies committed entries in log order; ConfChange entries arrive too, for awareness. */
  apply(entries: readonly Entry[], context: ApplyContext): void;
  /**
   * Where the log may be compacted and the snapshot that then stands for
   * everything up to it, or undefined when nothing should be compacted yet.
   * Called after applying; `applied` is the last applied index.
   */
  compaction(firstIndex: LogIndex, applied: LogIndex): { index: LogIndex; data: Uint8Array } | undefined;
  /** Offset-index points for entries about to be persisted (partitions only). */
  offsetPoints?(entries: readonly Entry[]): readonly OffsetPoint[];
  /** The group's leader or role changed on this node. */
  onSoftState?(soft: SoftState, term: Term): void;
  /** The membership in force changed (appended, not necessarily committed). */
  onConf?(conf: ConfState): void;
}

/**
 * Thrown by a state machine for an entry that breaks one of its invariants
 * (a committed or stored entry no correct leader could have made). The host
 * stops that group alone, for good: applying past the entry would build
 * wrong state, skipping it would make replicas diverge, and stopping the
 * process would take every other group on the node down with it (and again
 * on every restart). Any other error from a state machine is a bug, and
 * still stops the node.
 */
export class StateMachineFailure extends Error {
  override name = 'StateMachineFailure';
}

/** Why a proposal the host accepted did not commit as proposed. */
export type ProposalFailure =
  | { readonly reason: 'not-leader'; readonly leaderHint: NodeId }
  | { readonly reason: 'transferring'; readonly leaderHint: NodeId }
  | { readonly reason: 'conf-change-pending' }
  | { readonly reason: 'invalid-conf-change'; readonly detail: string }
  | { readonly reason: 'too-large' }
  /** Leadership moved before the entry committed: it may or may not commit later. */
  | { readonly reason: 'outcome-unknown'; readonly leaderHint: NodeId }
  | { readonly reason: 'group-closed' };

export class ProposalError extends Error {
  override name = 'ProposalError';
  constructor(readonly failure: ProposalFailure) {
    super(`proposal failed: ${failure.reason}`);
  }
}

export interface Committed {
  readonly index: LogIndex;
  readonly term: Term;
}
