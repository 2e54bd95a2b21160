/** Consumer options, resolved once and frozen; errors name the field. */
import { integerOption, oneOfOption } from '../option-checks.js';

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

export interface ConsumerOptions {
  /**
   * Where a partition starts when assigned without a seek, and where it goes
   * when its position falls outside the log (OFFSET_OUT_OF_RANGE): 'earliest',
   * 'latest' (default, as Kafka), or 'none': the partition stops and the
   * reader gets the OFFSET_OUT_OF_RANGE error until seek() is called.
   */
  readonly autoOffsetReset?: AutoOffsetReset;
  /** Long-poll: how long a leader holds a fetch while it has less than minBytes. Default 500. */
  readonly maxWaitMs?: number;
  /** Default 1: answer as soon as anything is there. */
  readonly minBytes?: number;
  /** Bytes of one partition per fetch (the leader returns at least one whole batch). Default 1 MiB. */
  readonly partitionFetchBytesMax?: number;
  /** Fetched bytes not yet consumed; no fetch is sent while they reach it. Default 16 MiB. */
  readonly bufferBytesMax?: number;
}

export interface ResolvedConsumerOptions {
  readonly autoOffsetReset: AutoOffsetReset;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly partitionFetchBytesMax: number;
  readonly bufferBytesMax: number;
}

export const DEFAULT_CONSUMER_OPTIONS = {
  autoOffsetReset: 'latest',
  maxWaitMs: 500,
  minBytes: 1,
  partitionFetchBytesMax: 1024 * 1024,
  bufferBytesMax: 16 * 1024 * 1024,
} as const satisfies ResolvedConsumerOptions;

const SCOPE = 'consumer options';
/** The wire carries these as uint32. */
const UINT32_MAX = 0xffff_ffff;

export function resolveConsumerOptions(options: ConsumerOptions = {}): ResolvedConsumerOptions {
  const given = { ...DEFAULT_CONSUMER_OPTIONS, ...options };
  return Object.freeze({
    autoOffsetReset: oneOfOption(SCOPE, 'autoOffsetReset', given.autoOffsetReset, ['earliest', 'latest', 'none'] as const),
    maxWaitMs: integerOption(SCOPE, 'maxWaitMs', given.maxWaitMs, 0, UINT32_MAX),
    minBytes: integerOption(SCOPE, 'minBytes', given.minBytes, 1, UINT32_MAX),
    partitionFetchBytesMax: integerOption(SCOPE, 'partitionFetchBytesMax', given.partitionFetchBytesMax, 1, UINT32_MAX),
    bufferBytesMax: integerOption(SCOPE, 'bufferBytesMax', given.bufferBytesMax, 1, UINT32_MAX),
  });
}
