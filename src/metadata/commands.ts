/**
 * Commands of the metadata state machine: plain JSON-serialisable values,
 * proposed to the metadata group and applied by MetadataStm once committed.
 * Commands that act on an existing topic carry the topic id the proposer
 * saw, so a topic deleted and created again under the same name is not
 * touched by requests meant for its predecessor.
 */
import type { NodeId } from '../raft/types.js';
import type { TopicId } from './ids.js';
import type { TopicConfigs } from './topic-config.js';
import type { AclBinding, AclFilter, TokenKey, UserRecord } from './security-records.js';

/** A node announces itself (first heartbeat) or reports new addresses or rack. */
export interface RegisterNodeCommand {
  readonly type: 'register-node';
  readonly node: NodeId;
  readonly incarnation: string;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly rack: string;
  /** What the node admits: `cores × partitionsPerCore` partition replicas. */
  readonly cores: number;
  readonly partitionsPerCore: number;
  /** Kept only on first registration of an incarnation. */
  readonly registeredAtMs: number;
}

export interface CreateTopicCommand {
  readonly type: 'create-topic';
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: TopicConfigs;
  /** One replica list per partition, placed by the proposer; the first replica is the preferred leader. */
  readonly assignments: readonly (readonly NodeId[])[];
}

export interface DeleteTopicCommand {
  readonly type: 'delete-topic';
  readonly name: string;
  readonly topicId: TopicId;
}

/** Raises the partition count to `totalPartitions`; `assignments` places the new partitions only. */
export interface CreatePartitionsCommand {
  readonly type: 'create-partitions';
  readonly name: string;
  readonly topicId: TopicId;
  readonly totalPartitions: number;
  readonly assignments: readonly (readonly NodeId[])[];
}

/** Replaces a partition's replica list if its assignment epoch is still `expectedEpoch`. */
export interface ReassignPartitionCommand {
  readonly type: 'reassign-partition';
  readonly name: string;
  readonly topicId: TopicId;
  readonly partition: number;
  readonly replicas: readonly NodeId[];
  readonly expectedEpoch: number;
}

/** Sets some config keys and returns others to their defaults; other keys keep their values. */
export interface SetTopicConfigCommand {
  readonly type: 'set-topic-config';
  readonly name: string;
  readonly topicId: TopicId;
  readonly set: TopicConfigs;
  readonly reset: readonly string[];
}

/**
 * Reserves a block of idempotent-producer ids for the proposing node. The
 * block is derived from the index the command commits at, which no other
 * command shares: ids [index × PRODUCER_ID_BLOCK, (index + 1) × PRODUCER_ID_BLOCK).
 */
export interface AllocateProducerIdsCommand {
  readonly type: 'allocate-producer-ids';
}

export const PRODUCER_ID_BLOCK = 1024;

/** Creates a user or replaces its password (the record carries a new id either way). */
export interface PutUserCommand {
  readonly type: 'put-user';
  readonly user: UserRecord;
}

export interface DeleteUserCommand {
  readonly type: 'delete-user';
  readonly name: string;
}

export interface CreateAclsCommand {
  readonly type: 'create-acls';
  readonly acls: readonly AclBinding[];
}

export interface DeleteAclsCommand {
  readonly type: 'delete-acls';
  readonly filter: AclFilter;
}

/** A new token-signing key; the oldest beyond TOKEN_KEYS_MAX is dropped, and tokens it signed stop verifying. */
export interface AddTokenKeyCommand {
  readonly type: 'add-token-key';
  readonly key: TokenKey;
}

/**
 * An operator's partition move: records `target` as the replica set the
 * partition is heading for. The controller then reassigns it one replica at
 * a time (move-planner.ts) and clears the target once the group's
 * membership is the target (FinishPartitionMoveCommand).
 */
export interface MovePartitionCommand {
  readonly type: 'move-partition';
  readonly name: string;
  readonly topicId: TopicId;
  readonly partition: number;
  readonly target: readonly NodeId[];
  readonly expectedEpoch: number;
}

/** Clears a move's target once the partition's replicas are the target (at `expectedEpoch`). */
export interface FinishPartitionMoveCommand {
  readonly type: 'finish-partition-move';
  readonly name: string;
  readonly topicId: TopicId;
  readonly partition: number;
  readonly expectedEpoch: number;
}

/** Marks a node decommissioning: the controller moves its leaderships and replicas away. */
export interface DecommissionNodeCommand {
  readonly type: 'decommission-node';
  readonly node: NodeId;
}

/** Returns a decommissioning or decommissioned node to service. */
export interface RecommissionNodeCommand {
  readonly type: 'recommission-node';
  readonly node: NodeId;
}

/** A decommissioning node that holds no replica any more leaves the cluster's view. */
export interface FinishDecommissionCommand {
  readonly type: 'finish-decommission';
  readonly node: NodeId;
}

export type MetadataCommand =
  | MovePartitionCommand
  | FinishPartitionMoveCommand
  | DecommissionNodeCommand
  | RecommissionNodeCommand
  | FinishDecommissionCommand
  | AllocateProducerIdsCommand
  | RegisterNodeCommand
  | CreateTopicCommand
  | DeleteTopicCommand
  | CreatePartitionsCommand
  | ReassignPartitionCommand
  | SetTopicConfigCommand
  | PutUserCommand
  | DeleteUserCommand
  | CreateAclsCommand
  | DeleteAclsCommand
  | AddTokenKeyCommand;

export type MetadataCommandType = MetadataCommand['type'];
