/**
 * Which registered nodes are live, from the controller's record of their
 * heartbeats. A controller that has just taken over has heard from no one
 * yet, so silence is counted from `controllerSinceMs` at the earliest: a new
 * controller waits a full bound before it declares anyone dead.
 */
import type { NodeId } from '../raft/types.js';
import { assert } from './assert.js';
import type { MetadataImage } from './image.js';

export interface NodeLiveness {
  readonly live: boolean;
  /** Time since the last heartbeat, or since the controller took over if none has arrived since. */
  readonly lastSeenMsAgo: number;
}

export interface Liveness {
  /** Every registered node but the decommissioned. */
  readonly nodes: ReadonlyMap<NodeId, NodeLiveness>;
  readonly live: ReadonlySet<NodeId>;
}

export interface LivenessInput {
  readonly image: MetadataImage;
  /** When each node's last heartbeat arrived at this controller. */
  readonly lastHeartbeatMs: ReadonlyMap<NodeId, number>;
  readonly nowMs: number;
  /** When this node became the controller (the metadata leader). */
  readonly controllerSinceMs: number;
  /** A node silent for longer than this is dead. */
  readonly nodeDeadAfterMs: number;
}

export function computeLiveness(input: LivenessInput): Liveness {
  const { image, lastHeartbeatMs, nowMs, controllerSinceMs, nodeDeadAfterMs } = input;
  assert(nodeDeadAfterMs > 0, `nodeDeadAfterMs ${nodeDeadAfterMs} must be positive`);
  assert(controllerSinceMs <= nowMs, `controller since ${controllerSinceMs} ms, after now (${nowMs} ms)`);
  const nodes = new Map<NodeId, NodeLiveness>();
  const live = new Set<NodeId>();
  for (const id of image.nodes.keys()) {
    // A decommissioned node has left the cluster's view: neither live nor dead, whether it still runs or not.
    if (image.decommissions?.get(id) === 'decommissioned') continue;
    const lastSeenMs = Math.max(lastHeartbeatMs.get(id) ?? controllerSinceMs, controllerSinceMs);
    const lastSeenMsAgo = Math.max(0, nowMs - lastSeenMs);
    const isLive = lastSeenMsAgo <= nodeDeadAfterMs;
    nodes.set(id, { live: isLive, lastSeenMsAgo });
    if (isLive) live.add(id);
  }
  return { nodes, live };
}

/** What is known of a node that may have registered after the liveness was computed: not live. */
export function nodeLiveness(liveness: Liveness, id: NodeId): NodeLiveness {
  return liveness.nodes.get(id) ?? { live: false, lastSeenMsAgo: 0 };
}
