/**
 * Group commit. Writes accepted while a batch is in flight gather into the
 * next batch, so however many groups persist in a turn, the node pays one
 * LevelDB write (and, if any of them asked, one fsync) per batch in flight.
 *
 * Ordering: batches and tasks (range deletions) run strictly in acceptance
 * order, one at a time. Durability: LevelDB appends every batch to one log
 * file, so a sync batch makes it and every earlier batch durable; unsynced
 * ("cached") writes become durable with the next sync batch, which a timer
 * forces within flushIntervalMs.
 */
import type { Clock, Timer } from '../host/clock.js';
import { realClock } from '../host/clock.js';
import { assert } from '../raft/assert.js';
import { asStorageError } from './errors.js';
import type { StorageStats, WriteSeq } from './types.js';

export type BatchOp =
  | { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: Uint8Array };

export const putOp = (key: Uint8Array, value: Uint8Array): BatchOp => ({ type: 'put', key, value });
export const delOp = (key: Uint8Array): BatchOp => ({ type: 'del', key });

/** What the writer needs of LevelDB; tests may wrap it. */
export interface BatchSink {
  batch(ops: BatchOp[], options: { sync: boolean }): Promise<void>;
}

interface BatchJob {
  readonly kind: 'batch';
  readonly ops: BatchOp[];
  sync: boolean;
  lastSeq: WriteSeq;
}

interface TaskJob {
  readonly kind: 'task';
  readonly run: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Waiter {
  readonly seq: WriteSeq;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class BatchWriter {
  private readonly queue: (BatchJob | TaskJob)[] = [];
  private running = false;
  private accepted = 0 as WriteSeq;
  private applied = 0 as WriteSeq;
  private durable = 0 as WriteSeq;
  /** The newest write a started sync batch covers. */
  private syncCovered = 0 as WriteSeq;
  /** The newest write accepted without sync. */
  private cachedNewest = 0 as WriteSeq;
  private flushTimer: Timer | null = null;
  /** When the armed flush timer fires (clock time). */
  private flushDueMs = Number.POSITIVE_INFINITY;
  private appliedWaiters: Waiter[] = [];
  private durableWaiters: Waiter[] = [];
  /** Set after a failed write: memory is ahead of the disk for good, so nothing more is written. */
  private failure: unknown = null;
  private stats: { batchesWritten: number; syncsWritten: number; bytesWritten: number } = {
    batchesWritten: 0,
    syncsWritten: 0,
    bytesWritten: 0,
  };

  constructor(
    private readonly sink: BatchSink,
    private readonly flushIntervalMs: number,
    /** A harmless put that carries a sync when nothing else is queued. */
    private readonly flushOp: BatchOp,
    /** Arms the flush timer; the real clock unless a simulation runs the writer. */
    private readonly clock: Clock = realClock,
  ) {}

  get acceptedSeq(): WriteSeq {
    return this.accepted;
  }

  get appliedSeq(): WriteSeq {
    return this.applied;
  }

  get durableSeq(): WriteSeq {
    return this.durable;
  }

  statistics(): StorageStats {
    return { ...this.stats };
  }

  /**
   * Queues `ops` behind everything accepted so far and returns the write's
   * seq. An unsynced write is fsynced within `flushWithinMs` (at most the
   * writer's flushIntervalMs): the earliest bound of the cached writes wins.
   */
  accept(ops: readonly BatchOp[], sync: boolean, flushWithinMs = this.flushIntervalMs): WriteSeq {
    this.throwIfFailed();
    const seq = ++this.accepted as WriteSeq;
    const tail = this.queue.at(-1);
    const job: BatchJob = tail?.kind === 'batch' ? tail : { kind: 'batch', ops: [], sync: false, lastSeq: seq };
    if (job !== tail) this.queue.push(job);
    for (const op of ops) job.ops.push(op);
    job.sync ||= sync;
    job.lastSeq = seq;
    if (!sync) {
      this.cachedNewest = seq;
      const delayMs = Math.max(0, Math.min(flushWithinMs, this.flushIntervalMs));
      const dueMs = this.clock.now() + delayMs;
      if (dueMs < this.flushDueMs) {
        this.flushTimer?.cancel();
        this.flushDueMs = dueMs;
        this.flushTimer = this.clock.after(delayMs, () => this.onFlushTimer());
      }
    }
    this.kick();
    return seq;
  }

  /** Runs `task` after every write accepted before it and before any accepted after it. */
  enqueueTask(task: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'task', run: task, resolve, reject });
      this.kick();
    });
  }

  /** Resolves once write `seq` is in LevelDB (not necessarily fsynced). */
  whenApplied(seq: WriteSeq): Promise<void> {
    return this.wait(seq, this.applied, this.appliedWaiters);
  }

  /** Resolves once write `seq` is fsynced. */
  whenDurable(seq: WriteSeq): Promise<void> {
    return this.wait(seq, this.durable, this.durableWaiters);
  }

  /** Makes everything accepted so far durable now. */
  flush(): Promise<void> {
    if (this.syncCovered < this.accepted) this.requestSync();
    return this.whenDurable(this.accepted);
  }

  /** Waits for the queue to drain and everything accepted to be durable; the writer then refuses work. */
  async close(): Promise<void> {
    await this.enqueueTask(async () => {});
    await this.flush();
    this.flushTimer?.cancel();
    this.failure ??= new Error('storage is closed');
  }

  private wait(seq: WriteSeq, reached: WriteSeq, waiters: Waiter[]): Promise<void> {
    assert(seq <= this.accepted, `waiting for write ${seq}, but only ${this.accepted} were accepted`);
    if (seq <= reached) return Promise.resolve();
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => waiters.push({ seq, resolve, reject }));
  }

  private onFlushTimer(): void {
    this.flushTimer = null;
    this.flushDueMs = Number.POSITIVE_INFINITY;
    if (this.failure === null && this.syncCovered < this.cachedNewest) this.requestSync();
  }

  /** The next batch carries a sync; with nothing queued, a one-op batch does. */
  private requestSync(): void {
    const tail = this.queue.at(-1);
    if (tail?.kind === 'batch') tail.sync = true;
    else this.queue.push({ kind: 'batch', ops: [this.flushOp], sync: true, lastSeq: this.accepted });
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // A microtask later, so every write of the current turn joins the first batch too.
    queueMicrotask(() => void this.drain());
  }

  private async drain(): Promise<void> {
    for (let job = this.queue.shift(); job !== undefined && this.failure === null; job = this.queue.shift()) {
      try {
        if (job.kind === 'batch') await this.writeBatch(job);
        else {
          await job.run();
          job.resolve();
        }
      } catch (error) {
        this.fail(asStorageError(error, null, 'batch write'));
        if (job.kind === 'task') job.reject(this.failure);
      }
    }
    this.running = false;
  }

  private async writeBatch(job: BatchJob): Promise<void> {
    if (job.sync) this.syncCovered = job.lastSeq;
    // LevelDB skips an empty batch, and with it the fsync a sync write promises.
    if (job.ops.length === 0) job.ops.push(this.flushOp);
    await this.sink.batch(job.ops, { sync: job.sync });
    this.stats.batchesWritten++;
    for (const op of job.ops) this.stats.bytesWritten += op.key.byteLength + (op.type === 'put' ? op.value.byteLength : 0);
    this.applied = job.lastSeq;
    this.appliedWaiters = release(this.appliedWaiters, this.applied);
    if (job.sync) {
      this.stats.syncsWritten++;
      this.durable = job.lastSeq;
      this.durableWaiters = release(this.durableWaiters, this.durable);
    }
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.flushTimer?.cancel();
    for (const waiter of [...this.appliedWaiters, ...this.durableWaiters]) waiter.reject(error);
    this.appliedWaiters = [];
    this.durableWaiters = [];
    for (const job of this.queue.splice(0)) if (job.kind === 'task') job.reject(error);
  }

  /** Throws the error that stopped the writer, if any: callers check before changing memory. */
  throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}

/** Resolves the waiters whose seq was reached and returns the rest. */
function release(waiters: Waiter[], reached: WriteSeq): Waiter[] {
  const waiting: Waiter[] = [];
  for (const waiter of waiters) {
    if (waiter.seq <= reached) waiter.resolve();
    else waiting.push(waiter);
  }
  return waiting;
}
