/**
 * Turns admin requests into metadata commands, refusing bad ones before they
 * are proposed, with messages for the person who sent them. Checks run
 * against the caller's image and live nodes; MetadataStm checks again at
 * apply time, where a concurrent proposal may have won. Placement happens
 * here, on the proposer, so the log records its outcome and apply stays
 * cheap and deterministic.
 */
import type { NodeReport__Output } from '../gen/cairn/v1/cluster/NodeReport.js';
import type { NodeId } from '../raft/types.js';
import type { TopicConfigs } from './topic-config.js';
import {
  checkConfigChange,
  checkNewTopic,
  checkPartitionIncrease,
  checkRegistration,
  findTopic,
} from './checks.js';
import type {
  CreatePartitionsCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  RegisterNodeCommand,
  SetTopicConfigCommand,
} from './commands.js';
import { metadataError, refusal, type Outcome } from './errors.js';
import type { MetadataImage, NodeRecord } from './image.js';
import { clusterLoad } from './load.js';
import { placePartitions, type PlacementNode } from './placement.js';

export type Proposal<C> = Outcome<{ command: C }>;

const proposal = <C>(command: C): Proposal<C> => ({ ok: true, command });

/** The fields of the Cluster API's CreateTopicRequest. */
export interface CreateTopicRequest {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs?: TopicConfigs;
}

export interface CreateTopicOptions {
  /** Cairn's own topics (names starting with `__`); never set from a client request. */
  readonly internal?: boolean;
}

export function createTopic(
  request: CreateTopicRequest,
  image: MetadataImage,
  liveNodes: ReadonlySet<NodeId>,
  options: CreateTopicOptions = {},
): Proposal<CreateTopicCommand> {
  const topic = { ...request, internal: options.internal ?? false, configs: request.configs ?? {} };
  const live = liveRecords(image, liveNodes);
  const checked = checkNewTopic(image, topic, { nodes: live, which: 'live' });
  if (!checked.ok) return checked;
  const assignments = placePartitions({
    nodes: live.map(placementNode),
    load: clusterLoad(image),
    partitionsCount: topic.partitions,
    replicationFactor: topic.replicationFactor,
  });
  return proposal({
    type: 'create-topic',
    name: topic.name,
    internal: topic.internal,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configs: checked.configs,
    assignments,
  });
}

export function deleteTopic(request: { readonly name: string }, image: MetadataImage): Proposal<DeleteTopicCommand> {
  const found = findTopic(image, request.name);
  if (!found.ok) return found;
  if (found.topic.internal) return refusal(metadataError('invalid-name', `topic '${request.name}' is internal and cannot be deleted`));
  return proposal({ type: 'delete-topic', name: request.name, topicId: found.topic.id });
}

/** The fields of the Cluster API's CreatePartitionsRequest. */
export interface CreatePartitionsRequest {
  readonly name: string;
  readonly totalPartitions: number;
}

export function createPartitions(
  request: CreatePartitionsRequest,
  image: MetadataImage,
  liveNodes: ReadonlySet<NodeId>,
): Proposal<CreatePartitionsCommand> {
  const found = findTopic(image, request.name);
  if (!found.ok) return found;
  const { topic } = found;
  const live = liveRecords(image, liveNodes);
  const increase = checkPartitionIncrease(image, topic, request.totalPartitions, { nodes: live, which: 'live' });
  if (increase !== null) return refusal(increase);
  const assignments = placePartitions({
    nodes: live.map(placementNode),
    load: clusterLoad(image),
    partitionsCount: request.totalPartitions - topic.partitions.length,
    replicationFactor: topic.replicationFactor,
  });
  const { totalPartitions } = request;
  return proposal({ type: 'create-partitions', name: topic.name, topicId: topic.id, totalPartitions, assignments });
}

export interface SetTopicConfigRequest {
  readonly name: string;
  readonly set: TopicConfigs;
  /** Keys to return to their defaults. */
  readonly reset: readonly string[];
}

export function setTopicConfig(request: SetTopicConfigRequest, image: MetadataImage): Proposal<SetTopicConfigCommand> {
  const found = findTopic(image, request.name);
  if (!found.ok) return found;
  const checked = checkConfigChange(request.set, request.reset);
  if (!checked.ok) return checked;
  const { name, reset } = request;
  return proposal({ type: 'set-topic-config', name, topicId: found.topic.id, set: checked.configs, reset: [...reset] });
}

/**
 * The registration a node's heartbeat calls for: a command when the node is
 * new or its addresses, rack or capacity changed, null when the image already agrees.
 */
export function registerNode(report: NodeReport__Output, image: MetadataImage, nowMs: number): Proposal<RegisterNodeCommand | null> {
  if (report.node === null) return refusal(metadataError('invalid-node', 'the report does not say which node sent it'));
  const { nodeId, clusterId, incarnation } = report.node;
  if (clusterId !== image.clusterId) {
    return refusal(metadataError('invalid-node', `node ${nodeId} belongs to cluster '${clusterId}', not '${image.clusterId}'`));
  }
  const registration = {
    node: nodeId as NodeId,
    incarnation,
    clientAddress: report.clientAddress,
    peerAddress: report.peerAddress,
    rack: report.rack,
    cores: report.cores,
    partitionsPerCore: report.partitionsPerCore,
  };
  const error = checkRegistration(image, registration);
  if (error !== null) return refusal(error);
  const known = image.nodes.get(registration.node);
  if (
    known !== undefined &&
    known.clientAddress === registration.clientAddress &&
    known.peerAddress === registration.peerAddress &&
    known.rack === registration.rack &&
    known.cores === registration.cores &&
    known.partitionsPerCore === registration.partitionsPerCore
  ) {
    return proposal(null);
  }
  return proposal({ type: 'register-node', ...registration, registeredAtMs: nowMs });
}

/** The live nodes the image knows (one just heard from may not be registered yet). */
function liveRecords(image: MetadataImage, liveNodes: ReadonlySet<NodeId>): NodeRecord[] {
  return [...liveNodes].flatMap((id) => {
    const node = image.nodes.get(id);
    return node === undefined ? [] : [node];
  });
}

const placementNode = (node: NodeRecord): PlacementNode => ({ id: node.id, rack: node.rack });
