/**
 * Splitting a fetched buffer of concatenated batches. Framing only: each
 * batch's header is read and its length followed, but CRCs are left to
 * whoever validates or decodes the batch, so skipping batches below the
 * wanted offset costs nothing.
 */
import { readBatchHeader } from './batch-header.js';
import { CorruptBatchError } from './errors.js';
import type { BatchView } from './types.js';

/**
 * Throws CorruptBatchError on a malformed header or a batch cut short: a
 * fetch carries whole batches, so a partial last batch is corruption.
 */
export function splitBatches(bytes: Uint8Array): BatchView[] {
  const views: BatchView[] = [];
  // Each pass consumes a whole batch of at least the header's size.
  for (let at = 0; at < bytes.length; ) {
    const rest = bytes.subarray(at);
    const header = readBatchHeader(rest, `batch at byte ${at}`);
    if (header.batchBytes > rest.length) {
      throw new CorruptBatchError('truncated', `batch at byte ${at} needs ${header.batchBytes} bytes, ${rest.length} remain`);
    }
    views.push({ header, bytes: rest.subarray(0, header.batchBytes) });
    at += header.batchBytes;
  }
  return views;
}
