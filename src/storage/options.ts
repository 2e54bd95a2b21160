/** NodeStorage options, resolved once: defaults filled in, values checked, the result frozen. */
import type { VerifyMode } from './group-loader.js';

export interface NodeStorageOptions {
  /** The database lives in `<dataDir>/db`. */
  readonly dataDir: string;
  /** Bytes of the newest entries each group keeps in memory for Raft (entry data plus a fixed overhead). */
  readonly tailCacheBytesMax?: number;
  /**
   * Bytes of cached entries all the node's groups keep together (cache-budget.ts):
   * with thousands of partitions, tailCacheBytesMax alone would let memory grow
   * with every partition that ever took data. At least tailCacheBytesMax.
   */
  readonly cacheBytesTotalMax?: number;
  /** Bytes a load fetches at least when Raft reads behind the tail, so the following reads hit. */
  readonly readAheadBytes?: number;
  /** Bound on how long a write acknowledged without fsync (write caching) stays volatile. */
  readonly flushIntervalMs?: number;
  /** How much of the log open() reads to verify; see group-loader.ts. */
  readonly verifyOnOpen?: VerifyMode;
}

export type ResolvedOptions = Readonly<Required<NodeStorageOptions>>;

const DEFAULTS = {
  tailCacheBytesMax: 4 * 1024 * 1024,
  cacheBytesTotalMax: 128 * 1024 * 1024,
  readAheadBytes: 1024 * 1024,
  flushIntervalMs: 100,
  verifyOnOpen: 'full',
} as const satisfies Omit<ResolvedOptions, 'dataDir'>;

export function resolveOptions(options: NodeStorageOptions): ResolvedOptions {
  const resolved = { ...DEFAULTS, ...withoutUndefined(options), dataDir: options.dataDir };
  const problems: string[] = [];
  if (typeof resolved.dataDir !== 'string' || resolved.dataDir === '') problems.push('dataDir must be a non-empty path');
  for (const field of ['tailCacheBytesMax', 'cacheBytesTotalMax', 'readAheadBytes', 'flushIntervalMs'] as const) {
    const value = resolved[field];
    if (!Number.isSafeInteger(value) || value <= 0) problems.push(`${field} must be a positive integer, got ${value}`);
  }
  if (resolved.cacheBytesTotalMax < resolved.tailCacheBytesMax) {
    problems.push(`cacheBytesTotalMax (${resolved.cacheBytesTotalMax}) must be at least tailCacheBytesMax (${resolved.tailCacheBytesMax})`);
  }
  if (resolved.verifyOnOpen !== 'full' && resolved.verifyOnOpen !== 'tail') {
    problems.push(`verifyOnOpen must be 'full' or 'tail', got ${String(resolved.verifyOnOpen)}`);
  }
  if (problems.length > 0) throw new TypeError(`invalid storage options: ${problems.join('; ')}`);
  return Object.freeze(resolved);
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
