import { describe, expect, it, vi } from 'vitest';
import type { Consumer, Message } from '../../../src/client/index.js';
import { encodeBatch } from '../../../src/records/index.js';
import type { RecordInput } from '../../../src/records/index.js';
import type { FakeData } from './fake-data.js';
import { cairnFor, cleanUpAfterEach, rejectionOf, startData } from './harness.js';

cleanUpAfterEach();

const record = (value: string, timestamp = 1_000n): RecordInput => ({ key: null, value: Buffer.from(value), timestamp });
const records = (values: readonly string[]): RecordInput[] => values.map((value) => record(value));
const summary = (message: Message): string => `${message.partition}:${message.offset}:${message.value?.toString()}`;

async function read(consumer: Consumer, count: number): Promise<string[]> {
  const seen: string[] = [];
  if (count === 0) return seen;
  for await (const message of consumer) {
    seen.push(summary(message));
    if (seen.length === count) break;
  }
  return seen;
}

/** A topic whose partition 0 holds batches [a b c] [d e] [f]. */
async function threeBatches(): Promise<FakeData> {
  const data = await startData(2);
  data.createTopic('t', 2, [1, 2]);
  for (const values of [['a', 'b', 'c'], ['d', 'e'], ['f']]) data.append('t', 0, records(values));
  return data;
}

describe('consumer reading', () => {
  it('reads assigned partitions from their leaders, decoding keys, values, headers and timestamps', async () => {
    const data = await threeBatches();
    data.append('t', 1, [{ key: Buffer.from('k'), value: Buffer.from('on 2'), headers: [{ key: 'h', value: Buffer.from('1') }], timestamp: 1_700_000_000_000n }]);
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);

    const messages: Message[] = [];
    for await (const message of consumer) if (messages.push(message) === 7) break;

    expect(messages.filter((message) => message.partition === 0).map(summary)).toEqual(['0:0:a', '0:1:b', '0:2:c', '0:3:d', '0:4:e', '0:5:f']);
    expect(messages.find((message) => message.partition === 1)).toEqual({
      topic: 't',
      partition: 1,
      offset: 0n,
      key: Buffer.from('k'),
      value: Buffer.from('on 2'),
      headers: [{ key: 'h', value: Buffer.from('1') }],
      timestamp: 1_700_000_000_000,
    });
    expect(data.fetches.map((fetch) => fetch.nodeId).sort()).toContain(2);
  });

  it('reads what a producer wrote, compressed, in order per key', async () => {
    const data = await startData(1);
    data.createTopic('t', 3);
    const cairn = cairnFor(data);
    const producer = cairn.producer({ compression: 'lz4' });
    const messages = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}` }));
    await producer.send({ topic: 't', messages });
    const consumer = cairn.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([0, 1, 2].map((partition) => ({ topic: 't', partition })));

    const byKey = new Map<string, string[]>();
    let count = 0;
    for await (const message of consumer) {
      const key = message.key!.toString();
      byKey.set(key, [...(byKey.get(key) ?? []), message.value!.toString()]);
      if (++count === messages.length) break;
    }

    for (const [key, values] of byKey) expect(values).toEqual(messages.filter((message) => message.key === key).map((message) => message.value));
    expect(data.received.every((context) => context.header.compression === 'lz4')).toBe(true);
  });

  it('skips the records of a batch below the position it was sought to', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer();
    consumer.assign([{ topic: 't', partition: 0 }]);
    consumer.seek({ topic: 't', partition: 0 }, { offset: 4n });

    expect(await read(consumer, 2)).toEqual(['0:4:e', '0:5:f']);
    // The leader sent the whole batch [d e]: offset 3 was dropped on the client.
    expect(data.fetches[0]!.request.partitions[0]!.offset).toBe('4');
  });

  it('seeks to the earliest, the latest, and by timestamp', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    data.append('t', 0, [record('old', 100n), record('mid', 200n)]);
    data.append('t', 0, [record('new', 300n)]);
    const consumer = cairnFor(data).consumer();
    const tp = { topic: 't', partition: 0 };
    consumer.assign([tp]);

    consumer.seek(tp, { timestamp: 150 });
    expect(await read(consumer, 2)).toEqual(['0:1:mid', '0:2:new']);
    consumer.seek(tp, 'earliest');
    expect(await read(consumer, 1)).toEqual(['0:0:old']);
    consumer.seek(tp, 'latest');
    await vi.waitFor(() => expect(consumer.position(tp)).toBe(3n));
    data.append('t', 0, records(['later']));
    expect(await read(consumer, 1)).toEqual(['0:3:later']);
  });

  it('starts at the end by default and waits there (long poll) for new messages', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer({ maxWaitMs: 5_000 });
    consumer.assign([{ topic: 't', partition: 0 }]);
    await vi.waitFor(() => expect(consumer.position({ topic: 't', partition: 0 })).toBe(6n));

    const reading = read(consumer, 1);
    await vi.waitFor(() => expect(data.fetches.length).toBeGreaterThan(0));
    data.append('t', 0, records(['g']));

    expect(await reading).toEqual(['0:6:g']);
    expect(data.fetches.filter((fetch) => fetch.request.partitions.some((partition) => partition.partition === 0))).toHaveLength(1);
  });

  it('returns runs of one partition from nextBatch(), with the high watermark', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);

    const batch = await consumer.nextBatch();

    expect(batch?.messages.map((message) => message.value?.toString())).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(batch?.highWatermark).toBe(6n);
    expect(consumer.position({ topic: 't', partition: 0 })).toBe(6n);
  });

  it('continues after the last message returned when a loop is left', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);

    expect(await read(consumer, 2)).toEqual(['0:0:a', '0:1:b']);
    expect(consumer.position({ topic: 't', partition: 0 })).toBe(2n);
    expect((await consumer.nextBatch())?.messages.map(summary)).toEqual(['0:2:c', '0:3:d', '0:4:e', '0:5:f']);
  });

  it('holds back paused partitions and delivers them on resume', async () => {
    const data = await threeBatches();
    data.append('t', 1, records(['x']));
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    const zero = { topic: 't', partition: 0 };
    consumer.assign([zero, { topic: 't', partition: 1 }]);
    consumer.pause([zero]);

    expect(await read(consumer, 1)).toEqual(['1:0:x']);
    expect(consumer.paused()).toEqual([zero]);
    expect(data.fetches.every((fetch) => fetch.request.partitions.every((partition) => partition.partition !== 0))).toBe(true);

    consumer.resume([zero]);
    expect(await read(consumer, 6)).toEqual(['0:0:a', '0:1:b', '0:2:c', '0:3:d', '0:4:e', '0:5:f']);
  });

  it('stops fetching while the buffer is full, and goes on as it is read', async () => {
    const data = await startData(1);
    data.createTopic('t', 2);
    for (let i = 0; i < 20; i++) {
      data.append('t', 0, records([`a${i}`.padEnd(200, '.')]));
      data.append('t', 1, records([`b${i}`.padEnd(200, '.')]));
    }
    // Room for about two batches of ~270 bytes.
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest', bufferBytesMax: 600, partitionFetchBytesMax: 300 });
    consumer.assign([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);

    await vi.waitFor(() => expect(consumer.bufferedBytes).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One batch per partition at most (a leader returns at least one whole batch): no more fetches while full.
    expect(consumer.bufferedBytes).toBeLessThanOrEqual(600);
    const fetchesWhileFull = data.fetches.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(data.fetches.length).toBe(fetchesWhileFull);

    const seen = await read(consumer, 40);
    expect(seen.filter((line) => line.startsWith('0:'))).toHaveLength(20);
    expect(consumer.bufferedBytes).toBe(0);
  });

  it('ends loops and makes nextBatch() return undefined when closed', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer();
    consumer.assign([{ topic: 't', partition: 0 }]);

    const waiting = consumer.nextBatch();
    setTimeout(() => void consumer.close(), 20);

    expect(await waiting).toBeUndefined();
    expect(await read(consumer, 1)).toEqual([]);
    expect(() => consumer.assign([])).toThrow(/the consumer is closed/);
  });
});

describe('consumer failures', () => {
  it('follows a moved leader', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    const tp = { topic: 't', partition: 0 };
    consumer.assign([tp]);
    expect(await read(consumer, 6)).toHaveLength(6);

    data.setLeader('t', 0, 2);
    data.append('t', 0, records(['g']));

    expect(await read(consumer, 1)).toEqual(['0:6:g']);
    expect(data.fetches.at(-1)!.nodeId).toBe(2);
  });

  it("resets to the log start when the position fell out of the log, with autoOffsetReset 'earliest'", async () => {
    const data = await threeBatches();
    data.truncateBefore('t', 0, 3n);
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);
    consumer.seek({ topic: 't', partition: 0 }, { offset: 1n });

    expect(await read(consumer, 3)).toEqual(['0:3:d', '0:4:e', '0:5:f']);
  });

  it("reports OFFSET_OUT_OF_RANGE with autoOffsetReset 'none' until seek()", async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'none' });
    const tp = { topic: 't', partition: 0 };
    consumer.assign([tp]);

    expect(await rejectionOf(consumer.nextBatch())).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', message: "t-0 has no position and autoOffsetReset is 'none': call seek() first" });

    consumer.seek(tp, { offset: 100n });
    const error = await rejectionOf(consumer.nextBatch());
    expect(error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', message: 't-0: offset 100 is outside [0, 6]' });

    consumer.seek(tp, { offset: 5n });
    expect(await read(consumer, 1)).toEqual(['0:5:f']);
  });

  it('stops a partition on a corrupt batch with CORRUPT_BATCH, and goes on after a seek past it', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const corrupt = encodeBatch(records(['bad']));
    corrupt[corrupt.length - 1]! ^= 0xff;
    data.appendBatch(data.log('t', 0), corrupt);
    data.append('t', 0, records(['good']));
    const consumer = cairnFor(data).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);

    expect(await rejectionOf(consumer.nextBatch())).toMatchObject({ code: 'CORRUPT_BATCH', message: expect.stringMatching(/^t-0 at offset 0: corrupt record batch \(bad-crc\)/) });

    consumer.seek({ topic: 't', partition: 0 }, { offset: 1n });
    expect(await read(consumer, 1)).toEqual(['0:1:good']);
  });

  it('gives the reader a clear error when the cluster stops, instead of hanging', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data, { retry: { retriesMax: 2, initialBackoffMs: 10, backoffMaxMs: 20 } }).consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);
    expect(await read(consumer, 6)).toHaveLength(6);

    data.cluster.close();
    const error = await rejectionOf(read(consumer, 1));

    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/still retrying/) });
  });

  it('refuses seeks of partitions it does not read, and bad positions', async () => {
    const data = await threeBatches();
    const consumer = cairnFor(data).consumer();
    consumer.assign([{ topic: 't', partition: 0 }]);
    expect(() => consumer.seek({ topic: 't', partition: 1 }, 'earliest')).toThrow('seek(): t-1 is not assigned');
    expect(() => consumer.seek({ topic: 't', partition: 0 }, { offset: -1 })).toThrow(/seek\(\): expected/);
    expect(() => consumer.assign([{ topic: '', partition: 0 }])).toThrow(/assign\(\): partitions\[0\]/);
  });
});

describe('admin listOffsets', () => {
  it('asks each leader for earliest, latest and timestamp offsets', async () => {
    const data = await startData(2);
    data.createTopic('t', 2, [1, 2]);
    data.append('t', 0, [record('a', 100n), record('b', 200n)]);
    data.append('t', 1, records(['x']));
    data.truncateBefore('t', 1, 1n);
    const admin = cairnFor(data).admin();

    const offsets = await admin.listOffsets([
      { topic: 't', partition: 1, spec: 'earliest' },
      { topic: 't', partition: 0, spec: 'latest' },
    ]);
    expect(offsets).toEqual([
      { topic: 't', partition: 1, offset: 1n },
      { topic: 't', partition: 0, offset: 2n },
    ]);
    expect(await admin.listOffsets([{ topic: 't', partition: 0, spec: { timestamp: 150 } }])).toEqual([{ topic: 't', partition: 0, offset: 1n }]);
    expect(await rejectionOf(admin.listOffsets([{ topic: 't', partition: 0, spec: 'latest' }, { topic: 't', partition: 0, spec: 'earliest' }]))).toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('follows NOT_LEADER, and fails on an unknown partition after its retries', async () => {
    const data = await startData(2);
    data.createTopic('t', 1, [2]);
    const cairn = cairnFor(data);
    await cairn.admin().listOffsets([{ topic: 't', partition: 0, spec: 'latest' }]);
    data.setLeader('t', 0, 1); // the client's metadata still says node 2

    expect(await cairn.admin().listOffsets([{ topic: 't', partition: 0, spec: 'latest' }])).toEqual([{ topic: 't', partition: 0, offset: 0n }]);
    expect(await rejectionOf(cairn.admin().listOffsets([{ topic: 'nope', partition: 0, spec: 'latest' }]))).toMatchObject({
      code: 'UNKNOWN_TOPIC_OR_PARTITION',
      message: expect.stringMatching(/gave up after 4 attempts/),
    });
  });
});
