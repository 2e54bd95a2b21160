/**
 * A connection that stops delivering while its node is fine (see
 * support/tcp-proxy.ts): the clients reach the nodes through proxies, and
 * the one in front of a partition's leader freezes every connection open.
 * The producer must get going again on a new connection to that same leader
 * within a bounded time, rather than send every retry into the silent one,
 * and must write each record exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'silent';
const REQUEST_TIMEOUT_MS = 2_000;
/** A few request timeouts: a send into a silent connection would wait for the delivery timeout. */
const RECOVERY_MS_MAX = 15_000;
const DELIVERY_TIMEOUT_MS = 30_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('a producer whose connection to the leader goes silent', () => {
  const proxies = new Map<number, TcpProxy>();
  const clients: Cairn[] = [];
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
  afterAll(async () => {
    await Promise.all(clients.map((cairn) => cairn.close()));
    await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
  });

  it('sends on over a new connection to the same leader within a bounded time, each record once', async () => {
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: 1, replicationFactor: 3 });
    const leaderNow = async (): Promise<number | undefined> => (await proxied().admin().describeTopic(TOPIC)).partitions[0]?.leader;
    // The preferred replica: the controller moves leadership nowhere else once it leads.
    const leader = await waitFor('the preferred replica to lead', async () => {
      const [partition] = (await env.cairn.admin().describeTopic(TOPIC)).partitions;
      return partition?.leader === partition?.replicas[0] && partition?.leader;
    });
    const producer = proxied().producer({ deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    await producer.send({ topic: TOPIC, messages: [{ value: 'first' }] });

    // Sends in flight when the connection goes silent: their answers never come back.
    const before = Array.from({ length: 10 }, (_, i) => producer.send({ topic: TOPIC, messages: [{ value: `before-${i}` }] }));
    proxies.get(leader)!.freeze();
    const after = producer.send({ topic: TOPIC, messages: [{ value: 'after' }] });
    await within(Promise.all([...before, after]), RECOVERY_MS_MAX, 'the sends made around the freeze acknowledged');
    // Over a new connection to the same node: the cluster did not fail over.
    expect(await leaderNow()).toBe(leader);

    const consumer = proxied().consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
    consumer.assign([{ topic: TOPIC, partition: 0 }]);
    const values: string[] = [];
    for await (const message of consumer) {
      values.push(message.value!.toString());
      if (message.value!.toString() === 'after') break;
    }
    await consumer.close();
    expect(values).toEqual(['first', ...Array.from({ length: 10 }, (_, i) => `before-${i}`), 'after']);
  }, 90_000);
});
