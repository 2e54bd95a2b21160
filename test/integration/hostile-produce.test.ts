/**
 * Hostile produce requests against a real `cairn serve` node: batches that
 * are well-formed but lie in their header, forged producer fields, and
 * timestamps far from the leader's clock are refused with typed errors,
 * nothing is written, and the node and the partition keep working, also
 * after a restart. Raw gRPC, since the SDK never sends such batches.
 */
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { crc32c } from '@node-rs/crc32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataService } from '../../src/protocol/proto.js';
import { BATCH_HEADER_BYTES, decodeBatch, encodeBatch, splitBatches, withBaseSequence } from '../../src/records/index.js';
import type { EncodeBatchOptions } from '../../src/records/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

interface ProduceResult {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly baseOffset: string;
}

interface RawData {
  produce(request: unknown, callback: (error: Error | null, response: { results: ProduceResult[] }) => void): void;
  initProducer(request: unknown, callback: (error: Error | null, response: { producerId: string; producerEpoch: number }) => void): void;
  fetch(request: unknown, callback: (error: Error | null, response: { partitions: { errorCode: string; records: Buffer }[] }) => void): void;
  close(): void;
}

const TOPIC = 'hostile';

/** A one-record batch as a client encodes it, timestamped now unless told otherwise. */
function good(value: string, options: EncodeBatchOptions & { timestamp?: bigint } = {}): Uint8Array {
  return encodeBatch([{ key: null, value: new TextEncoder().encode(value), timestamp: options.timestamp ?? BigInt(Date.now()) }], options);
}

/** `batch` with header fields replaced and the CRC recomputed: well-formed bytes whose header lies. */
function lying(batch: Uint8Array, change: { recordsCount?: number; attributes?: number; payload?: Uint8Array }): Uint8Array {
  const payload = change.payload ?? batch.subarray(BATCH_HEADER_BYTES);
  const out = new Uint8Array(BATCH_HEADER_BYTES + payload.length);
  out.set(batch.subarray(0, BATCH_HEADER_BYTES));
  out.set(payload, BATCH_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setInt32(8, out.length - 12);
  if (change.attributes !== undefined) view.setInt16(21, change.attributes);
  if (change.recordsCount !== undefined) {
    view.setInt32(23, change.recordsCount - 1);
    view.setInt32(57, change.recordsCount);
  }
  view.setUint32(17, crc32c(out.subarray(21)) >>> 0);
  return out;
}

describe('a single node under hostile produce requests', () => {
  const env = useCluster({ nodes: 1 });
  let raw: RawData;

  const call = <T>(method: (request: unknown, callback: (error: Error | null, response: T) => void) => void, request: unknown): Promise<T> =>
    new Promise((resolve, reject) => method.call(raw, request, (error, response) => (error === null ? resolve(response) : reject(error))));
  const send = async (batch: Uint8Array): Promise<ProduceResult> =>
    (await call(raw.produce, { partitions: [{ topic: TOPIC, partition: 0, batch: Buffer.from(batch) }] })).results[0]!;
  const endOffset = async (): Promise<bigint> => (await env.cairn.admin().listOffsets([{ topic: TOPIC, partition: 0, spec: 'latest' }]))[0]!.offset;

  beforeAll(async () => {
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: 1, replicationFactor: 1 });
    await waitFor('a leader', async () => (await env.cairn.admin().describeTopic(TOPIC)).partitions[0]!.leader !== undefined);
    const Data = makeGenericClientConstructor(dataService() as never, 'Data');
    raw = new Data(env.cluster.brokers()[0]!, credentials.createInsecure()) as unknown as RawData;
  }, 60_000);
  afterAll(() => raw?.close());

  it('refuses an empty batch with INVALID_RECORD; the next batch takes offset 0, and so does the one after a restart', async () => {
    const empty = encodeBatch([]);
    expect(empty.byteLength).toBe(61);
    expect(await send(empty)).toMatchObject({ errorCode: 'INVALID_RECORD' });
    expect(await send(good('first'))).toMatchObject({ errorCode: '', baseOffset: '0' });
    expect(await env.cluster.ready(1)).toBe(true);

    await env.cluster.kill(1);
    env.cluster.startNode(1);
    await env.cluster.waitReady([1]);
    const after = await waitFor('a produce after the restart', async () => {
      const result = await send(good('second')).catch(() => undefined);
      return result?.errorCode === '' ? result : undefined;
    });
    expect(after.baseOffset).toBe('1');
    expect(await endOffset()).toBe(2n);
  }, 120_000);

  it('refuses compressed garbage claiming 2^31-1 or 1,000,000 records, and transactional or control bits: the end offset does not move', async () => {
    const before = await endOffset();
    const zstd = lying(good('z', { compression: 'zstd' }), { recordsCount: 2 ** 31 - 1, payload: new TextEncoder().encode('not zstd') });
    expect(await send(zstd)).toMatchObject({ errorCode: 'CORRUPT_BATCH' });
    const gzip = lying(good('g', { compression: 'gzip' }), { recordsCount: 1_000_000, payload: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]) });
    expect(await send(gzip)).toMatchObject({ errorCode: 'CORRUPT_BATCH' });
    expect(await send(lying(good('t'), { attributes: 0x10 }))).toMatchObject({ errorCode: 'INVALID_RECORD' });
    expect(await send(lying(good('c'), { attributes: 0x20 }))).toMatchObject({ errorCode: 'INVALID_RECORD' });
    expect(await endOffset()).toBe(before);
    expect(await send(good('after'))).toMatchObject({ errorCode: '', baseOffset: String(before) });
  });

  it('refuses never-allocated producer ids and an epoch no one was given; InitProducer bumps no named id, even 2^64-1', async () => {
    expect(await send(good('forged', { producerId: 7n, producerEpoch: 0, baseSequence: 0 }))).toMatchObject({ errorCode: 'UNKNOWN_PRODUCER_ID' });
    expect(await send(good('forged', { producerId: 2n ** 62n, producerEpoch: 0, baseSequence: 0 }))).toMatchObject({ errorCode: 'UNKNOWN_PRODUCER_ID' });

    const initialised = await call(raw.initProducer, { producerId: '18446744073709551615', producerEpoch: 5 });
    expect(initialised.producerId).not.toBe('18446744073709551615');
    expect(initialised.producerEpoch).toBe(0);
    const producerId = BigInt(initialised.producerId);

    const real = good('real 0', { producerId, producerEpoch: 0, baseSequence: 0 });
    expect(await send(real)).toMatchObject({ errorCode: '' });
    expect(await send(good('fencer', { producerId, producerEpoch: 32_767, baseSequence: 0 }))).toMatchObject({ errorCode: 'INVALID_PRODUCER_EPOCH' });
    // The real producer was not fenced: its next sequence is accepted.
    expect(await send(withBaseSequence(good('real 1', { producerId, producerEpoch: 0, baseSequence: 0 }), 1))).toMatchObject({ errorCode: '' });
  });

  it('refuses a far-future timestamp, and gives a batch without timestamps the leader’s time before it is written', async () => {
    expect(await send(good('future', { timestamp: BigInt(Date.now()) + 10n * 3_600_000n }))).toMatchObject({ errorCode: 'INVALID_TIMESTAMP' });
    expect(await send(good('far future', { timestamp: 2n ** 62n }))).toMatchObject({ errorCode: 'INVALID_TIMESTAMP' });

    const sentAt = Date.now();
    const untimed = await send(good('untimed', { timestamp: -1n }));
    expect(untimed.errorCode).toBe('');
    const fetched = await call(raw.fetch, {
      partitions: [{ topic: TOPIC, partition: 0, offset: untimed.baseOffset, maxBytes: 1 << 20 }],
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
    });
    const batch = splitBatches(fetched.partitions[0]!.records).find((view) => view.header.baseOffset === BigInt(untimed.baseOffset))!;
    const decoded = decodeBatch(batch.bytes);
    expect(decoded.header.timestampType).toBe('log-append-time');
    const stampedMs = Number(decoded.records[0]!.timestamp);
    expect(stampedMs).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(stampedMs).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
