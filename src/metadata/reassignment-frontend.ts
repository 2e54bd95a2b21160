/**
 * Operator requests to move partitions and decommission nodes, turned into
 * metadata commands or refused with a message for the operator. Beyond what
 * the state machine checks again at apply, these check liveness: a move
 * onto a node that is not live would never finish, and a decommission must
 * leave enough live nodes to take the replicas.
 */
import type { NodeId } from '../raft/types.js';
import type { DecommissionNodeCommand, MovePartitionCommand, RecommissionNodeCommand } from './commands.js';
import { metadataError, refusal } from './errors.js';
import type { MetadataImage } from './image.js';
import type { Proposal } from './metadata-frontend.js';
import { nodeState } from './node-states.js';
import { checkDecommission, checkMoveTarget, findPartition, sameList } from './reassignment.js';

export interface MovePartitionRequest {
  readonly topic: string;
  readonly partition: number;
  /** The replica set to move to, the preferred leader first. */
  readonly replicas: readonly NodeId[];
}

/** Null when the partition already has exactly these replicas. */
export function movePartition(request: MovePartitionRequest, image: MetadataImage, liveNodes: ReadonlySet<NodeId>): Proposal<MovePartitionCommand | null> {
  const found = findPartition(image, request.topic, request.partition);
  if (!found.ok) return found;
  const { topic, partition } = found;
  const error = checkMoveTarget(image, topic, partition, request.replicas);
  if (error !== null) return refusal(error);
  // A move waits for every replica of the target to be in sync, so a dead one would hold it up for good.
  const dead = request.replicas.find((id) => !liveNodes.has(id));
  if (dead !== undefined) return refusal(metadataError('node-unavailable', `node ${dead} is not live; a move onto it could not finish`));
  if (sameList(partition.replicas, request.replicas)) return { ok: true, command: null };
  return {
    ok: true,
    command: {
      type: 'move-partition',
      name: topic.name,
      topicId: topic.id,
      partition: partition.partition,
      target: [...request.replicas],
      expectedEpoch: partition.epoch,
    },
  };
}

/** Refused when the live active nodes left could not hold every topic's replication factor. */
export function decommissionNode(node: NodeId, image: MetadataImage, liveNodes: ReadonlySet<NodeId>): Proposal<DecommissionNodeCommand> {
  const activeLeft = [...liveNodes].filter((id) => id !== node && image.nodes.has(id) && nodeState(image, id) === 'active').length;
  const error = nodeState(image, node) === 'decommissioning' ? null : checkDecommission(image, node, activeLeft, 'live');
  return error === null ? { ok: true, command: { type: 'decommission-node', node } } : refusal(error);
}

export function recommissionNode(node: NodeId, image: MetadataImage): Proposal<RecommissionNodeCommand> {
  if (!image.nodes.has(node)) return refusal(metadataError('unknown-node', `node ${node} is not registered`));
  return { ok: true, command: { type: 'recommission-node', node } };
}
