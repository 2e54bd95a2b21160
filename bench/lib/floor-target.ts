/**
 * The floor chain (floor-chain.ts) as a benchmark peer: three processes on
 * loopback, driven by the same open loop as Cairn.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, frameOf, idsOf } from './floor-chain.js';
import type { FloorStorage } from './floor-chain.js';
import { OPEN_LOOP_IN_FLIGHT, openLoop } from './drivers.js';
import type { OpenLoopResult } from './drivers.js';
import type { RateOptions } from './target.js';

const CHAIN = join(import.meta.dirname, 'floor-chain.ts');

function start(args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(CHAIN, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`floor ${args[0]} exited with ${code}`)));
  });
}

export class FloorTarget {
  private constructor(
    private readonly dir: string,
    private readonly children: readonly ChildProcess[],
    private readonly leaderPort: number,
  ) {}

  static async start(storage: FloorStorage): Promise<FloorTarget> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-floor-'));
    const names = ['replica-1', 'replica-2', 'leader'];
    for (const name of names) mkdirSync(join(dir, name));
    const replicas = await Promise.all([start(['replica', join(dir, 'replica-1'), storage]), start(['replica', join(dir, 'replica-2'), storage])]);
    const leader = await start(['leader', join(dir, 'leader'), storage, ...replicas.map((r) => String(r.port))]);
    return new FloorTarget(dir, [...replicas.map((r) => r.child), leader.child], leader.port);
  }

  pids(): number[] {
    return this.children.map((child) => child.pid!);
  }

  /** Record ids, unique over the target's life: the leader keys frames by their first. */
  #nextId = 0;

  async latency(options: RateOptions): Promise<OpenLoopResult> {
    const { stream, close } = connect(this.leaderPort);
    const waiting = new Map<number, () => void>();
    /** Frames sent and not yet answered. */
    let unanswered = 0;
    stream.on('data', (answer: Buffer) => {
      unanswered--;
      for (const id of idsOf(answer)) {
        waiting.get(id)?.();
        waiting.delete(id);
      }
    });
    stream.on('error', () => {});
    const record = Buffer.alloc(options.recordBytes, 'y');
    let open: number[] = [];
    const flush = (): void => {
      unanswered++;
      stream.write(frameOf(open, open.map(() => record)));
      open = [];
    };
    // The SDK's batching at lingerMs 0: with nothing unanswered, the records of
    // this event-loop turn go as one frame; otherwise those of Node's shortest timer.
    const send = (): Promise<void> =>
      new Promise((resolve) => {
        const id = this.#nextId++;
        waiting.set(id, resolve);
        if (open.push(id) > 1) return;
        if (unanswered === 0) setImmediate(flush);
        else setTimeout(flush, 0);
      });
    try {
      await send(); // connected before the clock starts
      return await openLoop({ ...options, inFlightMax: OPEN_LOOP_IN_FLIGHT, send });
    } finally {
      stream.end();
      close();
    }
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
