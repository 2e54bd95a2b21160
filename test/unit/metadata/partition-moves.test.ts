import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import {
  ControllerPlanner,
  MetadataStm,
  ReassignmentFrontend,
  computeLiveness,
  decodeImage,
  encodeImage,
  groupStatuses,
  nodeState,
  partitionMoves,
  planMoves,
  stepToward,
  type GroupId,
  type GroupStatus,
  type Liveness,
  type MetadataCommand,
  type MetadataImage,
} from '../../../src/metadata/index.js';
import { groupReport, ids, liveSet, Log, nodeReport, topicCommand } from './helpers.js';

const NOW_MS = 100_000;
const planner = new ControllerPlanner({ nodeDeadAfterMs: 3_000, replicaMoveAfterMs: 30_000, replicaMovesPerRoundMax: 10, leaderTransfersPerRoundMax: 10 });

/** Every registered node heard just now, but `dead`, silent for a minute. */
function livenessOf(image: MetadataImage, dead: readonly number[] = []): Liveness {
  const heartbeats = new Map([...image.nodes.keys()].map((id) => [id, dead.includes(id) ? NOW_MS - 60_000 : NOW_MS]));
  return computeLiveness({ image, lastHeartbeatMs: heartbeats, nowMs: NOW_MS, controllerSinceMs: 0, nodeDeadAfterMs: 3_000 });
}

/**
 * What the leaders report: by default every partition's first replica leads
 * a membership equal to its assignment, every member in sync. `members`
 * overrides a group's membership as [node, in sync] pairs.
 */
function reports(image: MetadataImage, members: Map<number, [number, boolean][]> = new Map()): Map<GroupId, GroupStatus> {
  const byLeader = new Map<number, ReturnType<typeof groupReport>[]>();
  for (const topic of image.topics.values()) {
    for (const p of topic.partitions) {
      const leader = p.replicas[0] as number;
      const replicas = members.get(p.group) ?? p.replicas.map((id): [number, boolean] => [id, true]);
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), groupReport(p.group, leader, 1, replicas)]);
    }
  }
  return groupStatuses([...byLeader].map(([leader, groups]) => nodeReport(leader, groups)));
}

function cluster(nodes: number, assignments: number[][], racks: string[] = []): Log {
  const log = Log.withNodes(nodes, racks);
  log.ok(topicCommand('t', assignments));
  return log;
}

function moveCommand(log: Log, partition: number, target: number[]): MetadataCommand {
  const proposal = ReassignmentFrontend.movePartition({ topic: 't', partition, replicas: ids(...target) }, log.image, livenessOf(log.image).live);
  if (!proposal.ok) throw new Error(proposal.error.message);
  if (proposal.command === null) throw new Error('nothing to move');
  return proposal.command;
}

const replicasOf = (image: MetadataImage, partition = 0): readonly NodeId[] => image.topics.get('t')!.partitions[partition]!.replicas;

/** Runs controller rounds, each leader carrying its step out at once, until a round proposes nothing; returns the replica sets passed through. */
function runToCompletion(log: Log, inFlightMax = 8, partition = 0): NodeId[][] {
  const seen: NodeId[][] = [[...replicasOf(log.image, partition)]];
  for (let round = 0; round < 20; round++) {
    const plan = planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image), inFlightMax });
    if (plan.commands.length === 0) return seen;
    for (const command of plan.commands) log.ok(command);
    seen.push([...replicasOf(log.image, partition)]);
  }
  throw new Error('the move did not finish within 20 rounds');
}

describe('partition move requests', () => {
  it('records the target without touching the replicas, and refuses a second move of the same partition', () => {
    const log = cluster(4, [[1, 2, 3]]);
    log.ok(moveCommand(log, 0, [1, 2, 4]));
    const partition = log.image.topics.get('t')!.partitions[0]!;
    expect(partition.target).toEqual([1, 2, 4]);
    expect(partition.replicas).toEqual([1, 2, 3]);
    const again = ReassignmentFrontend.movePartition({ topic: 't', partition: 0, replicas: ids(4, 2, 1) }, log.image, livenessOf(log.image).live);
    expect(again.ok ? null : again.error.kind).toBe('move-in-progress');
  });

  it.each([
    ['a replica count other than the replication factor', [1, 2], 'invalid-assignment'],
    ['a node named twice', [1, 2, 2], 'invalid-assignment'],
    ['an unregistered node', [1, 2, 9], 'unknown-node'],
    ['a dead node', [1, 2, 4], 'node-unavailable'],
  ])('refuses a move naming %s, and the state machine refuses it too', (_what, target, kind) => {
    const log = cluster(4, [[1, 2, 3]]);
    const live = livenessOf(log.image, [4]).live;
    const proposal = ReassignmentFrontend.movePartition({ topic: 't', partition: 0, replicas: ids(...target) }, log.image, live);
    expect(proposal.ok ? null : proposal.error.kind).toBe(kind);
    if (kind === 'node-unavailable') return; // liveness is the frontend's alone
    const topicId = log.image.topics.get('t')!.id;
    const before = encodeImage({ ...log.image, version: 0 as never });
    expect(log.refused({ type: 'move-partition', name: 't', topicId, partition: 0, target: ids(...target), expectedEpoch: 0 })).toBe(kind);
    expect(encodeImage({ ...log.image, version: 0 as never })).toEqual(before);
  });

  it('refuses a move of an unknown topic or partition', () => {
    const log = cluster(4, [[1, 2, 3]]);
    const live = livenessOf(log.image).live;
    const unknownTopic = ReassignmentFrontend.movePartition({ topic: 'nope', partition: 0, replicas: ids(1, 2, 4) }, log.image, live);
    const unknownPartition = ReassignmentFrontend.movePartition({ topic: 't', partition: 5, replicas: ids(1, 2, 4) }, log.image, live);
    expect([unknownTopic, unknownPartition].map((p) => (p.ok ? null : p.error.kind))).toEqual(['unknown-topic', 'unknown-partition']);
  });

  it('proposes nothing for a move to the replicas the partition already has', () => {
    const log = cluster(4, [[1, 2, 3]]);
    expect(ReassignmentFrontend.movePartition({ topic: 't', partition: 0, replicas: ids(1, 2, 3) }, log.image, livenessOf(log.image).live)).toEqual({
      ok: true,
      command: null,
    });
  });

  it('keeps targets and decommissions through a snapshot', () => {
    const log = cluster(5, [[1, 2, 3]]);
    log.ok(moveCommand(log, 0, [4, 2, 1]));
    log.ok({ type: 'decommission-node', node: 5 as NodeId });
    const restored = decodeImage(encodeImage(log.image));
    expect(restored.topics.get('t')!.partitions[0]!.target).toEqual([4, 2, 1]);
    expect(nodeState(restored, 5 as NodeId)).toBe('decommissioning');
    expect(restored.decommissions).toEqual(log.image.decommissions);
    expect(restored.topics).toEqual(log.image.topics);
  });
});

describe('snapshots with moves and decommissions', () => {
  it('refuses an image whose decommissions or targets break the invariants', () => {
    const log = cluster(4, [[1, 2, 3]]);
    const bytes = (image: MetadataImage): Uint8Array => encodeImage(image);
    const badState = { ...log.image, decommissions: new Map([[4 as NodeId, 'gone' as never]]) };
    expect(() => decodeImage(bytes(badState))).toThrow(/unknown node state "gone"/);
    const unregistered = { ...log.image, decommissions: new Map([[9 as NodeId, 'decommissioning' as const]]) };
    expect(() => decodeImage(bytes(unregistered))).toThrow(/node 9 is decommissioning but not registered/);
    const topic = log.image.topics.get('t')!;
    const shortTarget = { ...topic, partitions: [{ ...topic.partitions[0]!, target: ids(1, 4) }] };
    expect(() => decodeImage(bytes({ ...log.image, topics: new Map([['t', shortTarget]]) }))).toThrow(/moves to \[1, 4\], not 3 distinct nodes/);
    const holding = { ...log.image, decommissions: new Map([[3 as NodeId, 'decommissioned' as const]]) };
    expect(() => decodeImage(bytes(holding))).toThrow(/node 3 is decommissioned but holds replicas/);
  });
});

describe('partition move steps', () => {
  it('swaps one replica per step, the preferred leader last, then the target order', () => {
    expect(stepToward(ids(1, 2, 3), ids(4, 5, 6))).toEqual([1, 2, 4]);
    expect(stepToward(ids(1, 2, 4), ids(4, 5, 6))).toEqual([1, 5, 4]);
    expect(stepToward(ids(1, 5, 4), ids(4, 5, 6))).toEqual([4, 5, 6]);
    expect(stepToward(ids(1, 2, 3), ids(3, 1, 2))).toEqual([3, 1, 2]);
  });

  it('drives a move to its target one replica at a time and then clears the target', () => {
    const log = cluster(6, [[1, 2, 3]]);
    log.ok(moveCommand(log, 0, [4, 5, 6]));
    const seen = runToCompletion(log);
    expect(seen).toEqual([[1, 2, 3], [1, 2, 4], [1, 5, 4], [4, 5, 6], [4, 5, 6]]);
    for (let i = 1; i < seen.length; i++) {
      const before = new Set(seen[i - 1]);
      expect(seen[i]!.filter((id) => !before.has(id)).length).toBeLessThanOrEqual(1);
      expect(seen[i]).toHaveLength(3);
    }
    expect(log.image.topics.get('t')!.partitions[0]!.target).toBeUndefined();
  });

  it('takes no step while the leader reports the previous one unfinished or a replica behind', () => {
    const log = cluster(5, [[1, 2, 3]]);
    log.ok(moveCommand(log, 0, [1, 4, 5]));
    const plan = (members: [number, boolean][]) =>
      planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image, new Map([[1, members]])), inFlightMax: 8 }).commands;
    expect(plan([[1, true], [2, true], [3, true]])).toHaveLength(1);
    log.ok(plan([[1, true], [2, true], [3, true]])[0]!);
    expect(replicasOf(log.image)).toEqual([1, 2, 4]);
    // The leader has not added 5... rather: still adding 4 (membership 1,2,3), then 4 lagging, then 3 not yet removed.
    expect(plan([[1, true], [2, true], [3, true]])).toEqual([]);
    expect(plan([[1, true], [2, true], [3, true], [4, false]])).toEqual([]);
    expect(plan([[1, true], [2, true], [3, true], [4, true]])).toEqual([]);
    expect(plan([[1, true], [2, true], [4, false]])).toEqual([]);
    expect(plan([[1, true], [2, true], [4, true]])).toHaveLength(1);
  });

  it('moves a partition off a dead replica: only the replicas that stay must be in sync', () => {
    const log = cluster(4, [[1, 2, 3]]);
    log.ok(moveCommand(log, 0, [1, 2, 4]));
    const deadThree = new Map([[1, [[1, true], [2, true], [3, false]] as [number, boolean][]]]);
    const plan = planMoves({ image: log.image, liveness: livenessOf(log.image, [3]), groups: reports(log.image, deadThree), inFlightMax: 8 });
    expect(plan.commands.map((c) => (c.type === 'reassign-partition' ? c.replicas : c.type))).toEqual([[1, 2, 4]]);
    const lagging = new Map([[1, [[1, true], [2, false], [3, true]] as [number, boolean][]]]);
    expect(planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image, lagging), inFlightMax: 8 }).commands).toEqual([]);
  });

  it('starts no step past inFlightMax partitions changing membership', () => {
    const log = cluster(5, [[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    for (const p of [0, 1, 2]) log.ok(moveCommand(log, p, [1, 2, 4]));
    const first = planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image), inFlightMax: 2 });
    expect(first.commands.map((c) => (c.type === 'reassign-partition' ? c.partition : -1))).toEqual([0, 1]);
    for (const command of first.commands) log.ok(command);
    // Groups 1 and 2 still report [1, 2, 3]: both in flight, so partition 2 waits.
    const stale = new Map([[1, [[1, true], [2, true], [3, true]] as [number, boolean][]], [2, [[1, true], [2, true], [3, true]] as [number, boolean][]]]);
    expect(planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image, stale), inFlightMax: 2 }).commands).toEqual([]);
  });
});

describe('decommissioning', () => {
  it('refuses a decommission that would leave too few active nodes for a replication factor', () => {
    const log = cluster(3, [[1, 2, 3]]);
    const proposal = ReassignmentFrontend.decommissionNode(3 as NodeId, log.image, livenessOf(log.image).live);
    expect(proposal.ok ? null : proposal.error.kind).toBe('not-enough-nodes');
    expect(log.refused({ type: 'decommission-node', node: 3 as NodeId })).toBe('not-enough-nodes');
    expect(nodeState(log.image, 3 as NodeId)).toBe('active');
  });

  it('counts only live nodes before proposing: a dead fourth node cannot take the replicas', () => {
    const log = cluster(4, [[1, 2, 3]]);
    const proposal = ReassignmentFrontend.decommissionNode(3 as NodeId, log.image, livenessOf(log.image, [4]).live);
    expect(proposal.ok ? null : proposal.error.kind).toBe('not-enough-nodes');
  });

  it('refuses to decommission an unknown node, or one a move heads onto', () => {
    const log = cluster(5, [[1, 2, 3]]);
    expect(log.refused({ type: 'decommission-node', node: 9 as NodeId })).toBe('unknown-node');
    log.ok(moveCommand(log, 0, [1, 2, 4]));
    expect(log.refused({ type: 'decommission-node', node: 4 as NodeId })).toBe('move-in-progress');
  });

  it('moves every replica off the node rack-aware, hands its leaderships away, then marks it decommissioned', () => {
    const log = cluster(5, [[3, 1, 2], [1, 3, 4], [2, 4, 1]], ['a', 'a', 'b', 'c', 'b']);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    const liveness = livenessOf(log.image);
    const plan = planner.plan(log.image, liveness, reports(log.image));
    // Node 3 leads partition 0, but that partition moves this round: its new leader comes with the move.
    const steps = plan.partitionMoves.commands.filter((c) => c.type === 'reassign-partition');
    // Node 5 is the only active node on rack b, the rack node 3 leaves.
    expect(steps.map((c) => c.replicas)).toEqual([[5, 1, 2], [1, 5, 4]]);
    for (const command of steps) log.ok(command);
    expect(runToCompletion(log)).toHaveLength(2);
    expect(nodeState(log.image, 3 as NodeId)).toBe('decommissioned');
    expect(livenessOf(log.image).nodes.has(3 as NodeId)).toBe(false);
  });

  it('transfers leaderships away from a decommissioning node whose partitions wait their turn', () => {
    const log = cluster(4, [[3, 1, 2]]);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    const bounded = new ControllerPlanner({ ...planner.config, partitionMovesInFlightMax: 0 });
    const plan = bounded.plan(log.image, livenessOf(log.image), reports(log.image));
    expect(plan.partitionMoves.commands).toEqual([]);
    expect(plan.leaderTransfers).toEqual([{ topic: 't', partition: 0, group: 1, from: 3, to: 1 }]);
  });

  it('does not mark the node decommissioned while a leader still reports it a member', () => {
    const log = cluster(4, [[3, 1, 2]]);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    log.ok(planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image), inFlightMax: 8 }).commands[0]!);
    const stillMember = new Map([[1, [[4, true], [1, true], [2, true], [3, true]] as [number, boolean][]]]);
    expect(planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image, stillMember), inFlightMax: 8 }).commands).toEqual([]);
  });

  it('reports a partition as stranded when no live active node outside it can take the replica', () => {
    const log = cluster(4, [[1, 2, 3]]);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    const plan = planMoves({ image: log.image, liveness: livenessOf(log.image, [4]), groups: reports(log.image), inFlightMax: 8 });
    expect(plan).toEqual({ commands: [], stranded: [{ topic: 't', partition: 0, group: 1 }] });
  });

  it('gives a decommissioning node no replica of a dead node, and recommission returns it to service', () => {
    const log = cluster(5, [[1, 2, 3]]);
    log.ok({ type: 'decommission-node', node: 4 as NodeId });
    const dead = planner.replicaMoves(log.image, livenessOf(log.image, [3]));
    expect(dead.commands.map((c) => c.replicas)).toEqual([[1, 2, 5]]);
    log.ok({ type: 'recommission-node', node: 4 as NodeId });
    expect(nodeState(log.image, 4 as NodeId)).toBe('active');
    expect(log.image.decommissions?.size ?? 0).toBe(0);
  });
});

describe('move progress', () => {
  it('names the phase of each move from the leader reports, with the entries the lagging replicas lack', () => {
    const log = cluster(5, [[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    for (const p of [0, 1, 2]) log.ok(moveCommand(log, p, [1, 2, 4]));
    for (const command of planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image), inFlightMax: 8 }).commands) log.ok(command);
    const groups = reports(
      log.image,
      new Map<number, [number, boolean][]>([
        [1, [[1, true], [2, true], [3, true]]],
        [2, [[1, true], [2, true], [3, true], [4, false]]],
        [3, [[1, true], [2, true], [3, true], [4, true]]],
      ]),
    );
    const moves = partitionMoves(log.image, groups);
    expect(moves.map((m) => [m.partition, m.phase, m.nodes, m.entriesBehind, m.reason])).toEqual([
      [0, 'adding', [4], 0, 'operator'],
      [1, 'catching-up', [4], 9, 'operator'],
      [2, 'removing', [3], 0, 'operator'],
    ]);
    expect(partitionMoves(log.image, reports(log.image)).map((m) => m.phase)).toEqual(['finishing', 'finishing', 'finishing']);
  });

  it('lists a decommission step that has no operator target, and nothing once settled', () => {
    const log = cluster(4, [[1, 2, 3]]);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    log.ok(planMoves({ image: log.image, liveness: livenessOf(log.image), groups: reports(log.image), inFlightMax: 8 }).commands[0]!);
    const old = new Map([[1, [[1, true], [2, true], [3, true]] as [number, boolean][]]]);
    expect(partitionMoves(log.image, reports(log.image, old)).map((m) => [m.reason, m.phase, m.target])).toEqual([['decommission', 'adding', []]]);
    expect(partitionMoves(log.image, reports(log.image))).toEqual([]);
  });
});

describe('decommissioned nodes', () => {
  it('are left out of liveness and of the live set a topic is placed on', () => {
    const log = cluster(4, [[1, 2, 4]]);
    log.ok({ type: 'decommission-node', node: 3 as NodeId });
    log.ok({ type: 'finish-decommission', node: 3 as NodeId });
    const liveness = livenessOf(log.image);
    expect([...liveness.live].sort()).toEqual([1, 2, 4]);
    expect(liveSet(...liveness.live).has(3 as NodeId)).toBe(false);
    expect(MetadataStm.apply(log.image, { type: 'finish-decommission', node: 3 as NodeId }, (log.index + 1) as never).result.ok).toBe(false);
  });
});
