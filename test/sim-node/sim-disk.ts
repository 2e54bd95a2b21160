/**
 * A simulated disk beneath the real NodeStorage: an in-memory, ordered
 * key-value store with the part of classic-level's interface the storage
 * code uses (get, del, clear, batch, _batch, iterator with nextv), so
 * NodeStorage, BatchWriter, GroupLog and the loader all run unchanged.
 *
 * Durability follows LevelDB's: every write is appended to one log, a
 * write with sync makes it and everything before it durable, and a crash
 * keeps the durable state plus some prefix of the unsynced writes (never an
 * arbitrary subset). Writes take virtual time; reads answer at once. Seeded
 * faults: a sync that fails (the write reports an error; whether its data
 * reached the disk is unknown, so it stays among the unsynced writes), a
 * slow sync, and a byte flipped in a stored log entry while the node is
 * down.
 */
import type { SeededRng } from '../../src/raft/index.js';
import type { Db } from '../../src/storage/level-reads.js';
import type { World } from './world.js';

type Op = { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly type: 'del'; readonly key: Uint8Array };

export interface DiskFaults {
  /** Probability that a sync write fails. */
  readonly syncFailure: number;
  /** Probability that a write takes ten times its latency. */
  readonly stall: number;
  /** Latency of a write without sync, and of one with sync, in virtual µs (upper bounds; each write draws below). */
  readonly writeUs: number;
  readonly syncUs: number;
}

/** Thrown by a simulated fsync that fails; the node must stop on it. */
export class SimulatedSyncFailure extends Error {
  override name = 'SimulatedSyncFailure';
}

/** Bytes as a string whose code units order like the bytes (latin1), for sorting and lookup. */
function sortKey(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

/** An ordered map of byte keys. */
class Store {
  private readonly keys: string[] = [];
  private readonly values = new Map<string, { key: Uint8Array; value: Uint8Array }>();

  clone(): Store {
    const copy = new Store();
    copy.keys.push(...this.keys);
    for (const [k, v] of this.values) copy.values.set(k, v);
    return copy;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.values.get(sortKey(key))?.value;
  }

  apply(op: Op): void {
    const k = sortKey(op.key);
    const at = this.lowerBound(k);
    const present = this.keys[at] === k;
    if (op.type === 'put') {
      if (!present) this.keys.splice(at, 0, k);
      this.values.set(k, { key: op.key, value: op.value });
    } else if (present) {
      this.keys.splice(at, 1);
      this.values.delete(k);
    }
  }

  /** Pairs with gte ≤ key < lt, in order (reversed if asked), at most `limit` (-1: all). */
  range(gte: Uint8Array, lt: Uint8Array, reverse: boolean, limit: number): [Uint8Array, Uint8Array][] {
    const from = this.lowerBound(sortKey(gte));
    const to = this.lowerBound(sortKey(lt));
    const pairs: [Uint8Array, Uint8Array][] = [];
    for (let i = from; i < to; i++) {
      const { key, value } = this.values.get(this.keys[i]!)!;
      pairs.push([key, value]);
    }
    if (reverse) pairs.reverse();
    return limit >= 0 ? pairs.slice(0, limit) : pairs;
  }

  /** Keys of stored log entries (kind 'l'), for corruption. */
  logKeys(): Uint8Array[] {
    return [...this.values.values()].filter(({ key }) => key.byteLength === 14 && key[0] === 0x67 && key[5] === 0x6c).map(({ key }) => key);
  }

  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One node's disk: it outlives the node's crashes. */
export class SimDisk {
  /** What survives a crash for sure. */
  private durable = new Store();
  /** Writes since the last sync, oldest first: a crash keeps a prefix of them. */
  private unsynced: Op[][] = [];
  /** What reads see: durable plus every unsynced write. */
  private visible = new Store();
  /** Bumped at every crash: completions of writes from before it are dropped. */
  private epoch = 0;
  /** A corrupted entry to put back once the node has refused it: [key, good value]. */
  private corrupted: [Uint8Array, Uint8Array] | undefined;
  /** Power losses that took writes LevelDB had accepted but not synced (with write caching: acknowledged entries). */
  unsyncedLosses = 0;

  constructor(
    private readonly world: World,
    private readonly rng: SeededRng,
    /** The liveness phase turns the faults off. */
    public faults: DiskFaults,
  ) {}

  /** A database handle for one run of the node (NodeStorage's seam). */
  open(): Db {
    return new SimDb(this, this.epoch) as unknown as Db;
  }

  /**
   * The node died; writes in flight never finish. A power loss also loses
   * the unsynced writes past a random point; a process crash keeps them
   * (the operating system holds what LevelDB wrote).
   */
  crash(powerLoss: boolean): void {
    this.epoch++;
    const kept = powerLoss ? this.rng.int(this.unsynced.length + 1) : this.unsynced.length;
    if (kept < this.unsynced.length) this.unsyncedLosses++;
    for (const ops of this.unsynced.slice(0, kept)) for (const op of ops) this.durable.apply(op);
    this.unsynced = [];
    this.visible = this.durable.clone();
  }

  /** Flips a byte of a random stored log entry (the node is down); false if there is none. */
  corruptLogEntry(): boolean {
    const keys = this.durable.logKeys();
    if (keys.length === 0) return false;
    const key = keys[this.rng.int(keys.length)]!;
    const good = this.durable.get(key)!;
    const bad = Uint8Array.from(good);
    bad[this.rng.int(bad.byteLength)]! ^= 1 << this.rng.int(8);
    this.corrupted = [key, good];
    this.durable.apply({ type: 'put', key, value: bad });
    this.visible = this.durable.clone();
    return true;
  }

  /** The group and index of the corrupted entry, while one is in place. */
  get corruptedEntry(): { group: number; index: number } | undefined {
    const key = this.corrupted?.[0];
    if (key === undefined) return undefined;
    const bytes = Buffer.from(key);
    return { group: bytes.readUInt32BE(1), index: Number(bytes.readBigUInt64BE(6)) };
  }

  /** Puts the good value back (an operator restoring the replica). */
  repair(): void {
    if (this.corrupted === undefined) return;
    const [key, value] = this.corrupted;
    this.corrupted = undefined;
    this.durable.apply({ type: 'put', key, value });
    this.visible = this.durable.clone();
  }

  read(epoch: number): Store {
    this.checkEpoch(epoch);
    return this.visible;
  }

  /** Applies `ops` after the write's latency; with sync, makes everything written so far durable, or fails. */
  write(epoch: number, ops: readonly Op[], sync: boolean): Promise<void> {
    this.checkEpoch(epoch);
    const copied = ops.map((op): Op => (op.type === 'put' ? { type: 'put', key: Uint8Array.from(op.key), value: Uint8Array.from(op.value) } : { type: 'del', key: Uint8Array.from(op.key) }));
    const boundUs = sync ? this.faults.syncUs : this.faults.writeUs;
    let latencyUs = 1 + this.rng.int(boundUs);
    if (this.rng.float() < this.faults.stall) latencyUs *= 10;
    const fails = sync && this.rng.float() < this.faults.syncFailure;
    return new Promise((resolve, reject) => {
      this.world.after(latencyUs, () => {
        if (epoch !== this.epoch) return;
        for (const op of copied) this.visible.apply(op);
        this.unsynced.push(copied);
        if (fails) {
          reject(new SimulatedSyncFailure('simulated fsync failure'));
          return;
        }
        if (sync) {
          for (const written of this.unsynced) for (const op of written) this.durable.apply(op);
          this.unsynced = [];
        }
        resolve();
      });
    });
  }

  private checkEpoch(epoch: number): void {
    if (epoch !== this.epoch) throw new Error('the simulated database was used after its node crashed');
  }
}

interface RangeOptions {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
  readonly reverse?: boolean;
  readonly limit?: number;
}

/** classic-level's surface, as NodeStorage and its helpers call it. */
class SimDb {
  constructor(
    private readonly disk: SimDisk,
    private readonly epoch: number,
  ) {}

  open(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.disk.read(this.epoch).get(key));
  }

  del(key: Uint8Array): Promise<void> {
    return this.disk.write(this.epoch, [{ type: 'del', key }], false);
  }

  batch(ops: readonly Op[]): Promise<void> {
    return this.disk.write(this.epoch, ops, false);
  }

  _batch(ops: readonly Op[], options: { sync: boolean }): Promise<void> {
    return this.disk.write(this.epoch, ops, options.sync);
  }

  clear(range: RangeOptions): Promise<void> {
    const keys = this.disk.read(this.epoch).range(range.gte, range.lt, false, -1);
    return this.disk.write(this.epoch, keys.map(([key]) => ({ type: 'del', key })), false);
  }

  /** An iterator over a snapshot taken now, as LevelDB's are. */
  iterator(range: RangeOptions): { nextv(size: number): Promise<[Uint8Array, Uint8Array][]>; close(): Promise<void> } {
    const pairs = this.disk.read(this.epoch).range(range.gte, range.lt, range.reverse ?? false, range.limit ?? -1);
    let at = 0;
    return {
      nextv: (size) => {
        const chunk = pairs.slice(at, at + size);
        at += chunk.length;
        return Promise.resolve(chunk);
      },
      close: () => Promise.resolve(),
    };
  }
}
