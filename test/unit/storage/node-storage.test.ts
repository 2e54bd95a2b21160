import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../../src/raft/assert.js';
import { COMPACTED, UNAVAILABLE } from '../../../src/raft/storage.js';
import type { HardState, LogIndex, NodeId, Term } from '../../../src/raft/types.js';
import { OffsetOrderError } from '../../../src/storage/errors.js';
import type { Offset, OffsetPoint } from '../../../src/storage/types.js';
import { G1, G2, confEntry, entries, kindKeys, observe, payload, storedKeys, useTempStorage } from './helpers.js';

const temp = useTempStorage();

const hard = (term: number, commit: number, vote = 1): HardState => ({
  term: term as Term,
  vote: vote as NodeId,
  commit: commit as LogIndex,
});
const point = (baseOffset: number, index: number): OffsetPoint => ({ baseOffset: BigInt(baseOffset) as Offset, index: index as LogIndex });
/** One offset point per entry: entry i holds offsets [10·i, 10·i + 9]. */
const pointsFor = (lo: number, hi: number): OffsetPoint[] => Array.from({ length: hi - lo + 1 }, (_, i) => point(10 * (lo + i), lo + i));
const conf = (voters: number[]) => ({ voters: voters as NodeId[], learners: [] });

describe('NodeStorage', () => {
  it('starts a new group as an empty log with an empty snapshot', async () => {
    const storage = await temp.open();
    const log = await storage.createGroup(G1);
    expect([log.firstIndex(), log.lastIndex(), log.term(0 as LogIndex)]).toEqual([1, 0, 0]);
    expect(log.initialState()).toEqual({ hardState: hard(0, 0, 0), confHistory: [{ index: 0, conf: conf([]) }] });
    expect(log.snapshot()).toEqual({ metadata: { index: 0, term: 0, conf: conf([]) }, data: new Uint8Array(0) });
  });

  it('serves appended entries, hard state and membership from memory at once, and identically after reopen', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    const log = storage.group(G1)!;
    const written = [...entries(1, 4, 1), confEntry(5, 1, [1, 2]), ...entries(6, 9, 2)];
    const durable = storage.write([{ group: G1, entries: written, hardState: hard(2, 3), offsets: pointsFor(1, 9) }]);
    expect(log.entries(1 as LogIndex, 10 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written);
    expect(log.term(5 as LogIndex)).toBe(1);
    expect(log.term(6 as LogIndex)).toBe(2);
    expect(log.initialState().confHistory).toEqual([{ index: 0, conf: conf([]) }, { index: 5, conf: conf([1, 2]) }]);
    await durable;
    const before = await observe(storage, G1);

    await storage.close();
    storage = await temp.open();
    expect(storage.groups()).toEqual([G1]);
    expect(await observe(storage, G1)).toEqual(before);
    expect(await storage.readEntries(G1, 1 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written);
  });

  it('refuses a write whose offsets do not follow the group’s with OffsetOrderError, changing nothing of any group', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    await storage.write([{ group: G1, entries: entries(1, 3, 1), offsets: pointsFor(1, 3) }]);
    const before = [await observe(storage, G1), await observe(storage, G2)];
    const writes = [
      { group: G2, entries: entries(1, 1, 1), offsets: [point(0, 1)] },
      // Entry 4 starting at offset 30, which entry 3 already holds: what an empty batch before it used to cause.
      { group: G1, entries: entries(4, 4, 1), offsets: [point(30, 4)] },
    ];
    expect(() => storage.write(writes)).toThrow(OffsetOrderError);
    expect(() => storage.write(writes)).toThrow('group 1: offset point (30 → 4) does not follow (30 → 3)');
    expect([await observe(storage, G1), await observe(storage, G2)]).toEqual(before);
    await storage.write(writes.slice(0, 1));
    expect(storage.group(G2)!.lastIndex()).toBe(1);
  });

  it('overwriting a conflicting suffix deletes its entries, term runs, conf points and offset-index keys', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    const original = [...entries(1, 5, 1), ...entries(6, 6, 2), confEntry(7, 2, [1, 2]), ...entries(8, 10, 3)];
    await storage.write([{ group: G1, entries: original, offsets: pointsFor(1, 10) }]);
    // Committing 5 lets memory forget older points; those of 6..10 must still be found and deleted.
    await storage.write([{ group: G1, hardState: hard(3, 5) }]);
    const replacement = entries(6, 7, 4);
    await storage.write([{ group: G1, entries: replacement }]);

    const log = storage.group(G1)!;
    expect(log.lastIndex()).toBe(7);
    expect(log.entries(5 as LogIndex, 8 as LogIndex, Number.POSITIVE_INFINITY)).toEqual([original[4], ...replacement]);
    expect(log.initialState().confHistory).toEqual([{ index: 0, conf: conf([]) }]);
    expect(await storage.indexForOffset(G1, 99n)).toEqual(point(50, 5));
    await storage.close();

    const keys = await storedKeys(await temp.rawDb());
    expect(kindKeys(keys, 1, 'log')).toEqual(Array.from({ length: 7 }, (_, i) => `g|1|log|${i + 1}`));
    expect(kindKeys(keys, 1, 'term')).toEqual(['g|1|term|1', 'g|1|term|6']);
    expect(kindKeys(keys, 1, 'conf')).toEqual([]);
    expect(kindKeys(keys, 1, 'off')).toEqual(['g|1|off|10', 'g|1|off|20', 'g|1|off|30', 'g|1|off|40', 'g|1|off|50']);
  });

  it('the replacement term run survives a reopen', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: [...entries(1, 3, 1), ...entries(4, 6, 2)] }]);
    await storage.write([{ group: G1, entries: entries(4, 5, 3) }]);
    await storage.close();
    storage = await temp.open();
    const log = storage.group(G1)!;
    expect([3, 4, 5].map((i) => log.term(i as LogIndex))).toEqual([1, 3, 3]);
    expect(log.lastIndex()).toBe(5);
  });

  it('refuses to truncate committed entries', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 5, 1), hardState: hard(1, 4) }]);
    expect(() => storage.write([{ group: G1, entries: entries(4, 4, 2) }])).toThrow(AssertionError);
  });

  it('compaction deletes the prefix: entries, term runs, conf points and offset points below the snapshot', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    const written = [...entries(1, 2, 1), confEntry(3, 1, [1, 2]), ...entries(4, 4, 1), ...entries(5, 7, 2), confEntry(8, 2, [1, 2, 3]), ...entries(9, 10, 2)];
    await storage.write([{ group: G1, entries: written, hardState: hard(2, 10), offsets: pointsFor(1, 10) }]);
    const data = payload(0, 100);
    await storage.compact(G1, 6 as LogIndex, conf([1, 2]), data);

    const log = storage.group(G1)!;
    expect([log.firstIndex(), log.lastIndex()]).toEqual([7, 10]);
    expect(log.term(5 as LogIndex)).toBe(COMPACTED);
    expect(log.term(6 as LogIndex)).toBe(2);
    expect(log.entries(6 as LogIndex, 8 as LogIndex, 1000)).toBe(COMPACTED);
    expect(log.initialState().confHistory).toEqual([{ index: 6, conf: conf([1, 2]) }, { index: 8, conf: conf([1, 2, 3]) }]);
    expect(log.snapshot()).toEqual({ metadata: { index: 6, term: 2, conf: conf([1, 2]) }, data });
    expect(await storage.readEntries(G1, 6 as LogIndex, 1000)).toBe(COMPACTED);
    expect(await storage.indexForOffset(G1, 65n)).toBeNull();
    expect(await storage.indexForOffset(G1, 75n)).toEqual(point(70, 7));
    const before = await observe(storage, G1);
    await storage.close();

    const db = await temp.rawDb();
    const keys = await storedKeys(db);
    await db.close();
    expect(kindKeys(keys, 1, 'log')).toEqual(['g|1|log|7', 'g|1|log|8', 'g|1|log|9', 'g|1|log|10']);
    expect(kindKeys(keys, 1, 'term')).toEqual(['g|1|term|7']);
    expect(kindKeys(keys, 1, 'conf')).toEqual(['g|1|conf|8']);
    expect(kindKeys(keys, 1, 'off')).toEqual(['g|1|off|70', 'g|1|off|80', 'g|1|off|90', 'g|1|off|100']);
    storage = await temp.open();
    expect(await observe(storage, G1)).toEqual(before);
  });

  it('a snapshot that agrees with the log keeps the entries after it', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: [...entries(1, 3, 1), ...entries(4, 8, 2)] }]);
    const snapshot = { metadata: { index: 5 as LogIndex, term: 2 as Term, conf: conf([1]) }, data: payload(1, 10) };
    await storage.write([{ group: G1, snapshot, hardState: hard(2, 5) }]);
    const log = storage.group(G1)!;
    expect([log.firstIndex(), log.lastIndex()]).toEqual([6, 8]);
    expect(log.entries(6 as LogIndex, 9 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(entries(6, 8, 2));
    expect(log.snapshot()).toEqual(snapshot);
  });

  it('a snapshot that disagrees with the log replaces all of it', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 8, 1), offsets: pointsFor(1, 8) }]);
    const snapshot = { metadata: { index: 5 as LogIndex, term: 3 as Term, conf: conf([1, 2]) }, data: payload(2, 10) };
    await storage.write([{ group: G1, snapshot, hardState: hard(3, 5) }]);
    const log = storage.group(G1)!;
    expect([log.firstIndex(), log.lastIndex(), log.term(5 as LogIndex)]).toEqual([6, 5, 3]);
    expect(await storage.indexForOffset(G1, 75n)).toBeNull();
    const before = await observe(storage, G1);
    await storage.close();

    const db = await temp.rawDb();
    const keys = await storedKeys(db);
    await db.close();
    expect(keys.filter((key) => /^g\|1\|(log|term|conf|off)\|/.test(key))).toEqual([]);
    storage = await temp.open();
    expect(await observe(storage, G1)).toEqual(before);
  });

  it('finds the offset-index floor in memory and, for older points, on disk', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    const points = Array.from({ length: 300 }, (_, i) => point(1000 + 7 * i * i, i + 1));
    // Commit at 200: points up to there leave memory and are answered by a reverse seek.
    await storage.write([{ group: G1, entries: entries(1, 300, 1), hardState: hard(1, 200), offsets: points }]);
    const naiveFloor = (offset: bigint): OffsetPoint | null => points.filter((p) => p.baseOffset <= offset).at(-1) ?? null;
    const probes = [0n, 999n, 1000n, 1001n, 1007n, 1028n, 1029n, 200_000n, 700_000n, (1n << 64n) - 1n];
    for (let i = 0; i < 300; i += 13) probes.push(points[i]!.baseOffset, points[i]!.baseOffset - 1n);
    for (const offset of probes) expect(await storage.indexForOffset(G1, offset)).toEqual(naiveFloor(offset));
    await storage.close();
    storage = await temp.open();
    for (const offset of probes) expect(await storage.indexForOffset(G1, offset)).toEqual(naiveFloor(offset));
  });

  it('answers entries outside the tail cache with UNAVAILABLE until their load completes', async () => {
    let storage = await temp.open({ tailCacheBytesMax: 2000, readAheadBytes: 1 });
    await storage.createGroup(G1);
    const written = entries(1, 100, 1, 100);
    await storage.write([{ group: G1, entries: written }]);
    let log = storage.group(G1)!;
    expect(log.entries(90 as LogIndex, 101 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written.slice(89));
    expect(log.entries(10 as LogIndex, 20 as LogIndex, 350)).toBe(UNAVAILABLE);
    await log.settled();
    expect(log.entries(10 as LogIndex, 20 as LogIndex, 350)).toEqual(written.slice(9, 12));

    await storage.close();
    storage = await temp.open({ tailCacheBytesMax: 2000, readAheadBytes: 1 });
    log = storage.group(G1)!;
    expect(log.entries(1 as LogIndex, 101 as LogIndex, Number.POSITIVE_INFINITY)).toBe(UNAVAILABLE);
    await log.settled();
    expect(log.entries(1 as LogIndex, 101 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written);
  });

  it('a reader far behind makes progress while appends move the tail on during every load', async () => {
    // A restarted follower applying its log from the start while its leader keeps appending:
    // each load reaches only where the tail began when it started, and the tail has moved on since.
    const storage = await temp.open({ tailCacheBytesMax: 2000, readAheadBytes: 1 });
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 100, 1, 100) }]);
    const log = storage.group(G1)!;
    let next = 1;
    let last = 100;
    for (let load = 0; load < 20 && next <= 100; load++) {
      const answer = log.entries(next as LogIndex, (last + 1) as LogIndex, Number.POSITIVE_INFINITY);
      if (answer !== UNAVAILABLE && answer !== COMPACTED) {
        expect(answer[0]!.index).toBe(next);
        next += answer.length;
        continue;
      }
      await storage.write([{ group: G1, entries: entries(last + 1, last + 20, 1, 100) }]);
      last += 20;
      await log.settled();
    }
    expect(next).toBeGreaterThan(100);
  });

  it('a load that raced with a truncation does not bring back the replaced entries', async () => {
    // A tail of about one entry, so the replacements are evicted and only the loaded window could answer.
    const storage = await temp.open({ tailCacheBytesMax: 1500, readAheadBytes: 1 });
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 20, 1, 1000) }]);
    const log = storage.group(G1)!;
    expect(log.entries(1 as LogIndex, 21 as LogIndex, Number.POSITIVE_INFINITY)).toBe(UNAVAILABLE);
    const replacement = entries(5, 7, 2, 1000);
    const written = storage.write([{ group: G1, entries: replacement }]);
    await log.settled();
    await written;
    const read = await (async () => {
      const first = log.entries(1 as LogIndex, 8 as LogIndex, Number.POSITIVE_INFINITY);
      if (first !== UNAVAILABLE) return first;
      await log.settled();
      return log.entries(1 as LogIndex, 8 as LogIndex, Number.POSITIVE_INFINITY);
    })();
    expect(read).toEqual([...entries(1, 4, 1, 1000), ...replacement]);
  });

  it('over the node bound on cached bytes, the group written least recently reads its tail from disk again', async () => {
    const storage = await temp.open({ tailCacheBytesMax: 2000, cacheBytesTotalMax: 2000 });
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    const written = entries(1, 10, 1, 100);
    await storage.write([{ group: G1, entries: written }]);
    const log = storage.group(G1)!;
    expect(log.entries(1 as LogIndex, 11 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written);
    await storage.write([{ group: G2, entries: entries(1, 10, 1, 100) }]);
    expect(log.entries(1 as LogIndex, 11 as LogIndex, Number.POSITIVE_INFINITY)).toBe(UNAVAILABLE);
    await log.settled();
    expect(log.entries(1 as LogIndex, 11 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(written);
    expect(await storage.readEntries(G2, 1 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(entries(1, 10, 1, 100));
  });

  it('refuses a node bound on cached bytes below the per-group bound', async () => {
    await expect(temp.open({ tailCacheBytesMax: 2000, cacheBytesTotalMax: 1000 })).rejects.toThrow(/cacheBytesTotalMax \(1000\) must be at least tailCacheBytesMax \(2000\)/);
  });

  it('loads snapshot data on demand after a tail-verified open', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 4, 1) }]);
    const data = payload(9, 5000);
    await storage.compact(G1, 3 as LogIndex, conf([1]), data);
    await storage.close();
    storage = await temp.open({ verifyOnOpen: 'tail' });
    const log = storage.group(G1)!;
    expect(log.snapshot()).toBe(UNAVAILABLE);
    await log.settled();
    expect(log.snapshot()).toEqual({ metadata: { index: 3, term: 1, conf: conf([1]) }, data });
  });

  it('readEntries reads past the cache from disk, bounded by bytesMax and endIndex', async () => {
    const storage = await temp.open({ tailCacheBytesMax: 1000 });
    await storage.createGroup(G1);
    const written = entries(1, 50, 1, 100);
    await storage.write([{ group: G1, entries: written }]);
    expect(await storage.readEntries(G1, 1 as LogIndex, 450)).toEqual(written.slice(0, 4));
    expect(await storage.readEntries(G1, 3 as LogIndex, 10)).toEqual(written.slice(2, 3));
    expect(await storage.readEntries(G1, 5 as LogIndex, Number.POSITIVE_INFINITY, 8 as LogIndex)).toEqual(written.slice(4, 7));
    expect(await storage.readEntries(G1, 51 as LogIndex, 1000)).toEqual([]);
  });

  it('openGroup returns the stored log, or creates the group when it is new', async () => {
    let storage = await temp.open();
    const created = await storage.openGroup(G1);
    await storage.write([{ group: G1, entries: entries(1, 2, 1) }]);
    expect(await storage.openGroup(G1)).toBe(created);
    await storage.close();
    storage = await temp.open();
    expect((await storage.openGroup(G1)).lastIndex()).toBe(2);
    expect((await storage.openGroup(G2)).lastIndex()).toBe(0);
    expect(storage.groups()).toEqual([G1, G2]);
  });

  it('lists groups on open and deletes every key of a deleted group', async () => {
    let storage = await temp.open();
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    await storage.write([
      { group: G1, entries: entries(1, 5, 1), offsets: pointsFor(1, 5) },
      { group: G2, entries: entries(1, 3, 1), hardState: hard(1, 2) },
    ]);
    await storage.compact(G2, 2 as LogIndex, conf([1]), payload(3));
    await storage.deleteGroup(G2);
    expect(storage.groups()).toEqual([G1]);
    await storage.close();

    const db = await temp.rawDb();
    const keys = await storedKeys(db);
    await db.close();
    expect(keys.filter((key) => key.startsWith('g|2|') || key === 'm|2')).toEqual([]);
    storage = await temp.open();
    expect(storage.groups()).toEqual([G1]);
    await storage.createGroup(G2);
    expect(storage.group(G2)!.lastIndex()).toBe(0);
  });
});
