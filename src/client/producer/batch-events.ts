/** Producer batches sent and acknowledged, on the diagnostics channels (docs/sdk.md, "Instrumentation"). */
import type { ProduceResponse__Output } from '../../gen/cairn/v1/ProduceResponse.js';
import { listening, publish, type BatchAcknowledgedEvent, type BatchSentEvent } from '../instrumentation.js';
import { partitionKey } from '../partition-leaders.js';
import type { ProducerBatch } from './producer-batch.js';

/** Publishes each batch of a request as sent; the returned function publishes those its answer accepted. */
export function batchesSent(nodeId: number, batches: readonly ProducerBatch[]): (response: ProduceResponse__Output) => void {
  const startedAt = performance.now();
  for (const batch of batches) {
    publish('batchSent', (): BatchSentEvent => ({
      topic: batch.topic,
      partition: batch.partition,
      nodeId,
      records: batch.recordsCount,
      bytes: batch.bytes?.byteLength ?? 0,
      attempt: batch.attempts,
    }));
  }
  return (response) => {
    if (!listening('batchAcknowledged')) return;
    const durationMs = performance.now() - startedAt;
    const results = new Map(response.results.map((result) => [partitionKey(result.topic, result.partition), result]));
    for (const batch of batches) {
      const result = results.get(partitionKey(batch.topic, batch.partition));
      if (result === undefined || result.errorCode !== '') continue;
      const baseOffset = BigInt(result.baseOffset);
      publish('batchAcknowledged', (): BatchAcknowledgedEvent => ({ topic: batch.topic, partition: batch.partition, nodeId, records: batch.recordsCount, baseOffset, durationMs }));
    }
  };
}
