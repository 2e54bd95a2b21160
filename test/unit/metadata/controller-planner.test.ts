import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import {
  ControllerPlanner,
  groupStatuses,
  MetadataFrontend,
  type ControllerPlannerConfig,
  type Liveness,
  type MetadataImage,
} from '../../../src/metadata/index.js';
import { groupReport, ids, liveSet, Log, nodeReport, topicCommand } from './helpers.js';

const CONFIG: ControllerPlannerConfig = {
  nodeDeadAfterMs: 3_000,
  replicaMoveAfterMs: 30_000,
  replicaMovesPerRoundMax: 10,
  leaderTransfersPerRoundMax: 10,
};
const NOW_MS = 100_000;

/** Every node heard just now except `silent`, which was last heard `silentForMs` ago. */
function livenessOf(planner: ControllerPlanner, image: MetadataImage, silent: readonly number[], silentForMs: number): Liveness {
  const heartbeats = new Map([...image.nodes.keys()].map((id) => [id, silent.includes(id) ? NOW_MS - silentForMs : NOW_MS]));
  return planner.liveness(image, heartbeats, NOW_MS, 0);
}

function clusterWith(racks: string[], assignments: number[][]): Log {
  const log = Log.withNodes(racks.length, racks);
  log.ok(topicCommand('t', assignments));
  return log;
}

describe('ControllerPlanner replica moves', () => {
  const planner = new ControllerPlanner(CONFIG);

  it('replaces a replica on a node silent past replicaMoveAfterMs in place, keeping the other replicas in order', () => {
    const log = clusterWith(['', '', '', ''], [[1, 2, 3], [2, 3, 1], [3, 1, 2]]);
    const moves = planner.replicaMoves(log.image, livenessOf(planner, log.image, [3], 30_001));
    expect(moves.commands.map((c) => c.replicas)).toEqual([[1, 2, 4], [2, 4, 1], [4, 1, 2]]);
    expect(moves.commands.every((c) => c.expectedEpoch === 0 && c.topicId === log.image.topics.get('t')?.id)).toBe(true);
    for (const command of moves.commands) log.ok(command);
  });

  it('moves nothing while the node has been silent for less than replicaMoveAfterMs, though it is dead', () => {
    const log = clusterWith(['', '', '', ''], [[1, 2, 3]]);
    const liveness = livenessOf(planner, log.image, [3], 30_000);
    expect(liveness.live.has(3 as NodeId)).toBe(false);
    expect(planner.replicaMoves(log.image, liveness).commands).toEqual([]);
  });

  it('reports a partition as stranded when every live node already holds it', () => {
    const log = clusterWith(['', '', ''], [[1, 2, 3]]);
    const moves = planner.replicaMoves(log.image, livenessOf(planner, log.image, [3], 60_000));
    expect(moves).toEqual({ commands: [], stranded: [{ topic: 't', partition: 0, group: 1 }] });
  });

  it('proposes at most replicaMovesPerRoundMax moves per round', () => {
    const bounded = new ControllerPlanner({ ...CONFIG, replicaMovesPerRoundMax: 2 });
    const log = clusterWith(['', '', '', ''], [[1, 2, 3], [2, 3, 1], [3, 1, 2]]);
    expect(bounded.replicaMoves(log.image, livenessOf(bounded, log.image, [3], 60_000)).commands).toHaveLength(2);
  });

  it('takes a node on a rack the partition does not use over a less-loaded node on a used rack', () => {
    // Node 4 (rack a) holds nothing; node 5 (rack c) holds a replica of another topic.
    const log = clusterWith(['a', 'b', 'c', 'a', 'c'], [[1, 2, 3]]);
    log.ok(topicCommand('other', [[5]]));
    const moves = planner.replicaMoves(log.image, livenessOf(planner, log.image, [3], 60_000));
    expect(moves.commands.map((c) => c.replicas)).toEqual([[1, 2, 5]]);
  });

  it('spreads the moves of one round over the least-loaded nodes', () => {
    const log = clusterWith(['', '', '', '', ''], [[1, 3], [3, 2], [1, 3], [3, 2]]);
    const moves = planner.replicaMoves(log.image, livenessOf(planner, log.image, [3], 60_000));
    expect(moves.commands.map((c) => c.replicas)).toEqual([[1, 4], [5, 2], [1, 4], [5, 2]]);
  });

  it('makes moves that apply, each adding a live replica in place of a gone one, whatever the cluster', () => {
    const scenario = fc.record({
      nodesCount: fc.integer({ min: 2, max: 7 }),
      racks: fc.array(fc.constantFrom('', 'a', 'b'), { minLength: 7, maxLength: 7 }),
      partitions: fc.integer({ min: 1, max: 12 }),
      replicationFactor: fc.integer({ min: 1, max: 3 }),
      gone: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
    });
    fc.assert(
      fc.property(scenario, ({ nodesCount, racks, partitions, replicationFactor, gone }) => {
        fc.pre(replicationFactor <= nodesCount);
        const log = Log.withNodes(nodesCount, racks);
        const all = new Set(log.image.nodes.keys());
        const made = MetadataFrontend.createTopic({ name: 't', partitions, replicationFactor }, log.image, all);
        if (!made.ok) throw new Error(made.error.message);
        log.ok(made.command);
        const liveness = livenessOf(planner, log.image, gone, 60_000);
        const before = log.image;
        const moves = planner.replicaMoves(before, liveness);
        expect(moves.commands.length).toBeLessThanOrEqual(CONFIG.replicaMovesPerRoundMax);
        for (const command of moves.commands) {
          const old = before.topics.get('t')?.partitions[command.partition]?.replicas ?? [];
          const changed = old.flatMap((id, i) => (id === command.replicas[i] ? [] : [i]));
          expect(changed).toHaveLength(1);
          const slot = changed[0] as number;
          expect(gone).toContain(old[slot]);
          expect(liveness.live.has(command.replicas[slot] as NodeId)).toBe(true);
          expect(old).not.toContain(command.replicas[slot]);
          log.ok(command);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('ControllerPlanner leader transfers', () => {
  const planner = new ControllerPlanner(CONFIG);
  const log = clusterWith(['', '', '', ''], [[1, 2, 3]]);
  const everyoneLive = livenessOf(planner, log.image, [], 0);
  const transfers = (reportLeader: number, replicas: [number, boolean][], liveness = everyoneLive) =>
    planner.leaderTransfers(log.image, liveness, groupStatuses([nodeReport(reportLeader, [groupReport(1, reportLeader, 2, replicas)])]));

  it('moves leadership to the preferred leader once the current leader reports it in sync', () => {
    expect(transfers(2, [[1, true], [3, true]])).toEqual([{ topic: 't', partition: 0, group: 1, from: 2, to: 1 }]);
  });

  it('waits while the preferred leader is catching up, rather than hopping to the next replica', () => {
    expect(transfers(3, [[1, false], [2, true]])).toEqual([]);
  });

  it('takes the first live replica as preferred when the first one is dead', () => {
    const node1Dead = livenessOf(planner, log.image, [1], 10_000);
    expect(transfers(3, [[1, false], [2, true]], node1Dead)).toEqual([{ topic: 't', partition: 0, group: 1, from: 3, to: 2 }]);
    expect(transfers(2, [[1, false], [3, true]], node1Dead)).toEqual([]);
  });

  it('never prefers a draining replica: it takes the next one, and moves leadership off a draining leader', () => {
    const drainingNode1 = (reportLeader: number, replicas: [number, boolean][]) =>
      planner.leaderTransfers(log.image, everyoneLive, groupStatuses([nodeReport(reportLeader, [groupReport(1, reportLeader, 2, replicas)])]), {
        draining: new Set(ids(1)),
      });
    expect(drainingNode1(2, [[1, true], [3, true]])).toEqual([]);
    expect(drainingNode1(3, [[1, true], [2, true]])).toEqual([{ topic: 't', partition: 0, group: 1, from: 3, to: 2 }]);
    expect(drainingNode1(1, [[2, true], [3, true]])).toEqual([{ topic: 't', partition: 0, group: 1, from: 1, to: 2 }]);
  });

  it('leaves alone a partition whose membership differs from its assignment, or whose leader did not report', () => {
    expect(transfers(2, [[1, true], [3, true], [4, false]])).toEqual([]);
    expect(transfers(2, [[1, true]])).toEqual([]);
    expect(planner.leaderTransfers(log.image, everyoneLive, groupStatuses([nodeReport(3, [groupReport(1, 2, 2)])]))).toEqual([]);
  });

  it('proposes at most leaderTransfersPerRoundMax transfers per round', () => {
    const bounded = new ControllerPlanner({ ...CONFIG, leaderTransfersPerRoundMax: 1 });
    const many = clusterWith(['', '', ''], [[1, 2], [1, 2], [1, 2]]);
    const reports = [nodeReport(2, [1, 2, 3].map((group) => groupReport(group, 2, 1, [[1, true]])))];
    expect(bounded.leaderTransfers(many.image, livenessOf(bounded, many.image, [], 0), groupStatuses(reports))).toHaveLength(1);
  });
});

describe('ControllerPlanner plan', () => {
  it('does not transfer leadership of a partition it moves in the same round', () => {
    const planner = new ControllerPlanner(CONFIG);
    const log = clusterWith(['', '', '', ''], [[1, 2, 3], [1, 2, 4]]);
    const liveness = livenessOf(planner, log.image, [3], 60_000);
    const groups = groupStatuses([nodeReport(2, [groupReport(1, 2, 1, [[1, true], [3, false]]), groupReport(2, 2, 1, [[1, true], [4, true]])])]);
    const plan = planner.plan(log.image, liveness, groups);
    expect(plan.replicaMoves.commands.map((c) => c.partition)).toEqual([0]);
    expect(plan.leaderTransfers.map((t) => t.group)).toEqual([2]);
  });

  it('refuses a configuration that would move replicas before their node counts as dead', () => {
    expect(() => new ControllerPlanner({ ...CONFIG, replicaMoveAfterMs: 1_000 })).toThrow(/replicaMoveAfterMs/);
  });
});

describe('ControllerPlanner liveness and the frontend', () => {
  it('places a new topic only on the nodes the planner counts live', () => {
    const planner = new ControllerPlanner(CONFIG);
    const log = Log.withNodes(4);
    const liveness = livenessOf(planner, log.image, [4], 5_000);
    const made = MetadataFrontend.createTopic({ name: 'n', partitions: 6, replicationFactor: 3 }, log.image, liveness.live);
    expect(made.ok && made.command.assignments.flat().includes(4 as NodeId)).toBe(false);
    expect(liveSet(1, 2, 3)).toEqual(liveness.live);
  });
});
