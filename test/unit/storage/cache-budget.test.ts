import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/types.js';
import { CacheBudget } from '../../../src/storage/cache-budget.js';
import { ENTRY_OVERHEAD_BYTES, EntryCache } from '../../../src/storage/entry-cache.js';
import { entries } from './helpers.js';

const ENTRY = 100 + ENTRY_OVERHEAD_BYTES;
const at = (n: number): LogIndex => n as LogIndex;
const cachedIndexes = (cache: EntryCache, lo: number, hi: number): number[] =>
  Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((i) => cache.get(at(i)) !== undefined);

describe('CacheBudget', () => {
  it('over the node bound, the cache filled least recently gives up its oldest entries first', () => {
    const budget = new CacheBudget(6 * ENTRY);
    const [a, b, c] = [new EntryCache(10 * ENTRY, budget), new EntryCache(10 * ENTRY, budget), new EntryCache(10 * ENTRY, budget)];
    a.append(entries(1, 3, 1, 100));
    b.append(entries(1, 2, 1, 100));
    c.append(entries(1, 1, 1, 100));
    expect(budget.bytesUsed).toBe(6 * ENTRY);
    // b fills again: a, filled least recently, sheds its two oldest entries; c, untouched since, keeps its own.
    b.append(entries(3, 4, 1, 100));
    expect(cachedIndexes(a, 1, 3)).toEqual([3]);
    expect(cachedIndexes(b, 1, 4)).toEqual([1, 2, 3, 4]);
    expect(cachedIndexes(c, 1, 1)).toEqual([1]);
    expect(budget.bytesUsed).toBe(6 * ENTRY);
  });

  it('counts every byte a cache drops, whether truncated, compacted or shed, and nothing once it is cleared', () => {
    const budget = new CacheBudget(100 * ENTRY);
    const cache = new EntryCache(100 * ENTRY, budget);
    cache.append(entries(5, 10, 1, 100));
    cache.fillWindow(entries(1, 4, 1, 100));
    expect(budget.bytesUsed).toBe(10 * ENTRY);
    cache.truncateFrom(at(9));
    cache.dropBefore(at(3));
    expect(budget.bytesUsed).toBe(cache.bytes);
    expect(cache.bytes).toBe(6 * ENTRY);
    cache.shed(ENTRY);
    // The window goes first, whole: the oldest tail entry stays.
    expect(cachedIndexes(cache, 1, 10)).toEqual([5, 6, 7, 8]);
    expect(budget.bytesUsed).toBe(4 * ENTRY);
    cache.clear();
    expect([budget.bytesUsed, budget.cacheCount]).toEqual([0, 0]);
  });

  it('a cache keeps a load it just took even beyond the bound, so its reader gets it; the next fill elsewhere takes it back', () => {
    const budget = new CacheBudget(2 * ENTRY);
    const reader = new EntryCache(2 * ENTRY, budget);
    const other = new EntryCache(2 * ENTRY, budget);
    reader.fillWindow(entries(1, 5, 1, 100));
    expect(cachedIndexes(reader, 1, 5)).toEqual([1, 2, 3, 4, 5]);
    other.append(entries(1, 1, 1, 100));
    expect(cachedIndexes(reader, 1, 5)).toEqual([]);
    expect(budget.bytesUsed).toBe(ENTRY);
  });
});
