/**
 * The data path's figures on a local 3-node cluster (real processes, RF 3,
 * fsync before ack), through the SDK with 1 KiB records:
 *  - produce throughput, closed loop with bounded in-flight sends;
 *  - acknowledgement latency at a fixed open-loop rate, measured from the
 *    intended send time so queueing is not hidden;
 *  - consume throughput reading everything from the beginning.
 * `npm run bench:data-path` (about a minute). Loops are bounded in count and time.
 */
import type { Cairn } from '../src/client/index.js';
import { ProcessCluster } from '../test/integration/support/process-cluster.js';

const RECORD_BYTES = 1024;
const PRODUCE_SECONDS = 10;
const RATE_PER_SECOND = 2000;
const RATE_SECONDS = 10;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function produceThroughput(cairn: Cairn, topic: string): Promise<{ records: number; seconds: number }> {
  const producer = cairn.producer({ lingerMs: 5, batchBytesMax: 512 * 1024, bufferBytesMax: 64 * 1024 * 1024 });
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  const messages = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value }));
  const started = performance.now();
  const deadline = started + PRODUCE_SECONDS * 1000;
  let records = 0;
  const inFlight = new Set<Promise<void>>();
  while (performance.now() < deadline) {
    const sent: Promise<void> = producer.send({ topic, messages }).then(() => {
      records += messages.length;
      inFlight.delete(sent);
    });
    inFlight.add(sent);
    if (inFlight.size >= 256) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await producer.close();
  return { records, seconds };
}

async function latencyAtRate(cairn: Cairn, topic: string): Promise<number[]> {
  const producer = cairn.producer({ lingerMs: 0 });
  const value = Buffer.alloc(RECORD_BYTES, 'y');
  const latenciesMs: number[] = [];
  const started = performance.now();
  const total = RATE_PER_SECOND * RATE_SECONDS;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const intendedMs = started + (i * 1000) / RATE_PER_SECOND;
    const waitMs = intendedMs - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    sends.push(producer.send({ topic, messages: [{ value }] }).then(() => void latenciesMs.push(performance.now() - intendedMs)));
  }
  await Promise.all(sends);
  await producer.close();
  return latenciesMs.sort((a, b) => a - b);
}

async function consumeThroughput(cairn: Cairn, topic: string, partitions: number, records: number): Promise<number> {
  const consumer = cairn.consumer({ partitionFetchBytesMax: 4 * 1024 * 1024, bufferBytesMax: 64 * 1024 * 1024 });
  const tps = Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
  consumer.assign(tps);
  for (const tp of tps) consumer.seek(tp, 'earliest');
  const started = performance.now();
  let read = 0;
  while (read < records) {
    const batch = await consumer.nextBatch();
    if (batch === undefined) break;
    read += batch.messages.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await consumer.close();
  return read / seconds;
}

const cluster = await ProcessCluster.start({ nodes: 3, flags: ['--log-level', 'warn'] });
try {
  await cluster.waitReady();
  const cairn = cluster.client(undefined, { requestTimeoutMs: 10_000 });
  await cairn.admin().createTopic({ name: 'bench', partitions: 12, replicationFactor: 3 });
  await cairn.admin().createTopic({ name: 'latency', partitions: 1, replicationFactor: 3 });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const produced = await produceThroughput(cairn, 'bench');
  const latencies = await latencyAtRate(cairn, 'latency');
  const consumed = await consumeThroughput(cairn, 'bench', 12, produced.records);
  console.log(`| workload | result |`);
  console.log(`|---|---|`);
  console.log(`| produce, 1 KiB, RF 3, fsync, 12 partitions | ${Math.round(produced.records / produced.seconds).toLocaleString('en')} records/s (${((produced.records * RECORD_BYTES) / produced.seconds / 1e6).toFixed(1)} MB/s) |`);
  console.log(`| ack latency at ${RATE_PER_SECOND}/s, RF 3 | p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, p99.9 ${percentile(latencies, 99.9).toFixed(2)} ms |`);
  console.log(`| consume from the beginning | ${Math.round(consumed).toLocaleString('en')} records/s |`);
  await cairn.close();
} finally {
  await cluster.stop();
}
