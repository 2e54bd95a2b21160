/**
 * The phases of a chaos run once its cluster is up and its topic made: the
 * workload starts, the nemesis carries out the schedule, every fault heals,
 * the cluster must recover, the producers stop, the group catches up, and a
 * final read takes every partition. Whatever went wrong while the faults
 * ran, the heal, the recovery check and the final read still happen, so the
 * checker judges a complete history. The workload and the recovery check
 * are seen through small interfaces, so the unit tests run this without
 * Docker.
 */
import type { History } from './history.js';
import type { Nemesis } from './nemesis.js';
import type { PlannedFault } from './schedule.js';

/** Start and end offset of each partition. */
export type Bounds = ReadonlyMap<number, { readonly start: number; readonly end: number }>;

/** What the run needs of the workload (workload.ts, with the run's admin client). */
export interface RunWorkload {
  start(): void;
  /** No new sends; every send made is answered. */
  stopProducers(): Promise<void>;
  offsets(): Promise<Bounds>;
  /** Lets the group read up to `ends` for at most `timeoutMs`, then stops its consumers. */
  stopConsumers(ends: ReadonlyMap<number, number>, timeoutMs: number): Promise<void>;
  /** Reads every partition within its bounds and records it in the history. */
  finalRead(bounds: Bounds): Promise<void>;
}

export interface Recovery {
  /** The cluster did not recover: the run fails. */
  readonly error?: string;
  /** Some producer did not get going again on some partition: fails the run only with strictRecovery. */
  readonly stuck?: string;
}

export interface PhasesOptions {
  readonly history: History;
  readonly nemesis: Nemesis;
  readonly workload: RunWorkload;
  readonly schedule: readonly PlannedFault[];
  /** Length of the fault phase; faults marked required run past it. */
  readonly durationMs: number;
  /** Before the first fault, so every producer and consumer is under way. */
  readonly warmupMs: number;
  readonly consumerCatchUpMs: number;
  /** Whether the cluster, then every producer, recovered after the heal. */
  readonly recover: () => Promise<Recovery>;
  readonly strictRecovery: boolean;
  readonly log: (line: string) => void;
}

export interface PhasesOutcome {
  /** What fails the run besides the checker: the faults stopped, no recovery, no final read. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runPhases(options: PhasesOptions): Promise<PhasesOutcome> {
  const { history, nemesis, workload, schedule, log } = options;
  const errors: string[] = [];
  const warnings: string[] = [];
  workload.start();
  await sleep(options.warmupMs);

  const faultsFrom = history.now();
  try {
    const ran = await nemesis.run(schedule, faultsFrom + options.durationMs);
    log(`nemesis: ${ran} of ${schedule.length} planned faults ran in ${((history.now() - faultsFrom) / 1000).toFixed(0)} s`);
    await nemesis.checkRunning();
  } catch (error) {
    // A node that exited on its own: the faults stop, but the run still heals, reads everything and is judged.
    errors.push(`faults stopped: ${message(error)}`);
    log(`faults stopped: ${message(error)}; healing, then the final read`);
  }
  await nemesis.healAll();

  const recovery = await options.recover();
  if (recovery.error !== undefined) errors.push(recovery.error);
  if (recovery.stuck !== undefined) {
    if (options.strictRecovery) errors.push(recovery.stuck);
    else warnings.push(`a producer did not recover: ${recovery.stuck} (--strict-recovery fails the run on this)`);
  }

  try {
    await workload.stopProducers();
    const bounds = await workload.offsets();
    await workload.stopConsumers(new Map([...bounds].map(([partition, { end }]) => [partition, end])), options.consumerCatchUpMs);
    await workload.finalRead(bounds);
    log(`final read: ${[...bounds.values()].reduce((sum, { start, end }) => sum + end - start, 0)} records in ${bounds.size} partitions`);
  } catch (error) {
    errors.push(`final read: ${message(error)}`);
    log(`final read: ${message(error)}`);
  }
  return { errors, warnings };
}
