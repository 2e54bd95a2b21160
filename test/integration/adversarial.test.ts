/**
 * A hostile client against one real `cairn serve` process: requests that
 * ask for far more than they may (the same partition a thousand times,
 * 100 KB names, a batch over the transport limit), subscriptions that start
 * nowhere, a thousand idle subscriptions, subscriptions granted all the
 * credit they want whose client never reads, and long polls cancelled by the
 * hundred. Each gets a typed answer promptly; afterwards the node is ready
 * and its resident memory (VmRSS of the server process, read from /proc)
 * stayed within the bounds stated below.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CairnError, fromGrpcError } from '../../src/client/errors.js';
import { dataService } from '../../src/protocol/proto.js';
import { encodeBatch, splitBatches } from '../../src/records/index.js';
import { CLIENT_MESSAGE_BYTES_MAX, CONNECTION_STREAMS_MAX, SUBSCRIBE_CREDIT_BYTES_MAX, SUBSCRIBE_PUSHES_IN_FLIGHT_MAX } from '../../src/server/request-limits.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const MiB = 1024 * 1024;
/** Growth of the server's RSS over its size once set up that any step may cause, and that must be gone after. */
const RSS_GROWTH_BYTES_MAX = 300 * MiB;
/** RSS the server may never pass during the suite (it held 2.4 GB under the subscriptions alone before the bounds). */
const RSS_BYTES_MAX = 1024 * MiB;

type Subscription = ClientDuplexStream<unknown, { records: Buffer }>;

interface RawData {
  produce(request: unknown, callback: (error: ServiceError | null, response: { results: { errorCode: string; errorMessage: string }[] }) => void): void;
  fetch(
    request: unknown,
    options: { deadline?: number },
    callback: (error: ServiceError | null, response: { partitions: { errorCode: string; records: Buffer; highWatermark: string }[] }) => void,
  ): { cancel(): void };
  subscribe(): Subscription;
  close(): void;
}

const Data = makeGenericClientConstructor(dataService() as never, 'Data');

/** Each client its own connection (grpc-js would otherwise share one per target). */
function rawClient(address: string): RawData {
  return new Data(address, credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1,
    'grpc.max_receive_message_length': 64 * MiB,
  }) as unknown as RawData;
}

function call<R>(start: (callback: (error: ServiceError | null, response: R) => void) => void): Promise<R> {
  return new Promise((resolve, reject) => start((error, response) => (error === null ? resolve(response) : reject(fromGrpcError(error)))));
}

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error = await promise.then(
    () => expect.fail('resolved; expected a typed refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

/** `promise`, or a rejection naming `what` once `timeoutMs` passed. */
async function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a Subscribe stream ended: its status as the SDK types it. */
function subscriptionEnd(stream: Subscription): Promise<CairnError> {
  return new Promise((resolve) => stream.on('error', (error: ServiceError) => resolve(fromGrpcError(error))));
}

describe('hostile requests against one node', () => {
  const env = useCluster({ nodes: 1, requestTimeoutMs: 5000 });
  let rssPeakBytes = 0;

  async function rssBytes(): Promise<number> {
    const pid = env.cluster.processes.get(1)!.pid!;
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]);
    rssPeakBytes = Math.max(rssPeakBytes, kib * 1024);
    return kib * 1024;
  }

  async function produceRaw(raw: RawData, topic: string, partition: number, valueBytes: number): Promise<{ errorCode: string; errorMessage: string }> {
    const batch = encodeBatch([{ key: null, value: randomBytes(valueBytes), headers: [], timestamp: BigInt(Date.now()) }]);
    const response = await call<{ results: { errorCode: string; errorMessage: string }[] }>((cb) =>
      raw.produce({ partitions: [{ topic, partition, batch: Buffer.from(batch) }] }, cb),
    );
    return response.results[0]!;
  }

  it('refuses oversized and extreme requests with typed errors, and serves batches up to the largest max.message.bytes', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'big', partitions: 2, replicationFactor: 1, configs: { 'max.message.bytes': String(16 * MiB) } });
    await waitFor('leaders of big', async () => (await admin.describeTopic('big')).partitions.every((p) => p.leader !== undefined));
    const raw = rawClient(env.cluster.brokers()[0]!);
    try {
      // A 3.9 MB batch in each partition, and a 5 MB one over gRPC's default 4 MiB receive limit.
      for (const partition of [0, 1]) expect(await produceRaw(raw, 'big', partition, 3_900_000)).toMatchObject({ errorCode: '' });
      expect(await produceRaw(raw, 'big', 0, 5 * 1000 * 1000)).toMatchObject({ errorCode: '' });
      const baseRss = await rssBytes();

      // The reproduction: one partition 1,000 times, max_bytes 1024. It answered 3.9 GB.
      const amplified = { partitions: Array.from({ length: 1000 }, () => ({ topic: 'big', partition: 0, offset: '0', maxBytes: 1024 })), maxBytes: 1024 };
      const refused = await rejection(call((cb) => raw.fetch(amplified, {}, cb)));
      expect([refused.code, refused.message]).toEqual(['INVALID_REQUEST', 'fetch names big/0 more than once']);

      // Two partitions, max_bytes 1024: the first batch goes whole so the consumer progresses; nothing more.
      const both = { partitions: [0, 1].map((partition) => ({ topic: 'big', partition, offset: '0', maxBytes: 1024 })), maxBytes: 1024 };
      const answer = await call<{ partitions: { errorCode: string; records: Buffer }[] }>((cb) => raw.fetch(both, {}, cb));
      expect(answer.partitions.map((p) => p.errorCode)).toEqual(['', '']);
      expect(splitBatches(answer.partitions[0]!.records)).toHaveLength(1);
      expect(answer.partitions[1]!.records.byteLength).toBe(0);

      // A request over the client port's transport limit reaches the SDK typed, not as INTERNAL.
      const over = await rejection(produceRaw(raw, 'big', 0, CLIENT_MESSAGE_BYTES_MAX + MiB));
      expect(over.code).toBe('INVALID_REQUEST');
      expect(over.message).toMatch(/larger than max/);
      const viaSdk = await rejection(admin.createTopic({ name: 'huge-config', partitions: 1, configs: { 'cleanup.policy': 'x'.repeat(CLIENT_MESSAGE_BYTES_MAX) } }));
      expect([viaSdk.code, viaSdk.retriable]).toEqual(['INVALID_REQUEST', false]);

      // 100 KB names: a short typed error at once, and the next call on the same connection is answered.
      const longName = 'n'.repeat(100_000);
      const startMs = Date.now();
      const fetchLong = await rejection(call((cb) => raw.fetch({ partitions: [{ topic: longName, partition: 0, offset: '0' }] }, {}, cb)));
      expect(fetchLong.code).toBe('INVALID_REQUEST');
      expect(fetchLong.message.length).toBeLessThanOrEqual(1024);
      const describeLong = await rejection(admin.describeTopic(longName));
      expect(describeLong.code).toBe('UNKNOWN_TOPIC_OR_PARTITION');
      expect(describeLong.message.length).toBeLessThanOrEqual(1024);
      expect(Date.now() - startMs).toBeLessThan(4000);
      expect((await admin.describeTopic('big')).partitions).toHaveLength(2);
      const cli = await runCli(['topic', 'describe', longName, '--brokers', env.cluster.brokers()[0]!]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toMatch(/^error: UNKNOWN_TOPIC_OR_PARTITION: .*… \(\d+ bytes\)/);
      expect(cli.stderr.length).toBeLessThan(2000);

      expect(await rssBytes()).toBeLessThan(baseRss + RSS_GROWTH_BYTES_MAX);
    } finally {
      raw.close();
    }
  }, 60_000);

  it('ends a Subscribe to an unknown topic or from offset 2^64-1 with a status at once, for hundreds of streams', async () => {
    const raw = rawClient(env.cluster.brokers()[0]!);
    try {
      const ends: Promise<CairnError>[] = [];
      for (let i = 0; i < 200; i++) {
        const stream = raw.subscribe();
        ends.push(subscriptionEnd(stream));
        const start = i % 2 === 0 ? { topic: `no-such-topic-${i}`, partition: 0, offset: '0' } : { topic: 'big', partition: 0, offset: '18446744073709551615' };
        // Credit 0: the answer must not wait for credit.
        stream.write({ start: { ...start, creditBytes: 0 } });
      }
      const errors = await within('every bad subscription to end with a status', Promise.all(ends), 15_000);
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'OFFSET_OUT_OF_RANGE']));
    } finally {
      raw.close();
    }
  }, 30_000);

  it('holds a thousand idle subscriptions on one connection, pushes a new record to each, holds further calls there only, and frees them on cancel', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'quiet', partitions: 1, replicationFactor: 1 });
    await waitFor('leader of quiet', async () => (await admin.describeTopic('quiet')).partitions[0]!.leader !== undefined);
    const baseRss = await rssBytes();
    const crowded = rawClient(env.cluster.brokers()[0]!);
    const other = rawClient(env.cluster.brokers()[0]!);
    const streams: Subscription[] = [];
    const received = new Set<Subscription>();
    const fetchEnd = (client: RawData, timeoutMs: number) =>
      call<{ partitions: { errorCode: string }[] }>((cb) =>
        client.fetch({ partitions: [{ topic: 'quiet', partition: 0, offset: '0' }] }, { deadline: Date.now() + timeoutMs }, cb),
      );
    try {
      for (let i = 0; i < CONNECTION_STREAMS_MAX; i++) {
        const stream = crowded.subscribe();
        stream.on('error', () => {});
        stream.on('data', () => received.add(stream));
        stream.write({ start: { topic: 'quiet', partition: 0, offset: '0', creditBytes: 4294967295 } });
        streams.push(stream);
      }
      const producer = env.cairn.producer({ lingerMs: 0 });
      await producer.send({ topic: 'quiet', messages: [{ value: 'wake' }] });
      await producer.close();
      await waitFor('the record pushed to all 1,000 subscriptions', () => received.size === streams.length, { timeoutMs: 30_000 });
      expect(await rssBytes()).toBeLessThan(baseRss + RSS_GROWTH_BYTES_MAX);
      // The connection is at its stream limit: a further call on it waits (and times out, typed); other connections are served.
      expect((await rejection(fetchEnd(crowded, 1500))).code).toBe('REQUEST_TIMED_OUT');
      expect((await fetchEnd(other, 5000)).partitions[0]!.errorCode).toBe('');
      streams.pop()!.cancel();
      expect((await fetchEnd(crowded, 5000)).partitions[0]!.errorCode).toBe('');
    } finally {
      for (const stream of streams) stream.cancel();
      crowded.close();
      other.close();
    }
    await env.cluster.waitReady([1], 10_000);
  }, 60_000);

  it('bounds what subscriptions granted maximal credit hold while their client never reads', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'bulk', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': String(8 * MiB) } });
    await waitFor('leader of bulk', async () => (await admin.describeTopic('bulk')).partitions[0]!.leader !== undefined);
    const raw = rawClient(env.cluster.brokers()[0]!);
    const topicBytes = 48 * MiB;
    const batchBytes = MiB;
    for (let i = 0; i < topicBytes / batchBytes; i++) expect(await produceRaw(raw, 'bulk', 0, batchBytes - 1024)).toMatchObject({ errorCode: '' });
    const baseRss = await rssBytes();
    const readers = Array.from({ length: 4 }, () => rawClient(env.cluster.brokers()[0]!));
    const stalled: Subscription[] = [];
    const control = raw.subscribe();
    try {
      for (let i = 0; i < 20; i++) {
        // Paused and never read: grpc-js stops reading the HTTP/2 stream, so the server's pushes back up.
        const stream = readers[i % readers.length]!.subscribe();
        stream.on('error', () => {});
        stream.pause();
        stream.write({ start: { topic: 'bulk', partition: 0, offset: '0', creditBytes: 4294967295 } });
        stalled.push(stream);
      }
      // A reading subscription beside them gets all the credit it may hold: the server is pushing meanwhile.
      let controlBytes = 0;
      control.on('error', () => {});
      control.on('data', (response: { records: Buffer }) => (controlBytes += response.records.byteLength));
      control.write({ start: { topic: 'bulk', partition: 0, offset: '0', creditBytes: 4294967295 } });
      await waitFor('the reading subscription to use its capped credit', () => controlBytes >= SUBSCRIBE_CREDIT_BYTES_MAX, { timeoutMs: 20_000 });
      expect(controlBytes).toBeLessThan(topicBytes);
      // Unbounded, each stalled stream would hold the whole topic (20 × 48 MiB) in the server; sample while they stall.
      const samples: number[] = [];
      await waitFor('ten RSS samples', async () => samples.push(await rssBytes()) >= 10, { timeoutMs: 20_000, intervalMs: 200 });
      // Each stalled stream holds at most its pushes in flight of one batch each: as read, serialised, framed and
      // queued on the connection, up to four copies until collected. Without the bound, all its credit (16 MiB).
      const heldBytesMax = stalled.length * SUBSCRIBE_PUSHES_IN_FLIGHT_MAX * 4 * batchBytes;
      const growthBytes = Math.max(...samples) - baseRss;
      console.info(`RSS growth with ${stalled.length} stalled subscriptions: ${Math.round(growthBytes / MiB)} MiB`);
      expect(growthBytes).toBeLessThan(heldBytesMax + 150 * MiB);
    } finally {
      for (const stream of [...stalled, control]) stream.cancel();
      for (const client of [...readers, raw]) client.close();
    }
    await env.cluster.waitReady([1], 10_000);
  }, 60_000);

  it('answers normally after hundreds of cancelled long polls, and leaves the node ready within its memory bound', async () => {
    const raw = rawClient(env.cluster.brokers()[0]!);
    try {
      const [end] = await env.cairn.admin().listOffsets([{ topic: 'quiet', partition: 0, spec: 'latest' }]);
      const poll = { partitions: [{ topic: 'quiet', partition: 0, offset: String(end!.offset), maxBytes: MiB }], maxWaitMs: 30_000, minBytes: 1 };
      const calls = Array.from({ length: 500 }, () => raw.fetch(poll, {}, () => {}));
      for (const pending of calls) pending.cancel();
      const startMs = Date.now();
      const quick = await call<{ partitions: { errorCode: string; highWatermark: string }[] }>((cb) =>
        raw.fetch({ ...poll, maxWaitMs: 0 }, { deadline: Date.now() + 5000 }, cb),
      );
      expect(quick.partitions[0]).toMatchObject({ errorCode: '', highWatermark: String(end!.offset) });
      expect(Date.now() - startMs).toBeLessThan(3000);
      // A long poll that is not cancelled is still answered by the next commit.
      const waiting = call<{ partitions: { records: Buffer }[] }>((cb) => raw.fetch(poll, { deadline: Date.now() + 20_000 }, cb));
      const producer = env.cairn.producer({ lingerMs: 0 });
      await producer.send({ topic: 'quiet', messages: [{ value: 'after' }] });
      await producer.close();
      expect(splitBatches((await waiting).partitions[0]!.records)).toHaveLength(1);
    } finally {
      raw.close();
    }
    await env.cluster.waitReady([1], 10_000);
    expect(await rssBytes()).toBeLessThan(RSS_BYTES_MAX);
    expect(rssPeakBytes).toBeLessThan(RSS_BYTES_MAX);
    console.info(`server RSS: now ${Math.round((await rssBytes()) / MiB)} MiB, peak sampled ${Math.round(rssPeakBytes / MiB)} MiB`);
  }, 60_000);
});
