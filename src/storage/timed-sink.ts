/** A BatchSink that reports how long each batch took, for the storage latency metrics. */
import type { BatchSink } from './batch-writer.js';

export type BatchTimer = (seconds: number, sync: boolean) => void;

export function timedSink(sink: BatchSink, onBatchWritten: BatchTimer): BatchSink {
  return {
    batch: async (ops, options) => {
      const start = process.hrtime.bigint();
      await sink.batch(ops, options);
      onBatchWritten(Number(process.hrtime.bigint() - start) / 1e9, options.sync);
    },
  };
}
