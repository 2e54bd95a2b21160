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
    readonly storage: FloorStorage,
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
    return new FloorTarget(storage, dir, [...replicas.map((r) => r.child), leader.child], leader.port);
  }

  pids(): number[] {
    return this.children.map((child) => child.pid!);
  }

  async latency(options: RateOptions): Promise<OpenLoopResult> {
    const { stream, close } = connect(this.leaderPort);
    const waiting = new Map<number, () => void>();
    /** Frames sent and not yet answered in full. */
    const unanswered = new Map<number, number>();
    stream.on('data', (ack: Buffer) => {
      for (const id of idsOf(ack)) {
        waiting.get(id)?.();
        waiting.delete(id);
        const frame = frameOfRecord.get(id)!;
        frameOfRecord.delete(id);
        const left = unanswered.get(frame)! - 1;
        if (left === 0) unanswered.delete(frame);
        else unanswered.set(frame, left);
      }
    });
    stream.on('error', () => {});
    const record = Buffer.alloc(options.recordBytes, 'y');
    const frameOfRecord = new Map<number, number>();
    let nextFrame = 0;
    let open: number[] = [];
    const flush = (): void => {
      const frame = nextFrame++;
      for (const id of open) frameOfRecord.set(id, frame);
      unanswered.set(frame, open.length);
      stream.write(frameOf(open, open.map(() => record)));
      open = [];
    };
    // The SDK's batching at lingerMs 0: with nothing unanswered, the records of
    // this event-loop turn go as one frame; otherwise those of Node's shortest timer.
    const send = (i: number): Promise<void> =>
      new Promise((resolve) => {
        waiting.set(i, resolve);
        if (open.push(i) > 1) return;
        if (unanswered.size === 0) setImmediate(flush);
        else setTimeout(flush, 0);
      });
    try {
      await send(0xffff_fffe); // connected before the clock starts
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
