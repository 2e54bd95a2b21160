/**
 * Runs seeds on worker processes (seeds are independent, so the order in
 * which they finish does not change any result). Workers are forked from
 * worker.ts with the parent's loader flags, so they run TypeScript as the
 * parent does.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assert } from '../../src/raft/assert.js';
import type { SeedOptions, SeedResult } from './run.js';

const WORKER_PATH = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Asks for the next seed to run, or undefined to stop handing out seeds. */
export type NextSeed = () => SeedOptions | undefined;
export type OnResult = (options: SeedOptions, result: SeedResult) => void;

export class SeedPool {
  private readonly workers: ChildProcess[];
  private closing = false;
  /** Fails the run in progress if a worker dies under it. */
  private failRun: ((error: Error) => void) | null = null;

  constructor(jobs: number) {
    assert(Number.isInteger(jobs) && jobs > 0, `jobs must be a positive integer, got ${jobs}`);
    this.workers = Array.from({ length: jobs }, () => {
      const worker = fork(WORKER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      worker.on('exit', (code, signal) => {
        if (!this.closing) this.failRun?.(new Error(`sim worker exited (code ${code}, signal ${signal})`));
      });
      return worker;
    });
  }

  /** Runs seeds until `next` stops and every worker is idle. */
  run(next: NextSeed, onResult: OnResult): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.failRun = reject;
      let busy = 0;
      const feed = (worker: ChildProcess): void => {
        const options = next();
        if (options === undefined) {
          if (busy === 0) resolve();
          return;
        }
        busy++;
        worker.once('message', (result: SeedResult) => {
          busy--;
          try {
            onResult(options, result);
          } catch (error) {
            reject(error);
            return;
          }
          feed(worker);
        });
        worker.send(options);
      };
      for (const worker of this.workers) feed(worker);
    }).finally(() => {
      this.failRun = null;
    });
  }

  close(): void {
    this.closing = true;
    for (const worker of this.workers) worker.disconnect();
  }
}
