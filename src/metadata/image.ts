/**
 * The metadata image: an immutable, versioned picture of the cluster, the
 * state of the metadata Raft group (§5 of the design). Every node holds the
 * same image at the same version; MetadataStm derives the next one from a
 * committed command.
 */
import type { LogIndex, NodeId } from '../raft/types.js';
import { FIRST_PARTITION_GROUP, type GroupId, type TopicId } from './ids.js';
import type { TopicConfigs } from './topic-config.js';
import type { SecurityImage } from './security-records.js';

export interface NodeRecord {
  readonly id: NodeId;
  /** Identifies the node's data directory: the same id with another incarnation is a wiped disk. */
  readonly incarnation: string;
  readonly clientAddress: string;
  readonly peerAddress: string;
  /** '' when the node has no rack. */
  readonly rack: string;
  /** The proposer's clock when this incarnation first registered. */
  readonly registeredAtMs: number;
  /**
   * The node admits `cores × partitionsPerCore` partition replicas (see admission.ts). 0 in records
   * written before nodes reported them: such a node admits none until its next heartbeat registers it again.
   */
  readonly cores: number;
  readonly partitionsPerCore: number;
}

export interface PartitionRecord {
  readonly partition: number;
  /** The Raft group holding the partition; never reused, even after its topic is deleted. */
  readonly group: GroupId;
  /** Distinct nodes, the first being the preferred leader. Always as many as the topic's replication factor. */
  readonly replicas: readonly NodeId[];
  /**
   * Bumped on every change of `replicas`. At epoch 0 the replicas are the
   * group's founding voters: a replica may bootstrap its group with them. A
   * replica added later starts empty and learns its membership from the
   * leader, so it cannot campaign with a log it never had.
   */
  readonly epoch: number;
  /**
   * Set while an operator's move is in progress: the replica set the
   * partition is heading for, reached one replica at a time.
   */
  readonly target?: readonly NodeId[];
}

export interface TopicRecord {
  readonly name: string;
  readonly id: TopicId;
  /** Created by Cairn itself (e.g. consumer-group offsets); the name starts with `__`. */
  readonly internal: boolean;
  readonly replicationFactor: number;
  /** Validated overrides in canonical spelling (see topic-config.ts). */
  readonly configs: TopicConfigs;
  /** Indexed by partition number. */
  readonly partitions: readonly PartitionRecord[];
}

export interface MetadataImage {
  readonly clusterId: string;
  /** Index of the last metadata command applied; 0 for the empty image. */
  readonly version: LogIndex;
  /** The next partition group id to hand out. */
  readonly nextGroup: GroupId;
  readonly nodes: ReadonlyMap<NodeId, NodeRecord>;
  readonly topics: ReadonlyMap<string, TopicRecord>;
  /** Users, ACLs and token keys; absent until the first security command (EMPTY_SECURITY). */
  readonly security?: SecurityImage;
  /** Nodes being (or done being) decommissioned; every other registered node is active. Absent when empty. */
  readonly decommissions?: ReadonlyMap<NodeId, DecommissionState>;
}

/** `decommissioning`: its replicas are moving away. `decommissioned`: it holds none and is out of the cluster's view. */
export type DecommissionState = 'decommissioning' | 'decommissioned';

/**
 * The image every member of a new cluster starts from. The cluster id comes
 * from configuration: nodes check it in their peer handshake before they
 * exchange Raft messages, so it cannot be replicated state.
 */
export function emptyImage(clusterId: string): MetadataImage {
  return { clusterId, version: 0 as LogIndex, nextGroup: FIRST_PARTITION_GROUP, nodes: new Map(), topics: new Map() };
}

export interface PartitionRef {
  readonly topic: TopicRecord;
  readonly partition: PartitionRecord;
}

/** Every partition, by topic name then partition number: a stable order for planners and views. */
export function allPartitions(image: MetadataImage): PartitionRef[] {
  const names = [...image.topics.keys()].sort();
  return names.flatMap((name) => {
    const topic = image.topics.get(name) as TopicRecord;
    return topic.partitions.map((partition) => ({ topic, partition }));
  });
}

export function partitionsCount(image: MetadataImage): number {
  let count = 0;
  for (const topic of image.topics.values()) count += topic.partitions.length;
  return count;
}

/**
 * The partitions whose replica set includes `node`: what the node's
 * reconciler must host. A replica no longer listed stays until its group's
 * leader has removed it from the Raft membership, or the group could lose a
 * voter it still counts on.
 */
export function assignedPartitions(image: MetadataImage, node: NodeId): PartitionRef[] {
  return allPartitions(image).filter(({ partition }) => partition.replicas.includes(node));
}
