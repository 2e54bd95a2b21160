/** One gRPC channel to one node, and the typed unary calls of the Cluster service over it. */
import { Client, Metadata } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions, ClientUnaryCall } from '@grpc/grpc-js';
import type { ClusterDefinition } from '../gen/cairn/v1/Cluster.js';
import { fromGrpcError } from './errors.js';
import type { CairnError } from './errors.js';
import { clusterService } from './proto.js';

export type ClusterMethod =
  | 'Metadata'
  | 'DescribeCluster'
  | 'CreateTopic'
  | 'DeleteTopic'
  | 'ListTopics'
  | 'DescribeTopic'
  | 'CreatePartitions';

export type RequestOf<M extends ClusterMethod> = Parameters<ClusterDefinition[M]['requestSerialize']>[0];
export type ResponseOf<M extends ClusterMethod> = ReturnType<ClusterDefinition[M]['responseDeserialize']>;

export class Connection {
  readonly #client: Client;
  /** Cancelled on close, so closing the SDK never waits for a deadline. */
  readonly #inFlight = new Set<ClientUnaryCall>();

  constructor(
    readonly address: string,
    credentials: ChannelCredentials,
    channelOptions: ChannelOptions,
  ) {
    this.#client = new Client(address, credentials, channelOptions);
  }

  /** Rejects only with a CairnError. */
  unary<M extends ClusterMethod>(method: M, request: RequestOf<M>, deadline: Date): Promise<ResponseOf<M>> {
    const definition: ClusterDefinition[M] = clusterService()[method];
    return new Promise((resolve, reject: (error: CairnError) => void) => {
      const call = this.#client.makeUnaryRequest<RequestOf<M>, ResponseOf<M>>(
        definition.path,
        // TypeScript cannot narrow a union of per-method definitions by a generic M.
        definition.requestSerialize as (value: RequestOf<M>) => Buffer,
        definition.responseDeserialize as (bytes: Buffer) => ResponseOf<M>,
        request,
        new Metadata(),
        { deadline },
        (error, response) => {
          this.#inFlight.delete(call);
          if (error !== null) reject(fromGrpcError(error, this.address));
          else if (response === undefined) reject(fromGrpcError(new Error(`${method}: empty response`), this.address));
          else resolve(response);
        },
      );
      this.#inFlight.add(call);
    });
  }

  close(): void {
    for (const call of this.#inFlight) call.cancel();
    this.#client.close();
  }
}
