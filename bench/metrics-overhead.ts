/**
 * What the broker metrics cost produce: two builds of the server, one
 * without them and one with, run in alternation (B A B A ...) on a local
 * 3-node cluster, RF 3, fsync, 1 KiB records in batches of 100 through the
 * SDK, closed loop. The figure is the nodes' CPU time (user + system, from
 * /proc) per record, which a busy machine disturbs less than throughput.
 *
 *   BENCH_BEFORE_CLI=/path/a/dist/src/cli/main.js BENCH_AFTER_CLI=/path/b/dist/src/cli/main.js \
 *     npx tsx bench/metrics-overhead.ts            (ROUNDS=3 pairs, SECONDS=8 each)
 *
 * Build each with `npx tsc -p tsconfig.build.json` in a checkout of the commit
 * (for "before", a commit without the metrics, or a copy of the same commit
 * whose node.ts passes none of the hooks and whose instrumentService()
 * returns the implementation as it is). On a machine shared with other work
 * the rounds vary by more than the effect: compare medians of many rounds.
 */
import { readFileSync } from 'node:fs';
import { CairnTarget } from './lib/cairn-target.js';

const BEFORE = process.env.BENCH_BEFORE_CLI;
const AFTER = process.env.BENCH_AFTER_CLI;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
if (BEFORE === undefined || AFTER === undefined) throw new Error('set BENCH_BEFORE_CLI and BENCH_AFTER_CLI to the two builds\' dist/src/cli/main.js');

/** CPU seconds a process has used: utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function round(cli: string): Promise<{ microsPerRecord: number; recordsPerSecond: number }> {
  const target = await CairnTarget.start({ cli });
  try {
    const log = { name: 'overhead', partitions: 6, replicas: 3, fsync: true };
    await target.create(log);
    const pids = [...target.cluster.processes.values()].map((child) => child.pid!);
    const before = pids.map(cpuSeconds);
    const produced = await target.produce(log, { recordBytes: 1024, seconds: SECONDS });
    const used = pids.map(cpuSeconds).reduce((sum, cpu, i) => sum + cpu - before[i]!, 0);
    return { microsPerRecord: (used * 1e6) / produced.records, recordsPerSecond: produced.records / produced.seconds };
  } finally {
    await target.stop();
  }
}

const results: Record<'before' | 'after', number[]> = { before: [], after: [] };
for (let i = 0; i < ROUNDS; i++) {
  for (const [name, cli] of [['before', BEFORE], ['after', AFTER]] as const) {
    const { microsPerRecord, recordsPerSecond } = await round(cli);
    results[name].push(microsPerRecord);
    console.log(`round ${i + 1} ${name.padEnd(6)} ${microsPerRecord.toFixed(2)} µs CPU per record (3 nodes), ${Math.round(recordsPerSecond).toLocaleString('en')} records/s`);
  }
}
const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const change = (before: number, after: number): string => `${(((after - before) / before) * 100).toFixed(1)} %`;
const [b, a] = [median(results.before), median(results.after)];
const [bMin, aMin] = [Math.min(...results.before), Math.min(...results.after)];
console.log(`median: before ${b.toFixed(2)} µs, after ${a.toFixed(2)} µs per record (${change(b, a)}); best run: before ${bMin.toFixed(2)}, after ${aMin.toFixed(2)} (${change(bMin, aMin)})`);
