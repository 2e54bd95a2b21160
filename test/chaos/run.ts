/**
 * One chaos run: a Docker cluster, the workload, the nemesis schedule, then
 * every fault healed, the recovery checked, a final read, and the checker.
 * Whatever happens, every fault is healed, the nodes' logs and the history
 * are saved, and every container, volume and network is removed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cairn } from '../../src/client/index.js';
import { waitFor } from '../integration/support/wait.js';
import { check } from './checker.js';
import type { CheckResult } from './checker.js';
import { DockerCluster } from './docker-cluster.js';
import { History } from './history.js';
import { Nemesis } from './nemesis.js';
import type { NemesisKind, PlannedFault } from './schedule.js';
import { describePlannedFault, planSchedule } from './schedule.js';
import { Workload } from './workload.js';

export const TOPIC = 'chaos';
const REPLICATION_FACTOR = 3;
/** Before the first fault, so every producer and consumer is under way. */
const WARMUP_MS = 5_000;
/** After every fault healed: nodes must be ready within this… */
const RECOVERY_READY_TIMEOUT_MS = 120_000;
/** …and producers must get acknowledgements within this, and then each producer on each partition within this again. */
const RECOVERY_ACK_TIMEOUT_MS = 60_000;
/** Sends acknowledged after the heal that count as recovered. */
const RECOVERY_ACKS_MIN = 100;
const CONSUMER_CATCH_UP_MS = 30_000;

export interface ChaosOptions {
  readonly seed: number;
  readonly durationS: number;
  readonly nodes: number;
  readonly partitions: number;
  readonly producers: number;
  readonly consumers: number;
  readonly ratePerSecond: number;
  readonly kinds: readonly NemesisKind[];
  readonly image: string;
  readonly outDir: string;
  /** Fail the run if some producer gets no acknowledgement on some partition after the heal, while others do. */
  readonly strictRecovery: boolean;
}

export interface ChaosOutcome {
  readonly result: CheckResult;
  readonly schedule: readonly PlannedFault[];
  /** Faults that ran, by kind. */
  readonly faults: ReadonlyMap<string, number>;
  /** Why the run could not finish as planned (a harness error, no recovery, no final read); undefined if it did. */
  readonly error: string | undefined;
  /** What went wrong without failing the run (a producer that did not recover, without strictRecovery). */
  readonly warnings: readonly string[];
  readonly elapsedS: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runChaos(options: ChaosOptions, log: (line: string) => void): Promise<ChaosOutcome> {
  await mkdir(options.outDir, { recursive: true });
  const durationMs = options.durationS * 1000;
  const schedule = planSchedule({ seed: options.seed, durationMs, nodes: options.nodes, partitions: options.partitions, kinds: options.kinds });
  const history = new History(join(options.outDir, 'history.jsonl'));
  await writeFile(join(options.outDir, 'schedule.json'), `${JSON.stringify({ options, historyStartedAt: history.startedAtIso, schedule }, null, 2)}\n`);
  log(`schedule (seed ${options.seed}, ${schedule.length} faults planned for ${options.durationS} s):`);
  for (const fault of schedule) log(`  ${describePlannedFault(fault)}`);

  const runId = `chaos-${options.seed}-${process.pid}`;
  log(`cluster: ${options.nodes} nodes of ${options.image} (run ${runId})`);
  const cluster = await DockerCluster.start({ nodes: options.nodes, image: options.image, runId });
  // Interrupted: no checking, but nothing left behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: removing the cluster`);
    void cluster.destroy().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const admin = cluster.client('chaos-admin');
  const workload = new Workload({
    topic: TOPIC,
    partitions: options.partitions,
    producers: options.producers,
    consumers: options.consumers,
    ratePerSecond: options.ratePerSecond,
    history,
    connect: (clientId) => cluster.client(clientId),
    log,
  });
  const nemesis = new Nemesis({ cluster, history, log, leaders: () => leaders(admin) });
  let error: string | undefined;
  const warnings: string[] = [];
  try {
    await cluster.waitReady();
    await admin.admin().createTopic({ name: TOPIC, partitions: options.partitions, replicationFactor: REPLICATION_FACTOR });
    const topic = await waitFor(
      'a leader for every partition',
      async () => {
        const described = await admin.admin().describeTopic(TOPIC);
        return described.partitions.every((p) => p.leader !== undefined) && described;
      },
      { timeoutMs: 60_000 },
    );
    log(`cluster ready: ${cluster.nodes.map((node) => `n${node.id}=${node.hostname}@${node.ip}`).join(' ')}`);
    // Which replicas each partition has tells, in a 5-node cluster, which partitions a partition of the network leaves without a quorum.
    log(`topic ${TOPIC}, RF ${REPLICATION_FACTOR}: ${topic.partitions.map((p) => `p${p.partition} on ${p.replicas.map((id) => `n${id}`).join(',')}`).join('; ')}`);
    workload.start();
    await sleep(WARMUP_MS);

    const faultsFrom = history.now();
    const ran = await nemesis.run(schedule, faultsFrom + durationMs);
    log(`nemesis: ${ran} of ${schedule.length} planned faults ran in ${((history.now() - faultsFrom) / 1000).toFixed(0)} s`);
    await nemesis.checkRunning();
    await nemesis.healAll();
    const recovery = await recover(cluster, history, options, log);
    error = recovery.error ?? (options.strictRecovery ? recovery.stuck : undefined);
    if (!options.strictRecovery && recovery.stuck !== undefined) warnings.push(`a producer did not recover: ${recovery.stuck}`);

    await workload.stopProducers();
    const bounds = await workload.offsets(admin);
    await workload.stopConsumers(new Map([...bounds].map(([partition, { end }]) => [partition, end])), CONSUMER_CATCH_UP_MS);
    await workload.finalRead(admin, bounds);
    log(`final read: ${[...bounds.values()].reduce((sum, { start, end }) => sum + end - start, 0)} records in ${bounds.size} partitions`);
  } catch (caught) {
    error = `run stopped: ${caught instanceof Error ? caught.message : String(caught)}`;
    log(error);
  } finally {
    await nemesis.healAll().catch((healError: unknown) => log(`heal: ${String(healError)}`));
    await cluster.saveLogs(options.outDir).catch((logError: unknown) => log(`node logs: ${String(logError)}`));
    await history.close();
    await admin.close().catch(() => undefined);
    await cluster.destroy().catch((cleanupError: unknown) => log(`cleanup: ${String(cleanupError)}`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { result: check(history.ops), schedule, faults: nemesis.started, error, warnings, elapsedS: Math.round(history.now() / 1000) };
}

/** Leaders as the cluster describes them, asked with a short deadline: a fault must not wait on it. */
async function leaders(admin: Cairn): Promise<(number | undefined)[]> {
  const described = await Promise.race([admin.admin().describeTopic(TOPIC), sleep(3_000).then(() => Promise.reject(new Error('describeTopic timed out')))]);
  return described.partitions.map((partition) => partition.leader);
}

interface Recovery {
  /** The cluster did not recover: the run fails. */
  readonly error?: string;
  /** Some producer did not get going again on some partition: fails the run only with strictRecovery. */
  readonly stuck?: string;
}

/**
 * Every node ready and acknowledgements flowing again (the cluster
 * recovered); then every producer acknowledged on every partition again (its
 * client recovered too).
 */
async function recover(cluster: DockerCluster, history: History, options: ChaosOptions, log: (line: string) => void): Promise<Recovery> {
  const healedAt = history.now();
  const since = (): string => `${((history.now() - healedAt) / 1000).toFixed(1)} s after the heal`;
  /** Acknowledged sends since the heal, and the producer/partition pairs they came from. */
  const acksSince = (): { count: number; pairs: Set<string> } => {
    const pairs = new Set<string>();
    let count = 0;
    for (let i = history.ops.length - 1; i >= 0 && history.ops[i]!.time > healedAt; i--) {
      const op = history.ops[i]!;
      if (op.f !== 'send' || op.type !== 'ok') continue;
      count++;
      pairs.add(`${op.process} on partition ${op.partition}`);
    }
    return { count, pairs };
  };
  try {
    await cluster.waitReady(cluster.ids(), RECOVERY_READY_TIMEOUT_MS);
    await waitFor(`${RECOVERY_ACKS_MIN} sends acknowledged after the heal`, () => acksSince().count >= RECOVERY_ACKS_MIN, { timeoutMs: RECOVERY_ACK_TIMEOUT_MS, intervalMs: 200 });
    log(`recovered: every node ready and ${RECOVERY_ACKS_MIN} sends acknowledged ${since()}`);
  } catch (error) {
    const message = `the cluster did not recover after every fault healed: ${error instanceof Error ? error.message : String(error)}`;
    log(message);
    return { error: message };
  }
  const everyPair = Array.from({ length: options.producers }, (_, i) => Array.from({ length: options.partitions }, (_, partition) => `p${i + 1} on partition ${partition}`)).flat();
  const missing = (): string[] => {
    const { pairs } = acksSince();
    return everyPair.filter((pair) => !pairs.has(pair));
  };
  const deadline = Date.now() + RECOVERY_ACK_TIMEOUT_MS;
  while (missing().length > 0 && Date.now() < deadline) await sleep(200);
  const stuck = missing();
  if (stuck.length === 0) {
    log(`recovered: every producer acknowledged on every partition ${since()}`);
    return {};
  }
  const message = `${stuck.join(', ')}: no acknowledgement within ${RECOVERY_ACK_TIMEOUT_MS / 1000} s of the heal, while the cluster served others`;
  log(`not recovered: ${message}`);
  return { stuck: message };
}
