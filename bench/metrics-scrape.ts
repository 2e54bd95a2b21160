/**
 * GET /metrics on a node holding many partitions: the registry a node builds
 * (process metrics and every broker family), filled as a node with
 * PARTITIONS replicas over TOPICS topics would fill it, timed and sized as a
 * scrape renders it. Default cardinality (per topic) and per partition.
 *
 *   npm run bench:metrics            (PARTITIONS=10000 TOPICS=100 GROUPS=50)
 *
 * The target (issue #22): under 200 ms and under 1 MB at default cardinality.
 * Last, what the data path pays per produced batch: the RPC timing, the
 * produce counters, and the commit latency and fsync observations.
 */
import { BrokerMetrics } from '../src/observability/broker-metrics.js';
import { Metrics } from '../src/observability/metrics.js';
import { encodeBatch } from '../src/records/index.js';

const PARTITIONS = Number(process.env.PARTITIONS ?? 10_000);
const TOPICS = Number(process.env.TOPICS ?? 100);
const GROUPS = Number(process.env.GROUPS ?? 50);
const SCRAPES = 15;

const RPCS: [string, string][] = [
  ['Data', 'Produce'], ['Data', 'ProduceStream'], ['Data', 'Fetch'], ['Data', 'Subscribe'], ['Data', 'ListOffsets'], ['Data', 'InitProducer'],
  ['Cluster', 'Metadata'], ['Cluster', 'CreateTopics'], ['Cluster', 'DescribeCluster'],
  ['Groups', 'FindCoordinator'], ['Groups', 'Heartbeat'], ['Groups', 'OffsetCommit'], ['Groups', 'OffsetFetch'],
];

function filledNode(perPartition: boolean): { metrics: Metrics; sample: () => void } {
  const metrics = new Metrics({ defaultLabels: { node: '1' }, processMetrics: true });
  const broker = new BrokerMetrics(metrics, { perPartition });
  const batch = encodeBatch(Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(`record ${i}`), timestamp: 1_700_000_000_000n })));
  const topicOf = (p: number): string => `topic-${String(p % TOPICS).padStart(3, '0')}`;
  for (const [service, method] of RPCS) {
    for (const code of ['OK', 'NOT_LEADER', 'REQUEST_TIMED_OUT']) broker.rpcStarted(service, method)(code);
  }
  for (let p = 0; p < PARTITIONS; p++) {
    broker.produced(topicOf(p), p, batch);
    broker.fetched(topicOf(p), p, batch);
  }
  for (const code of ['NOT_LEADER', 'CORRUPT_BATCH', 'MESSAGE_TOO_LARGE']) broker.produceRefusedWith(code);
  for (let i = 0; i < 1000; i++) {
    broker.raftCommitLatency.observe(0.002 + (i % 50) / 1000);
    broker.storageFsync.observe(0.001 + (i % 20) / 1000);
  }
  const rows = Array.from({ length: PARTITIONS }, (_, p) => ({
    topic: topicOf(p), partition: Math.floor(p / TOPICS), led: p % 3 === 0, underReplicated: p % 97 === 0, followerLag: p % 5, logBytes: 1_000_000,
  }));
  const sample = (): void => {
    broker.setPartitionState(rows);
    broker.setOffline(rows.map(({ topic, partition }) => ({ topic, partition, offline: false })));
    for (let g = 0; g < GROUPS; g++) {
      broker.groupMembers.set({ group: `group-${g}` }, 3);
      for (let t = 0; t < 4; t++) broker.groupLag.set({ group: `group-${g}`, topic: topicOf(g * 4 + t) }, 100);
    }
  };
  sample();
  return { metrics, sample };
}

async function measure(perPartition: boolean): Promise<void> {
  const { metrics, sample } = filledNode(perPartition);
  const sampleStart = performance.now();
  sample();
  const sampleMs = performance.now() - sampleStart;
  const times: number[] = [];
  let bytes = 0;
  let series = 0;
  for (let i = 0; i < SCRAPES; i++) {
    const start = performance.now();
    const text = await metrics.expose();
    times.push(performance.now() - start);
    bytes = Buffer.byteLength(text);
    series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const label = perPartition ? 'per partition' : 'per topic (default)';
  console.log(
    `${label.padEnd(20)} ${PARTITIONS} partitions, ${TOPICS} topics: ${series} series, ${(bytes / 1e6).toFixed(3)} MB, scrape median ${median.toFixed(1)} ms (max ${times.at(-1)!.toFixed(1)} ms over ${SCRAPES}), one state sample ${sampleMs.toFixed(1)} ms`,
  );
}

await measure(false);
await measure(true);

/** Nanoseconds per produced batch of the instrumentation on the data path, per topic and per partition. */
function hotPath(perPartition: boolean): void {
  const broker = new BrokerMetrics(new Metrics({ defaultLabels: { node: '1' } }), { perPartition });
  const batch = encodeBatch(Array.from({ length: 100 }, (_, i) => ({ key: null, value: Buffer.alloc(1024, i), timestamp: 1_700_000_000_000n })));
  const once = (i: number): void => {
    const end = broker.rpcStarted('Data', 'Produce');
    broker.produced(`topic-${i % TOPICS}`, i % 100, batch);
    broker.raftCommitLatency.observe(0.003);
    broker.storageFsync.observe(0.001);
    end('OK');
  };
  for (let i = 0; i < 20_000; i++) once(i);
  const calls = 200_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) once(i);
  const ns = Number(process.hrtime.bigint() - start) / calls;
  console.log(`hot path ${(perPartition ? 'per partition' : 'per topic').padEnd(13)} ${ns.toFixed(0)} ns per produced batch (RPC timing, produce counters, commit and fsync observations)`);
}

hotPath(false);
hotPath(true);

