/**
 * Deletions too large for a batch, run as writer tasks after the batch that
 * made them garbage. Both are idempotent, and open() re-runs them when a
 * crash cut them short: keys below a group's first index are ignored until
 * then, and a group marked "being deleted" is not loaded.
 */
import type { LogIndex } from '../raft/types.js';
import { delOp } from './batch-writer.js';
import { Kind, groupRange, kindRange, markerKey } from './keys.js';
import type { Db } from './level-reads.js';
import { scan } from './level-reads.js';
import type { GroupId } from './types.js';
import { decodeNumber } from './values.js';

/** Bounds the keys one deletion batch holds while clearing old offset-index points. */
const DELETE_CHUNK_KEYS = 4096;

/** Deletes a group's entries, term runs, conf points and offset-index points below `first`. */
export async function clearBelow(db: Db, group: GroupId, first: LogIndex): Promise<void> {
  for (const kind of [Kind.log, Kind.term, Kind.conf] as const) await db.clear(kindRange(group, kind, 0, first));
  // Offset keys are ordered by offset, not index; the stale ones are the leading points whose entries are gone.
  const stale: Uint8Array[] = [];
  const deleteStale = (): Promise<void> => db.batch(stale.splice(0).map(delOp));
  for await (const [key, value] of scan(db, group, kindRange(group, Kind.off))) {
    if (decodeNumber(group, key, value) >= first) break;
    stale.push(key);
    if (stale.length === DELETE_CHUNK_KEYS) await deleteStale();
  }
  await deleteStale();
}

/** Deletes every key of a group, then its marker. */
export async function clearGroup(db: Db, group: GroupId): Promise<void> {
  await db.clear(groupRange(group));
  await db.del(markerKey(group));
}
