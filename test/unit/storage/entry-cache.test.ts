import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/types.js';
import { ENTRY_OVERHEAD_BYTES, EntryCache } from '../../../src/storage/entry-cache.js';
import { entries } from './helpers.js';

const at = (n: number): LogIndex => n as LogIndex;
const cachedIndexes = (cache: EntryCache, lo: number, hi: number): number[] =>
  Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((i) => cache.get(at(i)) !== undefined);

describe('EntryCache', () => {
  it('keeps the newest entries within its byte bound', () => {
    const cache = new EntryCache(3 * (100 + ENTRY_OVERHEAD_BYTES));
    cache.append(entries(1, 5, 1, 100));
    expect(cachedIndexes(cache, 1, 5)).toEqual([3, 4, 5]);
    expect(cache.tailStart()).toBe(3);
  });

  it('an append overwrites the cached suffix from its first index, in the tail and the window', () => {
    const cache = new EntryCache(10_000);
    cache.append(entries(5, 8, 1));
    cache.fillWindow(entries(1, 4, 1));
    cache.append(entries(3, 3, 2));
    expect(cachedIndexes(cache, 1, 8)).toEqual([1, 2, 3]);
    expect(cache.get(at(3))!.term).toBe(2);
  });

  it('compaction drops cached entries before the new first index', () => {
    const cache = new EntryCache(10_000);
    cache.fillWindow(entries(1, 4, 1));
    cache.append(entries(5, 8, 1));
    cache.dropBefore(at(6));
    expect(cachedIndexes(cache, 1, 8)).toEqual([6, 7, 8]);
  });
});
