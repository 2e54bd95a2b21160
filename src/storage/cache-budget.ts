/**
 * The node's bound on cached entry bytes, over all its groups. Each group's
 * cache has its own bound (tailCacheBytesMax) too, but a node hosts
 * thousands of groups: per group alone, every partition that ever took a few
 * megabytes would keep them in memory for good. Over the node's bound, the
 * caches filled least recently give their entries up first: an idle
 * partition's cache goes before a busy one's, and what it gave up is read
 * from disk if it is ever asked for again.
 */

/** A cache the budget can ask to give bytes up. */
export interface SheddingCache {
  /** Drops at least `bytes` of cached entries (or all it holds), and reports its new size to the budget. */
  shed(bytes: number): void;
}

export class CacheBudget {
  private used = 0;
  /** Caches holding bytes, with how many, least recently filled first (a Map keeps insertion order). */
  private readonly holders = new Map<SheddingCache, number>();

  constructor(readonly bytesMax: number) {}

  get bytesUsed(): number {
    return this.used;
  }

  /** How many caches hold bytes. */
  get cacheCount(): number {
    return this.holders.size;
  }

  /**
   * `cache` now holds `bytes`. `filled`: it just took entries in, so it is
   * now the last to give them up, and over the bound the caches filled
   * before it shed theirs. It keeps what it just took even if the bound is
   * still passed (its own bound, or the read that filled it, limits that):
   * shedding a load before its reader got to it would leave the reader
   * loading forever. The next cache filled takes it back under the bound.
   */
  update(cache: SheddingCache, bytes: number, filled: boolean): void {
    this.used += bytes - (this.holders.get(cache) ?? 0);
    // set() on a present key keeps its place: a cache moves to the end only when it is filled.
    if (bytes === 0 || filled) this.holders.delete(cache);
    if (bytes > 0) this.holders.set(cache, bytes);
    if (filled) this.shedOver(cache);
  }

  private shedOver(filled: SheddingCache): void {
    // A cache that sheds reports back through update(), which deletes it once empty: safe during a Map's iteration.
    for (const cache of this.holders.keys()) {
      if (this.used <= this.bytesMax || cache === filled) return;
      cache.shed(this.used - this.bytesMax);
    }
  }
}
