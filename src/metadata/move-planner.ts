/**
 * The controller's decisions for operator moves and decommissions, as pure
 * functions of the image, liveness and group reports. Each partition moves
 * one replica at a time through the membership machinery the dead-node
 * repair uses (nextMembershipChange): one reassignment swaps one replica, its
 * leader adds the new one as a learner, promotes it once caught up and only
 * then removes the old one, so the group never has fewer voters than its
 * replication factor. The next step waits until the leader reports the
 * membership equal to the assignment and every replica in sync (but those
 * leaving, which may be dead), and at most
 * `inFlightMax` partitions change membership at a time across the cluster.
 */
import type { NodeId } from '../raft/types.js';
import type { FinishDecommissionCommand, FinishPartitionMoveCommand, ReassignPartitionCommand } from './commands.js';
import { reportedMembers, type GroupStatus } from './group-status.js';
import type { GroupId } from './ids.js';
import { allPartitions, type MetadataImage, type PartitionRecord, type PartitionRef } from './image.js';
import type { Liveness } from './liveness.js';
import { plannedLoad, type PlannedLoad } from './load.js';
import { decommissioningNodes, isActive } from './node-states.js';
import { chooseReplacement, type PlacementNode } from './placement.js';
import { holdsReplicas, sameList, sameSet } from './reassignment.js';

export type MoveCommand = ReassignPartitionCommand | FinishPartitionMoveCommand | FinishDecommissionCommand;

export interface MovePlanInput {
  readonly image: MetadataImage;
  readonly liveness: Liveness;
  readonly groups: ReadonlyMap<GroupId, GroupStatus>;
  /** Partitions changing membership at once, cluster-wide, before no new step starts. */
  readonly inFlightMax: number;
  /** Groups another decision of this round already changes. */
  readonly skip?: (group: GroupId) => boolean;
}

export interface MovePlan {
  readonly commands: readonly MoveCommand[];
  /** Partitions on a decommissioning node with no live active node outside the partition to take the replica. */
  readonly stranded: readonly { readonly topic: string; readonly partition: number; readonly group: GroupId }[];
}

/** Whether the group's leader reports a membership equal to the partition's assignment. */
export function membershipSettled(partition: PartitionRecord, status: GroupStatus | undefined): boolean {
  const members = status === undefined ? null : reportedMembers(status);
  return members !== null && sameSet(members, partition.replicas);
}

/**
 * Settled, and the leader reports in sync every replica but those on their
 * way out (`leaving`), which may be dead: the partition may take its next step.
 */
export function readyForStep(partition: PartitionRecord, status: GroupStatus | undefined, leaving: (id: NodeId) => boolean): boolean {
  if (status === undefined || !membershipSettled(partition, status)) return false;
  return partition.replicas.every((id) => leaving(id) || status.replicas.some((r) => r.node === id && r.inSync));
}

/** Partitions whose leader reports a membership other than their assignment: changes under way. */
export function movesInFlight(image: MetadataImage, groups: ReadonlyMap<GroupId, GroupStatus>): number {
  return allPartitions(image).filter(({ partition }) => {
    const status = groups.get(partition.group);
    return status?.fromLeader === true && !membershipSettled(partition, status);
  }).length;
}

/**
 * The next replica set on the way from `replicas` to `target`: one replica
 * leaving swapped for one arriving, the last leaving one first so the
 * preferred leader changes last; the target itself, in its order, once the
 * sets are equal.
 */
export function stepToward(replicas: readonly NodeId[], target: readonly NodeId[]): NodeId[] {
  const arriving = target.find((id) => !replicas.includes(id));
  if (arriving === undefined) return [...target];
  const slot = replicas.findLastIndex((id) => !target.includes(id));
  const next = replicas.with(slot, arriving);
  return sameSet(next, target) ? [...target] : next;
}

export function planMoves(input: MovePlanInput): MovePlan {
  const { image, groups, skip = () => false } = input;
  const commands: MoveCommand[] = [];
  const stranded: { topic: string; partition: number; group: GroupId }[] = [];
  let budget = input.inFlightMax - movesInFlight(image, groups);
  const partitions = allPartitions(image).filter(({ partition }) => !skip(partition.group));

  // Operator moves first: a finish costs no budget, a step one unit.
  for (const { topic, partition } of partitions) {
    const { target, replicas, epoch } = partition;
    if (target === undefined) continue;
    const status = groups.get(partition.group);
    const common = { name: topic.name, topicId: topic.id, partition: partition.partition, expectedEpoch: epoch };
    if (sameList(replicas, target)) {
      if (membershipSettled(partition, status)) commands.push({ type: 'finish-partition-move', ...common });
      continue;
    }
    if (budget <= 0 || !readyForStep(partition, status, (id) => !target.includes(id))) continue;
    commands.push({ type: 'reassign-partition', ...common, replicas: stepToward(replicas, target) });
    budget -= 1;
  }

  const decommissioning = new Set(decommissioningNodes(image));
  const load = plannedLoad(image);
  for (const ref of partitions) {
    if (budget <= 0) break;
    const step = decommissionStep(ref, input, decommissioning, load);
    if (step === null) continue;
    if (step === 'stranded') stranded.push({ topic: ref.topic.name, partition: ref.partition.partition, group: ref.partition.group });
    else {
      commands.push(step);
      budget -= 1;
    }
  }

  for (const node of decommissioning) {
    if (decommissionDone(image, groups, node)) commands.push({ type: 'finish-decommission', node });
  }
  return { commands, stranded };
}

/** A step moving one replica of the partition off a decommissioning node; null when there is none to take now. */
function decommissionStep(
  { topic, partition }: PartitionRef,
  { image, liveness, groups }: MovePlanInput,
  decommissioning: ReadonlySet<NodeId>,
  load: PlannedLoad,
): ReassignPartitionCommand | 'stranded' | null {
  const { replicas, epoch } = partition;
  const slot = replicas.findIndex((id) => decommissioning.has(id));
  // An operator's move of the partition already takes it off the node (a target never names a decommissioning node).
  const ready = readyForStep(partition, groups.get(partition.group), (id) => decommissioning.has(id));
  if (slot < 0 || partition.target !== undefined || !ready) return null;
  const node = (id: NodeId): PlacementNode => ({ id, rack: image.nodes.get(id)?.rack ?? '' });
  const replacement = chooseReplacement({
    candidates: [...liveness.live].filter((id) => isActive(image, id) && !replicas.includes(id)).map(node),
    staying: replicas.filter((_, i) => i !== slot).map(node),
    load,
  });
  if (replacement === null) return 'stranded';
  load.move(replicas[slot] as NodeId, replacement, slot === 0);
  const next = replicas.with(slot, replacement);
  return { type: 'reassign-partition', name: topic.name, topicId: topic.id, partition: partition.partition, replicas: next, expectedEpoch: epoch };
}

/**
 * A decommissioning node is done once the image gives it no replica and the
 * leader of every partition reports a membership without it (so no group
 * still counts on its vote) and is not it.
 */
function decommissionDone(image: MetadataImage, groups: ReadonlyMap<GroupId, GroupStatus>, node: NodeId): boolean {
  if (holdsReplicas(image, node)) return false;
  return allPartitions(image).every(({ partition }) => {
    const status = groups.get(partition.group);
    const members = status === undefined ? null : reportedMembers(status);
    return members !== null && !members.has(node);
  });
}
