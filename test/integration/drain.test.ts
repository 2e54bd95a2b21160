/**
 * Draining a node before it stops, as a Kubernetes preStop hook does:
 * `cairn node drain` moves every leadership the node holds to another
 * replica while clients keep producing, the controller hands it none back,
 * and once restarted it takes its share again.
 */
import { describe, expect, it } from 'vitest';
import type { Cairn } from '../../src/client/index.js';
import { LIVENESS_SERVICE, READINESS_SERVICE } from '../../src/server/probe-health.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'drained';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function leadersByNode(cairn: Cairn): Promise<Map<number | undefined, number>> {
  const counts = new Map<number | undefined, number>();
  for (const p of (await cairn.admin().describeTopic(TOPIC)).partitions) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  return counts;
}

const balanced = async (cairn: Cairn): Promise<boolean> => {
  const counts = await leadersByNode(cairn);
  return [1, 2, 3].every((id) => counts.get(id) === 2);
};

describe('draining a node of a three-node cluster', () => {
  const env = useCluster({ nodes: 3 });

  it('moves every leadership off the node while clients produce, gives it none back, and rebalances once it restarts', async () => {
    // Ready nodes are ready to the gRPC probes too (refreshed once a control round, so a moment after /readyz).
    for (const id of env.cluster.ids()) {
      expect(await env.cluster.health(id, LIVENESS_SERVICE)).toBe('SERVING');
      await waitFor(`node ${id} ready to gRPC probes`, async () => (await env.cluster.health(id, READINESS_SERVICE)) === 'SERVING', { timeoutMs: 5000 });
    }
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: 6, replicationFactor: 3 });
    await waitFor('leaders balanced, two per node', () => balanced(env.cairn));
    // The controller, the hardest case: it hands the metadata group away too, and a new controller takes over.
    const node = (await env.cairn.admin().describeCluster()).controllerId!;
    const httpPort = env.cluster.ports.get(node)!.http;

    const producer = env.cairn.producer();
    const latenciesMs: number[] = [];
    const sends: Promise<unknown>[] = [];
    let producing = true;
    const produced = (async () => {
      for (let i = 0; producing; i++) {
        const startMs = performance.now();
        sends.push(producer.send({ topic: TOPIC, messages: [{ key: `k${i % 12}`, value: `v${i}` }] }).then(() => latenciesMs.push(performance.now() - startMs)));
        await sleep(5);
      }
    })();
    try {
      await sleep(500);
      const drain = await runCli(['node', 'drain', '--http', `127.0.0.1:${httpPort}`, '--timeout-ms', '20000']);
      expect(drain).toMatchObject({ code: 0, stderr: '' });
      expect(drain.stdout).toMatch(/^drained: the node at 127\.0\.0\.1:\d+ leads no group/);
      // Several control rounds later it still leads nothing: the controller does not balance leaderships back to it.
      await sleep(4000);
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`cairn_raft_groups_led\\{node="${node}"\\} 0\\b`));
      expect((await leadersByNode(env.cairn)).get(node)).toBeUndefined();
      expect((await env.cairn.admin().describeCluster()).controllerId).not.toBe(node);
    } finally {
      producing = false;
      await produced;
    }
    const outcomes = await Promise.allSettled(sends);
    await producer.close();
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(100);

    // Stopped as Kubernetes would after the hook, and started again: no longer draining, it gets its share back.
    await env.cluster.kill(node, 'SIGTERM');
    env.cluster.startNode(node);
    await env.cluster.waitReady();
    await waitFor('leaders balanced again', () => balanced(env.cairn), { timeoutMs: 30_000 });
  });
});
