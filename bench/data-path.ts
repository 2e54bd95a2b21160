/**
 * The data path's figures on a local 3-node cluster (real processes, RF 3,
 * fsync before ack), through the SDK with 1 KiB records:
 *  - produce throughput, closed loop with bounded in-flight sends;
 *  - acknowledgement latency at a fixed open-loop rate, measured from the
 *    intended send time so queueing is not hidden;
 *  - consume throughput reading everything from the beginning.
 * `npm run bench:data-path` (about a minute). Loops are bounded in count and time.
 * The full comparison with NATS JetStream is `npm run bench` (bench/main.ts).
 */
import { CairnTarget } from './lib/cairn-target.js';
import { formatNumber } from './lib/results.js';

const RECORD_BYTES = 1024;
const PRODUCE_SECONDS = 10;
const RATE_PER_SECOND = 2000;
const RATE_SECONDS = 10;

const cairn = await CairnTarget.start();
try {
  const bench = { name: 'bench', partitions: 12, replicas: 3, fsync: true };
  const latency = { name: 'latency', partitions: 1, replicas: 3, fsync: true };
  await cairn.create(bench);
  await cairn.create(latency);
  const produced = await cairn.produce(bench, { recordBytes: RECORD_BYTES, seconds: PRODUCE_SECONDS });
  const acks = await cairn.latency(latency, { recordBytes: RECORD_BYTES, ratePerSecond: RATE_PER_SECOND, seconds: RATE_SECONDS });
  const consumed = await cairn.consume(bench, produced.records);
  console.log(`| workload | result |`);
  console.log(`|---|---|`);
  console.log(`| produce, 1 KiB, RF 3, fsync, 12 partitions | ${Math.round(produced.records / produced.seconds).toLocaleString('en')} records/s (${((produced.records * RECORD_BYTES) / produced.seconds / 1e6).toFixed(1)} MB/s) |`);
  console.log(`| ack latency at ${RATE_PER_SECOND}/s, RF 3 | p50 ${formatNumber(acks.p50)} ms, p99 ${formatNumber(acks.p99)} ms, p99.9 ${formatNumber(acks.p999)} ms |`);
  console.log(`| consume from the beginning | ${Math.round(consumed.records / consumed.seconds).toLocaleString('en')} records/s |`);
} finally {
  await cairn.stop();
}
