import { describe, expect, it } from 'vitest';
import type { NodeReport__Output } from '../../../src/gen/cairn/v1/cluster/NodeReport.js';
import type { MetadataCommand } from '../../../src/metadata/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { Controller } from '../../../src/server/controller.js';
import type { ControllerOptions } from '../../../src/server/controller.js';
import type { NodeId } from '../../../src/raft/index.js';
import { groupReport, ids, Log, nodeReport, registration, topicCommand } from '../metadata/helpers.js';

const NODE_DEAD_AFTER_MS = 3000;
/** The peers list the controller's node was started with. */
const FOUNDING: ReadonlySet<NodeId> = new Set([1, 2, 3, 4] as NodeId[]);

/** Proposals the controller made, each settled by the test. */
interface Proposal {
  readonly command: MetadataCommand;
  readonly commit: () => void;
  readonly fail: (error: Error) => void;
}

function controllerOptions(log: Log, clock = { nowMs: 0 }, proposals: Proposal[] = []): ControllerOptions {
  return {
    nodeDeadAfterMs: NODE_DEAD_AFTER_MS,
    replicaMoveAfterMs: 10 * NODE_DEAD_AFTER_MS,
    image: () => log.image,
    propose: (command) => new Promise<void>((commit, fail) => proposals.push({ command, commit: () => commit(), fail })),
    now: () => clock.nowMs,
    logger: createLogger({ level: 'silent' }),
    offsetsReplicationFactor: 3,
    foundingMembers: FOUNDING,
  };
}

function controllerOf(log: Log, clock = { nowMs: 0 }): { controller: Controller; proposals: Proposal[]; clock: { nowMs: number } } {
  const proposals: Proposal[] = [];
  const controller = new Controller(controllerOptions(log, clock, proposals));
  return { controller, proposals, clock };
}

const withIncarnation = (report: NodeReport__Output, incarnation: string): NodeReport__Output => ({ ...report, node: { ...report.node!, incarnation } });

/** Lets settled proposals run their handlers. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Nodes 1–4; topic 'kept' on [1, 2, 3] (group 1); topic 'gone' (group 2) created then deleted,
 * so the image hands out group 3 next.
 */
function clusterLog(): Log {
  const log = Log.withNodes(4);
  log.ok(topicCommand('kept', [[1, 2, 3]]));
  log.ok(topicCommand('gone', [[1, 2, 3]]));
  log.ok({ type: 'delete-topic', name: 'gone', topicId: log.image.topics.get('gone')!.id });
  return log;
}

describe('Controller heartbeats', () => {
  it('refuses the heartbeat of a registered node reporting another incarnation, saying why, and does not count it as heard', () => {
    const { controller, proposals, clock } = controllerOf(Log.withNodes(2));
    controller.setActive(true);
    clock.nowMs = 2000;
    const reply = controller.heartbeat(withIncarnation(nodeReport(2, []), 'wiped'));
    expect(reply).toEqual({
      accepted: false,
      controllerHint: 0,
      error:
        'replaced-data: node 2 rejoined with a replaced data directory (incarnation wiped is not the one it registered with). ' +
        'Its data directory was replaced: restore its data, or give the node a new id.',
      transfers: [],
      retireGroups: [],
      leaders: [],
      liveNodes: [],
    });
    controller.heartbeat(nodeReport(1, []));
    // Heard at 2000 ms, node 2 would still be live; it is dead since the controller took over at 0.
    clock.nowMs = NODE_DEAD_AFTER_MS + 1;
    expect([...controller.liveness().live]).toEqual([1]);
    expect(proposals).toEqual([]);
  });

  it('proposes the registration of a new node once while it commits, and again if it did not', async () => {
    const log = Log.withNodes(1);
    const { controller, proposals, clock } = controllerOf(log, { nowMs: 500 });
    expect(controller.heartbeat(nodeReport(2, [])).accepted).toBe(true);
    controller.heartbeat(nodeReport(2, []));
    expect(proposals.map((p) => p.command)).toEqual([{ ...registration(2), registeredAtMs: 500 }]);

    proposals[0]!.fail(new Error('leadership lost'));
    await flush();
    clock.nowMs = 1500;
    controller.heartbeat(nodeReport(2, []));
    expect(proposals.map((p) => p.command)).toEqual([
      { ...registration(2), registeredAtMs: 500 },
      { ...registration(2), registeredAtMs: 1500 },
    ]);

    log.ok(proposals[1]!.command);
    proposals[1]!.commit();
    await flush();
    controller.heartbeat(nodeReport(2, []));
    expect(proposals).toHaveLength(2);
  });

  it('proposes a new registration when a registered node reports another address', () => {
    const { controller, proposals } = controllerOf(Log.withNodes(2));
    controller.heartbeat(nodeReport(2, []));
    expect(proposals).toEqual([]);
    controller.heartbeat({ ...nodeReport(2, []), clientAddress: '10.0.1.2:9092' });
    expect(proposals.map((p) => p.command)).toEqual([{ ...registration(2), clientAddress: '10.0.1.2:9092', registeredAtMs: 0 }]);
  });
});

describe('Controller admission', () => {
  /** A refused report tells nothing of the cluster, is not heard, and registers nothing. */
  function expectRefused(reply: ReturnType<Controller['heartbeat']>, refusal: string): void {
    expect(reply).toMatchObject({ accepted: false, controllerHint: 0, transfers: [], retireGroups: [], leaders: [], liveNodes: [] });
    expect(reply.error.startsWith(`${refusal}: `)).toBe(true);
  }

  it('refuses the report of a node the founding configuration does not name and the image does not hold, and never registers it', async () => {
    const { controller, proposals } = controllerOf(Log.withNodes(1));
    controller.setActive(true);
    for (let i = 0; i < 3; i++) expectRefused(controller.heartbeat({ ...nodeReport(9, []), peerAddress: '203.0.113.7:7071' }), 'not-a-member');
    await flush();
    expect(proposals).toEqual([]);
    expect(controller.liveness().live.has(9 as NodeId)).toBe(false);
    // A founding member not registered yet is admitted and registered.
    expect(controller.heartbeat(nodeReport(3, [])).accepted).toBe(true);
    expect(proposals.map((p) => p.command)).toEqual([{ ...registration(3), registeredAtMs: 0 }]);
  });

  it('refuses a report carrying another cluster id, even from a registered node, without the leader table', () => {
    const { controller, proposals, clock } = controllerOf(clusterLog());
    controller.setActive(true);
    // Past the grace a new controller gives every registered node: only nodes heard since are live.
    clock.nowMs = NODE_DEAD_AFTER_MS + 1;
    controller.heartbeat(nodeReport(1, [groupReport(1, 1, 3)]));
    const report = nodeReport(2, []);
    expectRefused(controller.heartbeat({ ...report, node: { ...report.node!, clusterId: 'other' } }), 'wrong-cluster');
    expect(controller.liveness().live.has(2 as NodeId)).toBe(false);
    expect(proposals).toEqual([]);
    // The same report with this cluster's id gets the table.
    expect(controller.heartbeat(report).leaders).toEqual([{ group: 1, leader: 1, term: '3', inSync: [1], highWatermark: '0', logBytes: '0' }]);
  });

  it('logs the first of a stranger’s repeated reports, not each one', () => {
    const warnings: string[] = [];
    const logger = { warn: (_fields: object, message: string) => warnings.push(message), info: () => {}, debug: () => {}, error: () => {} };
    const log = Log.withNodes(1);
    const controller = new Controller({ ...controllerOptions(log), logger: logger as unknown as ControllerOptions['logger'] });
    for (let i = 0; i < 1_000; i++) expectRefused(controller.heartbeat(nodeReport(9, [])), 'not-a-member');
    expect(warnings).toEqual(['node report refused']);
  });

  it('answers a report with a megabyte cluster id with a short refusal', () => {
    const { controller } = controllerOf(Log.withNodes(1));
    const report = nodeReport(1, []);
    const reply = controller.heartbeat({ ...report, node: { ...report.node!, clusterId: 'x'.repeat(1024 * 1024) } });
    expectRefused(reply, 'wrong-cluster');
    expect(reply.error.length).toBeLessThan(300);
  });

  it('refuses a report without a node identity', () => {
    const { controller } = controllerOf(Log.withNodes(1));
    expectRefused(controller.heartbeat({ ...nodeReport(1, []), node: null }), 'invalid-node-id');
  });

  it('admits a node registered by an earlier controller although this one’s founding configuration does not name it', () => {
    const log = Log.withNodes(1);
    log.ok(registration(7));
    const { controller } = controllerOf(log);
    expect(controller.heartbeat(nodeReport(7, [])).accepted).toBe(true);
  });
});

describe('Controller retirements', () => {
  it('tells a node to retire the groups of deleted topics, and never the metadata group', () => {
    const { controller } = controllerOf(clusterLog());
    const reply = controller.heartbeat(nodeReport(3, [groupReport(0, 1, 1), groupReport(1, 1, 2), groupReport(2, 1, 2)]));
    expect(reply.retireGroups).toEqual([2]);
  });

  it('tells a node the image moved a group off to retire it once the group’s leader reports a membership without it', () => {
    const log = clusterLog();
    const kept = log.image.topics.get('kept')!;
    log.ok({ type: 'reassign-partition', name: 'kept', topicId: kept.id, partition: 0, replicas: ids(1, 2, 4), expectedEpoch: 0 });
    const { controller } = controllerOf(log);
    const hosting = nodeReport(3, [groupReport(1, 1, 2)]);
    expect(controller.heartbeat(hosting).retireGroups).toEqual([]);
    // The leader still counts node 3 as a member: it must stay.
    controller.heartbeat(nodeReport(1, [groupReport(1, 1, 2, [[2, true], [3, true], [4, false]])]));
    expect(controller.heartbeat(hosting).retireGroups).toEqual([]);
    controller.heartbeat(nodeReport(1, [groupReport(1, 1, 2, [[2, true], [4, true]])]));
    expect(controller.heartbeat(hosting).retireGroups).toEqual([1]);
  });

  it('does not retire a group newer than every group its image has handed out', () => {
    const log = clusterLog();
    const { controller } = controllerOf(log);
    const reply = controller.heartbeat(nodeReport(3, [groupReport(log.image.nextGroup, 1, 2)]));
    expect(reply.retireGroups).toEqual([]);
  });
});

describe('Controller liveness', () => {
  it('counts a node live until nodeDeadAfterMs passes without its heartbeat, from when the controller took over', () => {
    const { controller, clock } = controllerOf(Log.withNodes(2), { nowMs: 10_000 });
    controller.setActive(true);
    clock.nowMs = 11_000;
    controller.heartbeat(nodeReport(1, []));
    clock.nowMs = 10_000 + NODE_DEAD_AFTER_MS;
    expect([...controller.liveness().live]).toEqual([1, 2]);
    clock.nowMs += 1;
    expect([...controller.liveness().live]).toEqual([1]);
    clock.nowMs = 11_000 + NODE_DEAD_AFTER_MS;
    expect([...controller.liveness().live]).toEqual([1]);
    clock.nowMs += 1;
    expect([...controller.liveness().live]).toEqual([]);
    expect(controller.heartbeat(nodeReport(2, [])).liveNodes).toEqual([2]);
  });

  it('relays a partition leader\'s high watermark and log bytes to every node, not a follower\'s', () => {
    const log = Log.withNodes(2);
    log.ok(topicCommand('kept', [[1, 2]]));
    const { controller } = controllerOf(log);
    controller.setActive(true);
    controller.heartbeat(nodeReport(2, [{ ...groupReport(1, 2, 5, [[1, true]]), highWatermark: '42', logBytes: '4096' }]));
    // The follower's report names the same leader and term but carries none of the leader's numbers.
    const reply = controller.heartbeat(nodeReport(1, [{ ...groupReport(1, 2, 5), highWatermark: '7', logBytes: '100' }]));
    expect(reply.leaders).toEqual([{ group: 1, leader: 2, term: '5', inSync: [2, 1], highWatermark: '42', logBytes: '4096' }]);
  });

  it('forgets the reports it heard once it stops being the controller', () => {
    const log = Log.withNodes(2);
    log.ok(topicCommand('kept', [[1, 2]]));
    const { controller } = controllerOf(log);
    controller.setActive(true);
    expect(controller.heartbeat(nodeReport(2, [groupReport(1, 2, 5, [[1, true]])])).leaders).toEqual([
      { group: 1, leader: 2, term: '5', inSync: [2, 1], highWatermark: '0', logBytes: '0' },
    ]);
    controller.setActive(false);
    expect(controller.active).toBe(false);
    controller.setActive(true);
    expect(controller.heartbeat(nodeReport(1, [])).leaders).toEqual([]);
  });
});

describe('Controller rounds', () => {
  it('creates the offsets topic only once a node reports a client asked for a group, once while it commits', async () => {
    const log = Log.withNodes(3);
    const { controller, proposals } = controllerOf(log);
    controller.setActive(true);
    for (const id of [1, 2, 3]) controller.heartbeat(nodeReport(id, []));
    await controller.round();
    expect(proposals.map((p) => p.command.type)).toEqual([]);
    controller.heartbeat({ ...nodeReport(2, []), wantsOffsetsTopic: true });
    await controller.round();
    await controller.round();
    expect(proposals.map((p) => [p.command.type, (p.command as { name?: string }).name])).toEqual([['create-topic', '__consumer_offsets']]);
    const command = proposals[0]!.command as { internal: boolean; replicationFactor: number; partitions: number };
    expect([command.internal, command.replicationFactor, command.partitions]).toEqual([true, 3, 16]);
  });

  it('hands a planned leadership transfer to the group’s leader on its next heartbeat, once', async () => {
    const log = Log.withNodes(3);
    log.ok(topicCommand('kept', [[1, 2, 3]]));
    const { controller } = controllerOf(log);
    controller.setActive(true);
    controller.heartbeat(nodeReport(1, [groupReport(1, 2, 5)]));
    const leaderReport = nodeReport(2, [groupReport(1, 2, 5, [[1, true], [3, true]])]);
    expect(controller.heartbeat(leaderReport).leaders).toEqual([{ group: 1, leader: 2, term: '5', inSync: [2, 1, 3], highWatermark: '0', logBytes: '0' }]);
    await controller.round();
    expect(controller.heartbeat(nodeReport(1, [groupReport(1, 2, 5)])).transfers).toEqual([]);
    expect(controller.heartbeat(leaderReport).transfers).toEqual([{ group: 1, to: 1 }]);
    expect(controller.heartbeat(leaderReport).transfers).toEqual([]);
  });

  it('hands no leadership to a node that reports itself draining, and moves the ones it leads to the next replica', async () => {
    const log = Log.withNodes(3);
    log.ok(topicCommand('kept', [[1, 2, 3], [1, 3, 2]]));
    const { controller } = controllerOf(log);
    controller.setActive(true);
    const drainingReport = { ...nodeReport(1, [groupReport(1, 2, 5), groupReport(2, 1, 5, [[2, true], [3, true]])]), draining: true };
    const leaderReport = nodeReport(2, [groupReport(1, 2, 5, [[1, true], [3, true]])]);
    controller.heartbeat(drainingReport);
    controller.heartbeat(leaderReport);
    controller.heartbeat(nodeReport(3, []));
    expect([...controller.draining()]).toEqual([1]);
    await controller.round();
    expect(controller.heartbeat(leaderReport).transfers).toEqual([]);
    expect(controller.heartbeat(drainingReport).transfers).toEqual([{ group: 2, to: 3 }]);
  });

  it('holds back a transfer planned before its target began draining, or toward a node it has not heard from', async () => {
    const log = Log.withNodes(3);
    log.ok(topicCommand('kept', [[1, 2, 3]]));
    const { controller } = controllerOf(log);
    controller.setActive(true);
    const leaderReport = nodeReport(2, [groupReport(1, 2, 5, [[1, true], [3, true]])]);
    controller.heartbeat(leaderReport);
    await controller.round();
    // A new controller has not heard from node 1: it cannot know whether node 1 is draining.
    expect(controller.heartbeat(leaderReport).transfers).toEqual([]);

    controller.heartbeat(nodeReport(1, [groupReport(1, 2, 5)]));
    await controller.round();
    controller.heartbeat({ ...nodeReport(1, [groupReport(1, 2, 5)]), draining: true });
    expect(controller.heartbeat(leaderReport).transfers).toEqual([]);
  });

  it('proposes the step that moves a replica off a decommissioning node, and once it commits, plans the next only from new reports', async () => {
    const log = Log.withNodes(4);
    log.ok(topicCommand('kept', [[1, 2, 3]]));
    log.ok({ type: 'decommission-node', node: 1 as NodeId });
    const { controller, proposals } = controllerOf(log);
    controller.setActive(true);
    const leaderReport = nodeReport(1, [groupReport(1, 1, 5, [[1, true], [2, true], [3, true]])]);
    for (const report of [leaderReport, nodeReport(2, []), nodeReport(3, []), nodeReport(4, [])]) controller.heartbeat(report);
    const round = controller.round();
    await flush();
    expect(proposals.map((p) => p.command)).toEqual([
      { type: 'reassign-partition', name: 'kept', topicId: log.image.topics.get('kept')!.id, partition: 0, replicas: [4, 2, 3], expectedEpoch: 0 },
    ]);
    log.ok(proposals[0]!.command);
    proposals[0]!.commit();
    await round;
    // The leader still reports the old membership: the step is under way, nothing more to propose.
    await controller.round();
    expect(proposals).toHaveLength(1);
  });

  it('plans nothing while it is not the controller', async () => {
    const log = Log.withNodes(3);
    log.ok(topicCommand('kept', [[1, 2, 3]]));
    const { controller } = controllerOf(log);
    const leaderReport = nodeReport(2, [groupReport(1, 2, 5, [[1, true], [3, true]])]);
    controller.heartbeat(leaderReport);
    await controller.round();
    expect(controller.heartbeat(leaderReport).transfers).toEqual([]);
  });
});
