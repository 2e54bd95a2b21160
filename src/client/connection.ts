/**
 * One gRPC channel to one node (replaced when it stays connecting too long),
 * and the typed calls of the Cluster, Data and Groups services over it.
 */
import { Client, Metadata, connectivityState } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions, ClientDuplexStream, ClientUnaryCall } from '@grpc/grpc-js';
import type { ClusterDefinition } from '../gen/cairn/v1/Cluster.js';
import type { DataDefinition } from '../gen/cairn/v1/Data.js';
import type { GroupsDefinition } from '../gen/cairn/v1/Groups.js';
import type { SecurityDefinition } from '../gen/cairn/v1/Security.js';
import { CairnError, fromGrpcError } from './errors.js';
import type { GrpcErrorLike } from './errors.js';
import { plainGrpcDetails } from './grpc-details.js';
import { requestStarted } from './instrumentation.js';
import { clusterService, dataService, groupsService, securityService } from '../protocol/proto.js';
import type { Session } from './session.js';

export type ClusterMethod =
  | 'Metadata'
  | 'DescribeCluster'
  | 'CreateTopic'
  | 'DeleteTopic'
  | 'ListTopics'
  | 'DescribeTopic'
  | 'CreatePartitions'
  | 'MovePartition'
  | 'ListPartitionMoves'
  | 'DecommissionNode'
  | 'RecommissionNode'
  | 'DescribeTopicConfigs'
  | 'AlterTopicConfigs';

/** The Data service's unary calls the SDK makes; produce goes over ProduceStream. */
export type DataUnaryMethod = 'InitProducer' | 'Fetch' | 'ListOffsets' | 'DeleteRecords';
export type GroupsMethod = 'FindCoordinator' | 'Heartbeat' | 'CommitOffsets' | 'FetchOffsets' | 'ListGroups' | 'DescribeGroup' | 'DeleteGroup';
export type SecurityMethod = 'Authenticate' | 'CreateUser' | 'DeleteUser' | 'ListUsers' | 'CreateAcls' | 'DeleteAcls' | 'ListAcls' | 'RotateTokenKey';
export type UnaryMethod = ClusterMethod | DataUnaryMethod | GroupsMethod | SecurityMethod;
export type StreamMethod = 'ProduceStream' | 'Subscribe';

type Definitions = ClusterDefinition & DataDefinition & GroupsDefinition & SecurityDefinition;
export type RequestOf<M extends UnaryMethod | StreamMethod> = Parameters<Definitions[M]['requestSerialize']>[0];
export type ResponseOf<M extends UnaryMethod | StreamMethod> = ReturnType<Definitions[M]['responseDeserialize']>;
export type DuplexOf<M extends StreamMethod> = ClientDuplexStream<RequestOf<M>, ResponseOf<M>>;

function definitionOf<M extends UnaryMethod | StreamMethod>(method: M): Definitions[M] {
  const service = [clusterService(), dataService(), groupsService(), securityService()].find((s) => Object.hasOwn(s, method))!;
  return (service as unknown as Definitions)[method];
}

/** The error with grpc-js's own wording made plain (see grpc-details.ts); the original becomes its cause. */
function withPlainDetails(error: GrpcErrorLike): GrpcErrorLike {
  if (typeof error.details !== 'string') return error;
  const details = plainGrpcDetails(error.details);
  if (details === error.details) return error;
  return Object.assign(new Error(details, { cause: error }), { code: error.code, details, metadata: error.metadata });
}

export class Connection {
  #client: Client;
  readonly #credentials: ChannelCredentials;
  readonly #channelOptions: ChannelOptions;
  readonly #connectTimeoutMs: number;
  /** Cancelled on close, so closing the SDK never waits for a deadline. */
  readonly #inFlight = new Set<ClientUnaryCall | ClientDuplexStream<unknown, unknown>>();
  #closed = false;
  /** Credentials for every call but Authenticate; undefined when the cluster needs none. */
  readonly #session: Session | undefined;

  /** A channel still connecting after `connectTimeoutMs` is replaced by a new one. */
  constructor(
    readonly address: string,
    credentials: ChannelCredentials,
    channelOptions: ChannelOptions,
    connectTimeoutMs: number,
    session?: Session,
  ) {
    this.#session = session;
    this.#credentials = credentials;
    // Subchannels of its own: a replacement must not take over the stuck attempt from a shared pool.
    this.#channelOptions = { ...channelOptions, 'grpc.use_local_subchannel_pool': 1 };
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#client = this.#dial();
  }

  /**
   * A new channel, watched. grpc-js gives a connection attempt no deadline:
   * one that gets no answer (SYNs dropped, which the kernel retries for about
   * two minutes, further and further apart; or a node that accepted it and
   * stopped) keeps the channel connecting, and every call waiting on it, also
   * after the path heals. Closing such a channel fails its waiting calls as
   * UNAVAILABLE (retried), and its replacement dials at once.
   */
  #dial(): Client {
    const client = new Client(this.address, this.#credentials, this.#channelOptions);
    this.#watch(client);
    return client;
  }

  #watch(client: Client): void {
    const channel = client.getChannel();
    const state = channel.getConnectivityState(false);
    const deadline = state === connectivityState.CONNECTING ? Date.now() + this.#connectTimeoutMs : Infinity;
    channel.watchConnectivityState(state, deadline, (error?: Error) => {
      if (this.#closed || this.#client !== client) return;
      if (error === undefined) {
        this.#watch(client);
        return;
      }
      this.#client = this.#dial();
      client.close();
    });
  }

  /** Rejects only with a CairnError; an aborted `signal` cancels the call (CLIENT_CLOSED). */
  async unary<M extends UnaryMethod>(method: M, request: RequestOf<M>, deadline: Date, signal?: AbortSignal): Promise<ResponseOf<M>> {
    const definition = definitionOf(method);
    const metadata = this.#session === undefined || method === 'Authenticate' ? new Metadata() : await this.#session.metadata();
    return new Promise((resolve, reject: (error: CairnError) => void) => {
      const onAbort = (): void => call.cancel();
      const ended = requestStarted(method, this.address);
      const call = this.#client.makeUnaryRequest<RequestOf<M>, ResponseOf<M>>(
        definition.path,
        // TypeScript cannot narrow a union of per-method definitions by a generic M.
        definition.requestSerialize as (value: RequestOf<M>) => Buffer,
        definition.responseDeserialize as (bytes: Buffer) => ResponseOf<M>,
        request,
        metadata,
        { deadline },
        (error, response) => {
          this.#inFlight.delete(call);
          signal?.removeEventListener('abort', onAbort);
          const failed = error !== null ? this.errorOf(error, signal?.aborted === true) : response === undefined ? fromGrpcError(new Error(`${method}: empty response`), this.address) : undefined;
          ended(failed?.code ?? 'OK');
          if (failed !== undefined) reject(failed);
          else resolve(response!);
        },
      );
      this.#inFlight.add(call);
      if (signal?.aborted === true) call.cancel();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A long-lived bidi stream without a deadline: its user times out each
   * message. The caller must listen for 'error' (grpc-js emits it on any
   * status but OK) and map the status with errorOf().
   */
  stream<M extends StreamMethod>(method: M): DuplexOf<M> {
    const definition = definitionOf(method);
    const call = this.#client.makeBidiStreamRequest<RequestOf<M>, ResponseOf<M>>(
      definition.path,
      definition.requestSerialize as (value: RequestOf<M>) => Buffer,
      definition.responseDeserialize as (bytes: Buffer) => ResponseOf<M>,
      this.#session?.currentMetadata() ?? new Metadata(),
    );
    this.#inFlight.add(call);
    // grpc-js emits 'status' once at the end of every call, whatever its outcome.
    call.on('status', () => this.#inFlight.delete(call));
    return call;
  }

  /**
   * Maps a call's failure. CANCELLED means CLIENT_CLOSED only when this side
   * cancelled (`cancelledHere`, or the connection closed); a server that
   * cancels, as one shutting down does, is UNAVAILABLE: worth a retry.
   */
  errorOf(error: GrpcErrorLike, cancelledHere: boolean): CairnError {
    const mapped = fromGrpcError(withPlainDetails(error), this.address);
    if (mapped.code !== 'CLIENT_CLOSED' || cancelledHere || this.#closed) return mapped;
    return new CairnError('UNAVAILABLE', `${this.address}: the server cancelled the call`, { cause: error, details: mapped.details });
  }

  close(): void {
    this.#closed = true;
    for (const call of this.#inFlight) call.cancel();
    this.#client.close();
  }
}
