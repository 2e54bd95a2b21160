/** Consumer options, resolved once and frozen; errors name the field. */
import { booleanOption, integerOption, invalidOption, oneOfOption } from '../option-checks.js';
import type { TopicPartition } from '../partition-leaders.js';

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
  /** The consumer group: needed for subscribe() and commit(). */
  readonly groupId?: string;
  /** Static membership: a member restarted with the same id within its session gets its partitions back with no rebalance. */
  readonly groupInstanceId?: string;
  /** How long the coordinator waits for a heartbeat before giving the member's partitions to others. Default 45 s. */
  readonly sessionTimeoutMs?: number;
  /** 'uniform' (default): balanced and sticky; 'range': contiguous runs per topic. */
  readonly assignor?: 'uniform' | 'range';
  /** Commit processed positions on an interval, on revocation and on close. Default true. */
  readonly autoCommit?: boolean;
  /** Default 5 s. */
  readonly autoCommitIntervalMs?: number;
  /**
   * Longest the application may hold one message (or batch) before asking
   * for the next; past it, the consumer leaves the group so its partitions
   * move on, and joins again when the application reads. Default 5 min.
   */
  readonly processingTimeoutMs?: number;
  /** With subscribe(/pattern/): how often the topics matching it are looked up again, so new ones join the subscription. Default 10 s. */
  readonly topicPatternRefreshMs?: number;
  /**
   * Called as partitions are assigned, revoked and lost (taken away without a
   * commit). onRevoked runs before the partitions are given up: their
   * messages are no longer handed out and, with autoCommit, their positions
   * are committed, but the consumer still owns them, so it may commit itself
   * (`await consumer.commit()`); the coordinator hears of the revocation, and
   * hands the partitions on, only once onRevoked settles. onAssigned runs once
   * the new partitions are added, before the coordinator hears that they are
   * taken. Both may be async; an error they throw or reject with is reported
   * to the reader (the next read rejects with it) and the rebalance goes on.
   */
  readonly onAssigned?: (partitions: readonly TopicPartition[]) => void | Promise<void>;
  readonly onRevoked?: (partitions: readonly TopicPartition[]) => void | Promise<void>;
  readonly onLost?: (partitions: readonly TopicPartition[]) => void;
}

export interface ResolvedConsumerOptions {
  readonly autoOffsetReset: AutoOffsetReset;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly partitionFetchBytesMax: number;
  readonly bufferBytesMax: number;
  readonly groupId: string | undefined;
  readonly groupInstanceId: string | undefined;
  readonly sessionTimeoutMs: number;
  readonly assignor: 'uniform' | 'range';
  readonly autoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  readonly processingTimeoutMs: number;
  readonly topicPatternRefreshMs: number;
  readonly onAssigned: ((partitions: readonly TopicPartition[]) => void | Promise<void>) | undefined;
  readonly onRevoked: ((partitions: readonly TopicPartition[]) => void | Promise<void>) | undefined;
  readonly onLost: ((partitions: readonly TopicPartition[]) => void) | undefined;
}

export const DEFAULT_CONSUMER_OPTIONS = {
  autoOffsetReset: 'latest',
  maxWaitMs: 500,
  minBytes: 1,
  partitionFetchBytesMax: 1024 * 1024,
  bufferBytesMax: 16 * 1024 * 1024,
  sessionTimeoutMs: 45_000,
  assignor: 'uniform',
  autoCommit: true,
  autoCommitIntervalMs: 5_000,
  processingTimeoutMs: 300_000,
  topicPatternRefreshMs: 10_000,
} as const;

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
    groupId: optionalName('groupId', given.groupId),
    groupInstanceId: optionalName('groupInstanceId', given.groupInstanceId),
    sessionTimeoutMs: integerOption(SCOPE, 'sessionTimeoutMs', given.sessionTimeoutMs, 1_000, 30 * 60_000),
    assignor: oneOfOption(SCOPE, 'assignor', given.assignor, ['uniform', 'range'] as const),
    autoCommit: booleanOption(SCOPE, 'autoCommit', given.autoCommit),
    autoCommitIntervalMs: integerOption(SCOPE, 'autoCommitIntervalMs', given.autoCommitIntervalMs, 1, UINT32_MAX),
    processingTimeoutMs: integerOption(SCOPE, 'processingTimeoutMs', given.processingTimeoutMs, 1, UINT32_MAX),
    topicPatternRefreshMs: integerOption(SCOPE, 'topicPatternRefreshMs', given.topicPatternRefreshMs, 100, UINT32_MAX),
    onAssigned: callbackOption('onAssigned', given.onAssigned),
    onRevoked: callbackOption('onRevoked', given.onRevoked),
    onLost: callbackOption('onLost', given.onLost),
  });
}

function optionalName(field: string, value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value !== '')) return value;
  throw invalidOption(SCOPE, field, 'a non-empty string', value);
}

function callbackOption<F>(field: string, value: F | undefined): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw invalidOption(SCOPE, field, 'a function', value);
}
