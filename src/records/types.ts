/**
 * Public types of the RecordBatch codec. Every int64 of the wire format
 * (offsets, timestamps, producer id) is a bigint, so any batch another Kafka
 * client writes round-trips without loss; int32 and smaller fields are numbers.
 * Timestamps are milliseconds since the Unix epoch.
 */

/** The codec of a batch's records section; wire ids 0 to 4, in this order. */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Attribute bit 3: who chose the timestamps. */
export type TimestampType = 'create-time' | 'log-append-time';

export interface RecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** A record as a producer hands it to the encoder. */
export interface RecordInput {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly RecordHeader[];
  readonly timestamp: bigint;
}

/**
 * A record as the decoder returns it. `key`, `value` and header values are
 * views into the batch (or its decompressed records): copy them to keep them
 * beyond the batch's lifetime or to modify them.
 */
export interface DecodedRecord {
  readonly offset: bigint;
  readonly timestamp: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

export interface EncodeBatchOptions {
  /** Default 'none'. */
  readonly compression?: Compression;
  /** Default -1n: not an idempotent producer. */
  readonly producerId?: bigint;
  /** Default -1. */
  readonly producerEpoch?: number;
  /** Default -1. */
  readonly baseSequence?: number;
  /** Default -1; the leader stamps its own. */
  readonly partitionLeaderEpoch?: number;
  /** Default 0n; the leader stamps the real one. */
  readonly baseOffset?: bigint;
}

/** The fixed-size header of a batch, read without touching the records. */
export interface BatchHeader {
  readonly baseOffset: bigint;
  /** The whole batch on the wire: batchLength plus the 12 bytes of baseOffset and batchLength. */
  readonly batchBytes: number;
  readonly partitionLeaderEpoch: number;
  readonly compression: Compression;
  readonly timestampType: TimestampType;
  readonly isTransactional: boolean;
  readonly isControl: boolean;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: bigint;
  readonly maxTimestamp: bigint;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
}

/** One batch found in a buffer of concatenated batches. */
export interface BatchView {
  readonly header: BatchHeader;
  /** A view of exactly this batch's bytes. */
  readonly bytes: Uint8Array;
}

export interface DecodedBatch {
  readonly header: BatchHeader;
  readonly records: readonly DecodedRecord[];
}
