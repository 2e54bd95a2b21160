/** Corruption is reported, never served: every read path turns a bad value into this error. */
import type { GroupId } from './types.js';

export class StorageCorruptionError extends Error {
  override name = 'StorageCorruptionError';

  constructor(
    /** null when the damage is not within one group (LevelDB's own files, the format version). */
    readonly group: GroupId | null,
    /** Human-readable key or key range, e.g. `g|7|log|42`. */
    readonly key: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`storage corruption in ${group === null ? 'the database' : `group ${group}`} at ${key}: ${detail}`, options);
  }
}

/**
 * A write would add offset-index points that do not follow the group's: an
 * entry whose batches do not continue the log. Thrown before the write
 * changes anything, so the caller can stop that group and write the others.
 */
export class OffsetOrderError extends Error {
  override name = 'OffsetOrderError';

  constructor(
    readonly group: GroupId,
    detail: string,
  ) {
    super(`group ${group}: ${detail}`);
  }
}

/** LevelDB reports damaged files as code LEVEL_CORRUPTION, sometimes as the cause of a wrapper error. */
function levelCorruption(error: unknown): Error | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'LEVEL_CORRUPTION') return e;
  }
  return undefined;
}

/** LevelDB corruption becomes a StorageCorruptionError naming what was being read; other errors pass through. */
export function asStorageError(error: unknown, group: GroupId | null, key: string): unknown {
  if (error instanceof StorageCorruptionError) return error;
  const corruption = levelCorruption(error);
  return corruption === undefined ? error : new StorageCorruptionError(group, key, corruption.message, { cause: error });
}
