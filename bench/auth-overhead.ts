/**
 * What authentication and authorization cost the data path: a local 3-node
 * cluster with them off, then one with them on (a token on every call, the
 * ACLs checked on every produce), in alternation, same workload each time:
 * RF 3, fsync, 6 partitions, 1 KiB records through the SDK. Reports the
 * closed-loop produce throughput and the open-loop p99 produce latency of
 * each, and their ratios (the target: throughput ≥ 0.95×, p99 ≤ 1.1× of off).
 * The user on the "on" cluster is not a superuser: it holds only the ACLs a
 * producer needs, so every call goes through the ACL table.
 *
 *   npm run build && npx tsx bench/auth-overhead.ts     (ROUNDS=3 pairs, SECONDS=8 each, RATE=2000/s)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cairn } from '../src/client/index.js';
import { CairnTarget } from './lib/cairn-target.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const RATE = Number(process.env.RATE ?? 2_000);
const ADMIN_PASSWORD = 'bench-admin-password';
const PRODUCER_PASSWORD = 'bench-producer-password';
const LOG = { name: 'auth-overhead', partitions: 6, replicas: 3, fsync: true };

interface Round {
  readonly recordsPerSecond: number;
  readonly p99Ms: number;
}

async function measure(target: CairnTarget): Promise<Round> {
  const produced = await target.produce(LOG, { recordBytes: 1024, seconds: SECONDS });
  const latency = await target.latency(LOG, { recordBytes: 1024, ratePerSecond: RATE, seconds: SECONDS });
  return { recordsPerSecond: produced.records / produced.seconds, p99Ms: latency.p99 };
}

async function authOff(): Promise<Round> {
  const target = await CairnTarget.start();
  try {
    await target.create(LOG);
    return await measure(target);
  } finally {
    await target.stop();
  }
}

async function authOn(): Promise<Round> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-auth-'));
  const passwordFile = join(dir, 'admin-password');
  await writeFile(passwordFile, ADMIN_PASSWORD);
  // Both clusters are plaintext: what is measured is tokens and ACLs, not TLS, so passwords may cross loopback in clear.
  const auth = ['--auth-enabled', 'true', '--auth-authorization', 'true', '--auth-bootstrap-user', 'admin', '--auth-bootstrap-password-file', passwordFile, '--auth-plaintext-passwords', 'true'];
  const target = await CairnTarget.start({ flags: auth, credentials: { user: 'producer', password: PRODUCER_PASSWORD } });
  const admin = new Cairn({ brokers: target.cluster.brokers(), credentials: { user: 'admin', password: ADMIN_PASSWORD }, retry: { retriesMax: 20 } });
  try {
    const security = admin.admin().security();
    await security.createUser('producer', PRODUCER_PASSWORD);
    await security.createAcls([
      { principal: 'User:producer', resourceType: 'topic', resourceName: LOG.name, operation: 'all' },
    ]);
    await target.create(LOG);
    return await measure(target);
  } finally {
    await admin.close();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const results: Record<'off' | 'on', Round[]> = { off: [], on: [] };
for (let i = 0; i < ROUNDS; i++) {
  for (const [name, run] of [['off', authOff], ['on', authOn]] as const) {
    const round = await run();
    results[name].push(round);
    console.log(`round ${i + 1} auth ${name.padEnd(3)} ${Math.round(round.recordsPerSecond).toLocaleString('en')} records/s, p99 ${round.p99Ms.toFixed(2)} ms at ${RATE}/s`);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const throughput = (name: 'off' | 'on'): number => median(results[name].map((r) => r.recordsPerSecond));
const p99 = (name: 'off' | 'on'): number => median(results[name].map((r) => r.p99Ms));
console.log(
  `median: throughput ${(throughput('on') / throughput('off')).toFixed(3)}× (target ≥ 0.95×), p99 ${(p99('on') / p99('off')).toFixed(3)}× (target ≤ 1.1×) with authentication and authorization on`,
);
