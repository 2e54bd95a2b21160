/**
 * The whole-node simulator's command line:
 *
 *   npm run sim:node -- --seeds N            seeds 1..N on worker processes
 *   npm run sim:node -- --seed S             replay one seed here
 *   npm run sim:node -- --seeds N --mutant M
 *   npm run sim:node -- --check-mutants [--seeds N]   each mutant caught within N seeds
 *   npm run sim:node -- --seeds N --power-loss-always  every crash loses unsynced writes, write caching too
 *
 * The last line is `N seeds, 0 violations`, or the command that replays the
 * first failing seed (for --check-mutants: the mutants that escaped).
 */
import { cpus } from 'node:os';
import { MUTANT_NAMES } from './simulator.js';
import type { SeedResult } from './simulator.js';
import { runSeeds } from './pool.js';

interface Args {
  seeds: number;
  seed: number | undefined;
  first: number;
  mutant: string | undefined;
  checkMutants: boolean;
  powerLossAlways: boolean;
  jobs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seeds: 100, seed: undefined, first: 1, mutant: undefined, checkMutants: false, powerLossAlways: false, jobs: Math.min(cpus().length, 8) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (): number => {
      const n = Number(value());
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} takes a positive integer`);
      return n;
    };
    if (flag === '--seeds') args.seeds = count();
    else if (flag === '--seed') args.seed = count();
    else if (flag === '--from') args.first = count();
    else if (flag === '--mutant') args.mutant = value();
    else if (flag === '--check-mutants') args.checkMutants = true;
    else if (flag === '--jobs') args.jobs = count();
    else if (flag === '--power-loss-always') args.powerLossAlways = true;
    else throw new Error(`unknown option ${flag}; options: --seeds N, --seed S, --from S, --mutant M, --check-mutants, --power-loss-always, --jobs J`);
  }
  return args;
}

let powerLossAlways = false;

function replay(seed: number, mutant: string | undefined): string {
  return `npm run sim:node -- --seed ${seed}${mutant === undefined ? '' : ` --mutant ${mutant}`}${powerLossAlways ? ' --power-loss-always' : ''}`;
}

/** Runs seeds first..first+count-1 (stopping at the first violation when asked); prints the summary; returns the failing result. */
async function campaign(first: number, count: number, mutant: string | undefined, jobs: number, stopAtViolation: boolean): Promise<SeedResult | undefined> {
  const started = performance.now();
  let failed: SeedResult | undefined;
  let done = 0;
  let events = 0;
  const seen: Record<string, number> = {};
  await runSeeds(
    jobs,
    Array.from({ length: count }, (_, i) => ({ seed: first + i, ...(mutant !== undefined && { mutant }), ...(powerLossAlways && { powerLossAlways }) })),
    (result) => {
      done++;
      events += result.events;
      for (const [kind, n] of Object.entries(result.seen)) if (n > 0) seen[kind] = (seen[kind] ?? 0) + 1;
      if (result.violation !== undefined && (failed === undefined || result.seed < failed.seed)) failed = result;
      return stopAtViolation && failed !== undefined;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const tag = mutant === undefined ? '' : ` mutant=${mutant}`;
  console.log(`sim:node${tag}: seeds that saw: ${Object.entries(seen).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`sim:node${tag}: seeds=${done} events=${events} seeds/s=${(done / seconds).toFixed(2)} events/s=${Math.round(events / seconds)} violations=${failed === undefined ? 0 : 1}`);
  return failed;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  powerLossAlways = args.powerLossAlways;
  if (args.seed !== undefined) {
    const failed = await campaign(args.seed, 1, args.mutant, 1, true);
    if (failed !== undefined) console.log(`seed ${failed.seed}: ${failed.violation}`);
    console.log(failed === undefined ? '1 seeds, 0 violations' : `replay: ${replay(failed.seed, args.mutant)}`);
    return failed === undefined ? 0 : 1;
  }
  if (args.checkMutants) {
    const escaped: string[] = [];
    for (const mutant of MUTANT_NAMES) {
      const caught = await campaign(args.first, args.seeds, mutant, args.jobs, true);
      console.log(caught === undefined ? `mutant ${mutant}: ESCAPED ${args.seeds} seeds` : `mutant ${mutant}: caught by ${replay(caught.seed, mutant)}: ${caught.violation!.split('\n')[0]}`);
      if (caught === undefined) escaped.push(mutant);
    }
    console.log(escaped.length === 0 ? `${MUTANT_NAMES.length} mutants, all caught` : `escaped: ${escaped.join(', ')}`);
    return escaped.length === 0 ? 0 : 1;
  }
  const failed = await campaign(args.first, args.seeds, args.mutant, args.jobs, false);
  if (failed !== undefined) console.log(`seed ${failed.seed}: ${failed.violation}`);
  console.log(failed === undefined ? `${args.seeds} seeds, 0 violations` : `replay: ${replay(failed.seed, args.mutant)}`);
  return failed === undefined ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
