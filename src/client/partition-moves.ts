/** Partition moves and node decommissions as the SDK shows them (the Cluster API's PartitionMove and NodeStatus.state). */
import type { PartitionMove__Output } from '../gen/cairn/v1/PartitionMove.js';
import { CairnError } from './errors.js';

/** `decommissioning`: its replicas are moving away; `decommissioned`: it holds none and is out of the cluster's view. */
export type NodeState = 'active' | 'decommissioning' | 'decommissioned';

export interface MovePartitionOptions {
  readonly topic: string;
  readonly partition: number;
  /** The replica set to move to, the preferred leader first; as many nodes as the topic's replication factor. */
  readonly replicas: readonly number[];
}

/** A partition whose replicas are changing, and how far it has got. */
export interface PartitionMoveDescription {
  readonly topic: string;
  readonly partition: number;
  /** The current step's replica set. */
  readonly replicas: readonly number[];
  /** The operator's target; empty for moves made by a decommission or a dead node's repair. */
  readonly target: readonly number[];
  readonly reason: 'operator' | 'decommission' | 'repair';
  readonly phase: 'adding' | 'catching-up' | 'removing' | 'waiting' | 'finishing' | 'no-leader';
  /** The nodes the phase is about: being added, catching up, or being removed. */
  readonly nodes: readonly number[];
  /** Log entries the replicas not in sync still lack. */
  readonly entriesBehind: number;
}

export function toPartitionMove(move: PartitionMove__Output): PartitionMoveDescription {
  return {
    topic: move.topic,
    partition: move.partition,
    replicas: move.replicas,
    target: move.target,
    reason: move.reason as PartitionMoveDescription['reason'],
    phase: move.phase as PartitionMoveDescription['phase'],
    nodes: move.nodes,
    entriesBehind: Number(move.entriesBehind),
  };
}

export function toNodeState(state: string): NodeState {
  // A server from before decommissions sends nothing: every node is active there.
  return state === 'decommissioning' || state === 'decommissioned' ? state : 'active';
}

const isNodeId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) >= 1 && (id as number) <= 0xffff_ffff;

/** A node id as the wire carries it (uint32, 0 meaning none), refused before sending when it is not one. */
export function checkedNodeId(id: number): number {
  if (isNodeId(id)) return id;
  throw new CairnError('UNKNOWN_NODE', `a node id is an integer from 1 to 4294967295, got ${id}`);
}

export function moveRequest(options: MovePartitionOptions): { topic: string; partition: number; replicas: number[] } {
  const { topic, partition, replicas } = options;
  if (!Number.isSafeInteger(partition) || partition < 0 || partition > 0xffff_ffff) {
    throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `partition must be an integer from 0, got ${partition}`);
  }
  if (replicas.length === 0) throw new CairnError('INVALID_REPLICA_ASSIGNMENT', 'a move needs at least one replica');
  return { topic, partition, replicas: replicas.map(checkedNodeId) };
}
