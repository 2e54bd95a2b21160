/**
 * An in-process stand-in for a Cairn cluster: one gRPC server per node on
 * 127.0.0.1, port 0, serving the Cluster service from a shared, simple
 * state. Non-controllers answer controller calls with NOT_CONTROLLER and a
 * hint, as real nodes do. Tests override single methods per node.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeStatus } from '../../../src/gen/cairn/v1/NodeStatus.js';
import type { TopicInfo } from '../../../src/gen/cairn/v1/TopicInfo.js';
import type { ClusterDefinition } from '../../../src/gen/cairn/v1/Cluster.js';
import type { ClusterMethod } from '../../../src/client/connection.js';
import { CairnError, toGrpcError } from '../../../src/client/errors.js';
import { clusterService } from '../../../src/protocol/proto.js';

/** What a server handler receives and answers (the generated server-side shapes). */
type RequestOf<M extends ClusterMethod> = ReturnType<ClusterDefinition[M]['requestDeserialize']>;
type ResponseOf<M extends ClusterMethod> = Parameters<ClusterDefinition[M]['responseSerialize']>[0];
type Handler<M extends ClusterMethod> = (request: RequestOf<M>, node: FakeNode) => ResponseOf<M> | Promise<ResponseOf<M>> | typeof HANG;

/** A handler result that never answers: the client's deadline has to end the call. */
export const HANG = Symbol('hang');

const CONTROLLER_METHODS: ReadonlySet<ClusterMethod> = new Set([
  'CreateTopic',
  'DeleteTopic',
  'ListTopics',
  'DescribeTopic',
  'CreatePartitions',
  'DescribeTopicConfigs',
  'AlterTopicConfigs',
]);

export type ExtraServices = (node: FakeNode) => [ServiceDefinition, UntypedServiceImplementation][];

export interface FakeNode {
  readonly nodeId: number;
  address: string;
  /** Methods in the order this node received them. */
  readonly calls: ClusterMethod[];
  readonly overrides: Partial<{ [M in ClusterMethod]: Handler<M> }>;
  server: Server | undefined;
}

export class FakeCluster {
  controllerId = 1;
  readonly topics = new Map<string, TopicInfo>();

  /** More services each node serves besides Cluster (the fake data plane adds Data). */
  private readonly extraServices: ExtraServices;

  private constructor(
    readonly nodes: FakeNode[],
    extraServices: ExtraServices,
  ) {
    this.extraServices = extraServices;
  }

  static async start(nodesCount: number, credentials = ServerCredentials.createInsecure(), extraServices: ExtraServices = () => []): Promise<FakeCluster> {
    const nodes: FakeNode[] = Array.from({ length: nodesCount }, (_, index) => ({
      nodeId: index + 1,
      address: '',
      calls: [],
      overrides: {},
      server: undefined,
    }));
    const cluster = new FakeCluster(nodes, extraServices);
    for (const node of nodes) await cluster.startNode(node, credentials);
    return cluster;
  }

  node(nodeId: number): FakeNode {
    const node = this.nodes[nodeId - 1];
    if (node === undefined) throw new Error(`no fake node ${nodeId}`);
    return node;
  }

  get addresses(): string[] {
    return this.nodes.map((node) => node.address);
  }

  override<M extends ClusterMethod>(nodeId: number, method: M, handler: Handler<M>): void {
    (this.node(nodeId).overrides as Record<M, Handler<M>>)[method] = handler;
  }

  /** Kills the node's server; its port then refuses connections. */
  stopNode(nodeId: number): void {
    const node = this.node(nodeId);
    node.server?.forceShutdown();
    node.server = undefined;
  }

  /** Starts a stopped node again on its old address. */
  async restartNode(nodeId: number, credentials = ServerCredentials.createInsecure()): Promise<void> {
    const node = this.node(nodeId);
    if (node.server !== undefined) throw new Error(`fake node ${nodeId} is running`);
    await this.startNode(node, credentials, node.address);
  }

  close(): void {
    for (const node of this.nodes) this.stopNode(node.nodeId);
  }

  private async startNode(node: FakeNode, credentials: ServerCredentials, address = '127.0.0.1:0'): Promise<void> {
    const server = new Server();
    const implementation: UntypedServiceImplementation = {};
    for (const method of Object.keys(clusterService()) as ClusterMethod[]) {
      implementation[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        node.calls.push(method);
        void this.answer(node, method, call.request as never).then(
          (response) => {
            if (response !== HANG) callback(null, response);
          },
          (error: unknown) => callback(toGrpcError(error as CairnError)),
        );
      };
    }
    server.addService(clusterService(), implementation);
    for (const [definition, handlers] of this.extraServices(node)) server.addService(definition, handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    node.address = `127.0.0.1:${port}`;
    node.server = server;
  }

  private async answer<M extends ClusterMethod>(node: FakeNode, method: M, request: RequestOf<M>): Promise<ResponseOf<M> | typeof HANG> {
    const override = node.overrides[method] as Handler<M> | undefined;
    if (override !== undefined) return override(request, node);
    if (CONTROLLER_METHODS.has(method) && node.nodeId !== this.controllerId) {
      throw new CairnError('NOT_CONTROLLER', undefined, { leaderHint: this.controllerId, leaderAddress: this.node(this.controllerId).address });
    }
    return (this.defaults[method] as (request: RequestOf<M>) => ResponseOf<M>)(request);
  }

  private readonly defaults: { [M in ClusterMethod]: (request: RequestOf<M>) => ResponseOf<M> } = {
    Metadata: () => ({
      brokers: this.nodes.map((node) => ({ nodeId: node.nodeId, address: node.address, rack: '', live: node.server !== undefined })),
      controllerId: this.controllerId,
      topics: [...this.topics.values()],
      clusterId: 'fake',
    }),
    DescribeCluster: () => ({
      clusterId: 'fake',
      controllerId: this.controllerId,
      nodes: this.nodes.map((node): NodeStatus => ({
        nodeId: node.nodeId,
        address: node.address,
        rack: `rack-${node.nodeId}`,
        live: node.server !== undefined,
        lastSeenMsAgo: '12',
        metadataVoter: true,
        state: 'active',
      })),
      topics: [...this.topics.values()],
    }),
    CreateTopic: (request) => {
      const name = request.name;
      if (this.topics.has(name)) throw new CairnError('TOPIC_ALREADY_EXISTS', `topic "${name}" already exists`);
      const replicas = this.nodes.slice(0, request.replicationFactor || 1).map((node) => node.nodeId);
      const topic: TopicInfo = {
        name,
        topicId: `id-${name}`,
        replicationFactor: replicas.length,
        configs: request.configs,
        partitions: Array.from({ length: request.partitions || 1 }, (_, partition) => ({
          partition,
          leader: replicas[partition % replicas.length] ?? 0,
          replicas: [...replicas],
          inSync: [...replicas],
          leaderEpoch: '1',
          group: 100 + partition,
          logBytes: String(1024 * (partition + 1)),
        })),
      };
      this.topics.set(name, topic);
      return { topic };
    },
    DeleteTopic: (request) => {
      if (!this.topics.delete(request.name)) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic "${request.name}"`);
      return {};
    },
    ListTopics: () => ({ topics: [...this.topics.values()] }),
    DescribeTopic: (request) => {
      const topic = this.topics.get(request.name);
      if (topic === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic "${request.name}"`);
      return { topic };
    },
    CreatePartitions: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not grow topics');
    },
    DescribeTopicConfigs: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not describe configs');
    },
    AlterTopicConfigs: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not change configs');
    },
    MovePartition: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not move partitions');
    },
    ListPartitionMoves: () => ({ moves: [] }),
    DecommissionNode: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not decommission nodes');
    },
    RecommissionNode: () => {
      throw new CairnError('INVALID_REQUEST', 'the fake cluster does not recommission nodes');
    },
  };
}
