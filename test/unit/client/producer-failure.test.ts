/**
 * The producer when things go wrong: close() right after send(), batches
 * the leader refuses as too large, a topic deleted under it, a closed
 * client, and what a delivery timeout carries.
 */
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/index.js';
import type { FakeData } from './fake-data.js';
import { cairnFor, cleanUpAfterEach, rejectionOf, startData } from './harness.js';

cleanUpAfterEach();

const metadataCalls = (data: FakeData): number => data.cluster.nodes.flatMap((node) => node.calls).filter((method) => method === 'Metadata').length;

describe('producer close', () => {
  it.each([
    ['lingerMs 10 s', { lingerMs: 10_000 }],
    ['default options', {}],
  ])('delivers every send made in the same tick as close() (%s)', async (_name, options) => {
    const data = await startData(1);
    data.createTopic('t', 2);
    const cairn = cairnFor(data);
    await cairn.admin().describeCluster(); // connected, as an application would be
    const producer = cairn.producer(options);

    const sends = Array.from({ length: 500 }, (_, i) => producer.send({ topic: 't', messages: [{ key: `k${i % 7}`, value: `v${i}` }] }));
    await producer.close();

    const reports = await Promise.all(sends);
    expect(reports).toHaveLength(500);
    expect(data.values('t', 0).length + data.values('t', 1).length).toBe(500);
    expect(await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'late' }] }))).toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it('delivers a send made one await before close(), while its topic is still being looked up', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 10_000 });

    const sending = producer.send({ topic: 't', messages: [{ value: 'v' }] });
    await Promise.resolve();
    await producer.close();

    expect((await sending)[0]!.offset).toBe(0n);
  });
});

/** Node 1 stops answering data requests (as a paused process) and node 2 takes over; every node's metadata still names node 1. */
function hangLeader(data: FakeData): void {
  const stale = structuredClone(data.cluster.topics.get('t')!);
  for (const node of data.cluster.nodes) {
    data.cluster.override(node.nodeId, 'Metadata', () => ({
      brokers: data.cluster.nodes.map((other) => ({ nodeId: other.nodeId, address: other.address, rack: '', live: true })),
      controllerId: 2,
      topics: [stale],
      clusterId: 'fake',
    }));
  }
  data.hung.add(1);
  data.setLeader('t', 0, 2);
}

describe('a leader that stops answering', () => {
  it('costs a producer about an election, not a request timeout: the other replicas name the new leader', async () => {
    const data = await startData(3);
    data.createTopic('t', 1);
    data.cluster.topics.get('t')!.partitions![0]!.replicas = [1, 2, 3];
    const producer = cairnFor(data, { brokers: data.cluster.addresses, requestTimeoutMs: 20_000 }).producer({ deliveryTimeoutMs: 60_000 });
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    hangLeader(data);
    const startedMs = Date.now();

    const [report] = await producer.send({ topic: 't', messages: [{ value: 'm1' }] });

    expect(Date.now() - startedMs).toBeLessThan(5_000); // the request timeout is 20 s
    expect(report).toMatchObject({ partition: 0, offset: 1n });
    expect(data.values('t', 0)).toEqual(['m0', 'm1']);
    data.hung.clear();
  });

  it('costs a consumer about an election too: its fetch is abandoned and sent to the new leader', async () => {
    const data = await startData(3);
    data.createTopic('t', 1);
    data.cluster.topics.get('t')!.partitions![0]!.replicas = [1, 2, 3];
    const cairn = cairnFor(data, { brokers: data.cluster.addresses, requestTimeoutMs: 20_000 });
    const producer = cairn.producer({ deliveryTimeoutMs: 60_000 });
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    const consumer = cairn.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
    consumer.assign([{ topic: 't', partition: 0 }]);
    expect((await consumer.nextBatch())!.messages.map((m) => m.value!.toString())).toEqual(['m0']);
    hangLeader(data);
    const startedMs = Date.now();

    await producer.send({ topic: 't', messages: [{ value: 'm1' }] });
    const batch = await consumer.nextBatch();

    expect(Date.now() - startedMs).toBeLessThan(6_000); // a fetch times out after maxWaitMs + 20 s
    expect(batch!.messages.map((m) => m.value!.toString())).toEqual(['m1']);
    data.hung.clear();
  });
});

describe('producer and the topic limit on batch size', () => {
  it('splits a batch the leader refuses as too large, and writes every record once, in order', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const limitBytes = 800; // the topic's max.message.bytes, as the leader would apply it
    data.onProduce = (context) => (context.bytes.length > limitBytes ? { errorCode: 'BATCH_TOO_LARGE' } : undefined);
    const producer = cairnFor(data).producer({ lingerMs: 50 });
    const values = Array.from({ length: 40 }, (_, i) => `${i}`.padStart(100, '.'));

    const reports = await Promise.all(values.map((value) => producer.send({ topic: 't', messages: [{ value }] })));

    expect(reports.map(([report]) => report!.offset)).toEqual(values.map((_, i) => BigInt(i)));
    expect(data.values('t', 0)).toEqual(values);
    const accepted = data.received.filter((context) => context.bytes.length <= limitBytes);
    expect(accepted.reduce((sum, context) => sum + context.header.recordsCount, 0)).toBe(40);
    expect(producer.bufferedBytes).toBe(0);

    // Later batches of the topic are made small enough from the start.
    const receivedBefore = data.received.length;
    await Promise.all(values.map((value) => producer.send({ topic: 't', messages: [{ value }] })));
    expect(data.received.slice(receivedBefore).filter((context) => context.bytes.length > limitBytes)).toEqual([]);
  });

  it('fails only a record that can never fit, saying it passed the topic’s max.message.bytes; a small record batched with it is written', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    data.onProduce = (context) => (context.bytes.length > 1_000 ? { errorCode: 'BATCH_TOO_LARGE' } : undefined);
    const producer = cairnFor(data).producer({ lingerMs: 50 });

    const big = rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x'.repeat(5_000) }] }));
    const small = producer.send({ topic: 't', messages: [{ value: 'small' }] });

    expect(await big).toMatchObject({ code: 'BATCH_TOO_LARGE', message: expect.stringMatching(/^t-0: a record of about \d+ bytes .* max\.message\.bytes/) });
    expect((await small)[0]!.offset).toBe(0n);
    expect(data.values('t', 0)).toEqual(['small']);
  });

  it('names batchBytesMax when a record is larger than the producer’s own batch limit', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ batchBytesMax: 1_000 });

    const error = await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x'.repeat(2_000) }] }));

    expect(error).toMatchObject({ code: 'BATCH_TOO_LARGE', message: expect.stringMatching(/batchBytesMax \(1000\)/) });
  });
});

describe('producer and a deleted topic', () => {
  it('fails sends to a deleted topic it still has cached with UNKNOWN_TOPIC_OR_PARTITION after the retries, without flooding Metadata', async () => {
    const data = await startData(1);
    data.createTopic('gone', 1);
    const cairn = cairnFor(data, { retry: { retriesMax: 5, initialBackoffMs: 100, backoffMaxMs: 2_000 } });
    const producer = cairn.producer({ deliveryTimeoutMs: 30_000 });
    await producer.send({ topic: 'gone', messages: [{ value: 'before' }] });
    data.cluster.topics.delete('gone');
    const metadataBefore = metadataCalls(data);
    const startedMs = Date.now();

    const error = await rejectionOf(producer.send({ topic: 'gone', messages: [{ value: 'after' }] }));

    const elapsedMs = Date.now() - startedMs;
    expect(error).toMatchObject({ code: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(elapsedMs).toBeLessThan(15_000); // the delivery timeout is 30 s
    // One refresh per retry, backing off (100 ms doubling to 2 s); a fixed 100 ms pause used to make about 10 a second.
    expect(metadataCalls(data) - metadataBefore).toBeLessThanOrEqual(5 + 3);
  });
});

describe('producer lifecycle errors', () => {
  it('refuses at once to make a producer or consumer from a closed client', async () => {
    const data = await startData(1);
    const cairn = cairnFor(data);
    await cairn.close();

    expect(() => cairn.producer()).toThrow(expect.objectContaining({ code: 'CLIENT_CLOSED' }));
    expect(() => cairn.consumer()).toThrow(expect.objectContaining({ code: 'CLIENT_CLOSED' }));
  });

  it('gives DELIVERY_TIMED_OUT a cause even when no attempt had failed yet', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    data.onProduce = () => new Promise(() => undefined); // a leader that never answers
    const cairn = cairnFor(data, { requestTimeoutMs: 10_000 });
    const producer = cairn.producer({ deliveryTimeoutMs: 200 });

    const error = await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'v' }] }));

    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'DELIVERY_TIMED_OUT', cause: expect.objectContaining({ code: 'REQUEST_TIMED_OUT' }) });
    expect(error.message).toMatch(/last error: REQUEST_TIMED_OUT: t-0: its produce request to node 1 was still unanswered/);
    data.close();
  });
});

