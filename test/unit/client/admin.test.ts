import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn, CairnError } from '../../../src/client/index.js';
import { FakeCluster } from './fake-cluster.js';

describe('Admin', () => {
  let cluster: FakeCluster;
  let cairn: Cairn;

  beforeAll(async () => {
    cluster = await FakeCluster.start(3);
    cluster.controllerId = 2;
    cairn = new Cairn({ brokers: [cluster.node(1).address], requestTimeoutMs: 1_000, retry: { initialBackoffMs: 10, backoffMaxMs: 20 } });
  });
  afterAll(async () => {
    await cairn[Symbol.asyncDispose]();
    cluster.close();
  });

  it('creates, lists, describes and deletes topics at the controller', async () => {
    const admin = cairn.admin();
    const created = await admin.createTopic({ name: 'orders', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': '60000' } });
    expect(created).toEqual({
      name: 'orders',
      topicId: 'id-orders',
      replicationFactor: 3,
      configs: { 'retention.ms': '60000' },
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2, 3], inSync: [1, 2, 3], leaderEpoch: 1, group: 100, logBytes: 1024 },
        { partition: 1, leader: 2, replicas: [1, 2, 3], inSync: [1, 2, 3], leaderEpoch: 1, group: 101, logBytes: 2048 },
      ],
    });
    await admin.createTopic({ name: 'audit' });
    expect((await admin.listTopics()).map((topic) => topic.name)).toEqual(['audit', 'orders']);
    expect(await admin.describeTopic('orders')).toEqual(created);

    await admin.deleteTopic('orders');
    const error = await admin.describeTopic('orders').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'unknown topic "orders"' });
    expect(cluster.node(2).calls).toContain('DeleteTopic');
    expect(cluster.node(1).calls).not.toContain('DeleteTopic');
  });

  it('describes the cluster from any node', async () => {
    const description = await cairn.admin().describeCluster();
    expect(description.controllerId).toBe(2);
    expect(description.nodes[0]).toEqual({
      nodeId: 1,
      address: cluster.node(1).address,
      rack: 'rack-1',
      live: true,
      lastSeenMsAgo: 12,
      metadataVoter: true,
      state: 'active',
    });
  });

  it.each([
    [{ name: 't', partitions: -1 }, 'INVALID_PARTITIONS', 'partitions must be a positive integer, got -1'],
    [{ name: 't', replicationFactor: 1.5 }, 'INVALID_REPLICATION_FACTOR', 'replicationFactor must be a positive integer, got 1.5'],
  ])('refuses %j before sending it', async (options, code, message) => {
    await expect(cairn.admin().createTopic(options)).rejects.toMatchObject({ code, message });
  });

  it('refuses a partition count below one', async () => {
    await expect(cairn.admin().createPartitions({ name: 't', totalPartitions: 0 })).rejects.toMatchObject({ code: 'INVALID_PARTITIONS' });
  });
});
