/**
 * The image to and from bytes, for Raft snapshots of the metadata group.
 * Nodes and topics are written in sorted order, so equal images give equal
 * bytes on every replica.
 */
import type { LogIndex } from '../raft/types.js';
import { MetadataDecodeError } from './errors.js';
import type { GroupId, TopicId } from './ids.js';
import type { MetadataImage, NodeRecord, PartitionRecord, TopicRecord } from './image.js';
import { imageViolations } from './image-invariants.js';
import { asArray, asInteger, asNodeId, asNodeIds, asStringMap, decodeJson, encodeJson, JsonFields, readCapacity } from './json-codec.js';
import { encodeSecurity, readSecurity } from './security-codec.js';
import { encodeDecommissions, readDecommissions } from './decommissions-codec.js';

const IMAGE_FORMAT = 1;

export function encodeImage(image: MetadataImage): Uint8Array {
  const nodes = [...image.nodes.values()].sort((a, b) => a.id - b.id);
  const topics = [...image.topics.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return encodeJson(IMAGE_FORMAT, {
    clusterId: image.clusterId,
    version: image.version,
    nextGroup: image.nextGroup,
    nodes,
    topics,
    ...(image.security !== undefined && { security: encodeSecurity(image.security) }),
    ...(image.decommissions !== undefined && image.decommissions.size > 0 && { decommissions: encodeDecommissions(image.decommissions) }),
  });
}

/** Throws MetadataDecodeError unless `bytes` hold a well-formed image that keeps every invariant. */
export function decodeImage(bytes: Uint8Array): MetadataImage {
  const fields = JsonFields.of(decodeJson(bytes, IMAGE_FORMAT, 'image'), 'image');
  const nodes = fields.get('nodes', (value, path) => asArray(value, path, readNode));
  const topics = fields.get('topics', (value, path) => asArray(value, path, readTopic));
  const image: MetadataImage = {
    clusterId: fields.string('clusterId'),
    version: fields.get('version', asCount) as LogIndex,
    nextGroup: fields.u32('nextGroup') as GroupId,
    nodes: new Map(nodes.map((node) => [node.id, node])),
    topics: new Map(topics.map((topic) => [topic.name, topic])),
    ...(fields.has('security') && { security: fields.get('security', readSecurity) }),
    ...(fields.has('decommissions') && { decommissions: fields.get('decommissions', readDecommissions) }),
  };
  fields.end();
  if (image.nodes.size !== nodes.length) throw new MetadataDecodeError('image.nodes', 'a node id appears twice');
  if (image.topics.size !== topics.length) throw new MetadataDecodeError('image.topics', 'a topic name appears twice');
  const violations = imageViolations(image);
  if (violations.length > 0) throw new MetadataDecodeError('image', violations.join('; '));
  return image;
}

const asCount = (value: unknown, path: string): number => asInteger(value, path, 0, Number.MAX_SAFE_INTEGER);

function readNode(value: unknown, path: string): NodeRecord {
  const fields = JsonFields.of(value, path);
  const node: NodeRecord = {
    id: fields.get('id', asNodeId),
    incarnation: fields.string('incarnation'),
    clientAddress: fields.string('clientAddress'),
    peerAddress: fields.string('peerAddress'),
    rack: fields.string('rack'),
    registeredAtMs: fields.get('registeredAtMs', asCount),
    ...readCapacity(fields),
  };
  fields.end();
  return node;
}

function readTopic(value: unknown, path: string): TopicRecord {
  const fields = JsonFields.of(value, path);
  const topic: TopicRecord = {
    name: fields.string('name'),
    id: fields.string('id') as TopicId,
    internal: fields.boolean('internal'),
    replicationFactor: fields.u32('replicationFactor'),
    configs: fields.get('configs', asStringMap),
    partitions: fields.get('partitions', (partitions, at) => asArray(partitions, at, readPartition)),
  };
  fields.end();
  return topic;
}

function readPartition(value: unknown, path: string): PartitionRecord {
  const fields = JsonFields.of(value, path);
  const partition: PartitionRecord = {
    partition: fields.u32('partition'),
    group: fields.u32('group') as GroupId,
    replicas: fields.get('replicas', asNodeIds),
    epoch: fields.u32('epoch'),
    ...(fields.has('target') && { target: fields.get('target', asNodeIds) }),
  };
  fields.end();
  return partition;
}
