/**
 * A deleted topic leaves nothing behind, measured on real `cairn serve`
 * processes: each node stops hosting its partitions (their metric series
 * go), a group that committed offsets for it no longer reports them, and
 * once the nodes have stopped, none of their LevelDB databases holds a key
 * of the topic's Raft groups (log entries, offset index, snapshots, hard
 * state, group markers), while a topic that was kept still has its keys.
 */
import { ClassicLevel } from 'classic-level';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster-fixture.js';
import { parseScrape, select } from './support/prometheus-text.js';
import { waitFor } from './support/wait.js';

/** Key prefixes of a Raft group in a node's LevelDB (src/storage/keys.ts): 'g' + group for its data, 'm' + group for its marker. */
function groupPrefixes(group: number): Buffer[] {
  return [0x67, 0x6d].map((kind) => {
    const prefix = Buffer.alloc(5);
    prefix[0] = kind;
    prefix.writeUInt32BE(group, 1);
    return prefix;
  });
}

/** Keys stored for each of `groups`, in the database of a stopped node. */
async function keysPerGroup(dataDir: string, groups: readonly number[]): Promise<Map<number, number>> {
  const db = new ClassicLevel<Buffer, Buffer>(join(dataDir, 'db'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  try {
    const counts = new Map<number, number>();
    for (const group of groups) {
      let count = 0;
      for (const prefix of groupPrefixes(group)) {
        const lt = Buffer.from(prefix);
        lt[4]! += 1; // groups here are far below 2^8, so the last byte never wraps
        for await (const _key of db.keys({ gte: prefix, lt })) count++;
      }
      counts.set(group, count);
    }
    return counts;
  } finally {
    await db.close();
  }
}

describe('deleting a topic', () => {
  const env = useCluster({ nodes: 3, requestTimeoutMs: 5000 });

  it('frees its partitions on every node: no metric series, no committed offsets in groups, and no LevelDB key of its Raft groups', async () => {
    const admin = env.cairn.admin();
    for (const name of ['doomed', 'kept']) await admin.createTopic({ name, partitions: 3, replicationFactor: 3 });
    const producer = env.cairn.producer({ idempotent: true });
    try {
      for (const topic of ['doomed', 'kept']) {
        await Promise.all(Array.from({ length: 300 }, (_, i) => producer.send({ topic, messages: [{ key: `k${i}`, value: `value ${i}`.repeat(20) }] })));
      }
    } finally {
      await producer.close();
    }
    await waitFor('the offsets topic', () => admin.groups().resetOffsets('g', 'doomed', { offset: 5 }, [0, 1, 2]).then(() => true));
    await admin.groups().resetOffsets('g', 'kept', { offset: 7 }, [0, 1, 2]);
    const groupsOf = async (topic: string): Promise<number[]> => (await admin.describeTopic(topic)).partitions.map((p) => p.group);
    const doomed = await groupsOf('doomed');
    const kept = await groupsOf('kept');

    await admin.deleteTopic('doomed');

    // A node's storage series lists the partitions it hosts: the topic's are gone once every node retired its replicas.
    for (const id of env.cluster.ids()) {
      await waitFor(`node ${id} to retire the replicas of the deleted topic`, async () => {
        const response = await fetch(`http://127.0.0.1:${env.cluster.ports.get(id)!.http}/metrics`);
        const scrape = parseScrape(await response.text());
        const hosted = (topic: string): number => select(scrape, 'cairn_storage_log_bytes', { topic }).length;
        return hosted('doomed') === 0 && hosted('kept') === 1;
      }, { timeoutMs: 30_000, intervalMs: 200 });
    }
    const offsets = (await admin.groups().describeGroup('g')).offsets.map((o) => [o.topic, o.partition, o.committed]);
    expect(offsets).toEqual([['kept', 0, 7n], ['kept', 1, 7n], ['kept', 2, 7n]]);

    // A clean stop finishes the range deletions under way; then the databases can be read.
    await Promise.all(env.cluster.ids().map((id) => env.cluster.kill(id, 'SIGTERM')));
    for (const id of env.cluster.ids()) {
      const counts = await keysPerGroup(env.cluster.dataDir(id), [...doomed, ...kept]);
      expect(doomed.map((group) => counts.get(group)), `node ${id}: keys of the deleted topic's groups ${doomed.join(', ')}`).toEqual([0, 0, 0]);
      for (const group of kept) expect(counts.get(group), `node ${id}: keys of kept group ${group}`).toBeGreaterThan(3);
    }
  });
});
