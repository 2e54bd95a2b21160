/**
 * The leader's only write into a client's batch: the offset it assigns and
 * its epoch. Neither field is under the CRC, so the bytes stay valid and are
 * not re-encoded.
 */
import assert from 'node:assert/strict';
import { isInt32, isInt64 } from './int-ranges.js';
import { BASE_OFFSET_AT, BATCH_HEADER_BYTES, MAGIC, MAGIC_AT, PARTITION_LEADER_EPOCH_AT, dataView } from './layout.js';

/** Writes baseOffset and partitionLeaderEpoch into `batch` in place; `batch` must have passed validateBatch. */
export function stampBatch(batch: Uint8Array, baseOffset: bigint, partitionLeaderEpoch: number): void {
  assert(batch.length >= BATCH_HEADER_BYTES && batch[MAGIC_AT] === MAGIC, 'stampBatch needs a validated batch');
  assert(baseOffset >= 0n && isInt64(baseOffset), `baseOffset ${baseOffset} out of range`);
  assert(partitionLeaderEpoch >= 0 && isInt32(partitionLeaderEpoch), `partitionLeaderEpoch ${partitionLeaderEpoch} out of range`);
  const view = dataView(batch);
  view.setBigInt64(BASE_OFFSET_AT, baseOffset);
  view.setInt32(PARTITION_LEADER_EPOCH_AT, partitionLeaderEpoch);
}
