/**
 * The simulator's command line (see docs/testing.md):
 *
 *   npm run sim -- --seeds N            seeds 1..N, on worker processes
 *   npm run sim -- --seed S             replay one seed, in this process
 *   npm run sim -- --check-mutants      every mutant must be caught within --seeds (≤ 1,000) seeds
 *   options: --steps K (events of the fault phase), --mutant NAME, --jobs J
 *
 * The last line is always `sim: seeds=N events=E events/s=R violations=V`.
 */
import { availableParallelism } from 'node:os';
import { STEPS_DEFAULT, STEPS_MAX } from './limits.js';
import type { MutantName } from './mutants.js';
import { MUTANT_NAMES, isMutantName } from './mutants.js';
import { SeedPool } from './pool.js';
import type { SeedOptions, SeedResult } from './run.js';
import { catchesMutant, formatViolation, replayCommand, runSeed } from './run.js';

/** --check-mutants fails a mutant first caught after this seed, whatever --seeds says. */
const MUTANT_SEEDS_MAX = 1_000;
/** Violations printed in full; the rest are listed by seed. */
const REPORTS_MAX = 5;

interface Args {
  readonly seeds: number;
  readonly seed: number | null;
  readonly steps: number;
  readonly mutant: MutantName | null;
  readonly checkMutants: boolean;
  readonly jobs: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--check-mutants') flags.add(arg);
    else if (['--seeds', '--seed', '--steps', '--mutant', '--jobs'].includes(arg) && i + 1 < argv.length) values.set(arg, argv[++i]!);
    else throw new UsageError(`unknown or incomplete argument ${arg}`);
  }
  const integer = (name: string, fallback: number, max: number): number => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > max) throw new UsageError(`${name} must be an integer in [0, ${max}], got ${text}`);
    return value;
  };
  const mutant = values.get('--mutant') ?? null;
  if (mutant !== null && !isMutantName(mutant)) throw new UsageError(`--mutant must be one of ${MUTANT_NAMES.join(', ')}`);
  const checkMutants = flags.has('--check-mutants');
  return {
    seeds: integer('--seeds', checkMutants ? MUTANT_SEEDS_MAX : 1, 1_000_000),
    seed: values.has('--seed') ? integer('--seed', 0, 0xffff_ffff) : null,
    steps: integer('--steps', STEPS_DEFAULT, STEPS_MAX),
    mutant,
    checkMutants,
    jobs: Math.max(1, integer('--jobs', Math.min(availableParallelism(), 8), 64)),
  };
}

interface Totals {
  seeds: number;
  events: number;
  violations: number;
}

function add(totals: Totals, result: SeedResult): void {
  totals.seeds++;
  totals.events += result.events;
  if (result.violation !== null) totals.violations++;
}

/** How many seeds saw each kind of fault: a run that never crashes a node proves little. */
function coverageLine(results: readonly SeedResult[]): string {
  const count = (seen: (result: SeedResult) => boolean): string => `${results.filter(seen).length}/${results.length}`;
  return (
    `sim: seeds that saw: re-elections ${count((r) => r.coverage.termsWithLeader > 1)}, ` +
    `crashes ${count((r) => r.coverage.crashes > 0)}, partitions ${count((r) => r.coverage.partitions > 0)}, ` +
    `membership changes ${count((r) => r.coverage.confChanges > 0)}, transfers ${count((r) => r.coverage.transfers > 0)}, ` +
    `compactions ${count((r) => r.coverage.compactions > 0)}, snapshots installed ${count((r) => r.coverage.snapshotsInstalled > 0)}, ` +
    `acknowledged proposals ${count((r) => r.coverage.acked > 0)}`
  );
}

async function runSeeds(args: Args, totals: Totals): Promise<void> {
  const results: SeedResult[] = [];
  const pool = new SeedPool(Math.min(args.jobs, args.seeds || 1));
  let nextSeed = 1;
  try {
    await pool.run(
      () => (nextSeed <= args.seeds ? { seed: nextSeed++, steps: args.steps, mutant: args.mutant } : undefined),
      (_, result) => {
        results.push(result);
        add(totals, result);
      },
    );
  } finally {
    pool.close();
  }
  results.sort((a, b) => a.seed - b.seed);
  const failed = results.filter((result) => result.violation !== null);
  for (const result of failed.slice(0, REPORTS_MAX)) {
    for (const line of formatViolation({ seed: result.seed, steps: args.steps, mutant: args.mutant }, result)) console.log(line);
  }
  if (failed.length > REPORTS_MAX) console.log(`sim: also failed: seeds ${failed.slice(REPORTS_MAX).map((r) => r.seed).join(', ')}`);
  console.log(coverageLine(results));
}

/** Each mutant over seeds 1..N in order; the first catching seed is the smallest seed that found a violation. */
async function checkMutants(args: Args, totals: Totals): Promise<boolean> {
  const pool = new SeedPool(args.jobs);
  let allCaught = true;
  try {
    for (const mutant of MUTANT_NAMES) {
      let nextSeed = 1;
      let caught: { options: SeedOptions; result: SeedResult } | null = null;
      await pool.run(
        () => (nextSeed <= args.seeds && caught === null ? { seed: nextSeed++, steps: args.steps, mutant } : undefined),
        (options, result) => {
          add(totals, result);
          if (catchesMutant(result) && (caught === null || options.seed < caught.options.seed)) caught = { options, result };
        },
      );
      const found = caught as { options: SeedOptions; result: SeedResult } | null;
      if (found === null || found.options.seed > MUTANT_SEEDS_MAX) {
        allCaught = false;
        console.log(`sim: mutant ${mutant}: NOT caught within ${Math.min(args.seeds, MUTANT_SEEDS_MAX)} seeds`);
      } else {
        const v = found.result.violation!;
        console.log(`sim: mutant ${mutant}: caught by seed ${found.options.seed} (${v.property}: ${v.detail})`);
        console.log(`sim:   replay: ${replayCommand(found.options)}`);
      }
    }
  } finally {
    pool.close();
  }
  return allCaught;
}

async function main(): Promise<number> {
  const started = performance.now();
  const totals: Totals = { seeds: 0, events: 0, violations: 0 };
  let ok: boolean;
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.checkMutants) {
      ok = await checkMutants(args, totals);
    } else if (args.seed !== null) {
      const options = { seed: args.seed, steps: args.steps, mutant: args.mutant };
      const result = runSeed(options);
      add(totals, result);
      for (const line of formatViolation(options, result)) console.log(line);
      console.log(coverageLine([result]));
      ok = result.violation === null;
    } else {
      await runSeeds(args, totals);
      ok = totals.violations === 0;
    }
  } catch (error) {
    // Whatever went wrong, the summary below stays the last line.
    if (error instanceof UsageError) {
      console.log(`sim: ${error.message}`);
      console.log('usage: npm run sim -- [--seeds N | --seed S | --check-mutants] [--steps K] [--mutant NAME] [--jobs J]');
    } else {
      console.log(`sim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    ok = false;
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(totals.events / Math.max(seconds, 1e-3));
  console.log(`sim: seeds=${totals.seeds} events=${totals.events} events/s=${rate} violations=${totals.violations}`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
