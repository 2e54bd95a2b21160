import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/types.js';
import type { GroupId } from '../../../src/storage/types.js';
import { G1, entries, useTempStorage } from './helpers.js';

const temp = useTempStorage();

describe('group commit (NodeStorage)', () => {
  it('writes of 64 groups in one turn go out as one LevelDB batch with one fsync', async () => {
    const storage = await temp.open();
    const groups = Array.from({ length: 64 }, (_, i) => (i + 1) as GroupId);
    await Promise.all(groups.map((group) => storage.createGroup(group)));
    const before = storage.stats();
    await Promise.all(groups.map((group) => storage.write([{ group, entries: entries(1, 3, 1) }])));
    const after = storage.stats();
    expect([after.batchesWritten - before.batchesWritten, after.syncsWritten - before.syncsWritten]).toEqual([1, 1]);
    for (const group of groups) expect(storage.group(group)!.lastIndex()).toBe(3);
  });

  it('16 concurrent writers share fsyncs: each batch in flight gathers the writes of all of them', async () => {
    const storage = await temp.open();
    const groups = Array.from({ length: 16 }, (_, i) => (i + 1) as GroupId);
    await Promise.all(groups.map((group) => storage.createGroup(group)));
    const before = storage.stats();
    const appendsPerGroup = 20;
    await Promise.all(
      groups.map(async (group) => {
        for (let index = 1; index <= appendsPerGroup; index++) await storage.write([{ group, entries: entries(index, index, 1) }]);
      }),
    );
    const batches = storage.stats().batchesWritten - before.batchesWritten;
    expect(batches).toBeLessThanOrEqual(2 * appendsPerGroup);
    expect(await storage.readEntries(16 as GroupId, 1 as LogIndex, Number.POSITIVE_INFINITY)).toEqual(entries(1, appendsPerGroup, 1));
  });

  it('a cached write is acknowledged before its fsync and becomes durable within flushIntervalMs', async () => {
    const flushIntervalMs = 150;
    const storage = await temp.open({ flushIntervalMs });
    await storage.createGroup(G1);
    const syncsBefore = storage.stats().syncsWritten;
    const started = performance.now();
    const seq = await storage.write([{ group: G1, entries: entries(1, 5, 1) }], { sync: false });
    expect(storage.durableSeq).toBeLessThan(seq);
    expect(storage.stats().syncsWritten).toBe(syncsBefore);

    await storage.whenDurable(seq);
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(flushIntervalMs - 2);
    expect(elapsedMs).toBeLessThan(flushIntervalMs + 2000); // slack for a loaded machine; the exact bound is in batch-writer.test.ts
    expect(storage.stats().syncsWritten).toBe(syncsBefore + 1);
  });

  it('a sync write makes the cached writes before it durable', async () => {
    const storage = await temp.open({ flushIntervalMs: 60_000 });
    await storage.createGroup(G1);
    const cached = await storage.write([{ group: G1, entries: entries(1, 2, 1) }], { sync: false });
    expect(storage.durableSeq).toBeLessThan(cached);
    await storage.write([{ group: G1, entries: entries(3, 3, 1) }]);
    expect(storage.durableSeq).toBeGreaterThan(cached);
  });
});
