import { describe, expect, it, vi } from 'vitest';
import { CairnError } from '../../../src/client/index.js';
import { murmur2Partition } from '../../../src/protocol/murmur2.js';
import { decodeBatch } from '../../../src/records/index.js';
import type { FakeData, ProduceContext } from './fake-data.js';
import { cairnFor, cleanUpAfterEach, rejectionOf, startData } from './harness.js';

cleanUpAfterEach();

const valueOf = (context: ProduceContext): string => Buffer.from(decodeBatch(context.bytes).records[0]!.value!).toString();
const metadataCalls = (data: FakeData): number => data.cluster.nodes.flatMap((node) => node.calls).filter((method) => method === 'Metadata').length;

/** Resolves once the producer has certainly applied metadata fetched after this call (refreshes run one at a time). */
async function metadataRefreshed(data: FakeData): Promise<void> {
  const before = metadataCalls(data);
  await vi.waitFor(() => expect(metadataCalls(data)).toBeGreaterThanOrEqual(before + 2), { timeout: 5_000 });
}

describe('producer batching', () => {
  it('collects the sends of one linger window into one batch', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 50 });

    const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: 't', messages: [{ value: `m${i}` }] })));

    expect(reports.map(([report]) => report)).toEqual(Array.from({ length: 10 }, (_, i) => ({ topic: 't', partition: 0, offset: BigInt(i) })));
    expect(data.received.map((context) => context.header.recordsCount)).toEqual([10]);
    expect(data.values('t', 0)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
  });

  it('seals a batch when the next record would pass batchBytesMax', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    // A 61-byte header and two records of 50-byte values (about 82 bytes each, estimated).
    const batchBytesMax = 61 + 2 * 82;
    const producer = cairnFor(data).producer({ lingerMs: 60_000, batchBytesMax });

    const sending = producer.send({ topic: 't', messages: Array.from({ length: 6 }, (_, i) => ({ value: String(i).repeat(50) })) });
    await producer.flush();

    expect((await sending).map((report) => report.offset)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(data.received.map((context) => context.header.recordsCount)).toEqual([2, 2, 2]);
    for (const context of data.received) expect(context.bytes.length).toBeLessThanOrEqual(batchBytesMax);
  });

  it('gathers the records sent while a partition cannot send into one batch, sent when it can', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 0, inFlightRequestsMax: 1 });
    let release!: () => void;
    const held = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    data.onProduce = () => (data.received.length === 1 ? held : undefined);

    const first = producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    await vi.waitFor(() => expect(data.received).toHaveLength(1));
    // Each send waits out its linger (0 ms) in a later timer turn: without gathering, each would be a batch of its own.
    const later: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      later.push(producer.send({ topic: 't', messages: [{ value: `m${i}` }] }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    release();
    await Promise.all([first, ...later]);

    expect(data.received.map((context) => context.header.recordsCount)).toEqual([1, 5]);
    expect(data.values('t', 0)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('starts a new batch once the waiting one has been sent', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 0 });

    await producer.send({ topic: 't', messages: [{ value: 'a' }] });
    await producer.send({ topic: 't', messages: [{ value: 'b' }] });

    expect(data.received.map((context) => context.header.recordsCount)).toEqual([1, 1]);
    expect(data.values('t', 0)).toEqual(['a', 'b']);
  });

  it('carries batches of several partitions of one leader in one request', async () => {
    const data = await startData(2);
    data.createTopic('t', 4, [1, 1, 1, 2]);
    const producer = cairnFor(data).producer();

    const reports = await producer.send({ topic: 't', messages: [0, 1, 2, 3].map((partition) => ({ value: `p${partition}`, partition })) });

    expect(reports.map((report) => report.partition)).toEqual([0, 1, 2, 3]);
    expect(data.requests).toEqual([
      { nodeId: 1, partitionsCount: 3 },
      { nodeId: 2, partitionsCount: 1 },
    ]);
  });

  it('partitions keyed messages by murmur2 and keeps keyless ones on one partition per batch', async () => {
    const data = await startData(1);
    data.createTopic('t', 8);
    const producer = cairnFor(data).producer();

    const keyed = await producer.send({ topic: 't', messages: ['a', 'b', 'c', 'd'].map((key) => ({ key, value: key })) });
    expect(keyed.map((report) => report.partition)).toEqual(['a', 'b', 'c', 'd'].map((key) => murmur2Partition(Buffer.from(key), 8)));

    const first = await producer.send({ topic: 't', messages: Array.from({ length: 20 }, () => ({ value: 'x' })) });
    expect(new Set(first.map((report) => report.partition)).size).toBe(1);
    const second = await producer.send({ topic: 't', messages: [{ value: 'y' }] });
    expect(second[0]!.partition).not.toBe(first[0]!.partition);
  });

  it('compresses batches with the chosen codec', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ compression: 'zstd' });

    await producer.send({ topic: 't', messages: [{ value: 'hello '.repeat(100), headers: { trace: 'abc' } }] });

    expect(data.received[0]!.header.compression).toBe('zstd');
    const [record] = decodeBatch(data.log('t', 0).batches[0]!).records;
    expect(Buffer.from(record!.value!).toString()).toBe('hello '.repeat(100));
    expect(record!.headers.map((header) => [header.key, Buffer.from(header.value!).toString()])).toEqual([['trace', 'abc']]);
  });
});

describe('idempotent producer', () => {
  it('numbers each partition’s batches by record count from 0, under one producer id', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 60_000 });

    for (const count of [2, 3, 1]) {
      const sending = producer.send({ topic: 't', messages: Array.from({ length: count }, () => ({ value: 'v' })) });
      await producer.flush();
      await sending;
    }

    expect(data.received.map(({ header }) => [header.producerId, header.producerEpoch, header.baseSequence])).toEqual([
      [1000n, 0, 0],
      [1000n, 0, 2],
      [1000n, 0, 5],
    ]);
    expect(data.initProducerCalls).toBe(1);
  });

  it('resends a partition’s unacknowledged batches in order after NOT_LEADER and OUT_OF_ORDER_SEQUENCE', async () => {
    const data = await startData(2);
    data.createTopic('t', 1, [1]);
    const producer = cairnFor(data).producer({ lingerMs: 0, metadataMaxAgeMs: 20 });
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });

    // m1 reaches node 1, which holds it until node 2 has taken over and m2 has gone there.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    data.onProduce = async (context) => {
      if (context.node.nodeId !== 1 || valueOf(context) !== 'm1') return undefined;
      await released;
      return { errorCode: 'NOT_LEADER', leaderHint: 2 };
    };
    const m1 = producer.send({ topic: 't', messages: [{ value: 'm1' }] });
    await vi.waitFor(() => expect(data.received).toHaveLength(2));
    data.setLeader('t', 0, 2);
    await metadataRefreshed(data);
    const m2 = producer.send({ topic: 't', messages: [{ value: 'm2' }] });
    // m2 arrives at node 2 before m1: a sequence gap.
    await vi.waitFor(() => expect(data.received.map((context) => [context.node.nodeId, valueOf(context)])).toContainEqual([2, 'm2']));
    release();

    expect((await m1)[0]!.offset).toBe(1n);
    expect((await m2)[0]!.offset).toBe(2n);
    expect(data.values('t', 0)).toEqual(['m0', 'm1', 'm2']);
    const attempts = data.received.map((context) => [context.node.nodeId, valueOf(context), context.header.baseSequence]);
    expect(attempts).toEqual([
      [1, 'm0', 0],
      [1, 'm1', 1],
      [2, 'm2', 2], // OUT_OF_ORDER_SEQUENCE: m1 is missing
      [2, 'm1', 1], // resent in sequence order once both answers are in
      [2, 'm2', 2],
    ]);
    // A resend is the same bytes: same producer id, epoch, sequence and CRC.
    const sent = (value: string): string[] => data.received.filter((context) => valueOf(context) === value).map((context) => Buffer.from(context.bytes).toString('hex'));
    expect(new Set(sent('m1')).size).toBe(1);
    expect(new Set(sent('m2')).size).toBe(1);
  });

  it('resends over a new stream when the leader drops the old one, and delivers exactly once', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer();
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    let stopped = false;
    data.onProduce = async (context) => {
      if (stopped || valueOf(context) !== 'm1') return undefined;
      stopped = true;
      data.cluster.stopNode(1); // mid-request: the stream fails, the batch was not written
      await data.cluster.restartNode(1);
      return new Promise(() => undefined);
    };

    const [report] = await producer.send({ topic: 't', messages: [{ value: 'm1' }] });

    expect(report!.offset).toBe(1n);
    expect(data.values('t', 0)).toEqual(['m0', 'm1']);
    expect(data.streamsOpened).toBe(2);
  });

  it('goes around a leader it cannot reach: another replica leads by then, or names who does, before the metadata knows', async () => {
    const data = await startData(3);
    data.createTopic('t', 1);
    const partition = data.cluster.topics.get('t')!.partitions![0]!;
    partition.replicas = [1, 3, 2];
    const producer = cairnFor(data, { brokers: data.cluster.addresses }).producer({ deliveryTimeoutMs: 10_000 });
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    // Node 1 dies and node 2 takes over, but every node's metadata still names node 1 for the rest of the test.
    const stale = structuredClone(data.cluster.topics.get('t')!);
    for (const id of [2, 3]) {
      data.cluster.override(id, 'Metadata', () => ({
        brokers: data.cluster.nodes.map((node) => ({ nodeId: node.nodeId, address: node.address, rack: '', live: true })),
        controllerId: 2,
        topics: [stale],
        clusterId: 'fake',
      }));
    }
    data.setLeader('t', 0, 2);
    data.cluster.stopNode(1);

    const [report] = await producer.send({ topic: 't', messages: [{ value: 'm1' }] });

    expect(report!.offset).toBe(1n);
    expect(data.values('t', 0)).toEqual(['m0', 'm1']);
    // Node 3, the next replica, was asked and named node 2.
    expect(data.received.map((context) => [valueOf(context), context.node.nodeId])).toEqual([
      ['m0', 1],
      ['m1', 3],
      ['m1', 2],
    ]);
  });

  it('gets the original offset back when it resends a batch whose acknowledgement was lost', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer();
    let answers = 0;
    data.onProduce = () => (answers++ === 0 ? { errorCode: 'REQUEST_TIMED_OUT', afterAppend: true } : undefined);

    const [report] = await producer.send({ topic: 't', messages: [{ value: 'once' }] });

    expect(report!.offset).toBe(0n);
    expect(data.received).toHaveLength(2);
    expect(data.values('t', 0)).toEqual(['once']);
  });

  it('follows a leader hint at once only once in a row: two nodes naming each other cost backoffs, not a busy loop', async () => {
    const data = await startData(2);
    data.createTopic('t', 1, [1]);
    const producer = cairnFor(data, { retry: { retriesMax: 3, initialBackoffMs: 50, backoffMaxMs: 100 } }).producer({ lingerMs: 0 });
    await producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    // Each node's view is stale and names the other, as during an election.
    let stale = true;
    data.onProduce = (context) => (stale ? { errorCode: 'NOT_LEADER', leaderHint: context.node.nodeId === 1 ? 2 : 1 } : undefined);

    const sent = producer.send({ topic: 't', messages: [{ value: 'm1' }] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const attempts = data.received.length - 1;
    stale = false;

    expect((await sent)[0]!.offset).toBe(1n);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(30);
  });

  it('retries retriable errors until they clear', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer();
    let answers = 0;
    data.onProduce = () => (answers++ < 2 ? { errorCode: 'NOT_ENOUGH_REPLICAS' } : undefined);

    await producer.send({ topic: 't', messages: [{ value: 'v' }] });

    expect(data.received).toHaveLength(3);
    expect(data.values('t', 0)).toEqual(['v']);
  });

  it.each(['BATCH_TOO_LARGE', 'INVALID_RECORD', 'INVALID_TIMESTAMP'] as const)('fails a batch refused for its bytes (%s) alone: the batches behind it move into its sequences and are written', async (code) => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 0 });
    data.onProduce = async (context) => {
      if (valueOf(context) !== 'bad') return undefined;
      await vi.waitFor(() => expect(data.requests).toHaveLength(2)); // 'after' is in flight behind it
      return { errorCode: code };
    };

    const bad = rejectionOf(producer.send({ topic: 't', messages: [{ value: 'bad' }] }));
    await vi.waitFor(() => expect(data.requests).toHaveLength(1));
    const after = producer.send({ topic: 't', messages: [{ value: 'after' }] });

    expect(await bad).toMatchObject({ code, retriable: false });
    expect((await after)[0]!.offset).toBe(0n);
    expect((await producer.send({ topic: 't', messages: [{ value: 'next' }] }))[0]!.offset).toBe(1n);
    expect(data.values('t', 0)).toEqual(['after', 'next']);
    // 'after' went out at sequence 1 behind 'bad' (answered UNKNOWN_PRODUCER_STATE: the partition holds nothing of the id yet),
    // then again at 0, under the same id.
    expect(data.received.map((context) => [valueOf(context), context.header.producerId, context.header.baseSequence])).toEqual([
      ['bad', 1000n, 0],
      ['after', 1000n, 1],
      ['after', 1000n, 0],
      ['next', 1000n, 1],
    ]);
    expect(data.initProducerCalls).toBe(1);
  });

  it('fails the batches behind a batch that failed for another reason with its code, then goes on under a new producer id', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 0 });
    data.onProduce = async (context) => {
      if (valueOf(context) !== 'bad') return undefined;
      await vi.waitFor(() => expect(data.requests).toHaveLength(2));
      return { errorCode: 'UNAUTHORIZED' };
    };

    const bad = rejectionOf(producer.send({ topic: 't', messages: [{ value: 'bad' }] }));
    await vi.waitFor(() => expect(data.requests).toHaveLength(1));
    const after = rejectionOf(producer.send({ topic: 't', messages: [{ value: 'after' }] }));

    expect(await bad).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await after).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/an earlier batch of the partition failed: UNAUTHORIZED/) });
    const [report] = await producer.send({ topic: 't', messages: [{ value: 'next' }] });
    expect(report!.offset).toBe(0n);
    expect(data.values('t', 0)).toEqual(['next']);
    const last = data.received.at(-1)!.header;
    expect([last.producerId, last.baseSequence, data.initProducerCalls]).toEqual([1001n, 0, 2]);
  });

  it('takes a new producer id when a partition forgot it (UNKNOWN_PRODUCER_STATE) and sends the unacknowledged batches again from sequence 0, in order, nothing acknowledged twice', async () => {
    const data = await startData(1);
    data.createTopic('t', 2);
    const producer = cairnFor(data).producer({ lingerMs: 0 });
    await producer.send({ topic: 't', messages: [{ value: 'm0', partition: 0 }] });
    await producer.send({ topic: 't', messages: [{ value: 'x0', partition: 1 }] });
    data.forgetProducers('t', 0);
    // m1 is answered once m2 is in flight behind it: both are refused, under the old id.
    data.onProduce = async (context) => {
      if (valueOf(context) === 'm1' && context.header.producerId === 1000n) await vi.waitFor(() => expect(data.requests).toHaveLength(4));
      return undefined;
    };

    const m1 = producer.send({ topic: 't', messages: [{ value: 'm1', partition: 0 }] });
    await vi.waitFor(() => expect(data.requests).toHaveLength(3));
    const m2 = producer.send({ topic: 't', messages: [{ value: 'm2', partition: 0 }] });

    expect((await m1)[0]!.offset).toBe(1n);
    expect((await m2)[0]!.offset).toBe(2n);
    expect((await producer.send({ topic: 't', messages: [{ value: 'x1', partition: 1 }] }))[0]!.offset).toBe(1n);
    expect(data.values('t', 0)).toEqual(['m0', 'm1', 'm2']);
    expect(data.values('t', 1)).toEqual(['x0', 'x1']);
    expect(data.received.map((context) => [valueOf(context), context.header.producerId, context.header.baseSequence])).toEqual([
      ['m0', 1000n, 0],
      ['x0', 1000n, 0],
      ['m1', 1000n, 1],
      ['m2', 1000n, 2],
      ['m1', 1001n, 0],
      ['m2', 1001n, 1],
      ['x1', 1001n, 0],
    ]);
    expect(data.initProducerCalls).toBe(2);
  });

  it('resends in order, under the same producer id, a batch answered UNKNOWN_PRODUCER_STATE while its partition’s first batch is still unanswered (it failed over behind it)', async () => {
    const data = await startData(2);
    data.createTopic('t', 1, [1]);
    const producer = cairnFor(data).producer({ lingerMs: 0, metadataMaxAgeMs: 20 });
    // m0, the producer's first batch here, reaches node 1, which holds it until node 2 has taken over and m1 has gone there.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    data.onProduce = async (context) => {
      if (context.node.nodeId !== 1 || valueOf(context) !== 'm0') return undefined;
      await released;
      return { errorCode: 'NOT_LEADER', leaderHint: 2 };
    };
    const m0 = producer.send({ topic: 't', messages: [{ value: 'm0' }] });
    await vi.waitFor(() => expect(data.received).toHaveLength(1));
    data.setLeader('t', 0, 2);
    await metadataRefreshed(data);
    const m1 = producer.send({ topic: 't', messages: [{ value: 'm1' }] });
    await vi.waitFor(() => expect(data.received.map((context) => [context.node.nodeId, valueOf(context)])).toContainEqual([2, 'm1']));
    release();

    expect((await m0)[0]!.offset).toBe(0n);
    expect((await m1)[0]!.offset).toBe(1n);
    expect(data.received.map((context) => [context.node.nodeId, valueOf(context), context.header.producerId, context.header.baseSequence])).toEqual([
      [1, 'm0', 1000n, 0],
      [2, 'm1', 1000n, 1], // UNKNOWN_PRODUCER_STATE: node 2 holds nothing of the id yet
      [2, 'm0', 1000n, 0],
      [2, 'm1', 1000n, 1],
    ]);
    expect(data.initProducerCalls).toBe(1);
  });

  it('sends without producer id or sequences when not idempotent', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ idempotent: false, inFlightRequestsMax: 20 });

    await producer.send({ topic: 't', messages: [{ value: 'v' }] });

    expect(data.received.map(({ header }) => [header.producerId, header.baseSequence])).toEqual([[-1n, -1]]);
    expect(data.initProducerCalls).toBe(0);
  });
});

describe('producer memory and failures', () => {
  it('makes send() wait while the buffer is full, never holding more than bufferBytesMax', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const bufferBytesMax = 1_000;
    const producer = cairnFor(data).producer({ bufferBytesMax, lingerMs: 1 });
    let bufferedBytesMax = 0;
    const sample = (): void => void (bufferedBytesMax = Math.max(bufferedBytesMax, producer.bufferedBytes));
    data.onProduce = async () => {
      sample();
      await new Promise((resolve) => setTimeout(resolve, 5)); // a slow leader
      return undefined;
    };
    // About 132 bytes each: 7 fit the buffer and 7 more may wait for room.
    const values = Array.from({ length: 14 }, (_, i) => `${i}`.padStart(100, '.'));

    await Promise.all(
      values.map(async (value) => {
        const sending = producer.send({ topic: 't', messages: [{ value }] });
        sample();
        await sending;
        sample();
      }),
    );

    // Twice the buffer, which filled up but never overflowed.
    expect(bufferedBytesMax).toBeLessThanOrEqual(bufferBytesMax);
    expect(bufferedBytesMax).toBeGreaterThan(bufferBytesMax - 132);
    expect(data.values('t', 0)).toEqual(values); // waiting sends are served in order
    expect(producer.bufferedBytes).toBe(0);
  });

  it('refuses at once a send that would make the bytes of waiting sends exceed bufferBytesMax, so a burst cannot grow memory without bound', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ bufferBytesMax: 1_000, lingerMs: 1, maxBlockMs: 10_000 });
    let release!: () => void;
    const held = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    data.onProduce = () => held;

    const sends = Array.from({ length: 40 }, (_, i) => producer.send({ topic: 't', messages: [{ value: `${i}`.padStart(100, '.') }] }).then(() => 'ok', (error: CairnError) => error.code));
    await vi.waitFor(() => expect(data.requests.length).toBeGreaterThan(0));
    release();
    const outcomes = await Promise.all(sends);

    // 7 fit the buffer and 7 more may wait; the other 26 are refused at once rather than held.
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(14);
    expect(outcomes.slice(14)).toEqual(Array.from({ length: 26 }, () => 'BUFFER_FULL'));
    expect(producer.bufferedBytes).toBe(0);
  });

  it('starts the maxBlockMs clock at the send() call: sends queued behind a waiting one do not each wait maxBlockMs in turn', async () => {
    const data = await startData(1);
    const maxBlockMs = 200;
    const producer = cairnFor(data).producer({ maxBlockMs });
    const startedMs = Date.now();

    // Sends reach their batches one after the other; each waits for a topic that never appears.
    const settledAfterMs = await Promise.all(
      Array.from({ length: 10 }, () =>
        producer.send({ topic: 'never-created', messages: [{ value: 'v' }] }).then(
          () => Infinity,
          (error: CairnError) => (error.code === 'UNKNOWN_TOPIC_OR_PARTITION' ? Date.now() - startedMs : Infinity),
        ),
      ),
    );

    // Waiting in turn, the last would settle after 10 × 200 ms.
    expect(Math.max(...settledAfterMs)).toBeLessThan(maxBlockMs + 500);
  });

  it('rejects send() with BUFFER_FULL after maxBlockMs when nothing drains', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ bufferBytesMax: 300, maxBlockMs: 50, deliveryTimeoutMs: 500 });
    data.onProduce = () => new Promise(() => undefined); // a leader that never answers
    const stuck = [1, 2].map(() => rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x'.repeat(100) }] })));

    const error = await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x'.repeat(100) }] }));

    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'BUFFER_FULL', message: expect.stringMatching(/maxBlockMs/) });
    expect((await Promise.all(stuck)).map((caught) => caught.code)).toEqual(['DELIVERY_TIMED_OUT', 'DELIVERY_TIMED_OUT']);
    data.close(); // ends the stream the stuck leader holds, so closing the producer need not wait it out
  });

  it('fails with DELIVERY_TIMED_OUT, naming the last error, when the cluster stops', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ deliveryTimeoutMs: 300 });
    await producer.send({ topic: 't', messages: [{ value: 'before' }] });

    data.cluster.close();
    const error = await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'after' }] }));

    expect(error).toMatchObject({ code: 'DELIVERY_TIMED_OUT', retriable: false });
    expect(error.message).toMatch(/^t-0: 1 records not acknowledged within 300 ms \(deliveryTimeoutMs\); last error: UNAVAILABLE: /);
    await producer.close(); // nothing left to wait for
  });

  it('fails with UNAVAILABLE when no node can be reached at all', async () => {
    const data = await startData(1);
    data.cluster.close();
    const producer = cairnFor(data).producer();

    const error = await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'v' }] }));

    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/gave up after 4 attempts/) });
  });

  it('waits up to maxBlockMs for a topic to appear', async () => {
    const data = await startData(1);
    const producer = cairnFor(data).producer({ maxBlockMs: 100 });

    expect(await rejectionOf(producer.send({ topic: 'nope', messages: [{ value: 'v' }] }))).toMatchObject({ code: 'UNKNOWN_TOPIC_OR_PARTITION' });

    const patient = cairnFor(data).producer({ maxBlockMs: 5_000 });
    setTimeout(() => data.createTopic('late', 1), 50);
    expect((await patient.send({ topic: 'late', messages: [{ value: 'v' }] }))[0]!.offset).toBe(0n);
  });

  it('picks up new partitions from the periodic metadata refresh', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ metadataMaxAgeMs: 20 });
    const key = ['a', 'b', 'c', 'd', 'e'].find((candidate) => murmur2Partition(Buffer.from(candidate), 3) !== 0)!;
    expect((await producer.send({ topic: 't', messages: [{ key, value: 'v' }] }))[0]!.partition).toBe(0);

    data.createTopic('t', 3);
    await metadataRefreshed(data);

    expect((await producer.send({ topic: 't', messages: [{ key, value: 'v' }] }))[0]!.partition).toBe(murmur2Partition(Buffer.from(key), 3));
  });

  it('flushes on close, then refuses new sends', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 60_000 });
    const warmUp = producer.send({ topic: 't', messages: [{ value: 'warm-up' }] });
    await producer.flush();
    await warmUp;

    const pending = producer.send({ topic: 't', messages: [{ value: 'lingering' }] });
    await vi.waitFor(() => expect(producer.bufferedBytes).toBeGreaterThan(0));
    await producer.close();

    expect((await pending)[0]!.offset).toBe(1n);
    expect(await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'late' }] }))).toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it.each<[string, unknown, RegExp]>([
    ['no messages', { topic: 't', messages: [] }, /messages: expected a non-empty array/],
    ['a missing value', { topic: 't', messages: [{ value: 'a' }, { key: 'k' }] }, /messages\[1\]\.value: required/],
    ['a bad key', { topic: 't', messages: [{ key: 5, value: 'a' }] }, /messages\[0\]\.key: expected a string, a Uint8Array or null/],
    ['a bad partition', { topic: 't', messages: [{ value: 'a', partition: -1 }] }, /messages\[0\]\.partition/],
    ['a bad timestamp', { topic: 't', messages: [{ value: 'a', timestamp: 1.5 }] }, /messages\[0\]\.timestamp/],
  ])('refuses %s with INVALID_REQUEST naming the field', async (_name, record, message) => {
    const data = await startData(1);
    const producer = cairnFor(data).producer();
    expect(await rejectionOf(producer.send(record as never))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(message) });
  });

  it('refuses a message larger than a batch, and a partition the topic does not have', async () => {
    const data = await startData(1);
    data.createTopic('t', 2);
    const producer = cairnFor(data).producer({ batchBytesMax: 1_000 });
    expect(await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x'.repeat(1_000) }] }))).toMatchObject({ code: 'BATCH_TOO_LARGE' });
    expect(await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'x', partition: 2 }] }))).toMatchObject({
      code: 'UNKNOWN_TOPIC_OR_PARTITION',
      message: 't has 2 partitions; partition 2 does not exist',
    });
  });
});

describe('producer streams', () => {
  it('pipelines every request to a leader over one long-lived stream', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const producer = cairnFor(data).producer({ lingerMs: 0 });

    for (let i = 0; i < 5; i++) await producer.send({ topic: 't', messages: [{ value: `${i}` }] });

    expect(data.requests).toHaveLength(5);
    expect(data.streamsOpened).toBe(1);
  });
});
