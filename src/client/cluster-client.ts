/**
 * Routes calls of the Cluster service to any node, to the controller (the
 * metadata leader) or to a given node; follows leader hints and retries
 * retriable errors with capped, jittered exponential backoff. Each attempt
 * has a deadline and attempts are bounded, so a dead cluster gives a
 * CairnError within `(retriesMax + 1) × requestTimeoutMs` plus the backoffs,
 * never a hang.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelOptions } from '@grpc/grpc-js';
import type { MetadataResponse__Output } from '../gen/cairn/v1/MetadataResponse.js';
import { unboundedAbortController } from './abort.js';
import { backoffDelayMs } from './backoff.js';
import { Connection } from './connection.js';
import type { RequestOf, ResponseOf, UnaryMethod } from './connection.js';
import { CairnError } from './errors.js';
import { publish, type MetadataEvent, type RetryEvent } from './instrumentation.js';
import type { ResolvedClientOptions } from './options.js';
import { Session } from './session.js';

/**
 * Where a call goes: any node, the controller, the node with this id, or a
 * consumer group's coordinator. Only reads go to 'any': such a call may
 * reach more than one node (see #askAny).
 */
export type Route = 'any' | 'controller' | number | { readonly coordinatorOf: string };

export interface RouteOptions {
  readonly to: Route;
  /** Deadline of each attempt; default the client's requestTimeoutMs. */
  readonly timeoutMs?: number;
  /** Cancels the call and its backoffs (CLIENT_CLOSED). */
  readonly signal?: AbortSignal;
  /** false: one attempt, for callers with a retry loop of their own. Default true. */
  readonly retry?: boolean;
}

/** Fetch responses may exceed grpc-js's 4 MiB default: the server returns at least one whole batch. */
const RECEIVE_MESSAGE_BYTES_MAX = 64 * 1024 * 1024;
/** A connection carrying calls is pinged at least this often (more often with a shorter request timeout). */
const KEEPALIVE_INTERVAL_MS_MAX = 10_000;
/** A call to any node that has no answer after this long is asked of the next node too. */
const HEDGE_DELAY_MS = 250;
/**
 * Group coordinators remembered at most: a long-lived client (an admin tool, a
 * console) may address ever-new groups, and a forgotten one costs only a
 * FindCoordinator call.
 */
export const COORDINATORS_CACHED_MAX = 1_000;

interface Target {
  readonly nodeId: number | undefined;
  readonly address: string;
}

export class ClusterClient {
  readonly #options: ResolvedClientOptions;
  readonly #channelOptions: ChannelOptions;
  readonly #connections = new Map<string, Connection>();
  /** Node id → client address, from metadata and from leader hints that carry one. */
  readonly #addresses = new Map<number, string>();
  #controllerId: number | undefined;
  /** Group id → its coordinator's node id, from FindCoordinator and NOT_COORDINATOR hints. */
  readonly #coordinators = new Map<string, number>();
  #metadata: MetadataResponse__Output | undefined;
  #metadataFetch: Promise<MetadataResponse__Output> | undefined;
  #metadataRefresh: Promise<MetadataResponse__Output> | undefined;
  /** Moves 'any' calls and metadata fetches away from a node that just failed. */
  #anyCursor = 0;
  /** Aborted by close(): ends every call and backoff, each of which listens to it. */
  readonly #closed = unboundedAbortController();
  readonly #session: Session | undefined;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#session =
      options.auth === undefined
        ? undefined
        : new Session(options.auth, async (user, password) => {
            const response = await this.call('Authenticate', { user, password }, { to: 'any' });
            return { token: response.token, expiresAtMs: Number(response.expiresAtMs) };
          });
    this.#channelOptions = {
      'grpc.primary_user_agent': options.clientId,
      // A restarted node must be reachable again within the retry budget, not
      // after grpc-js's default reconnect backoff of up to two minutes.
      'grpc.initial_reconnect_backoff_ms': options.retry.initialBackoffMs,
      'grpc.max_reconnect_backoff_ms': options.retry.backoffMaxMs,
      'grpc.max_receive_message_length': RECEIVE_MESSAGE_BYTES_MAX,
      // A connection can go silent while its node is fine: a path that dropped
      // every packet for a while (TCP then waits up to two minutes between
      // retransmissions, also after the path heals), or a peer gone without a
      // reset. Every retry and every new stream would go out on it again and
      // time out. A ping unanswered for a request timeout closes it, and the
      // next call dials a new connection.
      'grpc.keepalive_time_ms': Math.min(KEEPALIVE_INTERVAL_MS_MAX, options.requestTimeoutMs),
      'grpc.keepalive_timeout_ms': options.requestTimeoutMs,
    };
  }

  /**
   * The cluster's metadata, from cache unless `refresh` or nothing is cached
   * yet. Concurrent refreshes share one call: many partitions failing at once
   * cost one Metadata request.
   */
  async metadata(options: { readonly refresh?: boolean } = {}): Promise<MetadataResponse__Output> {
    if (this.#metadata !== undefined && options.refresh !== true) return this.#metadata;
    this.#metadataRefresh ??= this.call('Metadata', { topics: [] }, { to: 'any' })
      .then((response) => this.#learn(response))
      .finally(() => {
        this.#metadataRefresh = undefined;
      });
    return this.#metadataRefresh;
  }

  /** The channel to a node whose address is known (from metadata or a hint); undefined otherwise. */
  connectionTo(nodeId: number): Connection | undefined {
    const address = this.#addresses.get(nodeId);
    return address === undefined ? undefined : this.#connection(address);
  }

  /** Rejects only with a CairnError. */
  async call<M extends UnaryMethod>(method: M, request: RequestOf<M>, options: RouteOptions): Promise<ResponseOf<M>> {
    let route = options.to;
    const signal = options.signal === undefined ? this.#closed.signal : AbortSignal.any([this.#closed.signal, options.signal]);
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new CairnError('CLIENT_CLOSED');
      const deadline = new Date(Date.now() + (options.timeoutMs ?? this.#options.requestTimeoutMs));
      let target: Target | undefined;
      try {
        if (route === 'any') return await this.#askAny(method, request, deadline, options.signal);
        target = await this.#resolve(route, deadline);
        return await this.#connection(target.address).unary(method, request, deadline, options.signal);
      } catch (caught) {
        const error = caught as CairnError; // #resolve and unary reject only with CairnError
        // Routing learns from every failure, also of a call that will not be retried here.
        const next = this.#afterFailure(error, route, target?.nodeId);
        // A token refused before its time (new password, retired key, another node's clock) is replaced once.
        if (error.code === 'UNAUTHENTICATED' && method !== 'Authenticate' && this.#session?.renewable === true && !reauthenticated) {
          reauthenticated = true;
          this.#session.invalidate();
          continue;
        }
        if (!error.retriable || options.retry === false) throw error;
        if (attempt >= this.#options.retry.retriesMax) {
          this.#options.logger.warn({ method, attempts: attempt + 1, code: error.code, message: error.message }, 'a request failed after its retries');
          throw new CairnError(error.code, `${error.message} (gave up after ${attempt + 1} attempts)`, {
            cause: error,
            leaderHint: error.leaderHint,
            leaderAddress: error.leaderAddress,
            details: error.details,
          });
        }
        route = next.route;
        this.#options.logger.debug({ method, attempt, code: error.code, message: error.message }, 'retrying a request');
        publish('retry', (): RetryEvent => ({ method, attempt, code: error.code, backoff: !next.retryAtOnce }));
        if (!next.retryAtOnce) await this.#backoff(attempt, signal);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed.abort();
    for (const connection of this.#connections.values()) connection.close();
    this.#connections.clear();
  }

  async #resolve(route: Exclude<Route, 'any'>, deadline: Date): Promise<Target> {
    if (typeof route === 'object') return this.#coordinator(route.coordinatorOf, deadline);
    const routedId = (): number | undefined => (route === 'controller' ? this.#controllerId : route);
    let nodeId = routedId();
    if (nodeId === undefined || !this.#addresses.has(nodeId)) {
      await this.#fetchMetadata(deadline);
      nodeId = routedId();
    }
    if (nodeId === undefined) throw new CairnError('NOT_CONTROLLER', 'the cluster has no controller at the moment');
    const address = this.#addresses.get(nodeId);
    if (address === undefined) throw new CairnError('UNAVAILABLE', `node ${nodeId} is not in the cluster metadata`);
    return { nodeId, address };
  }

  async #coordinator(groupId: string, deadline: Date): Promise<Target> {
    const known = this.#coordinators.get(groupId);
    const knownAddress = known === undefined ? undefined : this.#addresses.get(known);
    if (known !== undefined && knownAddress !== undefined) return { nodeId: known, address: knownAddress };
    const found = await this.#askAny('FindCoordinator', { groupId }, deadline);
    this.#rememberCoordinator(groupId, found.nodeId);
    this.#addresses.set(found.nodeId, found.address);
    return { nodeId: found.nodeId, address: found.address };
  }

  /** One Metadata attempt, shared by the calls that need it at the same time. */
  #fetchMetadata(deadline: Date): Promise<MetadataResponse__Output> {
    this.#metadataFetch ??= this.#askAny('Metadata', { topics: [] }, deadline)
      .then((response) => this.#learn(response))
      .finally(() => {
        this.#metadataFetch = undefined;
      });
    return this.#metadataFetch;
  }

  #learn(metadata: MetadataResponse__Output): MetadataResponse__Output {
    this.#metadata = metadata;
    this.#controllerId = metadata.controllerId === 0 ? undefined : metadata.controllerId;
    this.#addresses.clear();
    for (const broker of metadata.brokers) this.#addresses.set(broker.nodeId, broker.address);
    const learnt: MetadataEvent = { brokers: metadata.brokers.length, topics: metadata.topics.length, controllerId: metadata.controllerId };
    this.#options.logger.debug(learnt, 'metadata refreshed');
    publish('metadata', () => learnt);
    return metadata;
  }

  /** Updates routing from a failed attempt: where the next one goes, and whether it may go without backoff. */
  #afterFailure(error: CairnError, route: Route, triedId: number | undefined): { route: Route; retryAtOnce: boolean } {
    if (typeof route === 'object') return this.#afterCoordinatorFailure(error, route.coordinatorOf, triedId, route);
    const leadership = error.code === 'NOT_LEADER' || error.code === 'NOT_CONTROLLER';
    if (leadership && error.leaderHint !== undefined) {
      if (error.leaderAddress !== undefined) this.#addresses.set(error.leaderHint, error.leaderAddress);
      if (route === 'controller') this.#controllerId = error.leaderHint;
      // A hint naming the node that just refused is stale: wait for the election instead.
      return { route: typeof route === 'number' ? error.leaderHint : route, retryAtOnce: error.leaderHint !== triedId };
    }
    // The node may be down or deposed: try another one, or ask the cluster again where the controller is.
    if (leadership || error.code === 'UNAVAILABLE' || error.code === 'REQUEST_TIMED_OUT') {
      if (route === 'any') this.#anyCursor++;
      else if (route === 'controller') this.#controllerId = undefined;
    }
    return { route, retryAtOnce: false };
  }

  /** A coordinator that moved says where to (retry at once); one that is down or loading is looked up again after a backoff. */
  #afterCoordinatorFailure(error: CairnError, groupId: string, triedId: number | undefined, route: Route): { route: Route; retryAtOnce: boolean } {
    if (error.code === 'NOT_COORDINATOR' && error.leaderHint !== undefined && error.leaderAddress !== undefined) {
      this.#rememberCoordinator(groupId, error.leaderHint);
      this.#addresses.set(error.leaderHint, error.leaderAddress);
      return { route, retryAtOnce: error.leaderHint !== triedId };
    }
    if (error.code !== 'COORDINATOR_LOAD_IN_PROGRESS') this.#coordinators.delete(groupId);
    if (triedId === undefined) this.#anyCursor++; // FindCoordinator itself failed on that node
    return { route, retryAtOnce: false };
  }

  /** Remembers the group's coordinator, forgetting the one learnt longest ago beyond COORDINATORS_CACHED_MAX. */
  #rememberCoordinator(groupId: string, nodeId: number): void {
    this.#coordinators.delete(groupId); // re-inserted last: the map's order is the order learnt
    this.#coordinators.set(groupId, nodeId);
    if (this.#coordinators.size > COORDINATORS_CACHED_MAX) this.#coordinators.delete(this.#coordinators.keys().next().value!);
  }

  async #backoff(attempt: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(backoffDelayMs(attempt, this.#options.retry), undefined, { signal });
    } catch (error) {
      throw new CairnError('CLIENT_CLOSED', undefined, { cause: error });
    }
  }

  /**
   * Asks one node, then the next as well each time HEDGE_DELAY_MS passes
   * without an answer, or at once when one fails; the first answer wins and
   * the other calls are cancelled. A node that is paused or cut off then
   * costs a hedge delay, not a request timeout. Rejects with the last
   * failure once every node failed, or with the first that is not retriable.
   */
  #askAny<M extends UnaryMethod>(method: M, request: RequestOf<M>, deadline: Date, signal?: AbortSignal): Promise<ResponseOf<M>> {
    const candidates = this.#anyCandidates();
    const done = new AbortController();
    const callSignal = signal === undefined ? done.signal : AbortSignal.any([done.signal, signal]);
    return new Promise((resolve, reject: (error: CairnError) => void) => {
      let asked = 0;
      let failed = 0;
      let hedge: NodeJS.Timeout | undefined;
      const settle = (finish: () => void): void => {
        clearTimeout(hedge);
        done.abort();
        finish();
      };
      const askNext = (): void => {
        clearTimeout(hedge);
        if (done.signal.aborted || asked === candidates.length) return;
        const index = asked++;
        const fail = (error: CairnError): void => {
          if (done.signal.aborted) return;
          if (!error.retriable || ++failed === candidates.length) settle(() => reject(error));
          else askNext();
        };
        let connection: Connection;
        try {
          connection = this.#connection(candidates[index]!);
        } catch (error) {
          fail(error as CairnError); // the client was closed
          return;
        }
        connection.unary(method, request, deadline, callSignal).then((response) => {
          if (done.signal.aborted) return;
          this.#anyCursor += index; // start from the node that answered next time
          settle(() => resolve(response));
        }, fail);
        hedge = setTimeout(askNext, HEDGE_DELAY_MS);
      };
      askNext();
    });
  }

  /** Every node address known, starting from the cursor. */
  #anyCandidates(): string[] {
    const candidates = [...new Set([...this.#options.brokers, ...this.#addresses.values()])];
    // brokers is never empty.
    const start = this.#anyCursor % candidates.length;
    return [...candidates.slice(start), ...candidates.slice(0, start)];
  }

  #connection(address: string): Connection {
    if (this.#closed.signal.aborted) throw new CairnError('CLIENT_CLOSED');
    let connection = this.#connections.get(address);
    if (connection === undefined) {
      connection = new Connection(address, this.#options.credentials, this.#channelOptions, this.#options.requestTimeoutMs, this.#session);
      this.#connections.set(address, connection);
    }
    return connection;
  }
}
