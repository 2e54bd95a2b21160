/**
 * Throttles password guessing. Each failed Authenticate counts against the
 * user name and against the source address; past FREE_FAILURES (for a user)
 * or SOURCE_FREE_FAILURES (for a source, which may be many people behind one
 * address, and is there to stop one host trying many users) within the
 * window, the key is locked out for a delay that doubles per further
 * failure, up to LOCKOUT_MS_MAX. A success clears the user's count (not the
 * source's: one right password must not reset a scan over many users).
 * Counts are per node, in memory: a node restart forgets them.
 */
export const FREE_FAILURES = 5;
export const SOURCE_FREE_FAILURES = 20;
export const LOCKOUT_MS_MIN = 1_000;
export const LOCKOUT_MS_MAX = 60_000;
/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MS = 10 * 60_000;
/** Bounds the memory an attacker with many names or addresses can make the node hold. */
export const TRACKED_KEYS_MAX = 10_000;

interface Failures {
  count: number;
  lastMs: number;
  lockedUntilMs: number;
}

export class AttemptLimiter {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly nowMs: () => number) {}

  /** How long the caller must wait before trying, 0 if it may try now. */
  waitMs(user: string, source: string): number {
    const now = this.nowMs();
    return Math.max(0, ...[this.entry(`user:${user}`), this.entry(`source:${source}`)].map((f) => (f === undefined ? 0 : f.lockedUntilMs - now)));
  }

  failed(user: string, source: string): void {
    this.count(`user:${user}`, FREE_FAILURES);
    this.count(`source:${source}`, SOURCE_FREE_FAILURES);
  }

  succeeded(user: string): void {
    this.failures.delete(`user:${user}`);
  }

  private entry(key: string): Failures | undefined {
    const found = this.failures.get(key);
    if (found !== undefined && this.nowMs() - found.lastMs > FAILURE_WINDOW_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return found;
  }

  private count(key: string, freeFailures: number): void {
    const now = this.nowMs();
    const found = this.entry(key) ?? { count: 0, lastMs: now, lockedUntilMs: 0 };
    found.count++;
    found.lastMs = now;
    const over = found.count - freeFailures;
    if (over > 0) found.lockedUntilMs = now + Math.min(LOCKOUT_MS_MAX, LOCKOUT_MS_MIN * 2 ** Math.min(over - 1, 16));
    // Re-inserting keeps the map in order of last failure, so the oldest goes first when full.
    this.failures.delete(key);
    this.failures.set(key, found);
    if (this.failures.size > TRACKED_KEYS_MAX) this.failures.delete(this.failures.keys().next().value as string);
  }
}
