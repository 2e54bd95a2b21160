/**
 * Range deletions (a deleted group's keys, a compacted log's prefix) run beside the write queue, so
 * writes of other groups do not wait behind a large one; what must stay ordered (a group created
 * again, closing the database) waits for them.
 */
import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/types.js';
import type { Db } from '../../../src/storage/level-reads.js';
import { NodeStorage } from '../../../src/storage/node-storage.js';
import { G1, G2, entries, storedKeys, useTempStorage } from './helpers.js';

const temp = useTempStorage();
const keysOf = (keys: readonly string[], group: number): string[] => keys.filter((key) => key.startsWith(`g|${group}|`) || key === `m|${group}`);

/** A storage whose database holds every range deletion (`clear`) until `release()`; closed after the test by the caller. */
async function gatedStorage(): Promise<{ storage: NodeStorage; clearsWaiting: () => number; release: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  const makeDb = (location: string): Promise<Db> => {
    const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view' });
    const gated = new Proxy(db, {
      get(target, property) {
        if (property === 'clear') {
          return async (...args: Parameters<Db['clear']>) => {
            waiting++;
            await gate;
            waiting--;
            return target.clear(...args);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return Promise.resolve(gated);
  };
  const storage = await NodeStorage.open({ dataDir: temp.dir }, { makeDb });
  return { storage, clearsWaiting: () => waiting, release };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('NodeStorage range deletions', () => {
  it('makes a write of another group durable while a deleted group’s keys are still being cleared', async () => {
    const { storage, clearsWaiting, release } = await gatedStorage();
    try {
      await storage.createGroup(G1);
      await storage.createGroup(G2);
      await storage.write([{ group: G2, entries: entries(1, 50, 1) }]);
      const deleted = storage.deleteGroup(G2);
      await until(() => clearsWaiting() === 1);
      await storage.write([{ group: G1, entries: entries(1, 1, 1) }]);
      release();
      await deleted;
    } finally {
      release();
      await storage.close();
    }
    const db = await temp.rawDb();
    expect(keysOf(await storedKeys(db), 2)).toEqual([]);
  });

  it('makes a write of another group durable while a compacted prefix is still being cleared', async () => {
    const { storage, clearsWaiting, release } = await gatedStorage();
    try {
      await storage.createGroup(G1);
      await storage.createGroup(G2);
      await storage.write([{ group: G2, entries: entries(1, 50, 1) }]);
      await storage.compact(G2, 40 as LogIndex, { voters: [1 as never], learners: [] }, new Uint8Array(4));
      await until(() => clearsWaiting() === 1);
      await storage.write([{ group: G1, entries: entries(1, 1, 1) }]);
      expect(storage.group(G2)!.firstIndex()).toBe(41);
      release();
    } finally {
      release();
      await storage.close();
    }
    const db = await temp.rawDb();
    expect((await storedKeys(db)).filter((key) => /^g\|2\|log\|/.test(key))).toEqual(
      Array.from({ length: 10 }, (_, i) => `g|2|log|${41 + i}`),
    );
  });

  it('creates a group deleted a moment ago only once its old keys are cleared, empty', async () => {
    let storage = await temp.open();
    await storage.createGroup(G2);
    await storage.write([{ group: G2, entries: entries(1, 300, 1, 1024) }]);
    const deleted = storage.deleteGroup(G2);
    const created = await storage.createGroup(G2);
    await deleted;
    expect(created.lastIndex()).toBe(0);
    await storage.write([{ group: G2, entries: entries(1, 2, 7) }]);
    await storage.close();

    storage = await temp.open();
    expect(storage.group(G2)!.lastIndex()).toBe(2);
    expect(storage.group(G2)!.term(1 as LogIndex)).toBe(7);
  });

  it('finishes clearing a deleted group before it closes the database', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    await storage.write([{ group: G2, entries: entries(1, 1_000, 1, 1024) }]);
    const deleted = storage.deleteGroup(G2);
    await storage.close();
    await deleted;

    const db = await temp.rawDb();
    expect(keysOf(await storedKeys(db), 2)).toEqual([]);
    expect(keysOf(await storedKeys(db), 1).length).toBeGreaterThan(0);
  });
});
