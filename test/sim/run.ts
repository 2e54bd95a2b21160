/**
 * Runs one seed to completion and reports what happened: the events, the
 * coverage, and the first violated property with the trace leading to it.
 */
import { SeededRng } from '../../src/raft/rng.js';
import { Violation } from './checker.js';
import type { Property } from './checker.js';
import type { MutantName } from './mutants.js';
import { coreFor } from './mutants.js';
import { drawProfile } from './profile.js';
import type { Coverage } from './simulator.js';
import { Simulator } from './simulator.js';

export interface SeedOptions {
  readonly seed: number;
  readonly steps: number;
  readonly mutant: MutantName | null;
}

export interface ViolationReport {
  readonly property: Property;
  readonly detail: string;
  readonly atUs: number;
  readonly trace: readonly string[];
}

export interface SeedResult {
  readonly seed: number;
  readonly events: number;
  readonly clusterSize: number;
  readonly coverage: Coverage;
  readonly violation: ViolationReport | null;
}

export function runSeed(options: SeedOptions): SeedResult {
  const profile = drawProfile(new SeededRng(options.seed));
  const sim = new Simulator(profile, coreFor(options.mutant), options.seed);
  let violation: ViolationReport | null = null;
  try {
    sim.run(options.steps);
  } catch (error) {
    // An exception that is not a Violation is an assertion failing in the core or in the harness: a bug either way.
    const [property, detail] =
      error instanceof Violation ? [error.property, error.detail] : (['assertion', errorText(error)] as const);
    violation = { property, detail, atUs: sim.nowUs, trace: sim.trace.format() };
  }
  return { seed: options.seed, events: sim.events, clusterSize: profile.clusterSize, coverage: sim.coverage(), violation };
}

/** A mutant is caught by a broken safety property (a liveness failure could be the core's own). */
export function catchesMutant(result: SeedResult): boolean {
  return result.violation !== null && result.violation.property !== 'liveness';
}

export function replayCommand(options: SeedOptions): string {
  const mutant = options.mutant === null ? '' : ` --mutant ${options.mutant}`;
  return `npm run sim -- --seed ${options.seed} --steps ${options.steps}${mutant}`;
}

export function formatViolation(options: SeedOptions, result: SeedResult): string[] {
  const v = result.violation;
  if (v === null) return [];
  return [
    `sim: seed ${result.seed} (${result.clusterSize} nodes${options.mutant === null ? '' : `, mutant ${options.mutant}`}) ` +
      `violated ${v.property} at ${(v.atUs / 1000).toFixed(3)}ms: ${v.detail}`,
    `  last events:`,
    ...v.trace.map((line) => `  ${line}`),
    `  replay: ${replayCommand(options)}`,
  ];
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '').split('\n').slice(1, 4).map((frame) => frame.trim());
  return [`${error.name}: ${error.message}`, ...frames].join(' | ');
}
