/**
 * Partition moves and decommissions on real processes: an operator's move
 * onto a fourth node finishes one replica at a time and leaves every
 * acknowledged record readable from the new replica set alone; a
 * decommissioned node ends up holding nothing, with no record lost; bad
 * requests get typed errors and change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Cairn, TopicDescription } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { parseScrape, total } from './support/prometheus-text.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'moving';
const PARTITIONS = 4;
const RECORDS_PER_PARTITION = 75;
const MOVE_TIMEOUT_MS = 90_000;

/** Produces RECORDS_PER_PARTITION values to each partition; returns the acknowledged offset of each value. */
async function produce(cairn: Cairn, prefix: string): Promise<Map<string, { partition: number; offset: bigint }>> {
  const producer = cairn.producer({ lingerMs: 2 });
  const acked = new Map<string, { partition: number; offset: bigint }>();
  try {
    await Promise.all(
      Array.from({ length: PARTITIONS }, async (_, partition) => {
        for (let start = 0; start < RECORDS_PER_PARTITION; start += 25) {
          const values = Array.from({ length: 25 }, (_, i) => `${prefix}-${partition}-${start + i}`);
          const reports = await producer.send({ topic: TOPIC, messages: values.map((value) => ({ value, partition })) });
          reports.forEach((report, i) => acked.set(values[i]!, { partition: report.partition, offset: report.offset }));
        }
      }),
    );
  } finally {
    await producer.close();
  }
  return acked;
}

/** Every value of the partitions, by partition and offset, read from the beginning to the end as of now. */
async function readAll(cairn: Cairn, partitions: readonly number[]): Promise<Map<number, Map<bigint, string>>> {
  const tps = partitions.map((partition) => ({ topic: TOPIC, partition }));
  const ends = await cairn.admin().listOffsets(tps.map((tp) => ({ ...tp, spec: 'latest' as const })));
  const read = new Map<number, Map<bigint, string>>(partitions.map((p) => [p, new Map()]));
  const consumer = cairn.consumer({ maxWaitMs: 200 });
  try {
    consumer.assign(tps);
    for (const tp of tps) consumer.seek(tp, 'earliest');
    const done = () => ends.every((end) => (read.get(end.partition)?.size ?? 0) >= Number(end.offset));
    await waitFor('every record read back', async () => {
      const batch = await consumer.nextBatch();
      for (const m of batch?.messages ?? []) read.get(m.partition)!.set(m.offset, m.value!.toString());
      return done();
    }, { timeoutMs: 60_000, intervalMs: 0 });
  } finally {
    await consumer.close();
  }
  return read;
}

function expectAllRead(acked: ReadonlyMap<string, { partition: number; offset: bigint }>, read: ReadonlyMap<number, ReadonlyMap<bigint, string>>): void {
  for (const [value, { partition, offset }] of acked) expect(read.get(partition)?.get(offset), `record ${value}`).toBe(value);
}

const fullyInSync = (topic: TopicDescription): boolean => topic.partitions.every((p) => p.leader !== undefined && p.inSync.length === p.replicas.length);

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CairnError);
  return (error as CairnError).code;
}

describe('moving partitions and decommissioning a node on a four-node cluster', () => {
  const env = useCluster({
    nodes: 4,
    metadataVoters: [1, 2, 3],
    // Dead-node repair stays out of the way while a node is stopped on purpose.
    flags: ['--node-dead-after-ms', '3000', '--replica-move-after-ms', '600000'],
  });
  let acked = new Map<string, { partition: number; offset: bigint }>();

  it('moves a partition onto the fourth node one replica at a time, and its records stay readable from the new replicas alone', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: TOPIC, partitions: PARTITIONS, replicationFactor: 3 });
    await waitFor('the topic in sync', async () => fullyInSync(await admin.describeTopic(TOPIC)));
    acked = await produce(env.cairn, 'before');

    // Twelve replicas on four nodes: each node lacks exactly one partition.
    const before = await admin.describeTopic(TOPIC);
    const moved = before.partitions.find((p) => !p.replicas.includes(4))!;
    expect(moved).toBeDefined();
    const [first, second, leaving] = moved.replicas as [number, number, number];
    const target = [4, first, second];

    expect(await refusal(admin.movePartition({ topic: TOPIC, partition: moved.partition, replicas: [4, first] }))).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(await refusal(admin.movePartition({ topic: TOPIC, partition: moved.partition, replicas: [4, first, first] }))).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(await refusal(admin.movePartition({ topic: TOPIC, partition: moved.partition, replicas: [4, first, 9] }))).toBe('UNKNOWN_NODE');
    expect((await admin.describeTopic(TOPIC)).partitions[moved.partition]!.replicas).toEqual(moved.replicas);

    expect(await admin.movePartition({ topic: TOPIC, partition: moved.partition, replicas: target })).toBe(true);
    const done = await waitFor(
      'the move to finish',
      async () => {
        const partition = (await admin.describeTopic(TOPIC)).partitions[moved.partition]!;
        const listed = (await admin.listPartitionMoves()).some((m) => m.topic === TOPIC && m.partition === moved.partition);
        return !listed && partition.inSync.length === 3 && partition;
      },
      { timeoutMs: MOVE_TIMEOUT_MS },
    );
    expect(done.replicas).toEqual(target);
    expect(new Set(done.inSync)).toEqual(new Set(target));

    // The replica that left is stopped: the records must come from the new replica set.
    await env.cluster.kill(leaving);
    try {
      await waitFor('a leader among the new replicas', async () => {
        const leader = (await admin.describeTopic(TOPIC)).partitions[moved.partition]!.leader;
        return leader !== undefined && target.includes(leader);
      });
      const read = await readAll(env.cairn, [moved.partition]);
      expectAllRead(new Map([...acked].filter(([, a]) => a.partition === moved.partition)), read);
    } finally {
      env.cluster.startNode(leaving);
      await env.cluster.waitReady([leaving]);
    }
  });

  it('decommissions a node: it hands over its leaderships and replicas, holds nothing, and no record is lost', async () => {
    const admin = env.cairn.admin();
    await waitFor('every partition in sync', async () => fullyInSync(await admin.describeTopic(TOPIC)));
    const node = 2;
    const cli = await runCli(['node', 'decommission', String(node), '--brokers', env.cluster.brokers().join(',')]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    // Three active nodes are left for replication factor 3: a second decommission is refused and changes nothing.
    expect(await refusal(admin.decommissionNode(3))).toBe('NOT_ENOUGH_NODES');

    // Writes go on while the replicas move.
    const during = await produce(env.cairn, 'during');
    const cluster = await waitFor(
      `node ${node} decommissioned`,
      async () => {
        const state = await admin.describeCluster();
        return state.nodes.find((n) => n.nodeId === node)?.state === 'decommissioned' && state;
      },
      { timeoutMs: MOVE_TIMEOUT_MS },
    );
    expect(cluster.nodes.filter((n) => n.nodeId !== node).map((n) => n.state)).toEqual(['active', 'active', 'active']);
    expect(await admin.listPartitionMoves()).toEqual([]);
    const topic = await waitFor('every partition in sync without the node', async () => {
      const t = await admin.describeTopic(TOPIC);
      return fullyInSync(t) && t;
    });
    for (const p of topic.partitions) {
      expect(p.replicas).not.toContain(node);
      expect(p.leader).not.toBe(node);
      expect(new Set(p.replicas).size).toBe(3);
    }
    expect(await refusal(admin.decommissionNode(node))).toBe('UNKNOWN_NODE');
    // The node itself has deleted every partition replica: it hosts the metadata group alone.
    await waitFor(`node ${node} to host no partition`, async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${env.cluster.ports.get(node)!.http}/metrics`)).text();
      const hosted = total(parseScrape(metrics), 'cairn_raft_groups');
      if (hosted !== 1) throw new Error(`it hosts ${hosted} Raft groups`);
      return true;
    });

    const read = await readAll(env.cairn, Array.from({ length: PARTITIONS }, (_, p) => p));
    expectAllRead(new Map([...acked, ...during]), read);
  });
});
