/**
 * The leader's writes into a client's batch: the offset it assigns and its
 * epoch, neither under the CRC, so the bytes stay valid and are not
 * re-encoded; and, for a batch that carries no timestamp, the leader's time
 * (Kafka's log-append time), which is under the CRC.
 */
import assert from 'node:assert/strict';
import { computeCrc } from './batch-header.js';
import { isInt32, isInt64 } from './int-ranges.js';
import {
  ATTRIBUTES_AT,
  BASE_OFFSET_AT,
  BATCH_HEADER_BYTES,
  CRC_AT,
  MAGIC,
  MAGIC_AT,
  MAX_TIMESTAMP_AT,
  PARTITION_LEADER_EPOCH_AT,
  TIMESTAMP_TYPE_BIT,
  dataView,
} from './layout.js';

/** Writes baseOffset and partitionLeaderEpoch into `batch` in place; `batch` must have passed validateBatch. */
export function stampBatch(batch: Uint8Array, baseOffset: bigint, partitionLeaderEpoch: number): void {
  assertValidated(batch);
  assert(baseOffset >= 0n && isInt64(baseOffset), `baseOffset ${baseOffset} out of range`);
  assert(partitionLeaderEpoch >= 0 && isInt32(partitionLeaderEpoch), `partitionLeaderEpoch ${partitionLeaderEpoch} out of range`);
  const view = dataView(batch);
  view.setBigInt64(BASE_OFFSET_AT, baseOffset);
  view.setInt32(PARTITION_LEADER_EPOCH_AT, partitionLeaderEpoch);
}

/**
 * Gives a validated batch that carries no timestamp the leader's time, in
 * place: the log-append-time type, whose maxTimestamp stands for every
 * record, and the CRC recomputed over it. Done before the batch is proposed,
 * so every replica stores, and ages the batch by, the same time.
 */
export function stampLogAppendTime(batch: Uint8Array, nowMs: number): void {
  assertValidated(batch);
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0, `log-append time ${nowMs} out of range`);
  const view = dataView(batch);
  view.setInt16(ATTRIBUTES_AT, view.getInt16(ATTRIBUTES_AT) | TIMESTAMP_TYPE_BIT);
  view.setBigInt64(MAX_TIMESTAMP_AT, BigInt(nowMs));
  view.setUint32(CRC_AT, computeCrc(batch));
}

function assertValidated(batch: Uint8Array): void {
  assert(batch.length >= BATCH_HEADER_BYTES && batch[MAGIC_AT] === MAGIC, 'stamping needs a validated batch');
}
