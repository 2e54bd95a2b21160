/**
 * The simulator as part of `npm test`: 500 seeds of the real core must keep
 * every property, and every mutant must be caught within the same bound as
 * `npm run sim -- --check-mutants` (each stops at its first catching seed).
 */
import { describe, expect, it } from 'vitest';
import { STEPS_DEFAULT } from './limits.js';
import { MUTANT_NAMES } from './mutants.js';
import { catchesMutant, formatViolation, runSeed } from './run.js';

const SEEDS = 500;
const MUTANT_SEEDS_MAX = 1_000;

/**
 * Lets the worker's event loop run between seeds. The seeds run
 * synchronously, and a loop blocked for over a minute (500 seeds take 1–2
 * on these machines) makes Vitest's calls from the worker to the main
 * process time out ("Timeout calling onTaskUpdate"), failing the run.
 */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('simulator', () => {
  it(`keeps every property over ${SEEDS} seeds`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      await yieldToEventLoop();
      const options = { seed, steps: STEPS_DEFAULT, mutant: null };
      const result = runSeed(options);
      if (result.violation !== null) failures.push(formatViolation(options, result).join('\n'));
    }
    expect(failures).toEqual([]);
    // A bound on a hang, not on speed: the seeds take 1–2 minutes alone and several times that while the
    // other test files share the two cores, which must not fail the run.
  }, 900_000);

  for (const mutant of MUTANT_NAMES) {
    it(`catches the ${mutant} mutant within ${MUTANT_SEEDS_MAX} seeds`, async () => {
      let caughtBy: number | null = null;
      for (let seed = 1; seed <= MUTANT_SEEDS_MAX && caughtBy === null; seed++) {
        await yieldToEventLoop();
        if (catchesMutant(runSeed({ seed, steps: STEPS_DEFAULT, mutant }))) caughtBy = seed;
      }
      expect(caughtBy).not.toBeNull();
    }, 600_000);
  }
});
