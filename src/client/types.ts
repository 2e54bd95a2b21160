/**
 * The SDK's public description types. They differ from the generated wire
 * types where the wire is awkward: 64-bit fields arrive as strings, and 0
 * means "no node".
 */
import type { DescribeClusterResponse__Output } from '../gen/cairn/v1/DescribeClusterResponse.js';
import type { NodeStatus__Output } from '../gen/cairn/v1/NodeStatus.js';
import type { PartitionInfo__Output } from '../gen/cairn/v1/PartitionInfo.js';
import type { TopicInfo__Output } from '../gen/cairn/v1/TopicInfo.js';
import { toNodeState, type NodeState } from './partition-moves.js';

export interface PartitionDescription {
  readonly partition: number;
  /** Undefined while the partition has no known leader. */
  readonly leader: number | undefined;
  readonly replicas: readonly number[];
  readonly inSync: readonly number[];
  readonly leaderEpoch: number;
  /** The Raft group that holds the partition. */
  readonly group: number;
  /** Record bytes in the leader's log, as the leader last reported them to the controller (about once a second); 0 when unknown. */
  readonly logBytes: number;
}

export interface TopicDescription {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly PartitionDescription[];
  readonly configs: Readonly<Record<string, string>>;
  readonly replicationFactor: number;
}

export interface NodeDescription {
  readonly nodeId: number;
  readonly address: string;
  readonly rack: string | undefined;
  readonly live: boolean;
  readonly lastSeenMsAgo: number;
  readonly metadataVoter: boolean;
  readonly state: NodeState;
}

export interface ClusterDescription {
  readonly clusterId: string;
  /** The metadata leader; undefined during an election. */
  readonly controllerId: number | undefined;
  readonly nodes: readonly NodeDescription[];
  readonly topics: readonly TopicDescription[];
}

const nodeOrUndefined = (id: number): number | undefined => (id === 0 ? undefined : id);

export function toPartitionDescription(info: PartitionInfo__Output): PartitionDescription {
  return {
    partition: info.partition,
    leader: nodeOrUndefined(info.leader),
    replicas: info.replicas,
    inSync: info.inSync,
    // Epochs and ages stay far below 2^53.
    leaderEpoch: Number(info.leaderEpoch),
    group: info.group,
    // A log's bytes stay far below 2^53.
    logBytes: Number(info.logBytes),
  };
}

export function toTopicDescription(info: TopicInfo__Output): TopicDescription {
  return {
    name: info.name,
    topicId: info.topicId,
    partitions: info.partitions.map(toPartitionDescription).sort((a, b) => a.partition - b.partition),
    configs: info.configs,
    replicationFactor: info.replicationFactor,
  };
}

function toNodeDescription(status: NodeStatus__Output): NodeDescription {
  return {
    nodeId: status.nodeId,
    address: status.address,
    rack: status.rack === '' ? undefined : status.rack,
    live: status.live,
    lastSeenMsAgo: Number(status.lastSeenMsAgo),
    metadataVoter: status.metadataVoter,
    state: toNodeState(status.state),
  };
}

export function toClusterDescription(response: DescribeClusterResponse__Output): ClusterDescription {
  return {
    clusterId: response.clusterId,
    controllerId: nodeOrUndefined(response.controllerId),
    nodes: response.nodes.map(toNodeDescription).sort((a, b) => a.nodeId - b.nodeId),
    topics: response.topics.map(toTopicDescription),
  };
}
