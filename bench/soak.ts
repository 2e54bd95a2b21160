/**
 * Soak: a 3-node cluster of real `cairn serve` processes under churn, for N
 * minutes. Each round creates a topic, produces to it with a fresh client
 * and idempotent producer per request (a new producer id every time),
 * consumes it with a new consumer group that commits, and deletes the
 * topic. Every 10 s each node's RSS, V8 heap, external memory, open file
 * descriptors (from its /metrics process metrics) and data directory size
 * are sampled. At the end: first, last and largest value and the slope per
 * hour of each series; the run fails (exit 1) if a node's heap or data
 * directory kept growing after the warm-up by more than the stated bounds.
 *
 *   npm run soak -- --minutes 5          (builds first; or, built: npx tsx bench/soak.ts --minutes 5)
 *
 * Options: --minutes N (default 5), --warm-up-minutes W (default a third of
 * the run, at most 10), --requests R produce requests per round (default 20).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Cairn } from '../src/client/index.js';
import { ProcessCluster } from '../test/integration/support/process-cluster.js';
import { parseScrape, total } from '../test/integration/support/prometheus-text.js';
import { summarise } from './lib/soak-series.js';
import type { GrowthBound, Point, SeriesSummary } from './lib/soak-series.js';

const SAMPLE_EVERY_MS = 10_000;
const PARTITIONS = 3;
const RECORDS_PER_REQUEST = 10;
const MIB = 1024 * 1024;
/**
 * The nodes normally start with a 512 MB initial heap (src/server/heap-flags.ts), under which V8
 * hardly ever runs a full collection: in a run of minutes, the heap in use would only show the
 * garbage piling up. V8's default (a later flag overrides the earlier one) collects within the run,
 * so the series follows the live heap.
 */
const SOAK_NODE_FLAGS = ['--initial-heap-size=16'];

/**
 * After the warm-up, a node's V8 heap in use may grow along its fitted line by 16 MiB or 10 % of its
 * mean, whichever is more, and its data directory by 32 MiB or 25 %: garbage collection and LevelDB's
 * log rotation and compactions swing them by about that much without any trend.
 */
const BOUNDS: Partial<Record<SeriesName, GrowthBound>> = {
  heap: { bytes: 16 * MIB, share: 0.1 },
  disk: { bytes: 32 * MIB, share: 0.25 },
};

const SERIES = ['rss', 'heap', 'external', 'fds', 'disk'] as const;
type SeriesName = (typeof SERIES)[number];

/** The process metric each series is read from (prom-client's defaults, prefixed cairn_). */
const METRIC: Record<Exclude<SeriesName, 'disk'>, string> = {
  rss: 'cairn_process_resident_memory_bytes',
  heap: 'cairn_nodejs_heap_size_used_bytes',
  external: 'cairn_nodejs_external_memory_bytes',
  fds: 'cairn_process_open_fds',
};

function options(): { minutes: number; warmUpMinutes: number; requests: number } {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, 'warm-up-minutes': { type: 'string' }, requests: { type: 'string' } } });
  const number = (name: string, text: string | undefined, fallback: number): number => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got ${text}`);
    return value;
  };
  const minutes = number('minutes', values.minutes, 5);
  return {
    minutes,
    warmUpMinutes: number('warm-up-minutes', values['warm-up-minutes'], Math.min(10, minutes / 3)),
    requests: Math.round(number('requests', values.requests, 20)),
  };
}

/** Bytes of the files under `dir` (apparent sizes). */
async function directoryBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    // LevelDB may delete a file between the listing and its stat.
    bytes += (await stat(join(entry.parentPath, entry.name)).catch(() => undefined))?.size ?? 0;
  }
  return bytes;
}

async function sampleNode(cluster: ProcessCluster, id: number): Promise<Record<SeriesName, number>> {
  const response = await fetch(`http://127.0.0.1:${cluster.ports.get(id)!.http}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`node ${id}: GET /metrics answered ${response.status}`);
  const scrape = parseScrape(await response.text());
  const read = (name: SeriesName & keyof typeof METRIC): number => total(scrape, METRIC[name]);
  return { rss: read('rss'), heap: read('heap'), external: read('external'), fds: read('fds'), disk: await directoryBytes(cluster.dataDir(id)) };
}

/** One round of churn; returns the records consumed. */
async function round(cluster: ProcessCluster, admin: Cairn, index: number, requests: number): Promise<number> {
  const topic = `soak-${index}`;
  await admin.admin().createTopic({ name: topic, partitions: PARTITIONS, replicationFactor: 3 });
  for (let request = 0; request < requests; request++) {
    // A new client and producer per request: the short-lived producers of a serverless function or a cron job.
    const client = cluster.client(undefined, { requestTimeoutMs: 10_000 });
    try {
      const producer = client.producer({ idempotent: true, lingerMs: 0 });
      const messages = Array.from({ length: RECORDS_PER_REQUEST }, (_, i) => ({ key: `k${request}-${i}`, value: `round ${index} request ${request} record ${i}` }));
      await producer.send({ topic, messages });
      await producer.close();
    } finally {
      await client.close();
    }
  }
  const expected = requests * RECORDS_PER_REQUEST;
  const client = cluster.client(undefined, { requestTimeoutMs: 10_000 });
  const consumer = client.consumer({ groupId: `soak-group-${index}`, autoOffsetReset: 'earliest', autoCommit: false, sessionTimeoutMs: 10_000 });
  let read = 0;
  // A group that never gets its partitions must not hang the run: closing the consumer ends nextBatch().
  const stuck = setTimeout(() => void consumer.close(), 60_000);
  try {
    consumer.subscribe([topic]);
    while (read < expected) {
      const batch = await consumer.nextBatch();
      if (batch === undefined) break;
      read += batch.messages.length;
    }
    if (read < expected) throw new Error(`${topic}: consumed ${read} of ${expected} records within 60 s`);
    await consumer.commit();
  } finally {
    clearTimeout(stuck);
    await consumer.close();
    await client.close();
  }
  await admin.admin().deleteTopic(topic);
  return read;
}

function formatValue(series: SeriesName, value: number): string {
  return series === 'fds' ? value.toFixed(0) : `${(value / MIB).toFixed(1)} MiB`;
}

function table(summaries: readonly { node: number; series: SeriesName; summary: SeriesSummary }[]): string {
  const rows = [['node', 'series', 'first', 'last', 'max', 'slope / h', 'growth after warm-up', 'allowed', 'verdict']];
  for (const { node, series, summary } of summaries) {
    rows.push([
      String(node),
      series,
      formatValue(series, summary.first),
      formatValue(series, summary.last),
      formatValue(series, summary.max),
      formatValue(series, summary.slopePerHour),
      formatValue(series, summary.growthAfterWarmUp),
      summary.allowed === undefined ? '-' : formatValue(series, summary.allowed),
      summary.allowed === undefined ? 'reported' : summary.passed ? 'flat' : 'GROWS',
    ]);
  }
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const plan = options();
  const startedAt = new Date();
  console.log(`soak: ${plan.minutes} min (warm-up ${plan.warmUpMinutes.toFixed(1)} min), ${plan.requests} producers per round, started ${startedAt.toISOString()}`);
  const cluster = await ProcessCluster.start({ nodes: 3, code: 'built', flags: ['--log-level', 'warn'], nodeFlags: SOAK_NODE_FLAGS });
  const points = new Map<string, Point[]>();
  let rounds = 0;
  let records = 0;
  let failed: unknown;
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const sampleAll = async (): Promise<void> => {
    const atS = elapsedS();
    const samples = await Promise.all(cluster.ids().map((id) => sampleNode(cluster, id)));
    for (const [i, sample] of samples.entries()) {
      for (const series of SERIES) {
        const key = `${cluster.ids()[i]}/${series}`;
        points.set(key, [...(points.get(key) ?? []), { atS, value: sample[series] }]);
      }
    }
    console.log(`${atS.toFixed(0)} s: ${rounds} rounds; heap ${samples.map((s) => formatValue('heap', s.heap)).join(', ')}; disk ${samples.map((s) => formatValue('disk', s.disk)).join(', ')}`);
  };
  try {
    await cluster.waitReady();
    const admin = cluster.client(undefined, { requestTimeoutMs: 10_000 });
    try {
      await sampleAll();
      let nextSampleS = SAMPLE_EVERY_MS / 1000;
      const endS = plan.minutes * 60;
      let sampling: Promise<void> = Promise.resolve();
      // Samples run beside the rounds, on their own 10 s schedule.
      const timer = setInterval(() => {
        if (elapsedS() < nextSampleS) return;
        nextSampleS += SAMPLE_EVERY_MS / 1000;
        sampling = sampling.then(sampleAll);
      }, 500);
      try {
        while (elapsedS() < endS) records += await round(cluster, admin, rounds++, plan.requests);
      } finally {
        clearInterval(timer);
        await sampling;
      }
      await sampleAll();
    } finally {
      await admin.close();
    }
  } catch (error) {
    failed = error;
  } finally {
    await cluster.stop();
  }
  if (failed !== undefined) throw failed;

  const summaries = cluster.ids().flatMap((node) =>
    SERIES.map((series) => ({ node, series, summary: summarise(points.get(`${node}/${series}`)!, plan.warmUpMinutes * 60, BOUNDS[series]) })),
  );
  console.log(`\n${rounds} rounds (${rounds} topics created and deleted, ${rounds * plan.requests} producers, ${records} records consumed and committed by ${rounds} groups) in ${elapsedS().toFixed(0)} s, ${startedAt.toISOString()}`);
  console.log(table(summaries));
  const growing = summaries.filter(({ summary }) => !summary.passed);
  if (growing.length > 0) {
    console.error(`\nsoak failed: ${growing.map(({ node, series }) => `node ${node} ${series}`).join(', ')} kept growing after the warm-up`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
