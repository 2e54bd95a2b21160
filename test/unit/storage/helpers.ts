/** Shared fixtures for the storage tests: a fresh directory per test, entry builders, raw key listings. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, beforeEach } from 'vitest';
import { encodeConfState } from '../../../src/raft/conf.js';
import { UNAVAILABLE } from '../../../src/raft/storage.js';
import type { ConfState, Entry, LogIndex, NodeId, Term } from '../../../src/raft/types.js';
import { EntryType } from '../../../src/raft/types.js';
import { describeKey } from '../../../src/storage/keys.js';
import type { Db } from '../../../src/storage/level-reads.js';
import type { NodeStorageOptions } from '../../../src/storage/options.js';
import { NodeStorage } from '../../../src/storage/node-storage.js';
import type { GroupId } from '../../../src/storage/types.js';

export const G1 = 1 as GroupId;
export const G2 = 2 as GroupId;

/** Registers a temp directory per test; storages opened through it are closed and the directory removed after. */
export function useTempStorage(): {
  readonly dir: string;
  open(options?: Partial<NodeStorageOptions>): Promise<NodeStorage>;
  rawDb(): Promise<Db>;
} {
  let dir = '';
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-storage-'));
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    async open(options = {}) {
      const storage = await NodeStorage.open({ dataDir: dir, ...options });
      closers.push(() => storage.close());
      return storage;
    },
    async rawDb() {
      const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
      await db.open();
      closers.push(() => db.close());
      return db;
    },
  };
}

/** Deterministic bytes for (index, salt): a payload that cannot be confused with another entry's. */
export function payload(index: number, bytes = 24, salt = 0): Uint8Array {
  const data = new Uint8Array(bytes);
  let x = (Math.imul(index, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  return data;
}

export function entry(index: number, term: number, data: Uint8Array = payload(index)): Entry {
  return { index: index as LogIndex, term: term as Term, type: EntryType.Normal, data };
}

export function confEntry(index: number, term: number, voters: number[]): Entry {
  const conf: ConfState = { voters: voters as NodeId[], learners: [] };
  return { index: index as LogIndex, term: term as Term, type: EntryType.ConfChange, data: encodeConfState(conf) };
}

/** Entries lo..hi inclusive, all of one term. */
export function entries(lo: number, hi: number, term: number, bytes = 24): Entry[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => entry(lo + i, term, payload(lo + i, bytes, term)));
}

/** Every key in the database, human-readable, in key order. */
export async function storedKeys(db: Db): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of db.keys()) keys.push(describeKey(key));
  return keys;
}

/** Keys of one kind of one group, e.g. kindKeys(keys, 1, 'log') → ['g|1|log|1', ...]. */
export function kindKeys(keys: readonly string[], group: number, kind: string): string[] {
  return keys.filter((key) => key.startsWith(`g|${group}|${kind}|`));
}

/** Everything Raft and the data path can observe of a group, for comparing before and after a reopen. */
export async function observe(storage: NodeStorage, group: GroupId): Promise<unknown> {
  const log = storage.group(group);
  if (log === undefined) throw new Error(`no group ${group}`);
  const first = log.firstIndex();
  const last = log.lastIndex();
  const terms = Array.from({ length: last - first + 2 }, (_, i) => log.term((first - 1 + i) as LogIndex));
  let snapshot = log.snapshot();
  if (snapshot === UNAVAILABLE) {
    await log.settled();
    snapshot = log.snapshot();
  }
  const stored = await storage.readEntries(group, first, Number.POSITIVE_INFINITY);
  return { first, last, hardState: log.hardState(), initialState: log.initialState(), terms, entries: stored, snapshot };
}
