/**
 * The SDK against a real 3-node cluster: every codec round-trips, a leader
 * failover is only latency to the caller, new partitions are picked up, a
 * stalled cluster keeps the producer's memory bounded, and a stopped cluster
 * gives a clear error within the timeouts instead of a hang.
 */
import { describe, expect, it } from 'vitest';
import type { Cairn } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

async function leaderOf(cairn: Cairn, topic: string, partition: number): Promise<number> {
  return waitFor(`a leader for ${topic}/${partition}`, async () => (await cairn.admin().describeTopic(topic)).partitions[partition]?.leader);
}

async function consumeValues(cairn: Cairn, topic: string, partition: number, count: number): Promise<string[]> {
  const consumer = cairn.consumer({ maxWaitMs: 200 });
  const values: string[] = [];
  try {
    consumer.assign([{ topic, partition }]);
    consumer.seek({ topic, partition }, 'earliest');
    for await (const message of consumer) {
      values.push(message.value!.toString());
      if (values.length === count) break;
    }
  } finally {
    await consumer.close();
  }
  return values;
}

describe('the SDK on a 3-node cluster', () => {
  const env = useCluster({ nodes: 3 });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const)('round-trips records compressed with %s', async (compression) => {
    const topic = `codec-${compression}`;
    await env.cairn.admin().createTopic({ name: topic, partitions: 1, replicationFactor: 3 });
    const producer = env.cairn.producer({ compression });
    const values = Array.from({ length: 500 }, (_, i) => `${compression} record ${i} ${'·'.repeat(i % 40)}`);
    try {
      const reports = await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i % 7}`, value, headers: [{ key: 'codec', value: compression }] })) });
      expect(reports.map((r) => r.offset)).toEqual(values.map((_, i) => BigInt(i)));
    } finally {
      await producer.close();
    }
    expect(await consumeValues(env.cairn, topic, 0, values.length)).toEqual(values);
  });

  it('turns a leader failover into latency: every send succeeds, and records stay in send order', async () => {
    await env.cairn.admin().createTopic({ name: 'failover', partitions: 1, replicationFactor: 3 });
    const leader = await leaderOf(env.cairn, 'failover', 0);
    const producer = env.cairn.producer();
    const sends: Promise<unknown>[] = [];
    try {
      for (let i = 0; i < 200; i++) {
        sends.push(producer.send({ topic: 'failover', messages: [{ value: `v${i}` }] }));
        if (i === 50) await env.cluster.kill(leader);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const outcomes = await Promise.allSettled(sends);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    } finally {
      await producer.close();
      env.cluster.startNode(leader);
    }
    // In call order, though the first sends waited for the new topic's metadata and later ones did not.
    expect(await consumeValues(env.cairn, 'failover', 0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
    await env.cluster.waitReady();
  });

  it('picks up partitions added while it produces', async () => {
    await env.cairn.admin().createTopic({ name: 'growing', partitions: 1, replicationFactor: 3 });
    const producer = env.cairn.producer({ metadataMaxAgeMs: 500 });
    try {
      await producer.send({ topic: 'growing', messages: [{ value: 'first' }] });
      await env.cairn.admin().createPartitions({ name: 'growing', totalPartitions: 3 });
      const reports = await waitFor('a send to the new partition 2 to succeed', () =>
        producer.send({ topic: 'growing', messages: [{ value: 'late', partition: 2 }] }).catch(() => undefined),
      );
      expect(reports[0]).toMatchObject({ partition: 2, offset: 0n });
    } finally {
      await producer.close();
    }
  });

  it('keeps the producer buffer bounded while the leader is stalled, and delivers everything once it returns', async () => {
    await env.cairn.admin().createTopic({ name: 'stalled', partitions: 1, replicationFactor: 1 });
    const leader = await leaderOf(env.cairn, 'stalled', 0);
    const bufferBytesMax = 256 * 1024;
    const producer = env.cairn.producer({ bufferBytesMax, batchBytesMax: 16 * 1024, maxBlockMs: 60_000, deliveryTimeoutMs: 60_000 });
    const value = 'x'.repeat(1000);
    let peakBytes = 0;
    const sends: Promise<unknown>[] = [];
    env.cluster.pause(leader);
    try {
      // 2 MB offered against a 256 KiB buffer: send() must wait, not grow memory.
      const offering = (async () => {
        for (let i = 0; i < 2000; i++) {
          const sent = producer.send({ topic: 'stalled', messages: [{ value }] });
          // Refusals (BUFFER_FULL) come at once, long before allSettled below looks: handled here, judged there.
          sent.catch(() => undefined);
          sends.push(sent);
          peakBytes = Math.max(peakBytes, producer.bufferedBytes);
          if (producer.bufferedBytes > bufferBytesMax / 2) await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      peakBytes = Math.max(peakBytes, producer.bufferedBytes);
      expect(producer.bufferedBytes).toBeLessThanOrEqual(bufferBytesMax);
      env.cluster.resume(leader);
      await offering;
      const outcomes = await Promise.allSettled(sends);
      // Sends beyond the buffer and as much again waiting for room are refused at once, not held in memory.
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as CairnError).code] : []));
      expect(refused.filter((code) => code !== 'BUFFER_FULL')).toEqual([]);
      expect(outcomes.length - refused.length).toBeGreaterThanOrEqual(bufferBytesMax / value.length);
    } finally {
      env.cluster.resume(leader);
      await producer.close();
    }
    expect(peakBytes).toBeLessThanOrEqual(bufferBytesMax);
  });

  it('fails with a clear error within the timeouts once the whole cluster is stopped, never hanging', async () => {
    await env.cairn.admin().createTopic({ name: 'doomed', partitions: 1, replicationFactor: 3 });
    const producer = env.cairn.producer({ deliveryTimeoutMs: 3000, maxBlockMs: 3000 });
    await producer.send({ topic: 'doomed', messages: [{ value: 'before' }] });
    await Promise.all(env.cluster.ids().map((id) => env.cluster.kill(id)));
    const started = Date.now();
    const error = await producer.send({ topic: 'doomed', messages: [{ value: 'after' }] }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CairnError);
    expect(['DELIVERY_TIMED_OUT', 'UNAVAILABLE', 'REQUEST_TIMED_OUT']).toContain((error as CairnError).code);
    expect(Date.now() - started).toBeLessThan(15_000);
    const adminError = await env.cairn.admin().listTopics().then(() => undefined, (e: unknown) => e);
    expect(adminError).toBeInstanceOf(CairnError);
    await producer.close();
  });
});
