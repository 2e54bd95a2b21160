/**
 * What authentication and authorization cost the data path: a fresh local
 * 3-node cluster with them off, then one with them on (a token from a
 * password on every call, ACLs checked on every produce), in alternation,
 * the same workload each time: RF 3, fsync, 6 partitions, 1 KiB records
 * through the SDK. Each run measures closed-loop produce throughput and the
 * p99 of produce latency at a fixed open-loop rate. The producing user on
 * the "on" cluster is not a superuser: it holds a few ACLs, as a real
 * producer would, so every call goes through the ACL table.
 * `npm run bench -- --only auth` runs it (bench/main.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cairn } from '../../src/client/index.js';
import type { Acl } from '../../src/client/index.js';
import { CairnTarget } from './cairn-target.js';
import { cpuSeconds } from './proc.js';
import type { AuthOverhead } from './results.js';
import { measure } from './stats.js';
import type { LogSpec } from './target.js';

export interface AuthOverheadPlan {
  /** Pairs of runs, off then on. */
  readonly rounds: number;
  /** Seconds of closed-loop produce, and again of the open loop, per run. */
  readonly seconds: number;
  /** Seconds of produce before measuring, on each fresh cluster (connections, the token, JIT). */
  readonly warmupSeconds: number;
  /** The open loop's rate, records per second. */
  readonly ratePerSecond: number;
}

export interface AuthRun {
  readonly recordsPerSecond: number;
  /** The nodes' CPU time (user + system, all three) per record of the closed loop: what the checks cost, less disturbed by other work on the machine than throughput. */
  readonly cpuMicrosPerRecord: number;
  readonly p99Ms: number;
  /** The open loop fell behind its schedule: its p99 includes queueing. */
  readonly saturated: boolean;
}

const LOG: LogSpec = { name: 'auth-overhead', partitions: 6, replicas: 3, fsync: true };
const RECORD_BYTES = 1024;
const ADMIN_PASSWORD = 'bench-admin-password';
const PRODUCER_PASSWORD = 'bench-producer-password';

/**
 * What a producer of one topic would be granted (write covers describe), and a few bindings that do
 * not apply to it (another team's prefix, a deny elsewhere): the node scans
 * them all on every call.
 */
const PRODUCER_ACLS: readonly Acl[] = [
  { principal: 'User:producer', resourceType: 'topic', resourceName: LOG.name, operation: 'write' },
  { principal: 'User:producer', resourceType: 'topic', resourceName: LOG.name, operation: 'create' },
  { principal: 'User:producer', resourceType: 'cluster', resourceName: 'cluster', operation: 'idempotent_write' },
  { principal: 'User:producer', resourceType: 'topic', patternType: 'prefixed', resourceName: 'team-b.', operation: 'write', permission: 'deny' },
  { principal: 'User:*', resourceType: 'topic', patternType: 'prefixed', resourceName: 'public.', operation: 'read' },
  { principal: 'User:analyst', resourceType: 'group', patternType: 'prefixed', resourceName: 'reports-', operation: 'read' },
];

async function measureRun(target: CairnTarget, plan: AuthOverheadPlan): Promise<AuthRun> {
  await target.produce(LOG, { recordBytes: RECORD_BYTES, seconds: plan.warmupSeconds });
  const nodeCpu = (): number => target.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpuBefore = nodeCpu();
  const produced = await target.produce(LOG, { recordBytes: RECORD_BYTES, seconds: plan.seconds });
  const cpuMicrosPerRecord = ((nodeCpu() - cpuBefore) * 1e6) / produced.records;
  const latency = await target.latency(LOG, { recordBytes: RECORD_BYTES, ratePerSecond: plan.ratePerSecond, seconds: plan.seconds });
  return { recordsPerSecond: produced.records / produced.seconds, cpuMicrosPerRecord, p99Ms: latency.p99, saturated: latency.saturated };
}

/** Hears of each cluster as it starts and once it has stopped (bench/main.ts stops those still running on a signal). */
interface Tracking {
  readonly started: (target: CairnTarget) => void;
  readonly stopped: (target: CairnTarget) => void;
}

async function authOff(plan: AuthOverheadPlan, tracking: Tracking): Promise<AuthRun> {
  const target = await CairnTarget.start();
  tracking.started(target);
  try {
    await target.create(LOG);
    return await measureRun(target, plan);
  } finally {
    await target.stop();
    tracking.stopped(target);
  }
}

async function authOn(plan: AuthOverheadPlan, tracking: Tracking): Promise<AuthRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-auth-'));
  try {
    const passwordFile = join(dir, 'admin-password');
    await writeFile(passwordFile, ADMIN_PASSWORD);
    // Both clusters are plaintext: what is measured is tokens and ACLs, not TLS, so passwords may cross loopback in clear.
    const auth = ['--auth-enabled', 'true', '--auth-authorization', 'true', '--auth-bootstrap-user', 'admin', '--auth-bootstrap-password-file', passwordFile, '--auth-plaintext-passwords', 'true'];
    const target = await CairnTarget.start({ flags: auth, credentials: { user: 'producer', password: PRODUCER_PASSWORD } });
    tracking.started(target);
    const admin = new Cairn({ brokers: target.cluster.brokers(), credentials: { user: 'admin', password: ADMIN_PASSWORD }, retry: { retriesMax: 20 } });
    try {
      const security = admin.admin().security();
      await security.createUser('producer', PRODUCER_PASSWORD);
      await security.createAcls(PRODUCER_ACLS);
      await target.create(LOG);
      return await measureRun(target, plan);
    } finally {
      await admin.close();
      await target.stop();
      tracking.stopped(target);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `plan.rounds` pairs, off then on, each on a fresh cluster; `log` hears each run's figures. */
export async function measureAuthOverhead(plan: AuthOverheadPlan, hooks: Tracking & { readonly log: (message: string) => void }): Promise<AuthOverhead> {
  const runs: Record<'off' | 'on', AuthRun[]> = { off: [], on: [] };
  for (let i = 0; i < plan.rounds; i++) {
    for (const [name, run] of [['off', authOff], ['on', authOn]] as const) {
      const result = await run(plan, hooks);
      runs[name].push(result);
      hooks.log(
        `  round ${i + 1} auth ${name.padEnd(3)} ${Math.round(result.recordsPerSecond).toLocaleString('en')} records/s, ${result.cpuMicrosPerRecord.toFixed(1)} µs node CPU per record, p99 ${result.p99Ms.toFixed(2)} ms at ${plan.ratePerSecond}/s`,
      );
    }
  }
  const figures = (name: 'off' | 'on') => ({
    recordsPerSecond: measure(runs[name].map((r) => r.recordsPerSecond)),
    cpuMicrosPerRecord: measure(runs[name].map((r) => r.cpuMicrosPerRecord)),
    p99Ms: measure(runs[name].map((r) => r.p99Ms)),
  });
  const [off, on] = [figures('off'), figures('on')];
  const notes = (['off', 'on'] as const).flatMap((name) => {
    const saturated = runs[name].filter((r) => r.saturated).length;
    return saturated === 0 ? [] : [`auth ${name}: the open loop fell behind its schedule in ${saturated} of ${plan.rounds} runs (its p99 includes queueing)`];
  });
  return {
    workload: `1 KiB · RF 3 · fsync · ${LOG.partitions} partitions; ${plan.seconds} s closed loop, then ${plan.seconds} s at ${plan.ratePerSecond.toLocaleString('en')}/s`,
    ratePerSecond: plan.ratePerSecond,
    off,
    on,
    throughputRatio: on.recordsPerSecond.median / off.recordsPerSecond.median,
    p99Ratio: on.p99Ms.median / off.p99Ms.median,
    notes,
  };
}
