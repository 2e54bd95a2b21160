import { afterEach, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../src/client/cluster-client.js';
import { CairnError } from '../../../src/client/errors.js';
import { resolveClientOptions } from '../../../src/client/options.js';
import type { CairnOptions } from '../../../src/client/options.js';
import { FakeCluster, HANG } from './fake-cluster.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeCluster(nodesCount: number): Promise<FakeCluster> {
  const cluster = await FakeCluster.start(nodesCount);
  cleanups.push(() => cluster.close());
  return cluster;
}

function clientOf(brokers: string[], options: Partial<CairnOptions> = {}): ClusterClient {
  const client = new ClusterClient(
    resolveClientOptions({ brokers, requestTimeoutMs: 1_000, retry: { retriesMax: 3, initialBackoffMs: 10, backoffMaxMs: 20 }, ...options }),
  );
  cleanups.push(() => client.close());
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

const createOrders = { name: 'orders', partitions: 1, replicationFactor: 1, configs: {} };

describe('ClusterClient routing', () => {
  it('bootstraps past a dead broker and sends controller calls to the controller', async () => {
    const cluster = await fakeCluster(3);
    cluster.controllerId = 2;
    cluster.stopNode(3);
    const client = clientOf([cluster.node(3).address, cluster.node(1).address]);

    await client.call('CreateTopic', createOrders, { to: 'controller' });

    expect(cluster.node(1).calls).toEqual(['Metadata']);
    expect(cluster.node(2).calls).toEqual(['CreateTopic']);
  });

  it('follows a NOT_CONTROLLER hint at once, to an address only the hint names', async () => {
    const cluster = await fakeCluster(3);
    // Node 1's metadata is stale: it names itself controller and knows no other node.
    cluster.override(1, 'Metadata', (_request, node) => ({ brokers: [{ nodeId: 1, address: node.address }], controllerId: 1 }));
    cluster.controllerId = 3;
    const client = clientOf([cluster.node(1).address], { retry: { retriesMax: 3, initialBackoffMs: 5_000, backoffMaxMs: 5_000 } });

    const startedMs = performance.now();
    await client.call('CreateTopic', createOrders, { to: 'controller' });
    await client.call('ListTopics', {}, { to: 'controller' });

    expect(performance.now() - startedMs).toBeLessThan(2_000); // no backoff on the way
    expect(cluster.node(1).calls).toEqual(['Metadata', 'CreateTopic']);
    expect(cluster.node(3).calls).toEqual(['CreateTopic', 'ListTopics']);
  });

  it('follows a NOT_LEADER hint when routed to a node', async () => {
    const cluster = await fakeCluster(2);
    cluster.override(1, 'DescribeCluster', () => {
      throw new CairnError('NOT_LEADER', undefined, { leaderHint: 2 });
    });
    const client = clientOf([cluster.node(1).address]);

    const response = await client.call('DescribeCluster', {}, { to: 1 });

    expect(response.clusterId).toBe('fake');
    expect(cluster.node(2).calls).toEqual(['DescribeCluster']);
  });

  it('shares one metadata fetch between concurrent calls and caches it', async () => {
    const cluster = await fakeCluster(1);
    const client = clientOf([cluster.node(1).address]);

    await Promise.all([client.call('ListTopics', {}, { to: 'controller' }), client.call('ListTopics', {}, { to: 'controller' })]);
    const cached = await client.metadata();
    expect(cluster.node(1).calls).toEqual(['Metadata', 'ListTopics', 'ListTopics']);
    expect(cached.brokers.map((broker) => broker.nodeId)).toEqual([1]);

    await client.metadata({ refresh: true });
    expect(cluster.node(1).calls.filter((method) => method === 'Metadata')).toHaveLength(2);
  });

  it('asks the next node when one has not answered within the hedge delay, takes its answer, and starts there next time', async () => {
    const cluster = await fakeCluster(3);
    cluster.override(1, 'Metadata', () => HANG); // paused, or cut off: its connection never answers
    // One attempt of 30 s: only asking another node can answer before the deadline ends it.
    const client = clientOf(cluster.addresses, { requestTimeoutMs: 30_000, retry: { retriesMax: 0, initialBackoffMs: 10, backoffMaxMs: 10 } });

    const metadata = await client.metadata({ refresh: true });
    await client.metadata({ refresh: true });

    expect(metadata.brokers.map((broker) => broker.nodeId)).toEqual([1, 2, 3]);
    expect(cluster.node(1).calls).toEqual(['Metadata']); // the second refresh started at a node that answered
    expect([...cluster.node(2).calls, ...cluster.node(3).calls].filter((method) => method === 'Metadata').length).toBeGreaterThanOrEqual(2);
  });

  it('refreshes metadata when the controller it knew stops answering', async () => {
    const cluster = await fakeCluster(2);
    const client = clientOf([cluster.node(1).address, cluster.node(2).address]);
    await client.call('ListTopics', {}, { to: 'controller' });

    cluster.stopNode(1);
    cluster.controllerId = 2;
    await client.call('ListTopics', {}, { to: 'controller' });

    expect(cluster.node(2).calls).toEqual(['Metadata', 'ListTopics']);
  });
});

describe('ClusterClient retries', () => {
  it('does not retry an error that is not retriable', async () => {
    const cluster = await fakeCluster(1);
    const client = clientOf([cluster.node(1).address]);
    await client.call('CreateTopic', createOrders, { to: 'controller' });

    const error = await rejection(client.call('CreateTopic', createOrders, { to: 'controller' }));

    expect([error.code, error.message]).toEqual(['TOPIC_ALREADY_EXISTS', 'topic "orders" already exists']);
    expect(cluster.node(1).calls.filter((method) => method === 'CreateTopic')).toHaveLength(2);
  });

  it('retries a retriable error with backoff, then gives up with its code', async () => {
    const cluster = await fakeCluster(1);
    cluster.override(1, 'CreateTopic', () => {
      throw new CairnError('NOT_ENOUGH_REPLICAS', '1 of 3 replicas in sync');
    });
    const client = clientOf([cluster.node(1).address], { retry: { retriesMax: 3, initialBackoffMs: 40, backoffMaxMs: 80 } });

    const startedMs = performance.now();
    const error = await rejection(client.call('CreateTopic', createOrders, { to: 'controller' }));
    const elapsedMs = performance.now() - startedMs;

    expect(error).toMatchObject({ code: 'NOT_ENOUGH_REPLICAS', retriable: true, message: '1 of 3 replicas in sync (gave up after 4 attempts)' });
    expect((error.cause as CairnError).code).toBe('NOT_ENOUGH_REPLICAS');
    expect(cluster.node(1).calls.filter((method) => method === 'CreateTopic')).toHaveLength(4);
    // Backoffs of at least 20 + 40 + 40 ms (half of 40, 80, 80 capped).
    expect(elapsedMs).toBeGreaterThanOrEqual(100);
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('gives UNAVAILABLE quickly when every node refuses connections', async () => {
    const cluster = await fakeCluster(2);
    cluster.close();
    const client = clientOf(cluster.addresses, { retry: { retriesMax: 2, initialBackoffMs: 20, backoffMaxMs: 50 } });

    const startedMs = performance.now();
    const error = await rejection(client.call('CreateTopic', createOrders, { to: 'controller' }));

    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+: .*\(gave up after 3 attempts\)$/);
    expect(performance.now() - startedMs).toBeLessThan(2_000);
  });

  it('gives REQUEST_TIMED_OUT within the deadlines when a node never answers', async () => {
    const cluster = await fakeCluster(1);
    cluster.override(1, 'DescribeCluster', () => HANG);
    const client = clientOf([cluster.node(1).address], { requestTimeoutMs: 150, retry: { retriesMax: 1, initialBackoffMs: 10, backoffMaxMs: 10 } });

    const startedMs = performance.now();
    const error = await rejection(client.call('DescribeCluster', {}, { to: 'any' }));
    const elapsedMs = performance.now() - startedMs;

    expect(error.code).toBe('REQUEST_TIMED_OUT');
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it('waits out a cluster with no controller, then finds the new one', async () => {
    const cluster = await fakeCluster(2);
    cluster.controllerId = 0; // an election in progress
    const client = clientOf([cluster.node(1).address], { retry: { retriesMax: 5, initialBackoffMs: 20, backoffMaxMs: 20 } });
    setTimeout(() => (cluster.controllerId = 2), 30);

    await client.call('ListTopics', {}, { to: 'controller' });

    expect(cluster.node(2).calls).toEqual(['ListTopics']);
  });
});

describe('ClusterClient close', () => {
  it('fails calls in flight and later calls with CLIENT_CLOSED', async () => {
    const cluster = await fakeCluster(1);
    cluster.override(1, 'DescribeCluster', () => HANG);
    const client = clientOf([cluster.node(1).address], { requestTimeoutMs: 10_000 });

    const inFlight = rejection(client.call('DescribeCluster', {}, { to: 'any' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();

    expect((await inFlight).code).toBe('CLIENT_CLOSED');
    expect((await rejection(client.call('ListTopics', {}, { to: 'any' }))).code).toBe('CLIENT_CLOSED');
  });

  it('interrupts a backoff', async () => {
    const cluster = await fakeCluster(1);
    cluster.close();
    const client = clientOf(cluster.addresses, { retry: { retriesMax: 5, initialBackoffMs: 10_000, backoffMaxMs: 10_000 } });

    const startedMs = performance.now();
    const pending = rejection(client.call('ListTopics', {}, { to: 'any' }));
    setTimeout(() => void client.close(), 50);

    expect((await pending).code).toBe('CLIENT_CLOSED');
    expect(performance.now() - startedMs).toBeLessThan(2_000);
  });
});
