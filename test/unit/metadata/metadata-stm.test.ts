import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogIndex, NodeId } from '../../../src/raft/types.js';
import {
  assignedPartitions,
  decodeImage,
  emptyImage,
  encodeCommand,
  encodeImage,
  MetadataDecodeError,
  MetadataFrontend,
  MetadataInvariantError,
  MetadataStm,
  PARTITIONS_PER_TOPIC_MAX,
  type MetadataCommand,
  type TopicId,
} from '../../../src/metadata/index.js';
import { decodeCommand } from '../../../src/metadata/index.js';
import { CLUSTER_ID, ids, liveSet, Log, NODE_CAPACITY, registration, topicCommand as createTopic } from './helpers.js';

function topicId(log: Log, name: string): TopicId {
  const topic = log.image.topics.get(name);
  if (topic === undefined) throw new Error(`no topic ${name}`);
  return topic.id;
}

describe('MetadataStm register-node', () => {
  it('registers a node, and a re-registration of the same data directory updates its addresses but keeps its registration time', () => {
    const log = Log.withNodes(1);
    log.ok({ ...registration(1, 'rack-b'), clientAddress: 'new:1', registeredAtMs: 99_999 });
    expect(log.image.nodes.get(1 as NodeId)).toEqual({
      id: 1,
      incarnation: 'inc-1',
      clientAddress: 'new:1',
      peerAddress: '10.0.0.1:9093',
      rack: 'rack-b',
      registeredAtMs: 1_000,
      ...NODE_CAPACITY,
    });
  });

  it('refuses a known node id with another incarnation: a wiped disk must not rejoin as the old member', () => {
    const log = Log.withNodes(1);
    expect(log.refused(registration(1, '', 'other-dir'))).toBe('incarnation-mismatch');
    expect(log.image.nodes.get(1 as NodeId)?.incarnation).toBe('inc-1');
  });

  it('refuses node id 0, empty addresses and an empty incarnation', () => {
    const log = new Log();
    expect(log.refused(registration(0))).toBe('invalid-node');
    expect(log.refused({ ...registration(1), clientAddress: '' })).toBe('invalid-node');
    expect(log.refused({ ...registration(1), incarnation: '' })).toBe('invalid-node');
    expect(log.image.nodes.size).toBe(0);
  });
});

describe('MetadataStm create-topic', () => {
  it('creates a topic with an id from its entry index, groups from 1 and assignment epoch 0', () => {
    const log = Log.withNodes(3);
    log.ok(createTopic('orders', [[1, 2, 3], [2, 3, 1]], { configs: { 'retention.ms': '0060000' } }));
    const topic = log.image.topics.get('orders');
    expect(topic).toEqual({
      name: 'orders',
      id: 't4',
      internal: false,
      replicationFactor: 3,
      configs: { 'retention.ms': '60000' },
      partitions: [
        { partition: 0, group: 1, replicas: [1, 2, 3], epoch: 0 },
        { partition: 1, group: 2, replicas: [2, 3, 1], epoch: 0 },
      ],
    });
    expect(log.image.nextGroup).toBe(3);
  });

  it('applies only the first of two concurrent creations of one name, both built from the same image', () => {
    const log = Log.withNodes(3);
    const before = log.image;
    const first = MetadataFrontend.createTopic({ name: 'orders', partitions: 3, replicationFactor: 3 }, before, liveSet(1, 2, 3));
    const second = MetadataFrontend.createTopic({ name: 'orders', partitions: 1, replicationFactor: 1 }, before, liveSet(1, 2, 3));
    if (!first.ok || !second.ok) throw new Error('the frontend refused a valid request');
    log.ok(first.command);
    expect(log.refused(second.command)).toBe('topic-exists');
    expect(log.image.topics.get('orders')?.partitions).toHaveLength(3);
  });

  it.each([
    ['invalid-name', createTopic('a/b', [[1]])],
    ['invalid-name', createTopic('__internal', [[1]])],
    ['invalid-partitions', createTopic('t', [])],
    ['invalid-replication-factor', createTopic('t', [[]], { replicationFactor: 0 })],
    ['not-enough-nodes', createTopic('t', [[1, 2, 3, 4]])],
    ['invalid-config', createTopic('t', [[1]], { configs: { 'segment.bytes': '1' } })],
    ['invalid-config', createTopic('t', [[1]], { configs: { 'retention.ms': 'soon' } })],
    ['invalid-assignment', createTopic('t', [[1, 1]])],
    ['invalid-assignment', createTopic('t', [[1, 9]])],
    ['invalid-assignment', createTopic('t', [[1, 2], [1]], { replicationFactor: 2 })],
    ['invalid-assignment', createTopic('t', [[1]], { partitions: 2 })],
  ] as const)('refuses with %s: %j', (kind, command) => {
    const log = Log.withNodes(3);
    expect(log.refused(command)).toBe(kind);
    expect(log.image.topics.size).toBe(0);
    expect(log.image.nextGroup).toBe(1);
  });

  it('creates a `__` topic only as an internal topic', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('__offsets', [[1]], { internal: true }));
    expect(log.image.topics.get('__offsets')?.internal).toBe(true);
  });
});

describe('MetadataStm delete-topic', () => {
  it('lets a name be reused, with a new topic id and new groups', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('t', [[1], [1]]));
    const oldId = topicId(log, 't');
    log.ok({ type: 'delete-topic', name: 't', topicId: oldId });
    expect(log.image.topics.has('t')).toBe(false);
    log.ok(createTopic('t', [[1]]));
    expect(topicId(log, 't')).not.toBe(oldId);
    expect(log.image.topics.get('t')?.partitions[0]?.group).toBe(3);
  });

  it('refuses a deletion meant for an earlier topic of the same name', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('t', [[1]]));
    const oldId = topicId(log, 't');
    log.ok({ type: 'delete-topic', name: 't', topicId: oldId });
    log.ok(createTopic('t', [[1]]));
    expect(log.refused({ type: 'delete-topic', name: 't', topicId: oldId })).toBe('unknown-topic');
    expect(log.refused({ type: 'delete-topic', name: 'nope', topicId: oldId })).toBe('unknown-topic');
    expect(log.image.topics.has('t')).toBe(true);
  });
});

describe('MetadataStm create-partitions', () => {
  it('adds partitions with fresh groups and applies only the first of two concurrent raises', () => {
    const log = Log.withNodes(2);
    log.ok(createTopic('t', [[1, 2]]));
    const id = topicId(log, 't');
    const raise = { type: 'create-partitions', name: 't', topicId: id, totalPartitions: 3, assignments: [ids(2, 1), ids(1, 2)] } as const;
    log.ok(raise);
    expect(log.image.topics.get('t')?.partitions.map((p) => [p.partition, p.group, p.replicas])).toEqual([
      [0, 1, [1, 2]],
      [1, 2, [2, 1]],
      [2, 3, [1, 2]],
    ]);
    expect(log.refused(raise)).toBe('invalid-partitions');
  });

  it('refuses a decrease, a count above the maximum, and assignments that do not match the new partitions', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('t', [[1], [1]]));
    const id = topicId(log, 't');
    expect(log.refused({ type: 'create-partitions', name: 't', topicId: id, totalPartitions: 1, assignments: [] })).toBe('invalid-partitions');
    expect(log.refused({ type: 'create-partitions', name: 't', topicId: id, totalPartitions: PARTITIONS_PER_TOPIC_MAX + 1, assignments: [] })).toBe('invalid-partitions');
    expect(log.refused({ type: 'create-partitions', name: 't', topicId: id, totalPartitions: 4, assignments: [ids(1)] })).toBe('invalid-assignment');
  });
});

describe('MetadataStm reassign-partition', () => {
  it('replaces the replica list and bumps the epoch; a reassignment planned from the old epoch is refused', () => {
    const log = Log.withNodes(4);
    log.ok(createTopic('t', [[1, 2, 3]]));
    const id = topicId(log, 't');
    const move = (replicas: NodeId[], expectedEpoch: number) =>
      ({ type: 'reassign-partition', name: 't', topicId: id, partition: 0, replicas, expectedEpoch }) as const;
    log.ok(move(ids(4, 2, 3), 0));
    expect(log.image.topics.get('t')?.partitions[0]).toMatchObject({ replicas: [4, 2, 3], epoch: 1 });
    expect(log.refused(move(ids(1, 2, 4), 0))).toBe('stale-epoch');
    expect(log.refused(move(ids(1, 2), 1))).toBe('invalid-assignment');
    expect(log.refused({ ...move(ids(1, 2, 4), 1), partition: 1 })).toBe('unknown-partition');
  });

  it('keeps the epoch when the replica list does not change', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('t', [[1]]));
    log.ok({ type: 'reassign-partition', name: 't', topicId: topicId(log, 't'), partition: 0, replicas: ids(1), expectedEpoch: 0 });
    expect(log.image.topics.get('t')?.partitions[0]?.epoch).toBe(0);
  });
});

describe('MetadataStm set-topic-config', () => {
  it('sets values in canonical form and resets keys to their defaults, leaving other keys alone', () => {
    const log = Log.withNodes(1);
    log.ok(createTopic('t', [[1]], { configs: { 'retention.ms': '1000', 'write.caching': 'true' } }));
    const id = topicId(log, 't');
    const change = (set: Record<string, string>, reset: string[]) => ({ type: 'set-topic-config', name: 't', topicId: id, set, reset }) as const;
    log.ok(change({ 'retention.bytes': '0005', 'write.caching': 'FALSE' }, ['retention.ms']));
    expect(log.image.topics.get('t')?.configs).toEqual({ 'retention.bytes': '5', 'write.caching': 'false' });
    expect(log.refused(change({ colour: 'blue' }, []))).toBe('invalid-config');
    expect(log.refused(change({}, ['colour']))).toBe('invalid-config');
    expect(log.refused(change({ 'retention.ms': '1' }, ['retention.ms']))).toBe('invalid-config');
  });
});

describe('MetadataStm contract with the host', () => {
  it("lists a node's assigned partitions for its reconciler, in topic and partition order", () => {
    const log = Log.withNodes(3);
    log.ok(createTopic('b', [[1, 2], [2, 3]]));
    log.ok(createTopic('a', [[3, 1]]));
    const refs = assignedPartitions(log.image, 1 as NodeId).map(({ topic, partition }) => [topic.name, partition.partition, partition.group]);
    expect(refs).toEqual([['a', 0, 3], ['b', 0, 1]]);
  });

  it('advances the version on a refused command and changes nothing else', () => {
    const log = Log.withNodes(1);
    const before = log.image;
    log.refused(createTopic('t', [[7]]));
    expect({ ...log.image, version: before.version }).toEqual(before);
    expect(log.image.version).toBe(before.version + 1);
  });

  it('applies entry bytes, and throws MetadataDecodeError on bytes that are not a command', () => {
    const applied = MetadataStm.applyEntry(emptyImage(CLUSTER_ID), encodeCommand(registration(1)), 1 as LogIndex);
    expect(applied.result.ok).toBe(true);
    expect(() => MetadataStm.applyEntry(applied.image, new Uint8Array([1, 123]), 2 as LogIndex)).toThrow(MetadataDecodeError);
  });

  it('asserts that entries arrive in index order', () => {
    const log = Log.withNodes(1);
    expect(() => MetadataStm.apply(log.image, registration(2), log.index as LogIndex)).toThrow(MetadataInvariantError);
  });
});

const NAMES = ['a', 'b', 'c'];
const NODE_IDS = [1, 2, 3, 4, 5];
// Mostly distinct nodes (as a placement would give), sometimes repeats.
const replicaList = fc
  .oneof(fc.shuffledSubarray(NODE_IDS, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...NODE_IDS), { maxLength: 3 }))
  .map((a) => ids(...a));

/** Commands built from what the image holds now (mostly valid) or from thin air (mostly refused). */
function arbitraryStep(): fc.Arbitrary<(log: Log) => MetadataCommand> {
  const name = fc.constantFrom(...NAMES);
  const idOf = (log: Log, n: string): TopicId => log.image.topics.get(n)?.id ?? ('t0' as TopicId);
  const epochOf = (log: Log, n: string, p: number): number => log.image.topics.get(n)?.partitions[p]?.epoch ?? 0;
  return fc.oneof(
    fc.record({ id: fc.constantFrom(...NODE_IDS), rack: fc.constantFrom('', 'x', 'y'), wiped: fc.boolean() }).map(
      ({ id, rack, wiped }) => () => registration(id, rack, wiped ? 'other' : `inc-${id}`),
    ),
    {
      weight: 3,
      arbitrary: fc.record({ n: name, partitions: fc.integer({ min: 0, max: 4 }), rf: fc.integer({ min: 0, max: 4 }) }).map(
        ({ n, partitions, rf }) => (log: Log) => {
          const made = MetadataFrontend.createTopic({ name: n, partitions, replicationFactor: rf }, log.image, new Set(log.image.nodes.keys()));
          return made.ok ? made.command : createTopic(n, Array.from({ length: partitions }, () => NODE_IDS.slice(0, rf)));
        },
      ),
    },
    fc.record({ n: name, assignments: fc.array(replicaList, { maxLength: 3 }) }).map(({ n, assignments }) => () => createTopic(n, assignments)),
    name.map((n) => (log: Log) => ({ type: 'delete-topic', name: n, topicId: idOf(log, n) }) as const),
    fc.record({ n: name, total: fc.integer({ min: 0, max: 6 }) }).map(({ n, total }) => (log: Log) => {
      const made = MetadataFrontend.createPartitions({ name: n, totalPartitions: total }, log.image, new Set(log.image.nodes.keys()));
      if (made.ok) return made.command;
      return { type: 'create-partitions', name: n, topicId: idOf(log, n), totalPartitions: total, assignments: [] } as const;
    }),
    fc.record({ n: name, p: fc.integer({ min: 0, max: 3 }), replicas: replicaList, fit: fc.option(fc.nat()), stale: fc.boolean() }).map(
      ({ n, p, replicas, fit, stale }) => (log: Log) => {
        // `fit`: as many registered nodes as the replication factor, from a rotating start.
        const rf = log.image.topics.get(n)?.replicationFactor ?? 1;
        const nodes = [...log.image.nodes.keys()];
        const list = fit === null ? replicas : [...nodes, ...nodes].slice(fit % nodes.length).slice(0, rf);
        const expectedEpoch = epochOf(log, n, p) + (stale ? 1 : 0);
        return { type: 'reassign-partition', name: n, topicId: idOf(log, n), partition: p, replicas: list, expectedEpoch } as const;
      },
    ),
    fc.record({ n: name, value: fc.constantFrom('1', '-1', 'x', '0100') }).map(
      ({ n, value }) => (log: Log) =>
        ({ type: 'set-topic-config', name: n, topicId: idOf(log, n), set: { 'retention.ms': value }, reset: [] }) as const,
    ),
  );
}

describe('MetadataStm properties', () => {
  it('keeps every image invariant and round-trips every image through a snapshot, whatever commands arrive', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStep(), { minLength: 1, maxLength: 40 }), (steps) => {
        const log = Log.withNodes(3);
        for (const step of steps) {
          log.apply(step(log));
          expect(decodeImage(encodeImage(log.image))).toEqual(log.image);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('allocate-producer-ids', () => {
  it('round-trips through the codec and changes nothing but the version', () => {
    const command = { type: 'allocate-producer-ids' } as const;
    expect(decodeCommand(encodeCommand(command))).toEqual(command);
    const image = emptyImage('c');
    const applied = MetadataStm.apply(image, command, 7 as LogIndex);
    expect(applied.result).toEqual({ ok: true });
    expect({ ...applied.image, version: 0 }).toEqual({ ...image, version: 0 });
    expect(applied.image.version).toBe(7);
  });
});
