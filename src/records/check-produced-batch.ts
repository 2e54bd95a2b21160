/**
 * The leader's check of what a produced batch means, beyond its framing and
 * CRC (validateBatch): it holds at least one record, its records agree with
 * the header's count and offset deltas once decompressed (so the offsets a
 * leader assigns from the header are exactly the records stored), it asks
 * for nothing Cairn does not do (transactions, control records), and its
 * timestamps agree with each other and lie within the leader's window.
 * Nothing here reads a clock: the caller passes the leader's.
 */
import { decodeRecords } from './decode-batch.js';
import { CorruptBatchError } from './errors.js';
import { NO_TIMESTAMP } from './layout.js';
import type { BatchHeader } from './types.js';
import { validateBatch } from './validate-batch.js';
import type { ValidateBatchLimits } from './validate-batch.js';

export interface ProducedBatchLimits extends ValidateBatchLimits {
  /** Largest records section accepted once decompressed. */
  readonly decompressedBytesMax: number;
  /** The leader's clock, in ms since the epoch. */
  readonly nowMs: number;
  /** How far before nowMs a record's timestamp may be; -1: any distance (Kafka's message.timestamp.before.max.ms). */
  readonly timestampBeforeMaxMs: number;
  /** How far after nowMs a record's timestamp may be; -1: any distance (Kafka's message.timestamp.after.max.ms). */
  readonly timestampAfterMaxMs: number;
}

export interface ProducedBatch {
  readonly header: BatchHeader;
  /** The batch carries no timestamp (every record's, and maxTimestamp, is -1): the leader stamps one. */
  readonly untimed: boolean;
}

/** Throws CorruptBatchError (kinds 'empty', 'unsupported', 'bad-timestamp' for the checks of meaning). */
export function checkProducedBatch(bytes: Uint8Array, limits: ProducedBatchLimits): ProducedBatch {
  const header = validateBatch(bytes, limits);
  if (header.recordsCount === 0) throw new CorruptBatchError('empty', 'a batch must hold at least one record');
  if (header.isTransactional || header.isControl) {
    throw new CorruptBatchError('unsupported', 'transactional and control batches are not supported: Cairn has no transactions');
  }
  // A client does not choose log-append time: the leader sets it on batches that carry no timestamp.
  if (header.timestampType === 'log-append-time') {
    throw new CorruptBatchError('unsupported', 'the log-append-time timestamp type is set by the leader, not the producer');
  }
  const records = decodeRecords(header, bytes, limits.decompressedBytesMax);
  let newest = NO_TIMESTAMP;
  let untimedRecords = 0;
  for (const { timestamp } of records) {
    if (timestamp === NO_TIMESTAMP) untimedRecords++;
    else checkInWindow(timestamp, limits);
    if (timestamp > newest) newest = timestamp;
  }
  // Retention and lookups by time read maxTimestamp alone, so it must be the records' own.
  if (header.maxTimestamp !== newest) {
    throw new CorruptBatchError('bad-timestamp', `maxTimestamp ${header.maxTimestamp} is not the newest record timestamp ${newest}`);
  }
  if (untimedRecords !== 0 && untimedRecords !== records.length) {
    throw new CorruptBatchError('bad-timestamp', `${untimedRecords} of ${records.length} records have no timestamp: all or none may`);
  }
  return { header, untimed: untimedRecords !== 0 };
}

function checkInWindow(timestamp: bigint, limits: ProducedBatchLimits): void {
  const now = BigInt(limits.nowMs);
  if (timestamp < 0n) throw new CorruptBatchError('bad-timestamp', `timestamp ${timestamp} is negative and not -1 (none)`);
  if (limits.timestampBeforeMaxMs >= 0 && timestamp < now - BigInt(limits.timestampBeforeMaxMs)) {
    throw new CorruptBatchError(
      'bad-timestamp',
      `timestamp ${timestamp} is more than ${limits.timestampBeforeMaxMs} ms before the leader's clock (${now})`,
    );
  }
  if (limits.timestampAfterMaxMs >= 0 && timestamp > now + BigInt(limits.timestampAfterMaxMs)) {
    throw new CorruptBatchError(
      'bad-timestamp',
      `timestamp ${timestamp} is more than ${limits.timestampAfterMaxMs} ms after the leader's clock (${now})`,
    );
  }
}
