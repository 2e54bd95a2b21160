/** Client options, resolved once and frozen (nats.js's model); errors name the field. */
import { readFileSync } from 'node:fs';
import { ChannelCredentials, credentials } from '@grpc/grpc-js';
import { parseHostPort } from '../protocol/address.js';
import { CairnError } from './errors.js';
import { integerOption, invalidOption } from './option-checks.js';
import { loggerOption, type CairnLogger } from './instrumentation.js';
import type { ClientCredentials } from './session.js';

export interface RetryOptions {
  /** Retries after the first attempt; the call gives up after `retriesMax + 1` attempts. */
  readonly retriesMax: number;
  readonly initialBackoffMs: number;
  readonly backoffMaxMs: number;
}

/** PEM files: `caFile` alone for server-authenticated TLS; add `certFile` and `keyFile` for mutual TLS. */
export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface CairnOptions {
  /** Bootstrap addresses (`host:port`), as a list or comma-separated; any one live node is enough. */
  readonly brokers: readonly string[] | string;
  readonly tls?: TlsFiles | ChannelCredentials;
  /** Sent as the gRPC user agent, so server logs can tell clients apart. */
  readonly clientId?: string;
  /** Where the SDK logs retries, metadata refreshes, group changes and failures: a pino (or pino-like) logger. Default: silent. */
  readonly logger?: CairnLogger;
  /**
   * Deadline of one attempt of one request; also how long a connection may
   * take to open, or to answer a keepalive ping, before it is replaced.
   * Default 5 s: a node that stops answering (paused, hung) costs about this
   * much before its partitions are tried at another replica, and several
   * attempts fit in a producer's deliveryTimeoutMs (see docs/sdk.md).
   */
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /**
   * For a cluster with authentication on: a user and password (the SDK gets
   * a token from Authenticate and renews it before it expires; the server
   * takes passwords only over TLS), or a token got elsewhere.
   */
  readonly credentials?: ClientCredentials;
}

export interface ResolvedClientOptions {
  readonly brokers: readonly string[];
  readonly credentials: ChannelCredentials;
  readonly clientId: string;
  readonly logger: CairnLogger;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
  readonly auth: ClientCredentials | undefined;
}

export const DEFAULT_CLIENT_OPTIONS = {
  clientId: 'cairn-js',
  // Far above any answer a healthy node takes (milliseconds; a fetch waits maxWaitMs on top), and far
  // below the delivery timeout, so a retry to the new leader fits in it.
  requestTimeoutMs: 5_000,
  retry: { retriesMax: 5, initialBackoffMs: 100, backoffMaxMs: 2_000 },
} as const;

const SCOPE = 'Cairn options';

function invalid(field: string, expected: string, got: unknown): CairnError {
  return invalidOption(SCOPE, field, expected, got);
}

function integer(field: string, value: unknown, min: number): number {
  return integerOption(SCOPE, field, value, min);
}

function brokerList(value: unknown): readonly string[] {
  const list = typeof value === 'string' ? value.split(',').map((broker) => broker.trim()) : value;
  const valid = Array.isArray(list) && list.length > 0 && list.every((broker) => typeof broker === 'string' && parseHostPort(broker) !== undefined);
  if (!valid) throw invalid('brokers', 'a non-empty list of host:port', value);
  return Object.freeze([...new Set<string>(list)]);
}

function tlsCredentials(tls: TlsFiles | ChannelCredentials | undefined): ChannelCredentials {
  if (tls === undefined) return credentials.createInsecure();
  if (tls instanceof ChannelCredentials) return tls;
  const read = (field: keyof TlsFiles): Buffer | null => {
    const path = tls[field];
    if (path === undefined) return null;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new CairnError('INVALID_CONFIG', `Cairn options: tls.${field}: cannot read ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
    }
  };
  const cert = read('certFile');
  const key = read('keyFile');
  if ((cert === null) !== (key === null)) {
    const missing = cert === null ? 'certFile' : 'keyFile';
    throw new CairnError('INVALID_CONFIG', `Cairn options: tls.${missing}: required with ${missing === 'certFile' ? 'keyFile' : 'certFile'} (mutual TLS needs both)`);
  }
  return credentials.createSsl(read('caFile'), key, cert);
}

function clientCredentials(value: unknown): ClientCredentials | undefined {
  if (value === undefined) return undefined;
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  const given = value as Record<string, unknown>;
  if (typeof value === 'object' && value !== null) {
    if (text(given.token) && given.user === undefined && given.password === undefined) return Object.freeze({ token: given.token });
    if (text(given.user) && text(given.password) && given.token === undefined) return Object.freeze({ user: given.user, password: given.password });
  }
  // Never echo the value: it holds a secret.
  throw new CairnError('INVALID_CONFIG', `${SCOPE}: credentials: expected { user, password } or { token } with non-empty strings`);
}

export function resolveClientOptions(options: CairnOptions): ResolvedClientOptions {
  const retry = { ...DEFAULT_CLIENT_OPTIONS.retry, ...options.retry };
  const clientId = options.clientId ?? DEFAULT_CLIENT_OPTIONS.clientId;
  if (typeof clientId !== 'string' || clientId === '') throw invalid('clientId', 'a non-empty string', clientId);
  const resolved: ResolvedClientOptions = {
    brokers: brokerList(options.brokers),
    credentials: tlsCredentials(options.tls),
    clientId,
    logger: loggerOption(SCOPE, options.logger),
    auth: clientCredentials(options.credentials),
    requestTimeoutMs: integer('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_CLIENT_OPTIONS.requestTimeoutMs, 1),
    retry: Object.freeze({
      retriesMax: integer('retry.retriesMax', retry.retriesMax, 0),
      initialBackoffMs: integer('retry.initialBackoffMs', retry.initialBackoffMs, 1),
      backoffMaxMs: integer('retry.backoffMaxMs', retry.backoffMaxMs, 1),
    }),
  };
  if (resolved.retry.backoffMaxMs < resolved.retry.initialBackoffMs) {
    throw invalid('retry.backoffMaxMs', `at least retry.initialBackoffMs (${resolved.retry.initialBackoffMs})`, resolved.retry.backoffMaxMs);
  }
  return Object.freeze(resolved);
}
