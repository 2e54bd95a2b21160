/**
 * Node-level liveness, the one heartbeat stream per pair of nodes that lets
 * idle groups go quiet (Redpanda's heartbeat manager, CockroachDB's node
 * liveness, in the small). Every tick this node sends each node it shares a
 * group with one small message, in the same per-peer frame as the groups'
 * own traffic; anything heard from a peer counts as a sign of life. A peer
 * silent for longer than an election timeout is dead until heard from
 * again. The host wakes quiet groups on each change: that is all quiet
 * groups need in place of their own heartbeats and election timers.
 *
 * Time is counted in this node's ticks, so a node whose own loop stalls
 * does not declare its peers dead for the silence it caused.
 */
import type { NodeId } from '../raft/index.js';
import { MessageType, NO_NODE, message, term } from '../raft/index.js';
import type { HostTransport } from './ports.js';

/** The group id liveness messages travel under; partition and metadata groups never reach it (u32 max). */
export const NODE_LIVENESS_GROUP = 0xffff_ffff;

/** Ticks between recomputations of which nodes this one shares a group with. */
const MEMBERS_REFRESH_TICKS = 10;

export interface LivenessEvents {
  /** Every node that shares a group with this one (this node included or not). */
  members(): ReadonlySet<NodeId>;
  died(peer: NodeId): void;
  cameBack(peer: NodeId): void;
}

export class NodeLiveness {
  private ticks = 0;
  /** The tick each peer was last heard from (or first became a peer: a grace period). */
  private readonly heardAt = new Map<NodeId, number>();
  private readonly dead = new Set<NodeId>();
  private peers: NodeId[] = [];

  constructor(
    private readonly selfId: NodeId,
    /** A peer not heard from over this many whole ticks is dead. */
    private readonly deadAfterTicks: number,
    private readonly events: LivenessEvents,
  ) {}

  heardFrom(peer: NodeId): void {
    this.heardAt.set(peer, this.ticks);
  }

  /**
   * Whether `node` is live as far as this node knows: nobody (NO_NODE) never; a node not yet
   * heard of is, until its silence has lasted the bound (a quiet leader must not leave a new
   * member behind on a guess).
   */
  isLive(node: NodeId): boolean {
    return node !== NO_NODE && !this.dead.has(node);
  }

  /** One tick: a sign of life queued for every peer (the host's next flush carries it), then the peers whose state changed are reported. */
  tick(transport: HostTransport): void {
    if (this.ticks % MEMBERS_REFRESH_TICKS === 0) this.refreshPeers();
    this.ticks++;
    for (const peer of this.peers) {
      transport.send(peer, [{ group: NODE_LIVENESS_GROUP, message: message({ type: MessageType.Heartbeat, from: this.selfId, to: peer, term: term(0) }) }]);
    }
    for (const peer of this.peers) {
      const silent = this.ticks - (this.heardAt.get(peer) ?? this.ticks) > this.deadAfterTicks;
      if (silent && !this.dead.has(peer)) {
        this.dead.add(peer);
        this.events.died(peer);
      } else if (!silent && this.dead.has(peer)) {
        this.dead.delete(peer);
        this.events.cameBack(peer);
      }
    }
  }

  private refreshPeers(): void {
    const members = this.events.members();
    this.peers = [...members].filter((id) => id !== this.selfId);
    for (const peer of this.peers) if (!this.heardAt.has(peer)) this.heardAt.set(peer, this.ticks);
    for (const known of this.heardAt.keys()) {
      if (members.has(known)) continue;
      this.heardAt.delete(known);
      this.dead.delete(known);
    }
  }
}
