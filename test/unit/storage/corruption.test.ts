import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNAVAILABLE } from '../../../src/raft/storage.js';
import type { Entry, LogIndex, NodeId, Term } from '../../../src/raft/types.js';
import { StorageCorruptionError } from '../../../src/storage/errors.js';
import { Kind, groupKey, indexedKey, markerKey } from '../../../src/storage/keys.js';
import type { Db } from '../../../src/storage/level-reads.js';
import type { NodeStorage } from '../../../src/storage/node-storage.js';
import type { Offset } from '../../../src/storage/types.js';
import { G1, confEntry, entries, useTempStorage } from './helpers.js';

const temp = useTempStorage();

const conf = { voters: [1 as NodeId], learners: [] };

/** Entries 1..20 (terms 1 and 2, a ConfChange at 10), compacted at 3, committed at 15, one offset point per entry. */
async function writeSample(storage: NodeStorage): Promise<void> {
  await storage.createGroup(G1);
  const written = [...entries(1, 9, 1), confEntry(10, 1, [1]), ...entries(11, 20, 2)];
  const offsets = written.map((e) => ({ baseOffset: BigInt(10 * e.index) as Offset, index: e.index }));
  await storage.write([{ group: G1, entries: written, offsets }]);
  await storage.write([{ group: G1, hardState: { term: 2 as Term, vote: 1 as NodeId, commit: 15 as LogIndex } }]);
  await storage.compact(G1, 3 as LogIndex, conf, new Uint8Array([1, 2, 3]));
}

async function withRawDb(action: (db: Db) => Promise<void>): Promise<void> {
  const db = await temp.rawDb();
  await action(db);
  await db.close();
}

async function flipLastBit(key: Uint8Array): Promise<void> {
  await withRawDb(async (db) => {
    const value = Uint8Array.from((await db.get(key))!);
    value[value.length - 1]! ^= 1;
    await db.put(key, value);
  });
}

async function expectCorruption(promise: Promise<unknown>, key: string | RegExp): Promise<StorageCorruptionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageCorruptionError);
  const corruption = error as StorageCorruptionError;
  expect(corruption.group).toBe(G1);
  if (typeof key === 'string') expect(corruption.key).toBe(key);
  else expect(corruption.key).toMatch(key);
  return corruption;
}

async function dbFiles(suffix: string): Promise<string[]> {
  return (await readdir(join(temp.dir, 'db'))).filter((name) => name.endsWith(suffix)).map((name) => join(temp.dir, 'db', name));
}

describe('corruption detection', () => {
  it.each([
    ['m|1', markerKey(G1)],
    ['g|1|hard', groupKey(G1, Kind.hard)],
    ['g|1|snap', groupKey(G1, Kind.snap)],
    ['g|1|snapdata', groupKey(G1, Kind.snapData)],
    ['g|1|term|11', indexedKey(G1, Kind.term, 11)],
    ['g|1|conf|10', indexedKey(G1, Kind.conf, 10)],
    ['g|1|log|7', indexedKey(G1, Kind.log, 7)],
    ['g|1|off|180', indexedKey(G1, Kind.off, 180n)],
  ])('open() reports a %s value whose CRC no longer matches, naming the group and key', async (name, key) => {
    const storage = await temp.open();
    await writeSample(storage);
    await storage.close();
    await flipLastBit(key);
    await expectCorruption(temp.open(), name);
  });

  it('a valid value copied under another key fails its CRC', async () => {
    const storage = await temp.open();
    await writeSample(storage);
    await storage.close();
    await withRawDb(async (db) => db.put(indexedKey(G1, Kind.log, 8), (await db.get(indexedKey(G1, Kind.log, 7)))!));
    const error = await expectCorruption(temp.open(), 'g|1|log|8');
    expect(error.detail).toMatch(/CRC32C/);
  });

  it('a missing entry is reported as a gap by a full open and by a read across it after a tail open', async () => {
    const storage = await temp.open();
    await writeSample(storage);
    await storage.close();
    await withRawDb((db) => db.del(indexedKey(G1, Kind.log, 9)));
    await expectCorruption(temp.open(), 'g|1|log|9');
    const tailOpened = await temp.open({ verifyOnOpen: 'tail', tailCacheBytesMax: 500 });
    await expectCorruption(tailOpened.readEntries(G1, 5 as LogIndex, Number.POSITIVE_INFINITY), 'g|1|log|9');
  });

  it("with verifyOnOpen 'tail', damage outside the tail is reported by the reads that touch it", async () => {
    const storage = await temp.open();
    await writeSample(storage);
    await storage.close();
    await flipLastBit(indexedKey(G1, Kind.log, 5));
    const opened = await temp.open({ verifyOnOpen: 'tail', tailCacheBytesMax: 500 });
    await expectCorruption(opened.readEntries(G1, 4 as LogIndex, Number.POSITIVE_INFINITY), 'g|1|log|5');
    const log = opened.group(G1)!;
    expect(log.entries(4 as LogIndex, 8 as LogIndex, Number.POSITIVE_INFINITY)).toBe(UNAVAILABLE);
    await log.settled();
    expect(() => log.entries(4 as LogIndex, 8 as LogIndex, Number.POSITIVE_INFINITY)).toThrow(StorageCorruptionError);
  });

  it('bytes flipped in a value inside a table file (.ldb) are reported at open, not served', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    const written = entries(1, 300, 1, 1024);
    await storage.write([{ group: G1, entries: written }]);
    await storage.close();
    await withRawDb((db) => db.compactRange(Uint8Array.of(0), Uint8Array.of(0xff)));
    const target = written[149]!.data;
    let flipped = 0;
    for (const file of await dbFiles('.ldb')) {
      const bytes = await readFile(file);
      const at = bytes.indexOf(target);
      if (at < 0) continue;
      bytes[at + 100]! ^= 0x40;
      await writeFile(file, bytes);
      flipped++;
    }
    expect(flipped).toBe(1);
    await expectCorruption(temp.open(), 'g|1|log|150');
  });

  it("a damaged record in LevelDB's own log file (.log) shows up as a gap reported at open", async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    for (let index = 1; index <= 300; index++) await storage.write([{ group: G1, entries: entries(index, index, 1, 1024) }]);
    await storage.close();
    const [logFile, ...others] = await dbFiles('.log');
    expect(others).toEqual([]);
    const bytes = await readFile(logFile!);
    // LevelDB drops the damaged record (and the rest of its 32 KiB block) silently; later records survive.
    bytes[bytes.length >> 1]! ^= 0x01;
    await writeFile(logFile!, bytes);
    const error = await expectCorruption(temp.open(), /^g\|1\|log\|\d+$/);
    expect(error.detail).toMatch(/missing/);
  });

  it("LevelDB's own corruption errors are wrapped: a table file whose footer is damaged", async () => {
    const storage = await temp.open();
    await writeSample(storage);
    await storage.close();
    await withRawDb((db) => db.compactRange(Uint8Array.of(0), Uint8Array.of(0xff)));
    for (const file of await dbFiles('.ldb')) {
      const bytes = await readFile(file);
      bytes[bytes.length - 1]! ^= 0xff; // the table magic number
      await writeFile(file, bytes);
    }
    const error = await temp.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageCorruptionError);
    // The first read is of the format version, before any group: the error says so rather than guess a group.
    expect(error).toMatchObject({ group: null, key: 'v', cause: { code: 'LEVEL_CORRUPTION' } });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random bytes flipped in table files never make a read serve wrong data (seed %i)', async (seed) => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    const written: Entry[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const appended = entries(batch * 10 + 1, batch * 10 + 10, 1, 1024);
      written.push(...appended);
      await storage.write([{ group: G1, entries: appended }]);
    }
    await storage.close();
    await withRawDb((db) => db.compactRange(Uint8Array.of(0), Uint8Array.of(0xff)));
    const random = xorshift(seed);
    const files = await dbFiles('.ldb');
    for (let flip = 0; flip < 3; flip++) {
      const file = files[random() % files.length]!;
      const bytes = await readFile(file);
      bytes[random() % bytes.length]! ^= 1 << random() % 8;
      await writeFile(file, bytes);
    }
    const outcome = await temp.open().then(
      async (opened) => opened.readEntries(G1, 1 as LogIndex, Number.POSITIVE_INFINITY),
      (error: unknown) => error,
    );
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(StorageCorruptionError);
    else expect(outcome).toEqual(written);
  });
});

function xorshift(seed: number): () => number {
  let x = seed * 0x9e3779b1 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
