/**
 * Connections that go silent while the node is fine (see
 * support/tcp-proxy.ts): the clients reach the nodes through proxies, and
 * the one in front of a partition's leader silences every connection open,
 * and for a while every new one too. The producer must get going again
 * over a new connection to that same leader within a bounded time, rather
 * than send every retry into a silent connection or wait on a connection
 * attempt that never completes, and must write each record exactly once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cairn } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

const REQUEST_TIMEOUT_MS = 2_000;
/** A few request timeouts: a send stuck on a silent connection would wait for the delivery timeout. */
const RECOVERY_MS_MAX = 15_000;
const DELIVERY_TIMEOUT_MS = 30_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('a producer whose connections to the leader go silent', () => {
  const proxies = new Map<number, TcpProxy>();
  let clients: Cairn[] = [];
  /** A client that reaches the nodes only through the proxies. */
  const proxied = (): Cairn => {
    const cairn = new Cairn({ brokers: [...proxies.values()].map((proxy) => proxy.address), requestTimeoutMs: REQUEST_TIMEOUT_MS });
    clients.push(cairn);
    return cairn;
  };
  beforeAll(async () => {
    for (const id of [1, 2, 3]) proxies.set(id, await TcpProxy.start(() => env.cluster.ports.get(id)!.client));
  });
  const env = useCluster({ nodes: 3, advertisedAddress: (id) => proxies.get(id)!.address });
  afterEach(async () => {
    await Promise.all(clients.map((cairn) => cairn.close()));
    clients = [];
  });
  afterAll(async () => {
    await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
  });

  const leaderOf = async (topic: string): Promise<number | undefined> => (await proxied().admin().describeTopic(topic)).partitions[0]?.leader;

  /** A new one-partition topic, once its preferred replica leads: the controller moves leadership nowhere else. */
  async function topicLed(topic: string): Promise<number> {
    const admin = proxied().admin();
    await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 3 });
    return waitFor(`the preferred replica of ${topic} to lead`, async () => {
      const [partition] = (await admin.describeTopic(topic)).partitions;
      return partition?.leader === partition?.replicas[0] && partition?.leader;
    });
  }

  async function valuesOf(topic: string, last: string): Promise<string[]> {
    const consumer = proxied().consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
    consumer.assign([{ topic, partition: 0 }]);
    const values: string[] = [];
    for await (const message of consumer) {
      values.push(message.value!.toString());
      if (values.at(-1) === last) break;
    }
    await consumer.close();
    return values;
  }

  it('sends on over a new connection to the same leader within a bounded time, each record once', async () => {
    const topic = 'frozen';
    const leader = await topicLed(topic);
    const producer = proxied().producer({ deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    await producer.send({ topic, messages: [{ value: 'first' }] });

    // Sends in flight when the connection goes silent: their answers never come back.
    const before = Array.from({ length: 10 }, (_, i) => producer.send({ topic, messages: [{ value: `before-${i}` }] }));
    proxies.get(leader)!.freeze();
    const after = producer.send({ topic, messages: [{ value: 'after' }] });
    await within(Promise.all([...before, after]), RECOVERY_MS_MAX, 'the sends made around the freeze acknowledged');

    // Over a new connection to the same node: the cluster did not fail over.
    expect(await leaderOf(topic)).toBe(leader);
    expect(await valuesOf(topic, 'after')).toEqual(['first', ...Array.from({ length: 10 }, (_, i) => `before-${i}`), 'after']);
  }, 90_000);

  it('gets going again within a bounded time once the leader it could not reach is reachable again', async () => {
    const topic = 'unreachable';
    const leader = await topicLed(topic);
    const producer = proxied().producer({ deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    await producer.send({ topic, messages: [{ value: 'first' }] });

    const proxy = proxies.get(leader)!;
    proxy.blackHole(true);
    proxy.freeze();
    const during = producer.send({ topic, messages: [{ value: 'during' }] });
    // The producer gave up on its silent connection and dialled again, into the black hole.
    await waitFor('a new connection to the leader', () => proxy.held > 0, { timeoutMs: RECOVERY_MS_MAX });
    proxy.blackHole(false);
    const after = producer.send({ topic, messages: [{ value: 'after' }] });
    await within(Promise.all([during, after]), RECOVERY_MS_MAX, 'the sends acknowledged once the leader was reachable again');

    expect(await leaderOf(topic)).toBe(leader);
    expect(await valuesOf(topic, 'after')).toEqual(['first', 'during', 'after']);
  }, 90_000);
});
