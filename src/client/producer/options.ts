/** Producer options, resolved once and frozen; errors name the field. */
import type { Compression } from '../../records/index.js';
import { booleanOption, integerOption, invalidOption, oneOfOption } from '../option-checks.js';

export interface PartitionerArgs {
  readonly topic: string;
  readonly key: Uint8Array | null;
  readonly partitionsCount: number;
}

/** Returns a partition in [0, partitionsCount). */
export type PartitionerFunction = (args: PartitionerArgs) => number;

export interface ProducerOptions {
  /** Exactly-once retries per partition: (producerId, epoch, sequence) deduplicated by the leader. Default true. */
  readonly idempotent?: boolean;
  /**
   * How long a partition's batch waits for more records before it is sent. Default 5.
   * 0: at once if the partition has nothing in flight, else within about 1 ms.
   */
  readonly lingerMs?: number;
  /** A partition's batch (header and records, uncompressed estimate) is sent once this full; no batch exceeds it. Default 1 MiB, or bufferBytesMax if smaller. */
  readonly batchBytesMax?: number;
  /** Default 'none'. */
  readonly compression?: Compression;
  /**
   * 'murmur2' (default): Kafka's partitioner: murmur2 of the key; records
   * without a key stick to one partition until its batch is sent.
   */
  readonly partitioner?: 'murmur2' | PartitionerFunction;
  /**
   * Bytes of sends not yet settled (buffered, in flight, or on their way to a
   * batch); send() waits while it is full. Sends waiting may hold as many
   * bytes again; a send beyond that is refused at once with BUFFER_FULL.
   * Default 32 MiB.
   */
  readonly bufferBytesMax?: number;
  /** How long send() may wait, from the call, for buffer space or for an unknown topic to appear. Default 30 s. */
  readonly maxBlockMs?: number;
  /** Unanswered produce requests per node; at most 5 when idempotent (the leader's deduplication window). Default 5. */
  readonly inFlightRequestsMax?: number;
  /**
   * A record not acknowledged within this time of its append fails with
   * DELIVERY_TIMED_OUT; more than lingerMs, and best several times
   * lingerMs + requestTimeoutMs, so retries fit (docs/sdk.md). Default 30 s
   * plus lingerMs.
   */
  readonly deliveryTimeoutMs?: number;
  /** Metadata is refreshed at least this often, to find new partitions and moved leaders. Default 60 s. */
  readonly metadataMaxAgeMs?: number;
}

export interface ResolvedProducerOptions {
  readonly idempotent: boolean;
  readonly lingerMs: number;
  readonly batchBytesMax: number;
  readonly compression: Compression;
  readonly partitioner: 'murmur2' | PartitionerFunction;
  readonly bufferBytesMax: number;
  readonly maxBlockMs: number;
  readonly inFlightRequestsMax: number;
  readonly deliveryTimeoutMs: number;
  readonly metadataMaxAgeMs: number;
}

/** The leader deduplicates over a partition's last 5 batches, so no more may be unacknowledged. */
export const IDEMPOTENT_IN_FLIGHT_MAX = 5;

/**
 * Below gRPC's default 4 MiB message limit with room for the request's
 * framing: a produce request always carries at least one whole batch.
 */
export const BATCH_BYTES_LIMIT = 3 * 1024 * 1024;

/** Room for a batch header and a small record. */
const BATCH_BYTES_MIN = 128;

export const DEFAULT_PRODUCER_OPTIONS = {
  idempotent: true,
  lingerMs: 5,
  batchBytesMax: 1024 * 1024,
  compression: 'none',
  partitioner: 'murmur2',
  bufferBytesMax: 32 * 1024 * 1024,
  maxBlockMs: 30_000,
  inFlightRequestsMax: 5,
  deliveryTimeoutMs: 30_000,
  metadataMaxAgeMs: 60_000,
} as const satisfies ResolvedProducerOptions;

const SCOPE = 'producer options';
const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function partitioner(value: unknown): 'murmur2' | PartitionerFunction {
  if (value === 'murmur2' || typeof value === 'function') return value as 'murmur2' | PartitionerFunction;
  throw invalidOption(SCOPE, 'partitioner', "'murmur2' or a function", value);
}

export function resolveProducerOptions(options: ProducerOptions = {}): ResolvedProducerOptions {
  const given = { ...DEFAULT_PRODUCER_OPTIONS, ...options };
  const idempotent = booleanOption(SCOPE, 'idempotent', given.idempotent);
  const bufferBytesMax = integerOption(SCOPE, 'bufferBytesMax', given.bufferBytesMax, BATCH_BYTES_MIN);
  const lingerMs = integerOption(SCOPE, 'lingerMs', given.lingerMs, 0);
  // Defaults that depend on other fields: a small buffer makes small batches, and lingering is not delivery time.
  given.batchBytesMax = options.batchBytesMax ?? Math.min(DEFAULT_PRODUCER_OPTIONS.batchBytesMax, bufferBytesMax);
  given.deliveryTimeoutMs = options.deliveryTimeoutMs ?? DEFAULT_PRODUCER_OPTIONS.deliveryTimeoutMs + lingerMs;
  const resolved: ResolvedProducerOptions = {
    idempotent,
    lingerMs,
    batchBytesMax: integerOption(SCOPE, 'batchBytesMax', given.batchBytesMax, BATCH_BYTES_MIN, Math.min(BATCH_BYTES_LIMIT, bufferBytesMax)),
    compression: oneOfOption(SCOPE, 'compression', given.compression, COMPRESSIONS),
    partitioner: partitioner(given.partitioner),
    bufferBytesMax,
    maxBlockMs: integerOption(SCOPE, 'maxBlockMs', given.maxBlockMs, 0),
    inFlightRequestsMax: integerOption(SCOPE, 'inFlightRequestsMax', given.inFlightRequestsMax, 1, idempotent ? IDEMPOTENT_IN_FLIGHT_MAX : 1_000),
    deliveryTimeoutMs: integerOption(SCOPE, 'deliveryTimeoutMs', given.deliveryTimeoutMs, lingerMs + 1),
    metadataMaxAgeMs: integerOption(SCOPE, 'metadataMaxAgeMs', given.metadataMaxAgeMs, 1),
  };
  return Object.freeze(resolved);
}
