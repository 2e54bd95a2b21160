/**
 * One chaos run: a Docker cluster, a probe of what this machine can do for
 * each nemesis kind, the schedule, then the phases (phases.ts): workload,
 * faults, heal, recovery, final read; then the checker. Whatever happens,
 * every fault is healed, the nodes' logs and the history are saved, and
 * every container, volume and network is removed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cairn } from '../../src/client/index.js';
import { waitFor } from '../integration/support/wait.js';
import { check } from './checker.js';
import type { CheckResult } from './checker.js';
import { CLIENT_REQUEST_TIMEOUT_MS, DockerCluster } from './docker-cluster.js';
import { History } from './history.js';
import { Nemesis } from './nemesis.js';
import { networkFaults } from './net-faults.js';
import { runPhases } from './phases.js';
import type { Recovery } from './phases.js';
import { decideKinds, dockerProbes, formatProbes, probeCapabilities } from './probe.js';
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** Run at least one fault of every kind, and stop before the workload if one cannot run on this machine. */
  readonly everyKind: boolean;
  /** Fail the run if some producer gets no acknowledgement on some partition after the heal, while others do. */
  readonly strictRecovery: boolean;
}

export interface ChaosOutcome {
  readonly result: CheckResult;
  readonly schedule: readonly PlannedFault[];
  /** Faults that ran, by kind. */
  readonly faults: ReadonlyMap<string, number>;
  /** Why the run could not finish as planned (a kind that cannot run here, no recovery, no final read); undefined if it did. */
  readonly error: string | undefined;
  /** What went wrong without failing the run (a kind dropped, a producer that did not recover without strictRecovery). */
  readonly warnings: readonly string[];
  readonly elapsedS: number;
}

export async function runChaos(options: ChaosOptions, log: (line: string) => void): Promise<ChaosOutcome> {
  await mkdir(options.outDir, { recursive: true });
  const history = new History(join(options.outDir, 'history.jsonl'));
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
  const nemesis = new Nemesis({ cluster, network: networkFaults(cluster), history, log, leaders: () => leaders(admin) });
  let schedule: PlannedFault[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  try {
    await cluster.waitReady();
    const probed = cluster.nodes.at(-1)!.id;
    const capabilities = await probeCapabilities(options.kinds, dockerProbes(cluster, probed));
    log(`what this machine can do for each nemesis kind (probed on n${probed}):`);
    for (const line of formatProbes(options.kinds, capabilities)) log(`  ${line}`);
    const decision = decideKinds(options.kinds, capabilities, options.everyKind);
    if (decision.error !== undefined) throw new Error(decision.error);
    if (decision.warning !== undefined) {
      warnings.push(decision.warning);
      log(`warning: ${decision.warning}`);
    }

    schedule = planSchedule({
      seed: options.seed,
      durationMs: options.durationS * 1000,
      nodes: options.nodes,
      partitions: options.partitions,
      kinds: decision.kinds,
      everyKind: options.everyKind,
      pauseBeyondMs: CLIENT_REQUEST_TIMEOUT_MS,
    });
    await writeFile(join(options.outDir, 'schedule.json'), `${JSON.stringify({ options, kinds: decision.kinds, historyStartedAt: history.startedAtIso, schedule }, null, 2)}\n`);
    log(`schedule (seed ${options.seed}, ${schedule.length} faults planned for ${options.durationS} s; clients' request timeout ${CLIENT_REQUEST_TIMEOUT_MS} ms):`);
    for (const fault of schedule) log(`  ${describePlannedFault(fault)}`);

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
    const phases = await runPhases({
      history,
      nemesis,
      workload: {
        start: () => workload.start(),
        stopProducers: () => workload.stopProducers(),
        offsets: () => workload.offsets(admin),
        stopConsumers: (ends, timeoutMs) => workload.stopConsumers(ends, timeoutMs),
        finalRead: (bounds) => workload.finalRead(admin, bounds),
      },
      schedule,
      durationMs: options.durationS * 1000,
      warmupMs: WARMUP_MS,
      consumerCatchUpMs: CONSUMER_CATCH_UP_MS,
      recover: () => recover(cluster, history, options, log),
      strictRecovery: options.strictRecovery,
      log,
    });
    errors.push(...phases.errors);
    warnings.push(...phases.warnings);
  } catch (caught) {
    const error = `run stopped: ${caught instanceof Error ? caught.message : String(caught)}`;
    errors.push(error);
    log(error);
  } finally {
    await nemesis.healAll();
    await cluster.saveLogs(options.outDir).catch((logError: unknown) => log(`node logs: ${String(logError)}`));
    await history.close();
    await admin.close().catch(() => undefined);
    await cluster.destroy().catch((cleanupError: unknown) => log(`cleanup: ${String(cleanupError)}`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return {
    result: check(history.ops),
    schedule,
    faults: nemesis.started,
    error: errors.length === 0 ? undefined : errors.join('; '),
    warnings,
    elapsedS: Math.round(history.now() / 1000),
  };
}

/** Leaders as the cluster describes them, asked with a short deadline: a fault must not wait on it. */
async function leaders(admin: Cairn): Promise<(number | undefined)[]> {
  const described = await Promise.race([admin.admin().describeTopic(TOPIC), sleep(3_000).then(() => Promise.reject(new Error('describeTopic timed out')))]);
  return described.partitions.map((partition) => partition.leader);
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
