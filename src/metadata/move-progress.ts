/**
 * Partitions whose replicas are changing, and how far each has got, from the
 * image and the group reports the controller collects: what `cairn partition
 * moves` lists. A partition is listed while an operator's move is recorded
 * for it, or while its leader reports a membership other than its
 * assignment (a step of a move, a decommission or a dead node's repair).
 */
import type { NodeId } from '../raft/types.js';
import { reportedMembers, type GroupStatus } from './group-status.js';
import type { GroupId } from './ids.js';
import { allPartitions, type MetadataImage } from './image.js';
import { decommissioningNodes } from './node-states.js';
import { membershipSettled } from './move-planner.js';
import { sameList } from './reassignment.js';

/**
 * `adding`: the leader has yet to add an assigned replica. `catching-up`: an
 * assigned replica is a member but not in sync. `removing`: a member no
 * longer assigned is yet to be removed. `waiting`: the step is done and the
 * next waits its turn (every replica in sync, fewer moves in flight).
 * `finishing`: the replicas are the target; the move is about to be marked
 * done. `no-leader`: no leader has reported the group.
 */
export type MovePhase = 'adding' | 'catching-up' | 'removing' | 'waiting' | 'finishing' | 'no-leader';

/** Who asked: an operator's move, a decommission, or the repair of a dead node's replicas. */
export type MoveReason = 'operator' | 'decommission' | 'repair';

export interface PartitionMoveProgress {
  readonly topic: string;
  readonly partition: number;
  /** The assignment now: the current step's replica set. */
  readonly replicas: readonly NodeId[];
  /** The operator's target; empty for other moves. */
  readonly target: readonly NodeId[];
  readonly reason: MoveReason;
  readonly phase: MovePhase;
  /** The nodes the phase is about (those being added, catching up or removed). */
  readonly nodes: readonly NodeId[];
  /** Log entries the assigned replicas that are not in sync still lack, summed. */
  readonly entriesBehind: number;
}

export function partitionMoves(image: MetadataImage, groups: ReadonlyMap<GroupId, GroupStatus>): PartitionMoveProgress[] {
  const decommissioning = new Set(decommissioningNodes(image));
  const moves: PartitionMoveProgress[] = [];
  for (const { topic, partition } of allPartitions(image)) {
    const status = groups.get(partition.group);
    const settled = membershipSettled(partition, status);
    if (partition.target === undefined && (settled || status?.fromLeader !== true)) continue;
    const { replicas } = partition;
    const members = status === undefined ? null : reportedMembers(status);
    const reason: MoveReason =
      partition.target !== undefined
        ? 'operator'
        : [...replicas, ...(members ?? [])].some((id) => decommissioning.has(id))
          ? 'decommission'
          : 'repair';
    const lagging = status?.replicas.filter((r) => replicas.includes(r.node) && !r.inSync) ?? [];
    const entriesBehind = lagging.reduce((sum, r) => sum + Math.max(0, (status?.lastIndex ?? 0) - r.match), 0);
    const base = { topic: topic.name, partition: partition.partition, replicas: [...replicas], target: [...(partition.target ?? [])], reason, entriesBehind };
    moves.push({ ...base, ...phaseOf(replicas, partition.target, members, lagging.map((r) => r.node)) });
  }
  return moves;
}

function phaseOf(
  replicas: readonly NodeId[],
  target: readonly NodeId[] | undefined,
  members: ReadonlySet<NodeId> | null,
  lagging: readonly NodeId[],
): { phase: MovePhase; nodes: NodeId[] } {
  if (members === null) return { phase: 'no-leader', nodes: [] };
  const adding = replicas.filter((id) => !members.has(id));
  if (adding.length > 0) return { phase: 'adding', nodes: adding };
  if (lagging.length > 0) return { phase: 'catching-up', nodes: [...lagging] };
  const removing = [...members].filter((id) => !replicas.includes(id));
  if (removing.length > 0) return { phase: 'removing', nodes: removing };
  return target !== undefined && sameList(replicas, target) ? { phase: 'finishing', nodes: [] } : { phase: 'waiting', nodes: [] };
}
