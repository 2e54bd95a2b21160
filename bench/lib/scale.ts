/**
 * What partitions cost a Cairn cluster: a fresh local 3-node cluster per
 * size, N partitions at RF 3 (every node hosts a replica of each), then
 *  - the time until every partition has a leader;
 *  - idle CPU and RSS per node, and RSS per 1,000 partitions over the same
 *    nodes before any topic existed;
 *  - failover: SIGKILL of one node other than the controller, the time
 *    until every partition it led has a new leader, then the time a
 *    produce to a sample of them takes; then the node restarted on its
 *    data, and the time until its /readyz answers.
 * Every wait has a deadline. `npm run bench -- --only scale` runs it
 * (bench/main.ts).
 */
import { availableParallelism } from 'node:os';
import type { Cairn, TopicDescription } from '../../src/client/index.js';
import { DEFAULT_PARTITIONS_PER_CORE } from '../../src/metadata/limits.js';
import { CairnTarget } from './cairn-target.js';
import { sampleUsage, rssBytes } from './proc.js';
import type { ScaleFailover, ScaleResult } from './results.js';
import { sleep } from './stats.js';

export interface ScalePlan {
  /** For creation, each failover wait and the restart. */
  readonly deadlineSeconds: number;
  readonly idleSeconds: number;
}

export interface ScaleHooks {
  readonly started: (target: CairnTarget) => void;
  readonly stopped: (target: CairnTarget) => void;
  readonly log: (message: string) => void;
}

/** Partitions written to after the failover: a sample of those the killed node led. */
export const FAILOVER_SAMPLE = 100;
/** Topics of the size users make: N partitions are created as topics of up to 1,000. */
const TOPIC_PARTITIONS_MAX = 1000;
const POLL_MS = 250;

interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

const MIB = 2 ** 20;
const NODES = 3;
const REPLICATION_FACTOR = 3;
const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;

function scaleTopics(partitions: number): [string, number][] {
  const count = Math.ceil(partitions / TOPIC_PARTITIONS_MAX);
  return Array.from({ length: count }, (_, i) => [`scale-${i}`, Math.min(TOPIC_PARTITIONS_MAX, partitions - i * TOPIC_PARTITIONS_MAX)]);
}

/**
 * The admission limit each node is started with: its default (5,000 replicas per core) unless the
 * size needs more, since finding the ceiling means going past what the cluster admits by default.
 */
function partitionsPerCoreFor(partitions: number): readonly string[] {
  const perCore = Math.ceil((partitions * REPLICATION_FACTOR) / (NODES * availableParallelism()));
  return perCore <= DEFAULT_PARTITIONS_PER_CORE ? [] : ['--partitions-per-core', String(perCore)];
}

export async function measureScale(partitions: number, plan: ScalePlan, hooks: ScaleHooks): Promise<ScaleResult> {
  const target = await CairnTarget.start({ flags: partitionsPerCoreFor(partitions) });
  hooks.started(target);
  try {
    const baselineMiB = target.pids().map((pid) => rssBytes(pid) / MIB);
    const created = await createAndLead(target, partitions, plan, hooks);
    await sleep(2000); // let creation's after-work settle before measuring idle
    const usage = await sampleUsage(target.pids(), plan.idleSeconds);
    const nodes = usage.map((u, i) => ({ cpuPercent: u.cpuPercent, rssMiB: u.rssBytes / MIB, baselineRssMiB: baselineMiB[i]! }));
    const allLed = created.led === partitions;
    // A failover that cannot even start (no partition to take from a node) must not lose the figures above.
    const failover = partitions > 0 && allLed ? await measureFailover(target, created.names, plan, hooks).catch((e: unknown) => e as Error) : undefined;
    const error = [created.error, failover instanceof Error ? `failover: ${failover.message}` : undefined].filter((e) => e !== undefined).join('; ');
    return {
      partitions,
      createSeconds: allLed ? created.seconds : undefined,
      deadlineSeconds: plan.deadlineSeconds,
      ledPartitions: created.led,
      nodes,
      ...(failover === undefined || failover instanceof Error ? {} : { failover }),
      ...(error === '' ? {} : { error }),
    };
  } finally {
    hooks.stopped(target);
    await target.stop();
  }
}

/** Creates the topics one after another while counting led partitions, until all are led or the deadline passes. */
async function createAndLead(
  target: CairnTarget,
  partitions: number,
  plan: ScalePlan,
  hooks: ScaleHooks,
): Promise<{ led: number; seconds: number; names: ReadonlySet<string>; error?: string }> {
  const started = performance.now();
  const deadlineMs = plan.deadlineSeconds * 1000;
  const topics = scaleTopics(partitions);
  const names = new Set(topics.map(([name]) => name));
  if (topics.length === 0) return { led: 0, seconds: 0, names };
  // A long request deadline: the controller may take a while over thousands of partitions.
  const creator = target.cluster.client(undefined, { requestTimeoutMs: deadlineMs });
  let createError: string | undefined;
  let creating = true;
  void (async () => {
    for (const [name, count] of topics) await creator.admin().createTopic({ name, partitions: count, replicationFactor: REPLICATION_FACTOR });
  })()
    .catch((e: unknown) => void (createError = (e as Error).message))
    .finally(() => (creating = false));
  let led = 0;
  /** Why the last look at the topics failed, if it did. */
  let probeError: string | undefined;
  let reportedAt = performance.now();
  // Counted while the topics are being made, so a deadline reports how far creation got.
  while (performance.now() - started < deadlineMs) {
    const listed = await scaleTopicsListed(target.client, names);
    if (listed.ok) {
      led = listed.topics.reduce((n, t) => n + t.partitions.filter((p) => p.leader !== undefined).length, 0);
      probeError = undefined;
    } else {
      probeError = listed.error;
    }
    if (performance.now() - reportedAt > 10_000) {
      reportedAt = performance.now();
      hooks.log(`  ${led.toLocaleString('en')} of ${partitions.toLocaleString('en')} led after ${secondsSince(started).toFixed(0)} s${probeError === undefined ? '' : ` (listing topics: ${probeError})`}`);
    }
    // An error may come from a retry that found a topic already made: what counts is whether the partitions get leaders.
    if (led === partitions || (!creating && createError !== undefined && led === 0)) break;
    await sleep(POLL_MS);
  }
  void creator.close().catch(() => undefined);
  const seconds = secondsSince(started);
  const error = led < partitions ? (createError ?? (probeError === undefined ? undefined : `listing topics: ${probeError}`)) : undefined;
  hooks.log(`  ${led.toLocaleString('en')} of ${partitions.toLocaleString('en')} led after ${seconds.toFixed(1)} s${error === undefined ? '' : `; ${error}`}`);
  return { led, seconds, names, ...(error === undefined ? {} : { error }) };
}

async function scaleTopicsListed(
  client: Cairn,
  names: ReadonlySet<string>,
): Promise<{ ok: true; topics: TopicDescription[] } | { ok: false; error: string }> {
  try {
    return { ok: true, topics: (await client.admin().listTopics()).filter((t) => names.has(t.name)) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Kills the non-controller node leading the most partitions, then times
 * the new leaders, a produce to a sample of the partitions it led, and its
 * restart on the same data.
 */
async function measureFailover(target: CairnTarget, names: ReadonlySet<string>, plan: ScalePlan, hooks: ScaleHooks): Promise<ScaleFailover> {
  const deadlineMs = plan.deadlineSeconds * 1000;
  const { controllerId } = await target.client.admin().describeCluster();
  const listed = await scaleTopicsListed(target.client, names);
  if (!listed.ok) throw new Error(`listing topics: ${listed.error}`);
  const ledBy = new Map<number, PartitionRef[]>();
  for (const topic of listed.topics) {
    for (const p of topic.partitions) {
      if (p.leader === undefined || p.leader === controllerId) continue;
      const refs = ledBy.get(p.leader) ?? [];
      refs.push({ topic: topic.name, partition: p.partition });
      ledBy.set(p.leader, refs);
    }
  }
  const [node, led] = [...ledBy].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (node === undefined || led === undefined) throw new Error('no node but the controller leads a partition');
  hooks.log(`  failover: SIGKILL of node ${node} (controller: ${controllerId ?? 'unknown'}), which leads ${led.length.toLocaleString('en')} partitions`);

  const killedAt = performance.now();
  await target.cluster.kill(node);
  const failover = { node, ledPartitions: led.length, sampled: 0 };
  const newLeadersSeconds = await timed(deadlineMs, async () => {
    const now = await scaleTopicsListed(target.client, names);
    if (!now.ok) return false;
    const leaders = new Map(now.topics.map((t) => [t.name, t.partitions.map((p) => p.leader)]));
    return led.every(({ topic, partition }) => {
      const leader = leaders.get(topic)?.[partition];
      return leader !== undefined && leader !== node;
    });
  }, killedAt);
  hooks.log(`  new leaders for all ${led.length.toLocaleString('en')}: ${newLeadersSeconds === undefined ? `not within ${plan.deadlineSeconds} s` : `${newLeadersSeconds.toFixed(1)} s`}`);
  if (newLeadersSeconds === undefined) return { ...failover, error: `not every partition of node ${node} had a new leader within ${plan.deadlineSeconds} s` };

  const sample = spread(led, FAILOVER_SAMPLE);
  const produce = await produceToEach(target.client, sample, deadlineMs);
  hooks.log(`  produce to ${sample.length} of them: ${produce.error ?? `${produce.seconds.toFixed(2)} s`}`);

  const restartedAt = performance.now();
  target.cluster.startNode(node);
  const restartReadySeconds = await timed(deadlineMs, () => target.cluster.ready(node), restartedAt);
  hooks.log(`  node ${node} restarted and ready: ${restartReadySeconds === undefined ? `not within ${plan.deadlineSeconds} s` : `${restartReadySeconds.toFixed(1)} s`}`);
  const errors = [produce.error, restartReadySeconds === undefined ? `node ${node} not ready within ${plan.deadlineSeconds} s of its restart` : undefined];
  const error = errors.filter((e) => e !== undefined).join('; ');
  return {
    ...failover,
    newLeadersSeconds,
    sampled: sample.length,
    ...(produce.error === undefined ? { sampleProduceSeconds: produce.seconds } : {}),
    ...(restartReadySeconds === undefined ? {} : { restartReadySeconds }),
    ...(error === '' ? {} : { error }),
  };
}

/** Seconds from `startedMs` until `done` holds, polled; undefined past the deadline. */
async function timed(deadlineMs: number, done: () => Promise<boolean>, startedMs: number): Promise<number | undefined> {
  while (performance.now() - startedMs < deadlineMs) {
    if (await done().catch(() => false)) return secondsSince(startedMs);
    await sleep(POLL_MS);
  }
  return undefined;
}

/** At most `count` items, evenly spread over the list (every topic of a multi-topic size gets its share). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** One record to each partition at once, on a fresh producer; the seconds until every one is acknowledged. */
async function produceToEach(client: Cairn, partitions: readonly PartitionRef[], deadlineMs: number): Promise<{ seconds: number; error?: string }> {
  const producer = client.producer({ lingerMs: 0, deliveryTimeoutMs: deadlineMs });
  const started = performance.now();
  try {
    await Promise.all(partitions.map(({ topic, partition }) => producer.send({ topic, messages: [{ partition, value: 'after failover' }] })));
    return { seconds: secondsSince(started) };
  } catch (error) {
    return { seconds: secondsSince(started), error: `produce to ${partitions.length} partitions: ${(error as Error).message}` };
  } finally {
    await producer.close().catch(() => undefined);
  }
}
