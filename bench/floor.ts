/**
 * Cairn's acknowledgement latency against its floor: the same hops on the
 * same transport and disk with no Cairn code (bench/lib/floor-chain.ts),
 * writing to an O_DSYNC file, and again writing to LevelDB as Cairn does.
 * All take single-record sends of 1 KiB at a fixed open-loop rate, RF 3,
 * fsync before the answer, in rotating trials so all see the same machine;
 * each row is the median of the trials with their range, and the ratio
 * Cairn/floor. What the floor cannot reach, no implementation of this shape
 * (Node, grpc-js, a quorum fsync) reaches on this machine either. Cairn's
 * nodes are stopped (SIGSTOP) during the floors' trials, so their idle
 * ticks do not take the floors' CPU; the floors are idle during Cairn's.
 *
 *   npm run bench:floor [-- --rate 2000 --seconds 10 --trials 5]
 */
import { parseArgs } from 'node:util';
import { CairnTarget } from './lib/cairn-target.js';
import type { OpenLoopResult } from './lib/drivers.js';
import { FloorTarget } from './lib/floor-target.js';
import { sampleUsage } from './lib/proc.js';
import { formatMeasure, formatNumber } from './lib/results.js';
import { measure } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '5' },
  },
});
const rate = { recordBytes: 1024, ratePerSecond: Number(values.rate), seconds: Number(values.seconds) };
const trials = Number(values.trials);

interface Trial {
  readonly acks: OpenLoopResult;
  /** CPU of each server process and of this one (the client), % of one core. */
  readonly cpu: readonly number[];
}

async function trialOf(pids: readonly number[], run: () => Promise<OpenLoopResult>): Promise<Trial> {
  const [acks, usage] = await Promise.all([run(), sampleUsage([...pids, process.pid], rate.seconds - 1)]);
  return { acks, cpu: usage.map((u) => u.cpuPercent) };
}

/** Runs `run` with Cairn's nodes stopped, then lets them catch up on their timers before anything is measured on them. */
async function withCairnStopped<T>(run: () => Promise<T>): Promise<T> {
  for (const pid of cairn.pids()) process.kill(pid, 'SIGSTOP');
  try {
    return await run();
  } finally {
    for (const pid of cairn.pids()) process.kill(pid, 'SIGCONT');
    await cairn.latency(log, { ...rate, seconds: 2 });
  }
}

const log = { name: 'latency', partitions: 1, replicas: 3, fsync: true };
const cairn = await CairnTarget.start();
const floors: FloorTarget[] = [];
const systems = ['Cairn', 'floor, O_DSYNC file', 'floor, LevelDB'] as const;
const results = new Map<string, Trial[]>(systems.map((name) => [name, []]));
try {
  floors.push(await FloorTarget.start('file'), await FloorTarget.start('leveldb'));
  const warm = { name: 'warm', partitions: 12, replicas: 3, fsync: true };
  await cairn.create(log);
  await cairn.create(warm);
  // Every system warm (JIT-compiled hot paths) before any trial counts.
  await cairn.produce(warm, { recordBytes: 1024, seconds: 10 });
  await cairn.latency(log, { ...rate, seconds: 5 });
  for (const floor of floors) await withCairnStopped(() => floor.latency({ ...rate, seconds: 5 }));
  const runs: (() => Promise<Trial>)[] = [
    () => trialOf(cairn.pids(), () => cairn.latency(log, rate)),
    ...floors.map((floor) => () => withCairnStopped(() => trialOf(floor.pids(), () => floor.latency(rate)))),
  ];
  for (let trial = 0; trial < trials; trial++) {
    // Rotate which goes first, so none always follows another.
    for (let k = 0; k < systems.length; k++) {
      const i = (trial + k) % systems.length;
      const result = await runs[i]!();
      results.get(systems[i]!)!.push(result);
      const { acks } = result;
      console.error(`trial ${trial + 1} ${systems[i]}: p50 ${formatNumber(acks.p50)} p99 ${formatNumber(acks.p99)} p99.9 ${formatNumber(acks.p999)} ms; cpu ${result.cpu.map((c) => c.toFixed(0)).join('/')}%`);
    }
  }
} finally {
  await Promise.all([cairn.stop(), ...floors.map((floor) => floor.stop())]);
}

console.log(`Acknowledgement latency at ${rate.ratePerSecond.toLocaleString('en')}/s, 1 KiB, RF 3, fsync, ${trials} rotating trials of ${rate.seconds} s:\n`);
console.log(`| figure | ${systems.join(' | ')} | Cairn/floor (file) | Cairn/floor (LevelDB) |`);
console.log(`|---|${systems.map(() => '---').join('|')}|---:|---:|`);
const of = (name: string): readonly Trial[] => results.get(name)!;
for (const key of ['p50', 'p99', 'p999'] as const) {
  const measures = systems.map((name) => measure(of(name).map((t) => t.acks[key])));
  const [cairnMedian, fileMedian, levelMedian] = measures.map((m) => m.median) as [number, number, number];
  console.log(`| ${key === 'p999' ? 'p99.9' : key} ms | ${measures.map(formatMeasure).join(' | ')} | ${(cairnMedian / fileMedian).toFixed(2)}× | ${(cairnMedian / levelMedian).toFixed(2)}× |`);
}
const cpu = (list: readonly Trial[]): string => list[0]!.cpu.map((_, i) => formatNumber(measure(list.map((t) => t.cpu[i]!)).median)).join(' / ');
console.log(`| CPU, % of a core (3 servers / client) | ${systems.map((name) => cpu(of(name))).join(' | ')} | | |`);
