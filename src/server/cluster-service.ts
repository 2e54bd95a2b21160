/**
 * The public Cluster service: metadata from any node; topic administration
 * on the controller (other nodes answer NOT_CONTROLLER with a hint).
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError } from '../protocol/errors.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { MetadataCommand, MetadataError, MetadataErrorKind, MetadataImage, NodeTopicDefaults, Proposal } from '../metadata/index.js';
import { MetadataFrontend, broker, describeTopicConfigs, nodeState, nodeStatus, placeableNodes, topicInfo } from '../metadata/index.js';
import type { NodeId } from '../raft/index.js';
import type { ClusterView } from './cluster-view.js';
import { partitionMoveHandlers } from './partition-move-service.js';
import { unary } from './unary.js';

const ERROR_CODE_OF: Record<MetadataErrorKind, ErrorCode> = {
  'topic-exists': 'TOPIC_ALREADY_EXISTS',
  'unknown-topic': 'UNKNOWN_TOPIC_OR_PARTITION',
  'unknown-partition': 'UNKNOWN_TOPIC_OR_PARTITION',
  'invalid-name': 'INVALID_TOPIC_NAME',
  'invalid-partitions': 'INVALID_PARTITIONS',
  'invalid-replication-factor': 'INVALID_REPLICATION_FACTOR',
  'not-enough-nodes': 'NOT_ENOUGH_NODES',
  'invalid-assignment': 'INVALID_REPLICA_ASSIGNMENT',
  'invalid-config': 'INVALID_CONFIG',
  'invalid-node': 'INVALID_REQUEST',
  'incarnation-mismatch': 'INVALID_REQUEST',
  'stale-epoch': 'NOT_CONTROLLER',
  'limit-exceeded': 'INVALID_REQUEST',
  'partition-limit': 'PARTITION_LIMIT_EXCEEDED',
  'invalid-user': 'INVALID_REQUEST',
  'unknown-user': 'INVALID_REQUEST',
  'invalid-acl': 'INVALID_REQUEST',
  'invalid-token-key': 'INVALID_REQUEST',
  'unknown-node': 'UNKNOWN_NODE',
  'node-unavailable': 'NODE_NOT_AVAILABLE',
  'move-in-progress': 'REASSIGNMENT_IN_PROGRESS',
};

export function metadataCairnError(error: MetadataError): CairnError {
  return new CairnError(ERROR_CODE_OF[error.kind], error.message);
}

/** NOT_CONTROLLER, pointing at the controller (id and client address) when it is known. */
export function notControllerError(message: string, controller: NodeId | undefined, image: MetadataImage): CairnError {
  const address = controller === undefined ? undefined : image.nodes.get(controller)?.clientAddress;
  return new CairnError('NOT_CONTROLLER', message, {
    ...(controller !== undefined && { leaderHint: controller }),
    ...(address !== undefined && { leaderAddress: address }),
  });
}

export interface ClusterServiceDeps {
  readonly image: () => MetadataImage;
  readonly view: ClusterView;
  /** The metadata leader, if known. */
  readonly controllerId: () => NodeId | undefined;
  readonly isController: () => boolean;
  /** Proposes a command and resolves with its outcome once applied; rejects with a CairnError. */
  readonly propose: (command: MetadataCommand) => Promise<unknown>;
  readonly metadataVoters: () => ReadonlySet<NodeId>;
  readonly defaultReplicationFactor: () => number;
  readonly defaultPartitions: number;
  /** This node's own values for topic configs, reported as their source `node` (PartitionRegistry.nodeTopicDefaults). */
  readonly nodeTopicDefaults: NodeTopicDefaults;
}

export function clusterServiceHandlers(deps: ClusterServiceDeps): UntypedServiceImplementation {
  const requireController = (): void => {
    if (!deps.isController()) throw notControllerError('this node is not the controller', deps.controllerId(), deps.image());
  };
  const submit = async (proposal: Proposal<MetadataCommand>): Promise<void> => {
    if (!proposal.ok) throw metadataCairnError(proposal.error);
    await deps.propose(proposal.command);
  };
  const describe = (name: string) => {
    const topic = deps.image().topics.get(name);
    if (topic === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${name}" does not exist`);
    return topicInfo(topic, deps.view.groupStatuses());
  };
  // Decommissioning nodes are live but take no new replicas.
  const liveNodes = () => placeableNodes(deps.image(), deps.view.liveness().live);
  const topicConfigs = (name: string) => {
    const topic = deps.image().topics.get(name);
    if (topic === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${name}" does not exist`);
    return { configs: describeTopicConfigs(topic.configs, deps.nodeTopicDefaults) };
  };

  return {
    Metadata: unary((request: { topics: string[] }) => {
      const image = deps.image();
      const liveness = deps.view.liveness();
      const statuses = deps.view.groupStatuses();
      const names = request.topics.length > 0 ? request.topics : [...image.topics.keys()].sort();
      return {
        // A decommissioned node has left the cluster's view, unless it still leads the metadata group (clients reach the controller through it).
        brokers: [...image.nodes.values()]
          .filter((node) => nodeState(image, node.id) !== 'decommissioned' || node.id === deps.controllerId())
          .map((node) => broker(node, liveness)),
        controllerId: deps.controllerId() ?? 0,
        topics: names.flatMap((name) => {
          const topic = image.topics.get(name);
          return topic === undefined ? [] : [topicInfo(topic, statuses)];
        }),
        clusterId: image.clusterId,
      };
    }),
    DescribeCluster: unary(() => {
      requireController();
      const image = deps.image();
      const liveness = deps.view.liveness();
      const voters = deps.metadataVoters();
      const statuses = deps.view.groupStatuses();
      return {
        clusterId: image.clusterId,
        controllerId: deps.controllerId() ?? 0,
        nodes: [...image.nodes.values()].map((node) => nodeStatus(node, liveness, voters, nodeState(image, node.id))),
        topics: [...image.topics.keys()].sort().map((name) => topicInfo(image.topics.get(name)!, statuses)),
      };
    }),
    CreateTopic: unary(async (request: { name: string; partitions: number; replicationFactor: number; configs: Record<string, string> }) => {
      requireController();
      const proposal = MetadataFrontend.createTopic(
        {
          name: request.name,
          partitions: request.partitions === 0 ? deps.defaultPartitions : request.partitions,
          replicationFactor: request.replicationFactor === 0 ? deps.defaultReplicationFactor() : request.replicationFactor,
          configs: request.configs,
        },
        deps.image(),
        liveNodes(),
      );
      await submit(proposal);
      return { topic: describe(request.name) };
    }),
    DeleteTopic: unary(async (request: { name: string }) => {
      requireController();
      await submit(MetadataFrontend.deleteTopic(request, deps.image()));
      return {};
    }),
    ListTopics: unary(() => {
      const image = deps.image();
      return { topics: [...image.topics.keys()].sort().map(describe) };
    }),
    DescribeTopic: unary((request: { name: string }) => ({ topic: describe(request.name) })),
    CreatePartitions: unary(async (request: { name: string; totalPartitions: number }) => {
      requireController();
      await submit(MetadataFrontend.createPartitions({ name: request.name, totalPartitions: request.totalPartitions }, deps.image(), liveNodes()));
      return { topic: describe(request.name) };
    }),
    DescribeTopicConfigs: unary((request: { name: string }) => topicConfigs(request.name)),
    AlterTopicConfigs: unary(async (request: { name: string; set: Record<string, string>; reset: string[] }) => {
      requireController();
      await submit(MetadataFrontend.setTopicConfig({ name: request.name, set: request.set, reset: request.reset }, deps.image()));
      return topicConfigs(request.name);
    }),
    ...partitionMoveHandlers(deps),
  };
}
