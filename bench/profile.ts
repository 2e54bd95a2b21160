/**
 * Profiles Cairn under one workload: a 3-node cluster of the built code
 * with every node under `node --cpu-prof`, 1 KiB records at RF 3 with fsync,
 * then the nodes stop with SIGTERM so each writes its profile, and the
 * profiles are summarised together (bench/profile-summary.ts). Workloads:
 *  - produce (the default): 12 partitions, closed loop, as in `npm run bench`;
 *  - latency: 1 partition, single-record sends at a fixed rate (--rate, 2,000/s).
 *
 *   npm run bench:profile [-- --workload latency --seconds 20 --top 25]
 *
 * Profiles are kept in .bench/profiles/<timestamp>/ for Chrome DevTools or
 * speedscope.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CairnTarget } from './lib/cairn-target.js';
import { sampleUsage } from './lib/proc.js';
import { formatNumber } from './lib/results.js';
import { formatSummary, readProfiles, summarize } from './profile-summary.js';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'produce' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    top: { type: 'string', default: '25' },
  },
});
const seconds = Number(values.seconds);
if (values.workload !== 'produce' && values.workload !== 'latency') throw new Error(`--workload is produce or latency, not ${values.workload}`);
const latency = values.workload === 'latency';
const dir = join(import.meta.dirname, '../.bench/profiles', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(dir, { recursive: true });

const startedAt = performance.now();
const cairn = await CairnTarget.start({ nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
let stopped = false;
/** Start-up and warm-up, left out of the summary. */
let skipSeconds = 0;
try {
  const log = { name: 'profile', partitions: latency ? 1 : 12, replicas: 3, fsync: true };
  const rate = { recordBytes: 1024, ratePerSecond: Number(values.rate) };
  await cairn.create(log);
  await (latency ? cairn.latency(log, { ...rate, seconds: 1 }) : cairn.produce(log, { recordBytes: 1024, seconds: 1 }));
  skipSeconds = (performance.now() - startedAt) / 1000;
  // Whole processes (every thread: LevelDB's too) and this one, the client, over the same time.
  const usage = sampleUsage([...cairn.pids(), process.pid], seconds - 1);
  if (latency) {
    const acks = await cairn.latency(log, { ...rate, seconds });
    console.log(`latency at ${rate.ratePerSecond.toLocaleString('en')}/s, 1 KiB, RF 3, fsync: p50 ${formatNumber(acks.p50)} ms, p99 ${formatNumber(acks.p99)} ms, p99.9 ${formatNumber(acks.p999)} ms`);
  } else {
    const produced = await cairn.produce(log, { recordBytes: 1024, seconds });
    console.log(`produce 1 KiB, RF 3, fsync, 12 partitions: ${Math.round(produced.records / produced.seconds).toLocaleString('en')} msgs/s over ${produced.seconds.toFixed(1)} s`);
  }
  const cpu = (await usage).map((u) => `${u.cpuPercent.toFixed(0)}%`);
  console.log(`CPU, % of one core (all threads): nodes ${cpu.slice(0, -1).join(' / ')}, client ${cpu.at(-1)}; the machine has ${availableParallelism()} cores`);
  await cairn.stop('SIGTERM');
  stopped = true;
} finally {
  if (!stopped) await cairn.stop();
}
console.log(`profiles of the 3 nodes in ${dir}; summarised without their first ${skipSeconds.toFixed(1)} s (start-up and warm-up)\n`);
console.log(formatSummary(summarize(readProfiles([dir]), skipSeconds * 1e6), Number(values.top)));
