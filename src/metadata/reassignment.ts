/**
 * Operator moves and decommissions in the state machine: the rules both the
 * frontend (before proposing) and MetadataStm (at apply, where a concurrent
 * proposal may have won) check, and the image changes the commands make.
 * Liveness is the frontend's alone: apply has no shared clock.
 */
import type { NodeId } from '../raft/types.js';
import { findTopic } from './checks.js';
import type {
  DecommissionNodeCommand,
  FinishDecommissionCommand,
  FinishPartitionMoveCommand,
  MovePartitionCommand,
  RecommissionNodeCommand,
} from './commands.js';
import { metadataError, refusal, type MetadataError, type Outcome, type Refusal } from './errors.js';
import type { MetadataImage, PartitionRecord, TopicRecord } from './image.js';
import { nodeState, withNodeState } from './node-states.js';

type Change = Partial<Omit<MetadataImage, 'version' | 'clusterId'>>;

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sameSet<T>(a: readonly T[] | ReadonlySet<T>, b: readonly T[]): boolean {
  const set = new Set(a);
  return set.size === b.length && b.every((x) => set.has(x));
}

/** The partition a move request names, in the topic incarnation `topicId` when given. */
export function findPartition(
  image: MetadataImage,
  name: string,
  partition: number,
  topicId?: TopicRecord['id'],
): Outcome<{ topic: TopicRecord; partition: PartitionRecord }> {
  const found = findTopic(image, name, topicId);
  if (!found.ok) return found;
  const record = found.topic.partitions[partition];
  if (record === undefined) return refusal(metadataError('unknown-partition', `topic '${name}' has no partition ${partition}`));
  return { ok: true, topic: found.topic, partition: record };
}

/**
 * A move's target: as many distinct nodes as the replication factor, each
 * registered and active, and no move already under way for the partition.
 */
export function checkMoveTarget(image: MetadataImage, topic: TopicRecord, partition: PartitionRecord, target: readonly NodeId[]): MetadataError | null {
  const what = `partition ${partition.partition} of '${topic.name}'`;
  if (partition.target !== undefined) {
    return metadataError('move-in-progress', `${what} is already moving to [${partition.target.join(', ')}]; wait for that move to finish`);
  }
  const invalid = (why: string) => metadataError('invalid-assignment', `${what}: replicas [${target.join(', ')}] ${why}`);
  if (target.length !== topic.replicationFactor) {
    return invalid(`are ${target.length} nodes, but the topic's replication factor is ${topic.replicationFactor}`);
  }
  if (new Set(target).size !== target.length) return invalid('name a node twice');
  for (const id of target) {
    const state = image.nodes.has(id) ? nodeState(image, id) : undefined;
    if (state === undefined || state === 'decommissioned') return metadataError('unknown-node', `node ${id} is not a member of the cluster`);
    if (state === 'decommissioning') return metadataError('node-unavailable', `node ${id} is being decommissioned and takes no replicas`);
  }
  return null;
}

/**
 * Whether node `id` may start decommissioning: it is a member, the active
 * nodes left can hold every topic's replication factor, and no move heads
 * onto it.
 */
export function checkDecommission(image: MetadataImage, id: NodeId, activeLeft: number, which: 'live' | 'registered'): MetadataError | null {
  if (!image.nodes.has(id) || nodeState(image, id) === 'decommissioned') {
    return metadataError('unknown-node', `node ${id} is not a member of the cluster`);
  }
  const widest = [...image.topics.values()].reduce<TopicRecord | undefined>(
    (max, topic) => (max === undefined || topic.replicationFactor > max.replicationFactor ? topic : max),
    undefined,
  );
  if (widest !== undefined && widest.replicationFactor > activeLeft) {
    return metadataError(
      'not-enough-nodes',
      `without node ${id}, ${activeLeft} active ${which} node${activeLeft === 1 ? '' : 's'} would be left, ` +
        `too few for topic '${widest.name}' (replication factor ${widest.replicationFactor}); add a node first`,
    );
  }
  for (const topic of image.topics.values()) {
    const moving = topic.partitions.find((p) => p.target?.includes(id));
    if (moving !== undefined) {
      return metadataError('move-in-progress', `partition ${moving.partition} of '${topic.name}' is moving onto node ${id}; wait for that move to finish`);
    }
  }
  return null;
}

/** Partitions whose replicas, or whose move's target, include `id`. */
export function holdsReplicas(image: MetadataImage, id: NodeId): boolean {
  for (const topic of image.topics.values()) {
    if (topic.partitions.some((p) => p.replicas.includes(id) || (p.target?.includes(id) ?? false))) return true;
  }
  return false;
}

export function movePartition(image: MetadataImage, command: MovePartitionCommand): Change | Refusal {
  const found = findPartition(image, command.name, command.partition, command.topicId);
  if (!found.ok) return found;
  const { topic, partition } = found;
  const error = checkEpoch(topic, partition, command.expectedEpoch) ?? checkMoveTarget(image, topic, partition, command.target);
  if (error !== null) return refusal(error);
  if (sameList(partition.replicas, command.target)) return {};
  return withPartition(image, topic, { ...partition, target: [...command.target] });
}

export function finishPartitionMove(image: MetadataImage, command: FinishPartitionMoveCommand): Change | Refusal {
  const found = findPartition(image, command.name, command.partition, command.topicId);
  if (!found.ok) return found;
  const { topic, partition } = found;
  const error = checkEpoch(topic, partition, command.expectedEpoch);
  if (error !== null) return refusal(error);
  const { target, ...rest } = partition;
  if (target === undefined || !sameList(target, partition.replicas)) {
    return refusal(metadataError('stale-epoch', `partition ${partition.partition} of '${topic.name}' has no finished move`));
  }
  return withPartition(image, topic, rest);
}

export function decommissionNode(image: MetadataImage, command: DecommissionNodeCommand): Change | Refusal {
  if (nodeState(image, command.node) === 'decommissioning') return {};
  const activeLeft = [...image.nodes.keys()].filter((id) => id !== command.node && nodeState(image, id) === 'active').length;
  const error = checkDecommission(image, command.node, activeLeft, 'registered');
  return error === null ? withNodeState(image, command.node, 'decommissioning') : refusal(error);
}

export function recommissionNode(image: MetadataImage, command: RecommissionNodeCommand): Change | Refusal {
  if (!image.nodes.has(command.node)) return refusal(metadataError('unknown-node', `node ${command.node} is not registered`));
  return nodeState(image, command.node) === 'active' ? {} : withNodeState(image, command.node, 'active');
}

export function finishDecommission(image: MetadataImage, command: FinishDecommissionCommand): Change | Refusal {
  const { node } = command;
  if (nodeState(image, node) !== 'decommissioning') {
    return refusal(metadataError('unknown-node', `node ${node} is not being decommissioned`));
  }
  if (holdsReplicas(image, node)) return refusal(metadataError('move-in-progress', `node ${node} still holds replicas`));
  return withNodeState(image, node, 'decommissioned');
}

function checkEpoch(topic: TopicRecord, partition: PartitionRecord, expectedEpoch: number): MetadataError | null {
  if (partition.epoch === expectedEpoch) return null;
  return metadataError(
    'stale-epoch',
    `partition ${partition.partition} of '${topic.name}' is at assignment epoch ${partition.epoch}, not ${expectedEpoch}`,
  );
}

function withPartition(image: MetadataImage, topic: TopicRecord, partition: PartitionRecord): Change {
  const partitions = topic.partitions.with(partition.partition, partition);
  return { topics: new Map(image.topics).set(topic.name, { ...topic, partitions }) };
}

/** What must hold of moves and decommissions in every image (image-invariants.ts). */
export function reassignmentViolations(image: MetadataImage): string[] {
  const violations: string[] = [];
  for (const [id, state] of image.decommissions ?? []) {
    if (!image.nodes.has(id)) violations.push(`node ${id} is ${state} but not registered`);
    else if (state === 'decommissioned' && holdsReplicas(image, id)) violations.push(`node ${id} is decommissioned but holds replicas`);
  }
  for (const topic of image.topics.values()) {
    for (const { partition, target } of topic.partitions) {
      if (target === undefined) continue;
      const where = `partition ${partition} of '${topic.name}'`;
      if (target.length !== topic.replicationFactor || new Set(target).size !== target.length) {
        violations.push(`${where} moves to [${target.join(', ')}], not ${topic.replicationFactor} distinct nodes`);
      }
      const unknown = target.find((id) => !image.nodes.has(id));
      if (unknown !== undefined) violations.push(`${where} moves to node ${unknown}, which is not registered`);
    }
  }
  return violations;
}
