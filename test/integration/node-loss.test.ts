/**
 * Losing a node: replicas move off a node dead longer than the bound, and a
 * node that comes back with the same id but no data is refused rather than
 * counted as the member it was (alive, never ready).
 */
import { describe, expect, it } from 'vitest';
import { LIVENESS_SERVICE, READINESS_SERVICE } from '../../src/server/probe-health.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

describe('a four-node cluster losing a node', () => {
  const env = useCluster({
    // Node 4 holds no metadata vote, so losing node 3 keeps the metadata group at 2 of 3.
    nodes: 4,
    metadataVoters: [1, 2, 3],
    flags: ['--node-dead-after-ms', '2000', '--replica-move-after-ms', '3000'],
    clientNodes: [1, 2],
  });

  it('moves the replicas of a node dead longer than the bound, and every partition returns to 3 in-sync replicas', async () => {
    await env.cairn.admin().createTopic({ name: 'moving', partitions: 8, replicationFactor: 3 });
    const before = await waitFor('partitions in sync', async () => {
      const topic = await env.cairn.admin().describeTopic('moving');
      return topic.partitions.every((p) => p.inSync.length === 3) && topic;
    });
    const onNode3 = before.partitions.filter((p) => p.replicas.includes(3)).map((p) => p.partition);
    expect(onNode3.length).toBeGreaterThan(0);

    await env.cluster.kill(3);
    const after = await waitFor(
      'replicas moved off node 3 and back in sync',
      async () => {
        const topic = await env.cairn.admin().describeTopic('moving');
        const done = topic.partitions.every((p) => !p.replicas.includes(3) && p.inSync.length === 3 && !p.inSync.includes(3));
        return done && topic;
      },
      { timeoutMs: 60_000 },
    );
    for (const p of after.partitions) {
      expect(new Set(p.replicas).size).toBe(3);
      expect(p.leader).toBeDefined();
    }
    const state = await env.cairn.admin().describeCluster();
    expect(state.nodes.find((n) => n.nodeId === 3)?.live).toBe(false);
  });

  it('refuses a node that returns with the same id but an empty data directory', async () => {
    // Node 3 is down from the previous test; it returns with its data wiped.
    await env.cluster.wipe(3);
    env.cluster.startNode(3);
    await waitFor('node 3 to be refused', async () => (await env.cluster.log(3)).includes('data directory was replaced'), { timeoutMs: 30_000 });
    // Its peers refuse its streams too, so it is never counted in a quorum.
    await waitFor('a peer to refuse node 3', async () => (await env.cluster.log(1)).includes('rejoined with a replaced data directory') || (await env.cluster.log(2)).includes('rejoined with a replaced data directory'));
    expect(await env.cluster.ready(3)).toBe(false);
    // Alive but not ready, to the gRPC probes too: an orchestrator keeps it out of service without restarting it.
    expect(await env.cluster.health(3, LIVENESS_SERVICE)).toBe('SERVING');
    expect(await env.cluster.health(3, READINESS_SERVICE)).toBe('NOT_SERVING');
    expect(await env.cluster.health(3, '')).toBe('NOT_SERVING');
    expect(await env.cluster.health(1, READINESS_SERVICE)).toBe('SERVING');
    const state = await env.cairn.admin().describeCluster();
    expect(state.nodes.find((n) => n.nodeId === 3)?.live).toBe(false);
    // The rest of the cluster keeps working.
    await env.cairn.admin().createTopic({ name: 'without-3', partitions: 2, replicationFactor: 3 });
    const topic = await waitFor('new topic in sync', async () => {
      const t = await env.cairn.admin().describeTopic('without-3');
      return t.partitions.every((p) => p.inSync.length === 3) && t;
    });
    for (const p of topic.partitions) expect(p.replicas).not.toContain(3);
  });
});
