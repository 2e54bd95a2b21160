/**
 * The data path on a real 3-node cluster at RF 3, through the SDK: what is
 * acknowledged is read back exactly once, in order, at its acknowledged
 * offset — also while partition leaders are SIGKILLed; retention removes old
 * data; bad batches are refused and nothing is written.
 */
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Cairn } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import { dataService } from '../../src/protocol/proto.js';
import { decodeBatch, encodeBatch, splitBatches } from '../../src/records/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

interface Ack {
  readonly partition: number;
  readonly offset: bigint;
  readonly value: string;
}

/** Sends `count` unique values in sends of `perSend`, with `inFlightMax` sends outstanding; returns every ack. */
async function produce(cairn: Cairn, topic: string, count: number, options: { perSend: number; inFlightMax: number; prefix: string; onProgress?: (acked: number) => void }): Promise<Ack[]> {
  const producer = cairn.producer({ lingerMs: 2 });
  const acks: Ack[] = [];
  const inFlight = new Set<Promise<void>>();
  try {
    for (let start = 0; start < count; start += options.perSend) {
      const values = Array.from({ length: Math.min(options.perSend, count - start) }, (_, i) => `${options.prefix}-${start + i}`);
      const sent: Promise<void> = producer
        .send({ topic, messages: values.map((value) => ({ key: value, value })) })
        .then((reports) => {
          reports.forEach((r, i) => acks.push({ partition: r.partition, offset: r.offset, value: values[i]! }));
          options.onProgress?.(acks.length);
        })
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= options.inFlightMax) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.close();
  }
  return acks;
}

/** Reads every partition from the beginning up to its end now; returns the values at each offset. */
async function readAll(cairn: Cairn, topic: string, partitions: number): Promise<Map<number, Map<bigint, string>>> {
  const tps = Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
  const ends = await cairn.admin().listOffsets(tps.map((tp) => ({ ...tp, spec: 'latest' as const })));
  const read = new Map<number, Map<bigint, string>>(tps.map((tp) => [tp.partition, new Map()]));
  const consumer = cairn.consumer({ maxWaitMs: 200 });
  try {
    consumer.assign(tps);
    for (const tp of tps) consumer.seek(tp, 'earliest');
    const done = () => ends.every((e) => (read.get(e.partition)!.size === 0 ? e.offset === 0n : [...read.get(e.partition)!.keys()].pop()! + 1n >= e.offset));
    while (!done()) {
      const batch = await consumer.nextBatch();
      if (batch === undefined) break;
      const seen = read.get(batch.partition)!;
      for (const m of batch.messages) {
        expect(seen.has(m.offset), `offset ${m.offset} of partition ${m.partition} delivered twice`).toBe(false);
        seen.set(m.offset, m.value!.toString());
      }
    }
  } finally {
    await consumer.close();
  }
  return read;
}

/** Every acknowledged value is stored exactly once, at its acknowledged offset, and no value is stored twice. */
function checkExactlyOnce(acks: readonly Ack[], read: Map<number, Map<bigint, string>>): void {
  for (const ack of acks) expect(read.get(ack.partition)!.get(ack.offset), `ack ${ack.value}`).toBe(ack.value);
  const values = [...read.values()].flatMap((byOffset) => [...byOffset.values()]);
  expect(new Set(values).size).toBe(values.length);
  for (const byOffset of read.values()) {
    const offsets = [...byOffset.keys()];
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
  }
}

describe('the data path on a 3-node cluster', () => {
  const env = useCluster({ nodes: 3, requestTimeoutMs: 5000 });

  it('reads back 200k acknowledged records exactly once, in order, at their acknowledged offsets (RF 3)', async () => {
    await env.cairn.admin().createTopic({ name: 'bulk', partitions: 6, replicationFactor: 3 });
    await waitFor('leaders', async () => (await env.cairn.admin().describeTopic('bulk')).partitions.every((p) => p.leader !== undefined));
    const acks = await produce(env.cairn, 'bulk', 200_000, { perSend: 500, inFlightMax: 16, prefix: 'bulk' });
    expect(acks).toHaveLength(200_000);
    checkExactlyOnce(acks, await readAll(env.cairn, 'bulk', 6));
  }, 180_000);

  it('loses and duplicates nothing while partition leaders are SIGKILLed every few seconds', async () => {
    await env.cairn.admin().createTopic({ name: 'chaos', partitions: 3, replicationFactor: 3 });
    await waitFor('leaders', async () => (await env.cairn.admin().describeTopic('chaos')).partitions.every((p) => p.leader !== undefined));
    let acked = 0;
    let stop = false;
    const kills: number[] = [];
    const nemesis = (async () => {
      while (!stop && kills.length < 3) {
        await waitFor('more acknowledgements', () => acked > (kills.length + 1) * 5_000 || stop, { timeoutMs: 60_000 });
        if (stop) break;
        const leader = (await env.cairn.admin().describeTopic('chaos')).partitions[0]!.leader;
        if (leader === undefined) continue;
        await env.cluster.kill(leader);
        kills.push(leader);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        env.cluster.startNode(leader);
      }
    })();
    const acks = await produce(env.cairn, 'chaos', 30_000, { perSend: 50, inFlightMax: 8, prefix: 'chaos', onProgress: (n) => (acked = n) });
    stop = true;
    await nemesis;
    expect(kills.length, `leaders killed: ${kills.join(",")}`).toBeGreaterThanOrEqual(2);
    expect(acks).toHaveLength(30_000);
    await env.cluster.waitReady();
    checkExactlyOnce(acks, await readAll(env.cairn, 'chaos', 3));
    // Records produced after recovery get offsets after every earlier acknowledged one.
    const after = await produce(env.cairn, 'chaos', 300, { perSend: 10, inFlightMax: 4, prefix: 'after' });
    for (const ack of after) {
      const earlier = acks.filter((a) => a.partition === ack.partition).map((a) => a.offset);
      expect(earlier.every((o) => o < ack.offset)).toBe(true);
    }
  }, 240_000);
});

describe('retention, push subscriptions and refused batches on one node', () => {
  const env = useCluster({ nodes: 1 });

  it('deletes old data by retention.bytes and answers OFFSET_OUT_OF_RANGE with the new start', async () => {
    await env.cairn.admin().createTopic({ name: 'short', partitions: 1, replicationFactor: 1, configs: { 'retention.bytes': '1' } });
    // Enough 1 KiB records to close several 1 MiB segments.
    const value = 'x'.repeat(1000);
    const producer = env.cairn.producer();
    for (let i = 0; i < 40; i++) await producer.send({ topic: 'short', messages: Array.from({ length: 100 }, () => ({ value })) });
    await producer.close();
    const start = await waitFor('retention to move the log start', async () => {
      const [earliest] = await env.cairn.admin().listOffsets([{ topic: 'short', partition: 0, spec: 'earliest' }]);
      return earliest!.offset > 0n && earliest!.offset;
    });
    const consumer = env.cairn.consumer({ autoOffsetReset: 'none', maxWaitMs: 100 });
    try {
      consumer.assign([{ topic: 'short', partition: 0 }]);
      consumer.seek({ topic: 'short', partition: 0 }, { offset: 0n });
      const error = await consumer.nextBatch().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).code).toBe('OFFSET_OUT_OF_RANGE');
      expect((error as CairnError).message).toContain(`[${start},`);
    } finally {
      await consumer.close();
    }
  });

  it('pushes committed records over Subscribe, never more bytes than the credit granted', async () => {
    await env.cairn.admin().createTopic({ name: 'pushed', partitions: 1, replicationFactor: 1 });
    const producer = env.cairn.producer({ lingerMs: 0 });
    const value = 'p'.repeat(1000);
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'pushed', messages: [{ value: `${i}:${value}` }] });
    await producer.close();
    const Data = makeGenericClientConstructor(dataService() as never, 'Data');
    const raw = new Data(env.cluster.brokers()[0]!, credentials.createInsecure()) as unknown as {
      subscribe(): NodeJS.ReadWriteStream & { write(message: unknown): boolean; cancel(): void };
      close(): void;
    };
    const stream = raw.subscribe();
    const received: Buffer[] = [];
    stream.on('data', (response: { records: Buffer }) => received.push(response.records));
    stream.on('error', () => {});
    const receivedBytes = () => received.reduce((sum, r) => sum + r.byteLength, 0);
    const offsets = () => received.flatMap((r) => splitBatches(r).flatMap((b) => decodeBatch(b.bytes).records.map((rec) => rec.offset)));
    try {
      // Credit for about 5 batches: the server stops after at most one batch past it.
      const creditBytes = 5 * 1100;
      stream.write({ start: { topic: 'pushed', partition: 0, offset: '0', creditBytes } });
      await waitFor('the first pushed batches', () => offsets().length >= 5);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(offsets().length).toBeLessThan(20);
      expect(receivedBytes()).toBeLessThanOrEqual(creditBytes + 1100);
      stream.write({ creditBytes: 64 * 1024 });
      await waitFor('every record pushed', () => offsets().length === 20);
      expect(offsets()).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
      // New records are pushed as they commit.
      const later = env.cairn.producer();
      await later.send({ topic: 'pushed', messages: [{ value: 'late' }] });
      await later.close();
      await waitFor('the record produced later', () => offsets().length === 21);
    } finally {
      stream.cancel();
      raw.close();
    }
  });

  it('refuses a corrupt batch and an oversize batch with typed errors, and writes nothing', async () => {
    await env.cairn.admin().createTopic({ name: 'strict', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '2048' } });
    await waitFor('leader', async () => (await env.cairn.admin().describeTopic('strict')).partitions[0]!.leader !== undefined);
    const Data = makeGenericClientConstructor(dataService() as never, 'Data');
    const raw = new Data(env.cluster.brokers()[0]!, credentials.createInsecure()) as unknown as {
      produce(request: unknown, callback: (error: Error | null, response: { results: { errorCode: string; errorMessage: string }[] }) => void): void;
      close(): void;
    };
    const send = (batch: Uint8Array) =>
      new Promise<{ errorCode: string; errorMessage: string }>((resolve, reject) =>
        raw.produce({ partitions: [{ topic: 'strict', partition: 0, batch: Buffer.from(batch) }] }, (error, response) =>
          error === null ? resolve(response.results[0]!) : reject(error),
        ),
      );
    try {
      const corrupt = encodeBatch([{ key: null, value: new TextEncoder().encode('hello'), headers: [], timestamp: 1n }]);
      corrupt[corrupt.length - 1]! ^= 0xff;
      expect((await send(corrupt)).errorCode).toBe('CORRUPT_BATCH');
      const oversize = encodeBatch([{ key: null, value: new Uint8Array(4096), headers: [], timestamp: 1n }]);
      expect((await send(oversize)).errorCode).toBe('BATCH_TOO_LARGE');
      const [end] = await env.cairn.admin().listOffsets([{ topic: 'strict', partition: 0, spec: 'latest' }]);
      expect(end!.offset).toBe(0n);
      // A good batch after them lands at offset 0: nothing was written for the bad ones.
      expect((await send(encodeBatch([{ key: null, value: new TextEncoder().encode('ok'), headers: [], timestamp: 1n }]))).errorCode).toBe('');
      const [after] = await env.cairn.admin().listOffsets([{ topic: 'strict', partition: 0, spec: 'latest' }]);
      expect(after!.offset).toBe(1n);
    } finally {
      raw.close();
    }
  });
});
