import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import { MetadataFrontend, type MetadataError, type Proposal } from '../../../src/metadata/index.js';
import { CLUSTER_ID, liveSet, Log, NODE_CAPACITY, nodeReport } from './helpers.js';

function refusalOf<C>(proposal: Proposal<C>): MetadataError {
  if (proposal.ok) throw new Error('the request was accepted');
  return proposal.error;
}

function commandOf<C>(proposal: Proposal<C>): C {
  if (!proposal.ok) throw new Error(proposal.error.message);
  return proposal.command;
}

describe('MetadataFrontend.createTopic', () => {
  const log = Log.withNodes(3);
  log.ok(commandOf(MetadataFrontend.createTopic({ name: 'taken', partitions: 1, replicationFactor: 1 }, log.image, liveSet(1, 2, 3))));
  const create = (name: string, partitions: number, replicationFactor: number, configs?: Record<string, string>) =>
    MetadataFrontend.createTopic({ name, partitions, replicationFactor, ...(configs && { configs }) }, log.image, liveSet(1, 2));

  it('places a valid topic on the live nodes only, and the command applies', () => {
    const command = commandOf(create('fresh', 4, 2, { 'retention.ms': '01' }));
    expect(command).toMatchObject({ type: 'create-topic', name: 'fresh', partitions: 4, replicationFactor: 2, configs: { 'retention.ms': '1' } });
    expect(new Set(command.assignments.flat())).toEqual(liveSet(1, 2));
    new Log(log.image).ok(command);
  });

  it.each([
    ['a duplicate name', () => create('taken', 1, 1), 'topic-exists', "topic 'taken' already exists"],
    ['more replicas than live nodes', () => create('x', 1, 3), 'not-enough-nodes', 'replication factor 3 needs as many nodes, but 2 are live'],
    ['an invalid name', () => create('no way', 1, 1), 'invalid-name', "topic name 'no way' may contain only"],
    ['0 partitions', () => create('x', 0, 1), 'invalid-partitions', "topic 'x' needs from 1 to 100000 partitions, not 0"],
    ['replication factor 0', () => create('x', 1, 0), 'invalid-replication-factor', 'replication factor must be from 1 to 5, not 0'],
    ['an unknown config', () => create('x', 1, 1, { 'compression.type': 'zstd' }), 'invalid-config', "unknown topic config 'compression.type'"],
    ['a reserved name', () => create('__consumer_offsets', 1, 1), 'invalid-name', 'reserved for internal topics'],
  ])('refuses %s', (_what, request, kind, message) => {
    const error = refusalOf(request());
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });

  it('creates internal topics only when asked by Cairn itself', () => {
    const request = { name: '__offsets', partitions: 1, replicationFactor: 1 };
    const command = commandOf(MetadataFrontend.createTopic(request, log.image, liveSet(1), { internal: true }));
    expect(command.internal).toBe(true);
  });
});

describe('MetadataFrontend topic changes', () => {
  const log = Log.withNodes(3);
  log.ok(commandOf(MetadataFrontend.createTopic({ name: 't', partitions: 2, replicationFactor: 2 }, log.image, liveSet(1, 2, 3))));
  const internal = { name: '__internal', partitions: 1, replicationFactor: 1 };
  log.ok(commandOf(MetadataFrontend.createTopic(internal, log.image, liveSet(1), { internal: true })));
  const topicId = log.image.topics.get('t')?.id;

  it('deletes a topic by the id it has now, and refuses unknown and internal topics', () => {
    expect(commandOf(MetadataFrontend.deleteTopic({ name: 't' }, log.image))).toEqual({ type: 'delete-topic', name: 't', topicId });
    const unknown = refusalOf(MetadataFrontend.deleteTopic({ name: 'nope' }, log.image));
    expect(unknown).toEqual({ kind: 'unknown-topic', message: "topic 'nope' does not exist" });
    expect(refusalOf(MetadataFrontend.deleteTopic({ name: '__internal' }, log.image)).kind).toBe('invalid-name');
  });

  it('adds partitions placed on live nodes, and refuses a count that does not grow or too few live nodes', () => {
    const command = commandOf(MetadataFrontend.createPartitions({ name: 't', totalPartitions: 5 }, log.image, liveSet(2, 3)));
    expect(command.assignments).toHaveLength(3);
    expect(command.assignments.flat().every((id) => id === 2 || id === 3)).toBe(true);
    new Log(log.image).ok(command);
    expect(refusalOf(MetadataFrontend.createPartitions({ name: 't', totalPartitions: 2 }, log.image, liveSet(1, 2))).kind).toBe('invalid-partitions');
    expect(refusalOf(MetadataFrontend.createPartitions({ name: 't', totalPartitions: 3 }, log.image, liveSet(1))).kind).toBe('not-enough-nodes');
    expect(refusalOf(MetadataFrontend.createPartitions({ name: 'nope', totalPartitions: 3 }, log.image, liveSet(1))).kind).toBe('unknown-topic');
  });

  it('changes configs in canonical form and refuses unknown keys and bad values', () => {
    const command = commandOf(MetadataFrontend.setTopicConfig({ name: 't', set: { 'write.caching': 'True' }, reset: ['retention.ms'] }, log.image));
    expect(command).toEqual({ type: 'set-topic-config', name: 't', topicId, set: { 'write.caching': 'true' }, reset: ['retention.ms'] });
    const tooSmall = MetadataFrontend.setTopicConfig({ name: 't', set: { 'max.message.bytes': '0' }, reset: [] }, log.image);
    expect(refusalOf(tooSmall).kind).toBe('invalid-config');
    expect(refusalOf(MetadataFrontend.setTopicConfig({ name: 't', set: {}, reset: ['colour'] }, log.image)).message).toContain("'colour'");
  });
});

describe('MetadataFrontend.registerNode', () => {
  const log = Log.withNodes(1);

  it('registers a new node with the report time, and asks nothing when the image already agrees', () => {
    expect(commandOf(MetadataFrontend.registerNode(nodeReport(2, []), log.image, 5_000))).toEqual({
      type: 'register-node',
      node: 2,
      incarnation: 'inc-2',
      clientAddress: '10.0.0.2:9092',
      peerAddress: '10.0.0.2:9093',
      rack: '',
      ...NODE_CAPACITY,
      registeredAtMs: 5_000,
    });
    expect(commandOf(MetadataFrontend.registerNode(nodeReport(1, []), log.image, 5_000))).toBeNull();
    expect(commandOf(MetadataFrontend.registerNode({ ...nodeReport(1, []), rack: 'r1' }, log.image, 5_000))).toMatchObject({ node: 1, rack: 'r1' });
  });

  it('refuses a report from another cluster, another data directory, or no node', () => {
    const report = nodeReport(1, []);
    const other = (node: typeof report.node) => MetadataFrontend.registerNode({ ...report, node }, log.image, 0);
    expect(refusalOf(other({ nodeId: 1, clusterId: 'elsewhere', incarnation: 'inc-1' })).kind).toBe('invalid-node');
    expect(refusalOf(other({ nodeId: 1, clusterId: CLUSTER_ID, incarnation: 'fresh-disk' })).kind).toBe('incarnation-mismatch');
    expect(refusalOf(other(null)).kind).toBe('invalid-node');
    expect(log.image.nodes.get(1 as NodeId)?.incarnation).toBe('inc-1');
  });
});
