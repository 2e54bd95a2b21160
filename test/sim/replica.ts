/**
 * One simulated server: its disk (a MemoryStorage holding only what is
 * durable), and while it runs, a RawNode, the state machine in memory, the
 * Ready being written and the proposals it accepted. A crash keeps the disk
 * and loses everything else.
 */
import type { RawNode } from '../../src/raft/raw-node.js';
import type { MemoryStorage } from '../../src/raft/storage.js';
import type { LogIndex, NodeId, Ready, Role, Term } from '../../src/raft/types.js';
import { Role as Roles } from '../../src/raft/types.js';
import { StateMachine } from './state-machine.js';

export interface PendingWrite {
  readonly ready: Ready;
  /** The node's term if it was leader when it handed out the Ready (for leader completeness). */
  readonly leaderTerm: Term | null;
  /** no-persist-vote: the vote answers already left with the Ready. */
  readonly votesSent: boolean;
}

export interface Proposal {
  readonly term: Term;
  readonly payloadId: number;
  /** The liveness phase's fresh proposal. */
  readonly liveness: boolean;
}

export class Replica {
  node: RawNode | null = null;
  sm = new StateMachine();
  /** Bumped at every crash, so events meant for an earlier run of the node are ignored. */
  incarnation = 0;
  pending: PendingWrite | null = null;
  /** Removed from the group and shut down for good. */
  retired = false;
  /** Role and term as last observed, to notice changes. */
  role: Role = Roles.Follower;
  term = 0 as Term;
  /** Set by the nemesis: crash as soon as the next write is durable, and stay down this long. */
  crashAfterWriteDowntimeUs: number | null = null;
  /** Accepted proposals of this incarnation, by index, until applied (or lost). */
  readonly proposals = new Map<LogIndex, Proposal>();

  constructor(
    readonly id: NodeId,
    readonly storage: MemoryStorage,
    /** This node's clock: virtual microseconds per tick. */
    readonly tickIntervalUs: number,
  ) {}

  get alive(): boolean {
    return this.node !== null;
  }

  start(node: RawNode): void {
    this.node = node;
    this.sm = StateMachine.fromSnapshot(this.storage.snapshot());
    const status = node.status();
    this.role = status.role;
    this.term = status.term;
  }

  /** Loses the unpersisted write, the state machine and the proposals; the disk survives. */
  crash(): void {
    this.node = null;
    this.pending = null;
    this.proposals.clear();
    this.crashAfterWriteDowntimeUs = null;
    this.incarnation++;
    this.role = Roles.Follower;
  }
}
