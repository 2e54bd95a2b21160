/**
 * Validation shared by the frontend (against live nodes, before proposing)
 * and the state machine (against registered nodes, at apply time, where a
 * concurrent proposal may have changed the picture).
 */
import type { NodeId } from '../raft/types.js';
import { checkAdmission, type AvailableNodes } from './admission.js';
import type { RegisterNodeCommand } from './commands.js';
import { metadataError, refusal, type MetadataError, type Outcome } from './errors.js';
import { isNodeId, type TopicId } from './ids.js';
import { partitionsCount, type MetadataImage, type TopicRecord } from './image.js';
import {
  ADDRESS_LENGTH_MAX,
  INCARNATION_LENGTH_MAX,
  NODE_CORES_MAX,
  NODES_MAX,
  PARTITIONS_MAX,
  PARTITIONS_PER_CORE_MAX,
  PARTITIONS_PER_TOPIC_MAX,
  RACK_LENGTH_MAX,
  REPLICATION_FACTOR_MAX,
  TOPICS_MAX,
  U32_MAX,
} from './limits.js';
import { checkConfigKeys, checkTopicConfigs, type TopicConfigs } from './topic-config.js';
import { checkTopicName } from './topic-name.js';

export interface NewTopic {
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: TopicConfigs;
}

/** Everything about a new topic except its placement; returns the configs in canonical spelling. */
export function checkNewTopic(image: MetadataImage, topic: NewTopic, nodes: AvailableNodes): Outcome<{ configs: TopicConfigs }> {
  const { name } = topic;
  const error =
    checkTopicName(name, topic.internal) ??
    (image.topics.has(name) ? metadataError('topic-exists', `topic '${name}' already exists`) : null) ??
    checkPartitionsCount(topic.partitions, `topic '${name}'`) ??
    checkReplicationFactor(topic.replicationFactor, nodes) ??
    (image.topics.size >= TOPICS_MAX ? metadataError('limit-exceeded', `the cluster already holds ${TOPICS_MAX} topics`) : null) ??
    checkPartitionsFit(image, topic.partitions) ??
    checkAdmission(image, nodes, topic.partitions * topic.replicationFactor);
  return error === null ? checkTopicConfigs(topic.configs) : refusal(error);
}

/** Raising a topic's partition count to `totalPartitions`, with replicas on `nodes`. */
export function checkPartitionIncrease(
  image: MetadataImage,
  topic: TopicRecord,
  totalPartitions: number,
  nodes: AvailableNodes,
): MetadataError | null {
  const current = topic.partitions.length;
  if (totalPartitions <= current) {
    return metadataError('invalid-partitions', `topic '${topic.name}' already has ${current} partitions; the count can only grow`);
  }
  const added = totalPartitions - current;
  return (
    checkPartitionsCount(totalPartitions, `topic '${topic.name}'`) ??
    checkReplicationFactor(topic.replicationFactor, nodes) ??
    checkPartitionsFit(image, added) ??
    checkAdmission(image, nodes, added * topic.replicationFactor)
  );
}

function checkPartitionsCount(count: number, what: string): MetadataError | null {
  if (Number.isInteger(count) && count >= 1 && count <= PARTITIONS_PER_TOPIC_MAX) return null;
  return metadataError('invalid-partitions', `${what} needs from 1 to ${PARTITIONS_PER_TOPIC_MAX} partitions, not ${count}`);
}

export function checkReplicationFactor(replicationFactor: number, nodes: AvailableNodes): MetadataError | null {
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > REPLICATION_FACTOR_MAX) {
    const range = `from 1 to ${REPLICATION_FACTOR_MAX}`;
    return metadataError('invalid-replication-factor', `replication factor must be ${range}, not ${replicationFactor}`);
  }
  const count = nodes.nodes.length;
  if (replicationFactor <= count) return null;
  const are = count === 1 ? 'is' : 'are';
  return metadataError('not-enough-nodes', `replication factor ${replicationFactor} needs as many nodes, but ${count} ${are} ${nodes.which}`);
}

/** Cluster-wide bounds: partitions, and group ids, which are never reused. */
function checkPartitionsFit(image: MetadataImage, added: number): MetadataError | null {
  const total = partitionsCount(image) + added;
  if (total > PARTITIONS_MAX) {
    return metadataError('limit-exceeded', `the cluster would hold ${total} partitions, more than ${PARTITIONS_MAX}`);
  }
  if (image.nextGroup + added - 1 > U32_MAX) return metadataError('limit-exceeded', 'Raft group ids are exhausted');
  return null;
}

/** A replica list must name `replicationFactor` distinct registered nodes. */
export function checkReplicas(
  image: MetadataImage,
  replicas: readonly NodeId[],
  replicationFactor: number,
  what: string,
): MetadataError | null {
  const invalid = (why: string) => metadataError('invalid-assignment', `${what}: replicas [${replicas.join(', ')}] ${why}`);
  if (replicas.length !== replicationFactor) return invalid(`are not ${replicationFactor} nodes`);
  if (new Set(replicas).size !== replicas.length) return invalid('repeat a node');
  const unknown = replicas.find((id) => !image.nodes.has(id));
  return unknown === undefined ? null : invalid(`name node ${unknown}, which is not registered`);
}

/** One replica list per new partition, the first being partition `firstPartition`. */
export function checkAssignments(
  image: MetadataImage,
  topic: { readonly name: string; readonly replicationFactor: number },
  firstPartition: number,
  assignments: readonly (readonly NodeId[])[],
  partitionsAdded: number,
): MetadataError | null {
  if (assignments.length !== partitionsAdded) {
    const lists = `${assignments.length} replica lists for ${partitionsAdded} new partitions`;
    return metadataError('invalid-assignment', `topic '${topic.name}': ${lists}`);
  }
  for (const [i, replicas] of assignments.entries()) {
    const error = checkReplicas(image, replicas, topic.replicationFactor, `partition ${firstPartition + i} of '${topic.name}'`);
    if (error !== null) return error;
  }
  return null;
}

/** The topic named `name`; when `topicId` is given, only the incarnation with that id. */
export function findTopic(image: MetadataImage, name: string, topicId?: TopicId): Outcome<{ topic: TopicRecord }> {
  const topic = image.topics.get(name);
  if (topic === undefined) return refusal(metadataError('unknown-topic', `topic '${name}' does not exist`));
  if (topicId !== undefined && topic.id !== topicId) {
    const recreated = `topic '${name}' was deleted and created again (id ${topic.id}, not ${topicId})`;
    return refusal(metadataError('unknown-topic', recreated));
  }
  return { ok: true, topic };
}

/** A config change: values to set (returned in canonical spelling) and keys to return to their defaults. */
export function checkConfigChange(set: TopicConfigs, reset: readonly string[]): Outcome<{ configs: TopicConfigs }> {
  const both = reset.find((key) => Object.hasOwn(set, key));
  if (both !== undefined) return refusal(metadataError('invalid-config', `topic config ${both} is both set and reset`));
  const keysError = checkConfigKeys(reset);
  return keysError === null ? checkTopicConfigs(set) : refusal(keysError);
}

type Registration = Omit<RegisterNodeCommand, 'type' | 'registeredAtMs'>;

const inRange = (value: number, max: number): boolean => Number.isInteger(value) && value >= 0 && value <= max;

/** A node registration: well-formed fields, and the same data directory as any earlier registration of the id. */
export function checkRegistration(image: MetadataImage, registration: Registration): MetadataError | null {
  const { node, incarnation } = registration;
  const invalid = (why: string) => metadataError('invalid-node', `node ${node}: ${why}`);
  if (!isNodeId(node)) return invalid(`the id must be from 1 to ${U32_MAX}`);
  if (incarnation.length === 0 || incarnation.length > INCARNATION_LENGTH_MAX) {
    return invalid(`the incarnation must have 1 to ${INCARNATION_LENGTH_MAX} characters`);
  }
  for (const [field, address] of [['client', registration.clientAddress], ['peer', registration.peerAddress]] as const) {
    if (address.length === 0 || address.length > ADDRESS_LENGTH_MAX) {
      return invalid(`the ${field} address must have 1 to ${ADDRESS_LENGTH_MAX} characters`);
    }
  }
  if (registration.rack.length > RACK_LENGTH_MAX) return invalid(`the rack may have at most ${RACK_LENGTH_MAX} characters`);
  if (!inRange(registration.cores, NODE_CORES_MAX)) return invalid(`cores must be from 0 to ${NODE_CORES_MAX}, not ${registration.cores}`);
  if (!inRange(registration.partitionsPerCore, PARTITIONS_PER_CORE_MAX)) {
    return invalid(`partitionsPerCore must be from 0 to ${PARTITIONS_PER_CORE_MAX}, not ${registration.partitionsPerCore}`);
  }
  const known = image.nodes.get(node);
  if (known === undefined) {
    return image.nodes.size >= NODES_MAX ? metadataError('limit-exceeded', `the cluster already has ${NODES_MAX} nodes`) : null;
  }
  if (known.incarnation === incarnation) return null;
  return metadataError(
    'incarnation-mismatch',
    `node ${node} is registered with data directory ${known.incarnation}, not ${incarnation}: ` +
      'a node that lost its data must not rejoin its Raft groups under its old id',
  );
}
