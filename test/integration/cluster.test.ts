/**
 * The cluster node as processes: formation, placement, controller failover,
 * restart and catch-up, bad admin input. Real `cairn serve` processes on
 * loopback, each with its own LevelDB, killed with SIGKILL.
 */
import { describe, expect, it } from 'vitest';
import type { Cairn } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

function countBy<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return (error as CairnError).code;
}

/** Every partition of the topic has a leader and all its replicas in sync. */
async function allInSync(cairn: Cairn, topic: string, replicationFactor: number): Promise<boolean> {
  const described = await cairn.admin().describeTopic(topic);
  return described.partitions.every((p) => p.leader !== undefined && p.inSync.length === replicationFactor);
}

describe('a three-node cluster', () => {
  const env = useCluster({ nodes: 3 });

  it('forms, and spreads 12 partitions × RF 3 evenly across replicas and leaders', async () => {
    const state = await env.cairn.admin().describeCluster();
    expect(state.nodes.map((n) => n.live)).toEqual([true, true, true]);
    await env.cairn.admin().createTopic({ name: 'spread', partitions: 12, replicationFactor: 3 });
    await waitFor('all partitions in sync', () => allInSync(env.cairn, 'spread', 3));
    // Leader balancing moves leadership to preferred leaders within a few control rounds.
    const partitions = await waitFor('leaders balanced', async () => {
      const described = await env.cairn.admin().describeTopic('spread');
      const leaders = countBy(described.partitions.map((p) => p.leader));
      return [1, 2, 3].every((id) => leaders.get(id) === 4) && described.partitions;
    });
    const replicas = countBy(partitions.flatMap((p) => p.replicas));
    expect([...replicas.values()]).toEqual([12, 12, 12]);
    for (const p of partitions) expect(new Set(p.replicas).size).toBe(3);
    // Each node's Prometheus endpoint reports what it hosts and leads: 12 partitions plus the metadata group.
    const metrics = await waitFor('metrics to show every group', async () => {
      const text = await (await fetch(`http://127.0.0.1:${env.cluster.ports.get(1)!.http}/metrics`)).text();
      return /cairn_raft_groups\{node="1"\} 13\b/.test(text) && text;
    });
    expect(metrics).toMatch(/cairn_raft_groups_led\{node="1"\} \d+/);
    expect(metrics).toMatch(/cairn_storage_syncs_written\{node="1"\} [1-9]\d*/);
    expect(metrics).toContain('cairn_process_cpu_seconds_total');
  });

  it('refuses bad topic requests with typed errors and changes nothing', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'taken', partitions: 1, replicationFactor: 1 });
    expect(await errorCode(admin.createTopic({ name: 'taken', partitions: 1, replicationFactor: 1 }))).toBe('TOPIC_ALREADY_EXISTS');
    expect(await errorCode(admin.createTopic({ name: 'too-wide', partitions: 1, replicationFactor: 4 }))).toBe('NOT_ENOUGH_NODES');
    expect(await errorCode(admin.createTopic({ name: 'bad name!', partitions: 1, replicationFactor: 1 }))).toBe('INVALID_TOPIC_NAME');
    expect(await errorCode(admin.createTopic({ name: 'zero', partitions: 0, replicationFactor: 1 }))).toBe('INVALID_PARTITIONS');
    expect(await errorCode(admin.describeTopic('missing'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await errorCode(admin.deleteTopic('missing'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const names = (await admin.listTopics()).map((t) => t.name);
    expect(names).not.toContain('too-wide');
    expect(names).not.toContain('bad name!');
    expect(names).not.toContain('zero');
    expect(names.filter((n) => n === 'taken')).toHaveLength(1);
  });

  it('elects a new controller within seconds of the metadata leader being killed, and topic operations keep working', async () => {
    const before = await env.cairn.admin().describeCluster();
    const oldController = before.controllerId!;
    const killedAt = Date.now();
    await env.cluster.kill(oldController);
    const survivors = env.cluster.ids().filter((id) => id !== oldController);
    const survivorClient = env.cluster.client(survivors);
    try {
      const after = await waitFor('a new controller', async () => {
        const state = await survivorClient.admin().describeCluster();
        return state.controllerId !== undefined && state.controllerId !== oldController && state;
      });
      expect(Date.now() - killedAt).toBeLessThan(15_000);
      expect(survivors).toContain(after.controllerId);
      await survivorClient.admin().createTopic({ name: 'after-failover', partitions: 3, replicationFactor: 2 });
      expect((await survivorClient.admin().describeTopic('after-failover')).partitions).toHaveLength(3);
      await survivorClient.admin().deleteTopic('taken');
      expect((await survivorClient.admin().listTopics()).map((t) => t.name)).not.toContain('taken');
    } finally {
      await survivorClient.close();
    }
    // The killed node restarts from its data and catches up: it sees the topic created while it was down.
    env.cluster.startNode(oldController);
    await env.cluster.waitReady();
    const restarted = env.cluster.client([oldController]);
    try {
      await waitFor('the restarted node to know the new topic', async () =>
        (await restarted.admin().listTopics()).some((t) => t.name === 'after-failover'),
      );
      await waitFor('every partition back in sync', async () => (await allInSync(env.cairn, 'spread', 3)) && (await allInSync(env.cairn, 'after-failover', 2)));
    } finally {
      await restarted.close();
    }
  });
});
