/**
 * The image and the controller's reports in the shapes of the Cluster API
 * (client.proto): what Metadata, DescribeTopic and DescribeCluster answer.
 */
import type { Broker } from '../gen/cairn/v1/Broker.js';
import type { NodeStatus } from '../gen/cairn/v1/NodeStatus.js';
import type { PartitionInfo } from '../gen/cairn/v1/PartitionInfo.js';
import type { PartitionMove } from '../gen/cairn/v1/PartitionMove.js';
import type { TopicInfo } from '../gen/cairn/v1/TopicInfo.js';
import type { NodeId } from '../raft/types.js';
import { inSyncReplicas, type GroupStatus } from './group-status.js';
import { NO_NODE, type GroupId } from './ids.js';
import type { NodeRecord, PartitionRecord, TopicRecord } from './image.js';
import { nodeLiveness, type Liveness } from './liveness.js';
import type { PartitionMoveProgress } from './move-progress.js';
import type { NodeState } from './node-states.js';

/** Leader, in-sync replicas and leader epoch (the leader's Raft term) come from the group's status, when known. */
export function partitionInfo(partition: PartitionRecord, status: GroupStatus | undefined): Required<PartitionInfo> {
  return {
    partition: partition.partition,
    leader: status?.leader ?? NO_NODE,
    replicas: [...partition.replicas],
    inSync: status === undefined ? [] : inSyncReplicas(status),
    leaderEpoch: status?.term ?? 0,
    group: partition.group,
    logBytes: status?.logBytes ?? 0,
  };
}

/** `configs` holds the topic's overrides only; unset keys have their defaults. */
export function topicInfo(topic: TopicRecord, groups: ReadonlyMap<GroupId, GroupStatus>): Required<TopicInfo> {
  return {
    name: topic.name,
    topicId: topic.id,
    partitions: topic.partitions.map((p) => partitionInfo(p, groups.get(p.group))),
    configs: { ...topic.configs },
    replicationFactor: topic.replicationFactor,
  };
}

export function broker(node: NodeRecord, liveness: Liveness): Required<Broker> {
  return { nodeId: node.id, address: node.clientAddress, rack: node.rack, live: nodeLiveness(liveness, node.id).live };
}

/** `metadataVoters`: the metadata group's voters, from its ConfState. */
export function nodeStatus(node: NodeRecord, liveness: Liveness, metadataVoters: ReadonlySet<NodeId>, state: NodeState = 'active'): Required<NodeStatus> {
  const { live, lastSeenMsAgo } = nodeLiveness(liveness, node.id);
  return {
    nodeId: node.id,
    address: node.clientAddress,
    rack: node.rack,
    live,
    lastSeenMsAgo,
    metadataVoter: metadataVoters.has(node.id),
    state,
  };
}

/** One entry of ListPartitionMoves. */
export function partitionMove(move: PartitionMoveProgress): Required<PartitionMove> {
  return {
    topic: move.topic,
    partition: move.partition,
    replicas: [...move.replicas],
    target: [...move.target],
    reason: move.reason,
    phase: move.phase,
    nodes: [...move.nodes],
    entriesBehind: String(move.entriesBehind),
  };
}
