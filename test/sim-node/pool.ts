/**
 * Runs seeds in this process (one job) or on worker processes forked from
 * worker.ts with the parent's loader flags. Seeds are independent, so the
 * order in which they finish changes no result.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SeedOptions, SeedResult } from './simulator.js';
import { runSeed } from './simulator.js';

const WORKER_PATH = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Called with each result; returning true stops handing out seeds. */
export type OnResult = (result: SeedResult) => boolean;

export async function runSeeds(jobs: number, seeds: readonly SeedOptions[], onResult: OnResult): Promise<void> {
  if (jobs === 1 || seeds.length === 1) {
    for (const options of seeds) if (onResult(await runSeed(options))) return;
    return;
  }
  const queue = [...seeds];
  let stop = false;
  const workers: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, seeds.length) }, () => {
        const worker = fork(WORKER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          const feed = (): void => {
            const options = stop ? undefined : queue.shift();
            if (options === undefined) {
              worker.off('exit', died);
              resolve();
              return;
            }
            worker.once('message', (result: SeedResult) => {
              if (onResult(result)) stop = true;
              feed();
            });
            worker.send(options);
          };
          const died = (code: number | null, signal: string | null): void => reject(new Error(`sim:node worker exited (code ${code}, signal ${signal})`));
          worker.on('exit', died);
          feed();
        });
      }),
    );
  } finally {
    for (const worker of workers) if (worker.connected) worker.disconnect();
  }
}
