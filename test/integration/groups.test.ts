/**
 * Consumer groups on a real 3-node cluster with members in their own
 * processes: even sharing, handover after a SIGKILL within the session
 * timeout and never to two members at once, fast handover on a graceful
 * close, at-least-once processing with auto-commit, and committed offsets
 * that survive a coordinator failover and a full cluster restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

const WORKER = join(import.meta.dirname, 'fixtures/group-worker.ts');
const TOPIC = 'work';
const PARTITIONS = 12;
const SESSION_MS = 4_000;
const PROCESS_MS = 2;

interface Event {
  readonly t: string;
  readonly pid: number;
  readonly at: number;
  readonly partition?: number;
  readonly offset?: number;
  readonly start?: number;
  readonly end?: number;
  readonly partitions?: number[];
}

describe('consumer groups on a 3-node cluster', () => {
  const env = useCluster({ nodes: 3 });
  const logFile = (name: string): string => join(env.cluster.dir, `${name}.jsonl`);
  const events = (name: string): Event[] => {
    try {
      return readFileSync(logFile(name), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);
    } catch {
      return [];
    }
  };
  const startWorker = (name: string, group: string): ChildProcess => {
    return spawn(process.execPath, ['--import', 'tsx', WORKER, logFile(name), env.cluster.brokers().join(','), group, TOPIC, String(SESSION_MS), String(PROCESS_MS)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  };
  const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const ownership = async (group: string): Promise<number[]> => {
    const described = await env.cairn.admin().groups().describeGroup(group);
    return described.members.map((m) => m.assignment.length).sort((a, b) => a - b);
  };
  const produce = async (count: number, from: number): Promise<void> => {
    const producer = env.cairn.producer({ idempotent: true });
    try {
      await Promise.all(Array.from({ length: count }, (_, i) => producer.send({ topic: TOPIC, messages: [{ key: `k${from + i}`, value: `v${from + i}` }] })));
    } finally {
      await producer.close();
    }
  };

  it('shares partitions evenly, hands a killed member\'s partitions on within its session, never to two members at once, and processes every record at least once', async () => {
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: PARTITIONS, replicationFactor: 3 });
    await produce(1200, 0);
    const w = [startWorker('a', 'g1'), startWorker('b', 'g1'), startWorker('c', 'g1')];
    try {
      await waitFor('3 members with 4 partitions each', async () => JSON.stringify(await ownership('g1')) === '[4,4,4]', { timeoutMs: 60_000 });

      // SIGKILL one member mid-stream; its partitions must move within about a session timeout.
      const producing = produce(1200, 1200);
      await waitFor('worker a to process', () => events('a').some((e) => e.t === 'processed'));
      const killedAt = Date.now();
      w[0]!.kill('SIGKILL');
      await exited(w[0]!);
      await waitFor('2 members owning all 12', async () => JSON.stringify(await ownership('g1')) === '[6,6]', { timeoutMs: 4 * SESSION_MS });
      const movedMs = Date.now() - killedAt;
      await producing;
      expect(movedMs).toBeLessThan(SESSION_MS + 3_000); // session, plus a heartbeat interval and the coordinator's sweep

      // A graceful close hands over well within the session timeout.
      await waitFor('b and c to catch up', async () => (await env.cairn.admin().groups().describeGroup('g1')).offsets.every((o) => o.lag === 0n), { timeoutMs: 60_000 });
      const closedAt = Date.now();
      w[1]!.kill('SIGTERM');
      await exited(w[1]!);
      await waitFor('c owning all 12', async () => JSON.stringify(await ownership('g1')) === '[12]', { timeoutMs: 4 * SESSION_MS });
      expect(Date.now() - closedAt).toBeLessThan(SESSION_MS);
      await waitFor('c to catch up', async () => (await env.cairn.admin().groups().describeGroup('g1')).offsets.every((o) => o.lag === 0n), { timeoutMs: 60_000 });
      w[2]!.kill('SIGTERM');
      await exited(w[2]!);

      const all = ['a', 'b', 'c'].flatMap((name) => events(name).filter((e) => e.t === 'processed').map((e) => ({ ...e, name })));
      // Every record processed at least once.
      for (let p = 0; p < PARTITIONS; p++) {
        const offsets = new Set(all.filter((e) => e.partition === p).map((e) => e.offset));
        const { offset: end } = (await env.cairn.admin().listOffsets([{ topic: TOPIC, partition: p, spec: 'latest' }]))[0]!;
        for (let o = 0; o < Number(end); o++) expect(offsets.has(o), `partition ${p} offset ${o} never processed`).toBe(true);
      }
      // No partition processed by two members at once.
      for (let p = 0; p < PARTITIONS; p++) {
        const spans = all.filter((e) => e.partition === p).sort((x, y) => x.start! - y.start!);
        for (let i = 1; i < spans.length; i++) {
          if (spans[i]!.name !== spans[i - 1]!.name) expect(spans[i]!.start!, `partition ${p}: ${spans[i - 1]!.name} and ${spans[i]!.name} overlap`).toBeGreaterThanOrEqual(spans[i - 1]!.end!);
        }
      }
      // Duplicates come only from the killed member's last uncommitted stretch (auto-commit every 500 ms).
      const seen = new Map<string, string>();
      for (const e of all) {
        const key = `${e.partition}/${e.offset}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          const killedCopy = all.find((x) => x.name === 'a' && x.partition === e.partition && x.offset === e.offset);
          expect(killedCopy, `${key} processed twice, by ${earlier} and ${e.name}`).toBeDefined();
          expect(killedCopy!.end!).toBeGreaterThan(killedAt - 500 - 1_000);
        }
        seen.set(key, e.name);
      }
    } finally {
      for (const child of w) child.kill('SIGKILL');
    }
  }, 180_000);

  it('keeps committed offsets through a coordinator failover and a full cluster restart', async () => {
    const groups = env.cairn.admin().groups();
    const committed = async (): Promise<string> => JSON.stringify((await groups.describeGroup('g1')).offsets.map((o) => [o.partition, String(o.committed)]));
    const before = await committed();
    expect(before).not.toContain('undefined');
    const coordinator = (await groups.describeGroup('g1')).coordinator;
    await env.cluster.kill(coordinator);
    expect(await waitFor('the offsets from a new coordinator', () => committed().catch(() => undefined), { timeoutMs: 30_000 })).toBe(before);
    env.cluster.startNode(coordinator);
    for (const id of env.cluster.ids()) await env.cluster.kill(id);
    for (const id of env.cluster.ids()) env.cluster.startNode(id);
    await env.cluster.waitReady();
    expect(await waitFor('the offsets after a restart', () => committed().catch(() => undefined), { timeoutMs: 60_000 })).toBe(before);
  }, 120_000);

  it('runs the consumer example in group test: it reads the topic, and started again resumes after what it read', async () => {
    await env.cairn.admin().createTopic({ name: 'test', partitions: 3, replicationFactor: 3 });
    const producer = env.cairn.producer();
    const send = (values: string[]) => producer.send({ topic: 'test', messages: values.map((value) => ({ value })) });
    const runExample = async (expected: readonly string[]): Promise<string[]> => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../examples/consumer.ts')], {
        env: { ...process.env, CAIRN_BROKERS: env.cluster.brokers().join(',') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      try {
        await waitFor(`the example to print ${expected.join(', ')}`, () => expected.every((v) => out.includes(`: ${v}\n`)), { timeoutMs: 60_000 });
      } finally {
        child.kill('SIGINT');
        await exited(child);
      }
      return out.trim().split('\n').map((line) => line.slice(line.indexOf(': ') + 2));
    };
    try {
      await send(['one', 'two', 'three']);
      expect((await runExample(['one', 'two', 'three'])).sort()).toEqual(['one', 'three', 'two']);
      await send(['four', 'five']);
      expect((await runExample(['four', 'five'])).sort()).toEqual(['five', 'four']);
    } finally {
      await producer.close();
    }
  }, 120_000);
});
