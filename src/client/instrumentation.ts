/**
 * What the SDK tells the application about its work: a logger it writes to
 * (any pino-compatible logger; silent by default) and events on
 * node:diagnostics_channel, for tracing and metrics (docs/sdk.md,
 * "Instrumentation"). Events are built only while a channel has
 * subscribers, so an application that listens to none pays one check per
 * event point.
 */
import { channel } from 'node:diagnostics_channel';
import { invalidOption } from './option-checks.js';

/** The methods the SDK calls: pino's (and most loggers') shape, `(fields, message)`. */
export interface CairnLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const SILENT_LOGGER: CairnLogger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });

const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

export function loggerOption(scope: string, value: unknown): CairnLogger {
  if (value === undefined) return SILENT_LOGGER;
  const logger = value as Record<string, unknown>;
  if (typeof value === 'object' && value !== null && LOGGER_METHODS.every((method) => typeof logger[method] === 'function')) return value as CairnLogger;
  throw invalidOption(scope, 'logger', `a logger with ${LOGGER_METHODS.join(', ')} methods (pino, for one)`, value === null ? null : typeof value);
}

/** Channel names, `cairn:client:*`; subscribe with diagnostics_channel.subscribe(name, listener). */
export const CLIENT_CHANNELS = {
  requestStart: 'cairn:client:request:start',
  requestEnd: 'cairn:client:request:end',
  retry: 'cairn:client:retry',
  metadata: 'cairn:client:metadata',
  groupJoin: 'cairn:client:group:join',
  groupRebalance: 'cairn:client:group:rebalance',
  groupAssignment: 'cairn:client:group:assignment',
  commit: 'cairn:client:commit',
  batchSent: 'cairn:client:producer:batch:sent',
  batchAcknowledged: 'cairn:client:producer:batch:acknowledged',
} as const;

export interface RequestStartEvent {
  /** Pairs a start with its end. */
  readonly requestId: number;
  readonly method: string;
  readonly address: string;
}
export interface RequestEndEvent extends RequestStartEvent {
  readonly durationMs: number;
  /** `OK` or the CairnError code. */
  readonly code: string;
}
export interface RetryEvent {
  readonly method: string;
  /** The attempt that failed, from 0. */
  readonly attempt: number;
  readonly code: string;
  /** Whether the next attempt waits out a backoff (false: it follows a leader hint at once). */
  readonly backoff: boolean;
}
export interface MetadataEvent {
  readonly brokers: number;
  readonly topics: number;
  readonly controllerId: number;
}
export interface GroupMemberEvent {
  readonly groupId: string;
  readonly memberId: string;
  readonly memberEpoch: number;
}
export interface GroupRebalanceEvent extends GroupMemberEvent {
  readonly previousEpoch: number;
}
export interface GroupAssignmentEvent extends GroupMemberEvent {
  readonly partitions: readonly { readonly topic: string; readonly partition: number }[];
}
export interface CommitEvent {
  readonly groupId: string;
  readonly offsets: number;
  readonly durationMs: number;
  /** `OK` or the CairnError code it failed with. */
  readonly code: string;
}
export interface BatchSentEvent {
  readonly topic: string;
  readonly partition: number;
  readonly nodeId: number;
  readonly records: number;
  readonly bytes: number;
  /** Earlier attempts of this batch (0 on its first send). */
  readonly attempt: number;
}
export interface BatchAcknowledgedEvent {
  readonly topic: string;
  readonly partition: number;
  readonly nodeId: number;
  readonly records: number;
  readonly baseOffset: bigint;
  /** From this attempt's send to its answer. */
  readonly durationMs: number;
}

const channels = Object.fromEntries(Object.entries(CLIENT_CHANNELS).map(([key, name]) => [key, channel(name)])) as Record<keyof typeof CLIENT_CHANNELS, ReturnType<typeof channel>>;

export function listening(name: keyof typeof CLIENT_CHANNELS): boolean {
  return channels[name].hasSubscribers;
}

/** Publishes on a channel; `event` is built only if someone listens. */
export function publish(name: keyof typeof CLIENT_CHANNELS, event: () => object): void {
  const target = channels[name];
  if (target.hasSubscribers) target.publish(event());
}

let requestIds = 0;

/** Publishes a request's start; the returned function publishes its end with its result code. */
export function requestStarted(method: string, address: string): (code: string) => void {
  if (!listening('requestStart') && !listening('requestEnd')) return () => {};
  const start = { requestId: ++requestIds, method, address };
  const startedAt = performance.now();
  publish('requestStart', () => start);
  return (code) => publish('requestEnd', (): RequestEndEvent => ({ ...start, durationMs: performance.now() - startedAt, code }));
}
