/**
 * Where each registered node is in its life: active, decommissioning (its
 * leaderships and replicas are moving away) or decommissioned (it holds
 * nothing and is out of the cluster's view). Only active nodes receive
 * replicas.
 */
import type { NodeId } from '../raft/types.js';
import type { DecommissionState, MetadataImage } from './image.js';

export type NodeState = 'active' | DecommissionState;

export function nodeState(image: MetadataImage, id: NodeId): NodeState {
  return image.decommissions?.get(id) ?? 'active';
}

export function isActive(image: MetadataImage, id: NodeId): boolean {
  return image.nodes.has(id) && nodeState(image, id) === 'active';
}

/** Nodes whose replicas the controller is moving away. */
export function decommissioningNodes(image: MetadataImage): NodeId[] {
  return [...(image.decommissions ?? [])].filter(([, state]) => state === 'decommissioning').map(([id]) => id);
}

/** The nodes of `nodes` that may receive replicas: registered and active. */
export function placeableNodes(image: MetadataImage, nodes: Iterable<NodeId>): Set<NodeId> {
  return new Set([...nodes].filter((id) => isActive(image, id)));
}

/** The image with node `id` in `state`; `active` removes it from the decommissions. */
export function withNodeState(image: MetadataImage, id: NodeId, state: NodeState): Pick<MetadataImage, 'decommissions'> {
  const decommissions = new Map(image.decommissions);
  if (state === 'active') decommissions.delete(id);
  else decommissions.set(id, state);
  return { decommissions };
}
