/**
 * Idle partitions go quiet on real processes: every replica of an idle
 * topic stops ticking and heartbeating, node liveness alone keeps watch,
 * and a node killed while its groups are quiet still loses its leaderships
 * within seconds, with produce working on the new leaders and the groups
 * quiet again around the dead replica.
 */
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster-fixture.js';
import { parseScrape, total } from './support/prometheus-text.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'idle';
const PARTITIONS = 24;

describe('idle partitions on a three-node cluster', () => {
  const env = useCluster({ nodes: 3 });

  const quietGroups = async (id: number): Promise<number> => {
    const response = await fetch(`http://127.0.0.1:${env.cluster.ports.get(id)!.http}/metrics`);
    return total(parseScrape(await response.text()), 'cairn_raft_groups_quiet');
  };
  const produceToEach = async (partitions: readonly number[], value: string): Promise<void> => {
    const producer = env.cairn.producer();
    try {
      await Promise.all(partitions.map((partition) => producer.send({ topic: TOPIC, messages: [{ partition, value }] })));
    } finally {
      await producer.close();
    }
  };
  const endOffsets = async (): Promise<bigint[]> => {
    const offsets = await env.cairn.admin().listOffsets(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition, spec: 'latest' as const })));
    return offsets.map((o) => o.offset);
  };
  const all = Array.from({ length: PARTITIONS }, (_, p) => p);

  it('go quiet on every replica; a node killed meanwhile loses its leaderships, produce goes on, and its replicas catch up when it returns', async () => {
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: PARTITIONS, replicationFactor: 3 });
    await produceToEach(all, 'before');
    // At RF 3 on three nodes every node holds a replica of each partition: each must see all of them quiet.
    await waitFor('every replica quiet', async () => (await Promise.all([1, 2, 3].map(quietGroups))).every((quiet) => quiet >= PARTITIONS), { timeoutMs: 30_000 });

    const before = await env.cairn.admin().describeTopic(TOPIC);
    const victim = [1, 2, 3].find((id) => before.partitions.some((p) => p.leader === id))!;
    const led = before.partitions.filter((p) => p.leader === victim).map((p) => p.partition);
    await env.cluster.kill(victim);

    await waitFor(
      `new leaders for the ${led.length} partitions node ${victim} led`,
      async () => {
        const topic = await env.cairn.admin().describeTopic(TOPIC);
        return led.every((partition) => {
          const leader = topic.partitions[partition]!.leader;
          return leader !== undefined && leader !== victim;
        });
      },
      { timeoutMs: 30_000 },
    );
    await produceToEach(led, 'after the kill');
    // With a replica on a dead node, a group still goes quiet around it.
    const survivors = [1, 2, 3].filter((id) => id !== victim);
    await waitFor('quiet again without the dead replica', async () => (await Promise.all(survivors.map(quietGroups))).every((quiet) => quiet >= PARTITIONS), { timeoutMs: 30_000 });

    env.cluster.startNode(victim);
    await env.cluster.waitReady([victim]);
    await produceToEach(all, 'after the return');
    const expected = all.map((p) => BigInt(led.includes(p) ? 3 : 2));
    const same = (offsets: readonly bigint[]): boolean => offsets.every((offset, p) => offset === expected[p]);
    await waitFor('every record at its offset', async () => same(await endOffsets()));
    // The returned node's replicas are brought up to date and the groups go quiet with it again.
    await waitFor('every replica quiet again', async () => (await Promise.all([1, 2, 3].map(quietGroups))).every((quiet) => quiet >= PARTITIONS), { timeoutMs: 30_000 });
    expect(await endOffsets()).toEqual(expected);
  });
});
