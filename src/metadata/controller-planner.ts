/**
 * The controller's decisions, as pure functions of the image, node liveness
 * and group reports; the controller loop (the metadata leader) calls them
 * about once a second and carries them out: reassignments are proposed to
 * the metadata group, leadership transfers are sent to the groups' leaders.
 * Each round does a bounded amount of work, and every move it proposes
 * carries the assignment epoch it was planned from, so a plan made from a
 * stale image fails at apply instead of undoing a newer decision.
 */
import type { NodeId } from '../raft/types.js';
import { assert } from './assert.js';
import type { ReassignPartitionCommand } from './commands.js';
import { reportedMembers, type GroupStatus } from './group-status.js';
import type { GroupId } from './ids.js';
import { allPartitions, type MetadataImage, type PartitionRef } from './image.js';
import { computeLiveness, type Liveness } from './liveness.js';
import { plannedLoad } from './load.js';
import { planMoves, type MovePlan } from './move-planner.js';
import { decommissioningNodes, isActive } from './node-states.js';
import { chooseReplacement, type PlacementNode } from './placement.js';

export interface ControllerPlannerConfig {
  /** A node silent for longer than this is dead: it gets no new replicas and no leaderships. */
  readonly nodeDeadAfterMs: number;
  /**
   * Replicas of a node silent for longer than this move to live nodes. At
   * least nodeDeadAfterMs, and long enough to ride out a restart: a move
   * copies the whole partition to its new replica.
   */
  readonly replicaMoveAfterMs: number;
  readonly replicaMovesPerRoundMax: number;
  readonly leaderTransfersPerRoundMax: number;
  /** Partitions changing membership at once for operator moves and decommissions (move-planner.ts); default 8. */
  readonly partitionMovesInFlightMax?: number;
}

const PARTITION_MOVES_IN_FLIGHT_MAX_DEFAULT = 8;

export interface PartitionAddress {
  readonly topic: string;
  readonly partition: number;
  readonly group: GroupId;
}

/** Ask the group's current leader to hand leadership to the preferred leader. */
export interface LeaderTransfer extends PartitionAddress {
  readonly from: NodeId;
  readonly to: NodeId;
}

export interface ReplicaMoves {
  /** To propose to the metadata group. */
  readonly commands: readonly ReassignPartitionCommand[];
  /** Partitions with a replica to move but no live node outside the partition to take it. */
  readonly stranded: readonly PartitionAddress[];
}

export interface ControllerPlan {
  readonly replicaMoves: ReplicaMoves;
  /** Steps of operator moves and decommissions, and the commands that finish them. */
  readonly partitionMoves: MovePlan;
  /** None for partitions moved in the same round. */
  readonly leaderTransfers: readonly LeaderTransfer[];
}

export class ControllerPlanner {
  constructor(readonly config: ControllerPlannerConfig) {
    const { nodeDeadAfterMs, replicaMoveAfterMs, replicaMovesPerRoundMax, leaderTransfersPerRoundMax } = config;
    assert(
      nodeDeadAfterMs > 0 && replicaMoveAfterMs >= nodeDeadAfterMs,
      `replicaMoveAfterMs ${replicaMoveAfterMs} must be at least nodeDeadAfterMs ${nodeDeadAfterMs} (> 0)`,
    );
    const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;
    assert(isCount(replicaMovesPerRoundMax) && isCount(leaderTransfersPerRoundMax), 'per-round bounds must be counts');
  }

  liveness(image: MetadataImage, lastHeartbeatMs: ReadonlyMap<NodeId, number>, nowMs: number, controllerSinceMs: number): Liveness {
    return computeLiveness({ image, lastHeartbeatMs, nowMs, controllerSinceMs, nodeDeadAfterMs: this.config.nodeDeadAfterMs });
  }

  /**
   * `draining`: nodes handing their leaderships away before they stop; they
   * get none back, and neither do decommissioning nodes.
   */
  plan(image: MetadataImage, liveness: Liveness, groups: ReadonlyMap<GroupId, GroupStatus>, draining: ReadonlySet<NodeId> = new Set()): ControllerPlan {
    const replicaMoves = this.replicaMoves(image, liveness);
    const groupOf = (c: { name: string; partition: number }) => image.topics.get(c.name)?.partitions[c.partition]?.group;
    const moved = new Set(replicaMoves.commands.map(groupOf));
    const partitionMoves = planMoves({
      image,
      liveness,
      groups,
      inFlightMax: this.config.partitionMovesInFlightMax ?? PARTITION_MOVES_IN_FLIGHT_MAX_DEFAULT,
      skip: (group) => moved.has(group),
    });
    for (const command of partitionMoves.commands) if (command.type === 'reassign-partition') moved.add(groupOf(command));
    const leaving = new Set([...draining, ...decommissioningNodes(image)]);
    const leaderTransfers = this.leaderTransfers(image, liveness, groups, { skip: (group) => moved.has(group), draining: leaving });
    return { replicaMoves, partitionMoves, leaderTransfers };
  }

  /**
   * For each partition with a replica on a node silent for longer than
   * replicaMoveAfterMs, replace that replica (one per partition per round) by
   * the least-loaded live active node outside the partition, rack-aware, in the same
   * position, so a preferred leader is replaced by a preferred leader. The
   * partition's leader then carries the change out one server at a time
   * (nextMembershipChange); a group without a live quorum cannot, and waits
   * for a member to return.
   */
  replicaMoves(image: MetadataImage, liveness: Liveness): ReplicaMoves {
    const { replicaMoveAfterMs, replicaMovesPerRoundMax } = this.config;
    const gone = (id: NodeId): boolean => (liveness.nodes.get(id)?.lastSeenMsAgo ?? 0) > replicaMoveAfterMs && !liveness.live.has(id);
    const node = (id: NodeId): PlacementNode => ({ id, rack: image.nodes.get(id)?.rack ?? '' });
    const load = plannedLoad(image);
    const commands: ReassignPartitionCommand[] = [];
    const stranded: PartitionAddress[] = [];
    for (const ref of allPartitions(image)) {
      if (commands.length >= replicaMovesPerRoundMax) break;
      const { replicas, epoch } = ref.partition;
      const slot = replicas.findIndex(gone);
      if (slot < 0) continue;
      const replacement = chooseReplacement({
        candidates: [...liveness.live].filter((id) => isActive(image, id) && !replicas.includes(id)).map(node),
        staying: replicas.filter((_, i) => i !== slot).map(node),
        load,
      });
      if (replacement === null) {
        stranded.push(address(ref));
        continue;
      }
      const next = replicas.with(slot, replacement);
      const liveCount = (ids: readonly NodeId[]): number => ids.filter((id) => liveness.live.has(id)).length;
      assert(liveCount(next) > liveCount(replicas), `a move of partition ${ref.partition.group} would not add a live replica`);
      const { name, id: topicId } = ref.topic;
      commands.push({ type: 'reassign-partition', name, topicId, partition: ref.partition.partition, replicas: next, expectedEpoch: epoch });
      load.move(replicas[slot] as NodeId, replacement, slot === 0);
    }
    return { commands, stranded };
  }

  /**
   * For each partition whose leader is not its preferred leader (the first
   * live replica in assignment order that is not draining), a transfer to the
   * preferred leader once the current leader reports it in sync. So a
   * draining node is never handed a leadership, and one it still holds moves
   * to the next replica. Partitions whose membership differs from their
   * assignment are mid-reassignment and left alone, as are groups whose
   * leader has not reported and those `skip` names.
   */
  leaderTransfers(
    image: MetadataImage,
    liveness: Liveness,
    groups: ReadonlyMap<GroupId, GroupStatus>,
    { skip = () => false, draining = new Set() }: { skip?: (group: GroupId) => boolean; draining?: ReadonlySet<NodeId> } = {},
  ): LeaderTransfer[] {
    const transfers: LeaderTransfer[] = [];
    for (const ref of allPartitions(image)) {
      if (transfers.length >= this.config.leaderTransfersPerRoundMax) break;
      const { group, replicas } = ref.partition;
      const status = groups.get(group);
      if (status === undefined || skip(group)) continue;
      const members = reportedMembers(status);
      if (members === null || members.size !== replicas.length || !replicas.every((id) => members.has(id))) continue;
      const preferred = replicas.find((id) => liveness.live.has(id) && !draining.has(id));
      if (preferred === undefined || preferred === status.leader) continue;
      if (status.replicas.some((r) => r.node === preferred && r.inSync)) {
        transfers.push({ ...address(ref), from: status.leader, to: preferred });
      }
    }
    return transfers;
  }
}

function address({ topic, partition }: PartitionRef): PartitionAddress {
  return { topic: topic.name, partition: partition.partition, group: partition.group };
}
