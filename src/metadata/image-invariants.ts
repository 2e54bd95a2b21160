/**
 * What must hold of every image. MetadataStm keeps these by construction;
 * they are checked on snapshots restored from bytes, and by the tests after
 * every applied command.
 */
import { checkReplicas } from './checks.js';
import { isNodeId } from './ids.js';
import { partitionsCount, type MetadataImage, type TopicRecord } from './image.js';
import {
  NODE_CORES_MAX,
  NODES_MAX,
  PARTITIONS_MAX,
  PARTITIONS_PER_CORE_MAX,
  PARTITIONS_PER_TOPIC_MAX,
  REPLICATION_FACTOR_MAX,
  TOPICS_MAX,
} from './limits.js';
import { reassignmentViolations } from './reassignment.js';
import { checkTopicConfigs } from './topic-config.js';
import { checkTopicName } from './topic-name.js';

/** Every broken invariant, described; empty for a sound image. */
export function imageViolations(image: MetadataImage): string[] {
  const violations: string[] = [];
  if (!Number.isSafeInteger(image.version) || image.version < 0) violations.push(`version ${image.version} is not an index`);
  if (!Number.isSafeInteger(image.nextGroup) || image.nextGroup < 1) violations.push(`next group ${image.nextGroup} is not above 0`);
  if (image.nodes.size > NODES_MAX) violations.push(`${image.nodes.size} nodes exceed ${NODES_MAX}`);
  if (image.topics.size > TOPICS_MAX) violations.push(`${image.topics.size} topics exceed ${TOPICS_MAX}`);
  if (partitionsCount(image) > PARTITIONS_MAX) violations.push(`${partitionsCount(image)} partitions exceed ${PARTITIONS_MAX}`);
  for (const [id, node] of image.nodes) {
    if (node.id !== id || !isNodeId(id)) violations.push(`node key ${id} holds node ${node.id}`);
    if (node.cores > NODE_CORES_MAX || node.partitionsPerCore > PARTITIONS_PER_CORE_MAX) {
      violations.push(`node ${id} reports ${node.cores} cores × ${node.partitionsPerCore} partitions per core, beyond the bounds`);
    }
  }
  const topicIds = new Set<string>();
  const groups = new Set<number>();
  for (const [name, topic] of image.topics) {
    if (topic.name !== name) violations.push(`topic '${name}' is stored as '${topic.name}'`);
    if (topicIds.has(topic.id)) violations.push(`topic id ${topic.id} is used twice`);
    topicIds.add(topic.id);
    violations.push(...topicViolations(image, topic, groups));
  }
  violations.push(...reassignmentViolations(image));
  return violations;
}

function topicViolations(image: MetadataImage, topic: TopicRecord, groups: Set<number>): string[] {
  const violations: string[] = [];
  const nameError = checkTopicName(topic.name, topic.internal);
  if (nameError !== null) violations.push(nameError.message);
  const { replicationFactor: rf, partitions } = topic;
  if (!Number.isInteger(rf) || rf < 1 || rf > REPLICATION_FACTOR_MAX) violations.push(`topic '${topic.name}' has RF ${rf}`);
  if (partitions.length < 1 || partitions.length > PARTITIONS_PER_TOPIC_MAX) {
    violations.push(`topic '${topic.name}' has ${partitions.length} partitions`);
  }
  const configs = checkTopicConfigs(topic.configs);
  if (!configs.ok) violations.push(configs.error.message);
  else if (JSON.stringify(configs.configs) !== JSON.stringify(sortedKeys(topic.configs))) {
    violations.push(`topic '${topic.name}' has configs not in canonical form`);
  }
  for (const [i, p] of partitions.entries()) {
    const where = `partition ${i} of '${topic.name}'`;
    if (p.partition !== i) violations.push(`${where} is numbered ${p.partition}`);
    if (!Number.isInteger(p.group) || p.group < 1 || p.group >= image.nextGroup) {
      violations.push(`${where} has group ${p.group}, not from 1 to below ${image.nextGroup}`);
    }
    if (groups.has(p.group)) violations.push(`${where} shares group ${p.group}`);
    groups.add(p.group);
    if (!Number.isInteger(p.epoch) || p.epoch < 0) violations.push(`${where} has epoch ${p.epoch}`);
    const replicasError = checkReplicas(image, p.replicas, rf, where);
    if (replicasError !== null) violations.push(replicasError.message);
  }
  return violations;
}

function sortedKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
