/**
 * What an idle partition replica costs in heap. For each of two sizes, a
 * fresh single node (RF 1, started from dist/ with the server's V8 flags)
 * takes topics of 1,000 partitions, one small record in each, waits until
 * every partition group is quiet, and writes a heap snapshot (which collects
 * garbage first). The difference between the two sizes, per partition, is
 * what one more idle replica costs: heap after GC (stabler than RSS, which a
 * 512 MiB initial heap inflates), and by owner (heap-snapshot.ts).
 *
 *   npm run bench:partition-memory                 (SIZES=1000,3000)
 *
 * Two non-zero sizes, so the code and caches the first produce brings in
 * count in both and drop out of the difference.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Cairn } from '../src/client/index.js';
import { SERVER_NODE_FLAGS } from '../src/server/heap-flags.js';
import type { HeapAttribution } from './lib/heap-snapshot.js';
import { attributeHeap, ownerGrowth } from './lib/heap-snapshot.js';
import { rssBytes } from './lib/proc.js';
import { sleep } from './lib/stats.js';

const SIZES = (process.env.SIZES ?? '1000,3000').split(',').map(Number);
const PORT_BASE = Number(process.env.PORT_BASE ?? 17_470);
const TOPIC_PARTITIONS = 1000;
const DEADLINE_MS = 600_000;
const TOP = 20;

interface Measured {
  readonly partitions: number;
  readonly snapshot: string;
  readonly rssBytes: number;
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < DEADLINE_MS) {
    if (await done().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`not within ${DEADLINE_MS / 1000} s: ${what}`);
}

async function metric(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (line === undefined) throw new Error(`no metric ${name}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function measureSize(partitions: number, dir: string): Promise<Measured> {
  const [clientPort, peerPort, httpPort] = [PORT_BASE, PORT_BASE + 1, PORT_BASE + 2];
  const node = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, '--heapsnapshot-signal=SIGUSR2', resolve('dist/src/cli/main.js'), 'serve', '--data-dir', join(dir, 'data'),
      '--listen-address', `127.0.0.1:${clientPort}`, '--peer-listen-address', `127.0.0.1:${peerPort}`,
      '--http-listen-address', `127.0.0.1:${httpPort}`, '--log-level', 'error'],
    // Run in its own directory: the node writes its heap snapshot there.
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((resolve) => node.once('exit', resolve));
  try {
    await until('the node is ready', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok);
    const cairn = new Cairn({ brokers: [`127.0.0.1:${clientPort}`], requestTimeoutMs: DEADLINE_MS });
    const topics: [string, number][] = [];
    for (let left = partitions, i = 0; left > 0; left -= TOPIC_PARTITIONS, i++) topics.push([`memory-${i}`, Math.min(TOPIC_PARTITIONS, left)]);
    for (const [name, count] of topics) await cairn.admin().createTopic({ name, partitions: count, replicationFactor: 1 });
    await until('every partition is led', async () => {
      const led = (await cairn.admin().listTopics()).reduce((n, t) => n + t.partitions.filter((p) => p.leader !== undefined).length, 0);
      return led === partitions;
    });
    const producer = cairn.producer({ lingerMs: 5 });
    await Promise.all(topics.flatMap(([name, count]) => Array.from({ length: count }, (_, partition) => producer.send({ topic: name, messages: [{ partition, value: 'x'.repeat(100) }] }))));
    await producer.close();
    await cairn.close();
    await until('every partition group is quiet', async () => (await metric(httpPort, 'cairn_raft_groups_quiet')) >= partitions);
    await sleep(10_000);
    const before = new Set(await readdir(dir));
    node.kill('SIGUSR2');
    let snapshot = '';
    // The snapshot is written on the node's thread: once it answers again, the file is whole.
    await until('the heap snapshot', async () => {
      snapshot = (await readdir(dir)).find((f) => f.endsWith('.heapsnapshot') && !before.has(f)) ?? '';
      return snapshot !== '' && (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).ok;
    });
    return { partitions, snapshot: join(dir, snapshot), rssBytes: rssBytes(node.pid!) };
  } finally {
    node.kill('SIGTERM');
    await exited;
  }
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  if (SIZES.length !== 2 || !SIZES.every((n) => Number.isInteger(n) && n >= 0) || SIZES[1]! <= SIZES[0]!) {
    throw new Error(`SIZES must be two partition counts, the second larger, e.g. 1000,3000; got ${process.env.SIZES}`);
  }
  const measured: (Measured & { heap: HeapAttribution })[] = [];
  for (const partitions of SIZES) {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-partition-memory-'));
    try {
      const m = await measureSize(partitions, dir);
      const heap = attributeHeap(m.snapshot);
      measured.push({ ...m, heap });
      console.log(`${partitions} partitions: heap after GC (reachable in the snapshot) ${mib(heap.reachableBytes)} MiB, RSS ${mib(m.rssBytes)} MiB`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const [small, large] = measured as [(typeof measured)[0], (typeof measured)[0]];
  const added = large.partitions - small.partitions;
  const perReplica = (large.heap.reachableBytes - small.heap.reachableBytes) / added;
  console.log(`\nper idle partition replica: ${perReplica.toFixed(0)} B of heap after GC (${mib(perReplica * 1000)} MiB per 1,000); RSS ${((large.rssBytes - small.rssBytes) / added).toFixed(0)} B`);
  console.log(`\nlargest owners, bytes per replica:`);
  for (const { owner, bytesPerUnit } of ownerGrowth(small.heap, large.heap, added).slice(0, TOP)) console.log(`${bytesPerUnit.toFixed(0).padStart(8)}  ${owner}`);
}

await main();
