/**
 * The benchmark suite: Cairn against NATS JetStream on local clusters of
 * real processes (3 nodes each, loopback), through each system's client.
 * Systems are measured in alternating trials of each workload in one run,
 * and every figure is the median of the trials with their range.
 *
 *   npm run bench                       full run, about 20 minutes
 *   npm run bench -- --quick            the short version, about a minute
 *   npm run bench -- --only produce,scale --trials 5 --scale-sizes 100,1000 --scale-deadline 120 --out FILE
 *
 * Sections: produce, latency, e2e, consume, failover, scale, and auth
 * (Cairn with authentication and authorization off against on, alternating
 * fresh clusters: bench/lib/auth-overhead.ts). Writes the
 * results to bench/results/<timestamp>.json (or --out) and prints the
 * tables; `npm run bench:report -- FILE` renders them into the docs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureAuthOverhead } from './lib/auth-overhead.js';
import { CairnTarget } from './lib/cairn-target.js';
import type { OpenLoopResult, Throughput } from './lib/drivers.js';
import { NatsTarget } from './lib/nats-target.js';
import { authTable, comparisonTable, scaleTable } from './lib/results.js';
import { FAILOVER_SAMPLE, measureScale } from './lib/scale.js';
import type { AuthOverhead, Comparison, Results, ScaleResult, Section } from './lib/results.js';
import { measure } from './lib/stats.js';
import type { LogSpec, Target } from './lib/target.js';

const SECTIONS = ['produce', 'latency', 'e2e', 'consume', 'failover', 'scale', 'auth'] as const;
/** Sections that measure Cairn alone, each on clusters of its own: no NATS. */
const CAIRN_ONLY: readonly SectionName[] = ['scale', 'auth'];
type SectionName = (typeof SECTIONS)[number];

interface ProduceCase {
  readonly recordBytes: number;
  readonly replicas: number;
  readonly fsync: boolean;
  readonly partitions: number;
}

interface Plan {
  readonly trials: number;
  readonly warmupSeconds: number;
  readonly produceSeconds: number;
  readonly produceCases: readonly ProduceCase[];
  readonly latencyRates: readonly number[];
  readonly latencySeconds: number;
  readonly e2eRate: number;
  readonly e2eSeconds: number;
  readonly consumeRecords: number;
  readonly kills: number;
  readonly failoverRate: number;
  readonly scaleSizes: readonly number[];
  readonly scaleDeadlineSeconds: number;
  readonly idleSeconds: number;
  /** Pairs of runs (off, on); seconds of each of a run's two loops; the open loop's rate. */
  readonly authRounds: number;
  readonly authSeconds: number;
  readonly authRate: number;
}

const KIB = 1024;

function produceMatrix(sizes: readonly number[], replicas: readonly number[], partitions: readonly number[]): ProduceCase[] {
  return sizes.flatMap((recordBytes) =>
    replicas.flatMap((r) => [true, false].flatMap((fsync) => partitions.map((p) => ({ recordBytes, replicas: r, fsync, partitions: p })))),
  );
}

const FULL: Plan = {
  trials: 3,
  warmupSeconds: 1,
  produceSeconds: 3,
  produceCases: produceMatrix([100, KIB], [1, 3], [1, 12]),
  latencyRates: [2_000, 20_000],
  latencySeconds: 4,
  e2eRate: 2_000,
  e2eSeconds: 4,
  consumeRecords: 1_000_000,
  kills: 5,
  failoverRate: 1_000,
  scaleSizes: [0, 100, 1_000, 10_000],
  scaleDeadlineSeconds: 180,
  idleSeconds: 10,
  authRounds: 3,
  authSeconds: 8,
  authRate: 2_000,
};

const QUICK: Plan = {
  trials: 1,
  warmupSeconds: 0.5,
  produceSeconds: 1.5,
  produceCases: produceMatrix([KIB], [3], [1, 12]),
  latencyRates: [2_000],
  latencySeconds: 2,
  e2eRate: 2_000,
  e2eSeconds: 2,
  consumeRecords: 50_000,
  kills: 1,
  failoverRate: 1_000,
  scaleSizes: [100],
  scaleDeadlineSeconds: 60,
  idleSeconds: 3,
  authRounds: 1,
  authSeconds: 3,
  authRate: 2_000,
};

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    trials: { type: 'string' },
    out: { type: 'string' },
    'scale-sizes': { type: 'string' },
    'scale-deadline': { type: 'string' },
    'auth-rounds': { type: 'string' },
    'auth-seconds': { type: 'string' },
    'auth-rate': { type: 'string' },
  },
});
const base = args.quick ? QUICK : FULL;
const plan: Plan = {
  ...base,
  trials: args.trials === undefined ? base.trials : Number(args.trials),
  scaleSizes: args['scale-sizes'] === undefined ? base.scaleSizes : args['scale-sizes'].split(',').map(Number),
  scaleDeadlineSeconds: args['scale-deadline'] === undefined ? base.scaleDeadlineSeconds : Number(args['scale-deadline']),
  authRounds: args['auth-rounds'] === undefined ? base.authRounds : Number(args['auth-rounds']),
  authSeconds: args['auth-seconds'] === undefined ? base.authSeconds : Number(args['auth-seconds']),
  authRate: args['auth-rate'] === undefined ? base.authRate : Number(args['auth-rate']),
};
const only = new Set((args.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section ${name}; sections: ${SECTIONS.join(', ')}`);
const runs = (section: SectionName): boolean => only.has(section);

const ROOT = join(import.meta.dirname, '..');
const comparisons: Comparison[] = [];
const scale: ScaleResult[] = [];
let auth: AuthOverhead | undefined;
const errors: string[] = [];
/** Clusters running now, stopped on SIGINT or SIGTERM. */
const targets: Target[] = [];
const startedAt = new Date();

function log(message: string): void {
  console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

const sizeLabel = (bytes: number): string => (bytes >= KIB ? `${bytes / KIB} KiB` : `${bytes} B`);
const durability = (fsync: boolean): string => (fsync ? 'fsync' : 'write caching');
const partitionsLabel = (n: number): string => `${n} partition${n === 1 ? '' : 's'}`;
const logName = (...parts: (string | number)[]): string => parts.join('-');

/** Each trial's outcome, or the error it ended with. */
type Trial<T> = { ok: true; value: T } | { ok: false; error: string };

interface Pair {
  readonly cairn: Target;
  readonly nats: Target;
}

/**
 * Creates the log on both systems, warms each up, then runs the trials
 * alternately (Cairn, NATS, Cairn, …) so both see the same machine; removes
 * the logs afterwards (unless they existed before).
 */
async function alternate<T>(
  pair: Pair,
  spec: LogSpec,
  trials: number,
  trial: (target: Target, index: number) => Promise<T>,
  options: { prepare?: (target: Target) => Promise<void>; logExists?: boolean } = {},
): Promise<{ cairn: Trial<T>[]; nats: Trial<T>[] }> {
  const outcome = { cairn: [] as Trial<T>[], nats: [] as Trial<T>[] };
  const ready = new Map<Target, string | undefined>();
  for (const target of [pair.cairn, pair.nats]) {
    try {
      if (options.logExists !== true) await target.create(spec);
      if (options.prepare !== undefined) await options.prepare(target);
      else await target.produce(spec, { recordBytes: 100, seconds: plan.warmupSeconds });
      ready.set(target, undefined);
    } catch (error) {
      ready.set(target, `setup: ${(error as Error).message}`);
    }
  }
  for (let i = 0; i < trials; i++) {
    for (const [key, target] of [['cairn', pair.cairn], ['nats', pair.nats]] as const) {
      const setupError = ready.get(target);
      if (setupError !== undefined) {
        outcome[key].push({ ok: false, error: setupError });
        continue;
      }
      try {
        outcome[key].push({ ok: true, value: await trial(target, i) });
      } catch (error) {
        outcome[key].push({ ok: false, error: (error as Error).message });
      }
    }
  }
  if (options.logExists !== true) for (const target of [pair.cairn, pair.nats]) await target.remove(spec).catch(() => undefined);
  return outcome;
}

function values<T>(trials: readonly Trial<T>[], pick: (value: T) => number) {
  const ok = trials.filter((t): t is { ok: true; value: T } => t.ok);
  return ok.length === 0 ? undefined : measure(ok.map((t) => pick(t.value)));
}

function failures(label: string, trials: readonly Trial<unknown>[]): string[] {
  const failed = trials.filter((t): t is { ok: false; error: string } => !t.ok);
  if (failed.length === 0) return [];
  const message = `${label}: ${failed.length} of ${trials.length} trials failed (${failed[0]!.error})`;
  errors.push(message);
  return [message];
}

function throughputRows(
  section: Section,
  workload: string,
  natsLabel: string,
  outcome: { cairn: Trial<Throughput>[]; nats: Trial<Throughput>[] },
  recordBytes: number,
): void {
  const perSecond = (t: Throughput): number => t.records / t.seconds;
  comparisons.push({
    section,
    workload,
    metric: 'msgs/s',
    better: 'higher',
    cairn: values(outcome.cairn, perSecond),
    nats: values(outcome.nats, perSecond),
    natsLabel,
    mbPerSecond: {
      cairn: values(outcome.cairn, (t) => (perSecond(t) * recordBytes) / 1e6),
      nats: values(outcome.nats, (t) => (perSecond(t) * recordBytes) / 1e6),
    },
    notes: [...failures(`${workload} Cairn`, outcome.cairn), ...failures(`${workload} NATS`, outcome.nats)],
  });
}

function latencyRows(
  section: Section,
  workload: string,
  ratePerSecond: number,
  natsLabel: string,
  outcome: { cairn: Trial<OpenLoopResult>[]; nats: Trial<OpenLoopResult>[] },
): void {
  const notes: string[] = [...failures(`${workload} Cairn`, outcome.cairn), ...failures(`${workload} NATS`, outcome.nats)];
  for (const [name, trials] of [['Cairn', outcome.cairn], ['NATS', outcome.nats]] as const) {
    const saturated = trials.filter((t) => t.ok && t.value.saturated).length;
    const achieved = values(trials, (r) => r.achievedPerSecond)?.median ?? 0;
    // Below the target rate, the latencies include queueing in front of a system at its limit.
    if (saturated > 0) notes.push(`${name} fell behind the schedule in ${saturated} of ${trials.length} trials: ${Math.round(achieved).toLocaleString('en')} acks/s`);
    else if (achieved > 0 && achieved < 0.97 * ratePerSecond) notes.push(`${name} at its limit: ${Math.round(achieved).toLocaleString('en')} acks/s`);
    const lost = trials.reduce((sum, t) => sum + (t.ok ? t.value.errors : 0), 0);
    if (lost > 0 && saturated === 0) notes.push(`${name}: ${lost} sends unanswered`);
  }
  const figures: [string, (r: OpenLoopResult) => number][] = [
    ['p50 ms', (r) => r.p50],
    ['p99 ms', (r) => r.p99],
    ['p99.9 ms', (r) => r.p999],
  ];
  figures.forEach(([metric, pick], i) =>
    comparisons.push({ section, workload, metric, better: 'lower', cairn: values(outcome.cairn, pick), nats: values(outcome.nats, pick), natsLabel, notes: i === 0 ? notes : [] }),
  );
}

async function produceSection(pairOf: (fsync: boolean) => Pair, natsLabel: (fsync: boolean) => string): Promise<void> {
  for (const c of plan.produceCases) {
    const workload = `${sizeLabel(c.recordBytes)} · RF ${c.replicas} · ${durability(c.fsync)} · ${partitionsLabel(c.partitions)}`;
    log(`produce ${workload}`);
    const spec: LogSpec = { name: logName('produce', c.recordBytes, `rf${c.replicas}`, c.fsync ? 'fsync' : 'cache', c.partitions), partitions: c.partitions, replicas: c.replicas, fsync: c.fsync };
    const outcome = await alternate(pairOf(c.fsync), spec, plan.trials, (target) => target.produce(spec, { recordBytes: c.recordBytes, seconds: plan.produceSeconds }));
    throughputRows('produce', workload, natsLabel(c.fsync), outcome, c.recordBytes);
  }
}

async function latencySections(pairOf: (fsync: boolean) => Pair, natsLabel: (fsync: boolean) => string): Promise<void> {
  for (const fsync of [true, false]) {
    const spec: LogSpec = { name: logName('latency', fsync ? 'fsync' : 'cache'), partitions: 1, replicas: 3, fsync };
    const pair = pairOf(fsync);
    const ready = new Set<Target>();
    for (const target of [pair.cairn, pair.nats]) {
      await target.create(spec).then(
        () => ready.add(target),
        (error: unknown) => errors.push(`${spec.name} on ${target.label}: ${(error as Error).message}`),
      );
    }
    // The logs serve every workload of this group: alternate() only warms up.
    const warm = {
      logExists: true,
      prepare: (target: Target): Promise<void> =>
        ready.has(target) ? target.produce(spec, { recordBytes: KIB, seconds: plan.warmupSeconds }).then(() => undefined) : Promise.reject(new Error('log not created')),
    };
    if (runs('latency')) {
      for (const rate of plan.latencyRates) {
        const workload = `${rate.toLocaleString('en')} msgs/s · 1 KiB · RF 3 · ${durability(fsync)} · 1 partition`;
        log(`latency ${workload}`);
        const outcome = await alternate(pair, spec, plan.trials, (target) => target.latency(spec, { recordBytes: KIB, ratePerSecond: rate, seconds: plan.latencySeconds }), warm);
        latencyRows('latency', workload, rate, natsLabel(fsync), outcome);
      }
    }
    if (runs('e2e')) {
      const workload = `${plan.e2eRate.toLocaleString('en')} msgs/s · 1 KiB · RF 3 · ${durability(fsync)} · 1 partition`;
      log(`end-to-end ${workload}`);
      const outcome = await alternate(pair, spec, plan.trials, (target) => target.endToEnd(spec, { recordBytes: KIB, ratePerSecond: plan.e2eRate, seconds: plan.e2eSeconds }), warm);
      latencyRows('e2e', workload, plan.e2eRate, natsLabel(fsync), outcome);
    }
    for (const target of ready) await target.remove(spec).catch(() => undefined);
  }
}

async function consumeSection(pair: Pair, natsLabel: string): Promise<void> {
  const records = plan.consumeRecords;
  const spec: LogSpec = { name: 'consume', partitions: 1, replicas: 3, fsync: false };
  const workload = `${records.toLocaleString('en')} stored records · 1 KiB · RF 3 · 1 partition`;
  log(`consume ${workload} (filling first)`);
  const outcome = await alternate(pair, spec, plan.trials, (target) => target.consume(spec, records), {
    prepare: async (target) => {
      const started = performance.now();
      await target.fill(spec, { records, recordBytes: KIB });
      log(`  filled ${target.label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  });
  throughputRows('consume', workload, natsLabel, outcome, KIB);
}

async function failoverSection(pair: Pair, natsLabel: string): Promise<void> {
  const spec: LogSpec = { name: 'failover', partitions: 1, replicas: 3, fsync: true };
  const workload = `${plan.failoverRate.toLocaleString('en')} msgs/s · 1 KiB · RF 3 · fsync · 1 partition`;
  log(`failover ${workload}, ${plan.kills} kills each`);
  const outcome = await alternate(pair, spec, plan.kills, (target) =>
    target.failover(spec, { recordBytes: KIB, ratePerSecond: plan.failoverRate, seconds: 15, killAfterMs: 1000 }),
  );
  const notes = [...failures(`failover Cairn`, outcome.cairn), ...failures(`failover NATS`, outcome.nats)];
  comparisons.push({
    section: 'failover',
    workload,
    metric: 'window ms',
    better: 'lower',
    cairn: values(outcome.cairn, (r) => r.windowMs),
    nats: values(outcome.nats, (r) => r.windowMs),
    natsLabel,
    notes: [`median of ${plan.kills} kill${plan.kills === 1 ? '' : 's'}`, ...notes],
  });
}

async function scaleSection(): Promise<void> {
  const hooks = { started: (target: Target) => void targets.push(target), stopped: (target: Target) => void targets.splice(targets.indexOf(target), 1), log };
  for (const partitions of plan.scaleSizes) {
    log(`scale: ${partitions.toLocaleString('en')} partitions at RF 3`);
    try {
      const result = await measureScale(partitions, { deadlineSeconds: plan.scaleDeadlineSeconds, idleSeconds: plan.idleSeconds }, hooks);
      if (result.error !== undefined) errors.push(`scale ${partitions}: ${result.error}`);
      if (result.failover?.error !== undefined) errors.push(`scale ${partitions} failover: ${result.failover.error}`);
      scale.push(result);
    } catch (e) {
      errors.push(`scale ${partitions}: ${(e as Error).message}`);
      scale.push({ partitions, createSeconds: undefined, deadlineSeconds: plan.scaleDeadlineSeconds, ledPartitions: 0, nodes: [], error: (e as Error).message });
    }
  }
}

async function authSection(): Promise<void> {
  log(`auth: ${plan.authRounds} pairs of runs, authentication and authorization off then on`);
  try {
    auth = await measureAuthOverhead(
      { rounds: plan.authRounds, seconds: plan.authSeconds, warmupSeconds: plan.warmupSeconds, ratePerSecond: plan.authRate },
      { started: (target) => targets.push(target), stopped: (target) => void targets.splice(targets.indexOf(target), 1), log },
    );
    errors.push(...auth.notes);
  } catch (e) {
    errors.push(`auth: ${(e as Error).message}`);
  }
}

function shell(command: string, commandArgs: string[]): string {
  try {
    return execFileSync(command, commandArgs, { encoding: 'utf8', cwd: ROOT }).trim();
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

let stopping = false;
async function stopAll(): Promise<void> {
  await Promise.all(targets.splice(0).map((target) => target.stop().catch(() => undefined)));
}
// A crash (an exception nothing caught) skips every `finally`: the clusters' processes must not outlive the run.
process.on('exit', () => {
  for (const pid of targets.flatMap((target) => target.pids())) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: stopping every cluster`);
    void stopAll().then(() => process.exit(130));
  });
}

const natsVersions: Record<string, string> = {};
const dataSections = SECTIONS.filter((s) => !CAIRN_ONLY.includes(s) && runs(s));
if (dataSections.length > 0) {
  log('starting Cairn, NATS 2.9 and NATS 2.10 clusters');
  const cairn = await CairnTarget.start();
  targets.push(cairn);
  const nats29 = await NatsTarget.start({ version: '2.9', label: 'NATS 2.9 (sync every 2 min)' });
  targets.push(nats29);
  const nats210 = await NatsTarget.start({ version: '2.10', syncAlways: true, label: 'NATS 2.10 (sync always)' });
  targets.push(nats210);
  natsVersions['nats-server (write caching rows)'] = `${nats29.serverVersion}, default sync_interval (2 min)`;
  natsVersions['nats-server (fsync rows)'] = `${nats210.serverVersion}, sync_interval: always`;
  const natsFor = (fsync: boolean): NatsTarget => (fsync ? nats210 : nats29);
  const pairOf = (fsync: boolean): Pair => ({ cairn, nats: natsFor(fsync) });
  const natsLabel = (fsync: boolean): string => natsFor(fsync).label;
  try {
    if (runs('produce')) await produceSection(pairOf, natsLabel);
    if (runs('latency') || runs('e2e')) await latencySections(pairOf, natsLabel);
    if (runs('consume')) await consumeSection(pairOf(false), natsLabel(false));
    if (runs('failover')) await failoverSection(pairOf(true), natsLabel(true));
  } finally {
    for (const nats of [nats29, nats210]) for (const line of nats.revived) errors.push(`${nats.label}: ${line}`);
    await stopAll();
  }
}
if (runs('scale')) await scaleSection();
if (runs('auth')) await authSection();

const finishedAt = new Date();
const cpuModel = cpus()[0]?.model ?? 'unknown';
const results: Results = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  quick: args.quick,
  machine: {
    cpu: `${cpus().length} × ${cpuModel}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `Debian ${shell('cat', ['/etc/debian_version'])}, Linux ${release()}`,
    disk: `${shell('sh', ['-c', `df -h --output=source,size,fstype ${process.env.TMPDIR ?? '/tmp'} | tail -n 1`])} (clusters store in the temporary folder)`,
    'load average at start': shell('cat', ['/proc/loadavg']).split(' ').slice(0, 3).join(' '),
  },
  versions: {
    node: process.version,
    cairn: `${shell('git', ['rev-parse', '--short', 'HEAD'])}${shell('git', ['status', '--porcelain', '--', 'src']) === '' ? '' : ' (modified)'}`,
    'classic-level': packageVersion('classic-level'),
    '@grpc/grpc-js': packageVersion('@grpc/grpc-js'),
    'nats (npm client)': packageVersion('nats'),
    ...natsVersions,
  },
  settings: {
    trials: `${plan.trials} per workload and system, alternating Cairn and NATS; median (min–max)`,
    'cluster': '3 nodes on loopback for each system, stores in the temporary folder',
    'produce': `closed loop, ${plan.produceSeconds} s per trial after a ${plan.warmupSeconds} s warm-up; Cairn: sends of 100 records, at most 256 unanswered (lingerMs 5, batches ≤ 512 KiB); NATS: one publish per message, 256 unanswered, one stream per partition`,
    'fsync / write caching': 'Cairn fsync: acknowledged once a quorum has fsynced (the default); write caching: topic config write.caching=true (acknowledged from a quorum\'s memory, fsync within 100 ms). NATS rows pair fsync with 2.10 sync_interval: always, write caching with 2.9\'s default (fsync every 2 minutes)',
    'latency': `open loop of single-record sends, ${plan.latencySeconds} s per trial at each rate; measured from each send's due time (HdrHistogram); a trial stops early if a send is issued more than 1 s late (at most 5,000 unanswered)`,
    'end-to-end': `${plan.e2eRate}/s for ${plan.e2eSeconds} s per trial; the due time travels in the record; Cairn: SDK consumer (long-poll fetch); NATS: ordered pull consumer`,
    'consume': `${plan.consumeRecords.toLocaleString('en')} records of 1 KiB stored in one partition (NATS: one stream), read from the start; Cairn: fetches of up to 4 MiB; NATS: ordered pull consumer, ${4096} messages per pull`,
    'failover': `${plan.failoverRate}/s single-record sends to one RF 3 partition; SIGKILL of its leader 1 s in; window = last ack before the kill → first ack of a send made after it; the node is restarted and caught up before the next kill; NATS publishes retry with a msgID until acknowledged`,
    'auth': `Cairn alone: ${plan.authRounds} pairs of runs, each on a fresh 3-node cluster, authentication and authorization off then on (a producer user with a password, its token on every call, 6 ACLs, not a superuser; passwords over loopback in clear); per run a ${plan.warmupSeconds} s warm-up, ${plan.authSeconds} s closed-loop produce (as above), then ${plan.authSeconds} s open loop at ${plan.authRate}/s; median (min–max) of the runs`,
    'scale': `fresh 3-node Cairn cluster per size, N partitions at RF 3 in topics of up to 1,000, created one after another; creation = CreateTopic until every partition has a leader (deadline ${plan.scaleDeadlineSeconds} s); idle CPU from /proc/<pid>/stat over ${plan.idleSeconds} s, RSS from /proc/<pid>/status; MiB per 1,000 partitions = mean over nodes of (idle RSS − RSS once ready, before any topic) ÷ thousands of partitions (each node hosts every partition); failover = SIGKILL of the node other than the controller that leads the most partitions, time until each partition it led has another leader, then one record to each of ${FAILOVER_SAMPLE} of them at once until all are acknowledged, then the node restarted on its data until its /readyz answers 200 (each wait bounded by the deadline)`,
  },
  comparisons,
  scale,
  ...(auth === undefined ? {} : { auth }),
  errors,
};

const out = args.out ?? join(ROOT, 'bench/results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
if (comparisons.length > 0) console.log(comparisonTable(results));
if (scale.length > 0) console.log('\n' + scaleTable(results));
if (auth !== undefined) console.log('\n' + authTable(auth));
if (errors.length > 0) console.log(`\nErrors:\n${errors.map((e) => `- ${e}`).join('\n')}`);
log(`results in ${out}; render with: npm run bench:report -- ${out}`);
