/**
 * Broker metrics on a real three-node cluster: after produce, fetch and
 * group traffic a scrape shows every family with values that match what
 * was done; SIGKILL a node and the survivors report under-replicated
 * partitions (and the controller a dead node) until it is back.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CLIENT_CHANNELS } from '../../src/client/index.js';
import { DEFAULT_PARTITIONS_PER_CORE } from '../../src/metadata/limits.js';
import { useCluster } from './support/cluster-fixture.js';
import { alertQueries, dashboardQueries, metricNames, unexported } from './support/monitoring-queries.js';
import { parseScrape, select, total, type Scrape } from './support/prometheus-text.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'metered';
const PARTITIONS = 6;
const BATCHES = 30;
const PER_BATCH = 10;
const RECORDS = BATCHES * PER_BATCH;

/** Every family the broker exports besides prom-client's process metrics. */
const BROKER_FAMILIES = [
  'cairn_rpc_duration_seconds',
  'cairn_rpc_in_flight',
  'cairn_produce_records_total',
  'cairn_produce_bytes_total',
  'cairn_produce_batches_refused_total',
  'cairn_fetch_records_total',
  'cairn_fetch_bytes_total',
  'cairn_partitions_led',
  'cairn_partitions_under_replicated',
  'cairn_partitions_offline',
  'cairn_raft_follower_lag_entries',
  'cairn_storage_log_bytes',
  'cairn_raft_commit_latency_seconds',
  'cairn_raft_elections_total',
  'cairn_raft_leaderships_acquired_total',
  'cairn_raft_leadership_changes_total',
  'cairn_raft_snapshots_sent_total',
  'cairn_raft_snapshots_received_total',
  'cairn_storage_write_seconds',
  'cairn_storage_fsync_seconds',
  'cairn_storage_written_bytes_total',
  'cairn_storage_disk_free_bytes',
  'cairn_storage_disk_size_bytes',
  'cairn_group_lag_records',
  'cairn_group_members',
  'cairn_group_rebalances_total',
  'cairn_controller_active',
  'cairn_controller_nodes',
  'cairn_controller_replica_moves_pending',
  'cairn_controller_partition_replicas',
  'cairn_controller_partition_replicas_limit',
  'cairn_controller_replica_moves_done_total',
  'cairn_node_ready',
];

describe('broker metrics on a three-node cluster', () => {
  const env = useCluster({ nodes: 3, flags: ['--node-dead-after-ms', '2000'] });

  const scrape = async (id: number): Promise<Scrape> => {
    const response = await fetch(`http://127.0.0.1:${env.cluster.ports.get(id)!.http}/metrics`);
    expect(response.status).toBe(200);
    return parseScrape(await response.text());
  };
  const scrapeAll = (ids: readonly number[]): Promise<Scrape[]> => Promise.all(ids.map(scrape));
  const sumOver = (scrapes: readonly Scrape[], name: string, labels: Record<string, string> = {}): number =>
    scrapes.reduce((sum, s) => sum + total(s, name, labels), 0);
  const topic = { topic: TOPIC };

  it('exports every family, with values that match the produce, fetch and group traffic, whose join, assignment and commit the SDK publishes', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: TOPIC, partitions: PARTITIONS, replicationFactor: 3 });
    const producer = env.cairn.producer();
    try {
      for (let b = 0; b < BATCHES; b++) {
        await producer.send({ topic: TOPIC, messages: Array.from({ length: PER_BATCH }, (_, i) => ({ key: `k${b}-${i}`, value: `value ${b}-${i}` })) });
      }
    } finally {
      await producer.close();
    }
    // The SDK's events, seen by this process: the test's consumer is in it.
    const sdkEvents: { channel: string; groupId?: string; code?: string; partitions?: unknown[] }[] = [];
    const listen = (channel: string) => (message: unknown): void => void sdkEvents.push({ channel, ...(message as object) });
    const listeners = (['groupJoin', 'groupAssignment', 'commit'] as const).map((name) => [CLIENT_CHANNELS[name], listen(name)] as const);
    for (const [channel, listener] of listeners) subscribe(channel, listener);
    // A group with a member that reads everything, and one with no member whose offsets stay at 0.
    const consumer = env.cairn.consumer({ groupId: 'g-live', autoOffsetReset: 'earliest', sessionTimeoutMs: 10_000 });
    const deadline = setTimeout(() => void consumer.close(), 60_000);
    try {
      consumer.subscribe([TOPIC]);
      let read = 0;
      while (read < RECORDS) {
        const batch = await consumer.nextBatch();
        if (batch === undefined) break;
        read += batch.messages.length;
      }
      expect(read).toBe(RECORDS);
      await consumer.commit();
      expect(sdkEvents.find((e) => e.channel === 'groupJoin')).toMatchObject({ groupId: 'g-live' });
      expect(sdkEvents.filter((e) => e.channel === 'groupAssignment').at(-1)?.partitions).toHaveLength(PARTITIONS);
      expect(sdkEvents.filter((e) => e.channel === 'commit').at(-1)).toMatchObject({ groupId: 'g-live', code: 'OK' });
      await env.cairn.admin().groups().resetOffsets('g-lagging', TOPIC, { offset: 0 });

      const ids = env.cluster.ids();
      // Gauges are sampled once a control round (1 s): wait for the group and partition state to show.
      const scrapes = await waitFor('group lag, members, partition state and readiness sampled', async () => {
        const all = await scrapeAll(ids);
        const ready =
          sumOver(all, 'cairn_group_lag_records', { group: 'g-lagging', topic: TOPIC }) === RECORDS &&
          sumOver(all, 'cairn_group_members', { group: 'g-live' }) === 1 &&
          sumOver(all, 'cairn_partitions_led', topic) === PARTITIONS &&
          sumOver(all, 'cairn_partitions_under_replicated', topic) === 0 &&
          all.every((s) => total(s, 'cairn_node_ready') === 1);
        return ready && all;
      }, { timeoutMs: 30_000 });

      for (const s of scrapes) for (const family of BROKER_FAMILIES) expect(s.families.has(family), `${family} exported`).toBe(true);
      // Counted once, by each partition's leader; retries of an unacknowledged batch could only add.
      expect(sumOver(scrapes, 'cairn_produce_records_total', topic)).toBeGreaterThanOrEqual(RECORDS);
      expect(sumOver(scrapes, 'cairn_produce_records_total', topic)).toBeLessThan(2 * RECORDS);
      expect(sumOver(scrapes, 'cairn_produce_bytes_total', topic)).toBeGreaterThan(RECORDS * 'value 0-0'.length);
      expect(sumOver(scrapes, 'cairn_fetch_records_total', topic)).toBeGreaterThanOrEqual(RECORDS);
      expect(sumOver(scrapes, 'cairn_fetch_bytes_total', topic)).toBeGreaterThan(0);
      // The producer pipelines its requests on a stream; the consumer fetches with unary calls.
      const produceCalls = sumOver(scrapes, 'cairn_rpc_duration_seconds_count', { service: 'Data', method: 'ProduceStream' }) + sumOver(scrapes, 'cairn_rpc_duration_seconds_count', { service: 'Data', method: 'Produce' });
      expect(produceCalls).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_rpc_duration_seconds_count', { service: 'Data', method: 'Fetch', code: 'OK' })).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_rpc_duration_seconds_count', { service: 'Cluster', code: 'OK' })).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_rpc_duration_seconds_count', { service: 'Groups', code: 'OK' })).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_raft_commit_latency_seconds_count')).toBeGreaterThanOrEqual(BATCHES);
      expect(sumOver(scrapes, 'cairn_raft_elections_total')).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_raft_leaderships_acquired_total')).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_storage_fsync_seconds_count')).toBeGreaterThan(0);
      expect(sumOver(scrapes, 'cairn_storage_written_bytes_total')).toBeGreaterThan(0);
      // Every node holds a replica of every partition: three copies of the log.
      for (const s of scrapes) expect(total(s, 'cairn_storage_log_bytes', topic)).toBeGreaterThan(RECORDS * 'value 0-0'.length);
      for (const s of scrapes) {
        expect(total(s, 'cairn_storage_disk_free_bytes')).toBeGreaterThan(0);
        expect(total(s, 'cairn_storage_disk_size_bytes')).toBeGreaterThanOrEqual(total(s, 'cairn_storage_disk_free_bytes'));
      }
      expect(sumOver(scrapes, 'cairn_group_rebalances_total', { group: 'g-live' })).toBeGreaterThanOrEqual(1);
      // The controller alone speaks for the cluster.
      const controllers = scrapes.filter((s) => total(s, 'cairn_controller_active') === 1);
      expect(controllers).toHaveLength(1);
      expect(total(controllers[0]!, 'cairn_controller_nodes', { state: 'live' })).toBe(3);
      expect(total(controllers[0]!, 'cairn_controller_nodes', { state: 'dead' })).toBe(0);
      expect(total(controllers[0]!, 'cairn_controller_replica_moves_pending')).toBe(0);
      // The topic's replicas, and the offsets topic's (its size is the controller's to choose).
      expect(total(controllers[0]!, 'cairn_controller_partition_replicas')).toBeGreaterThan(PARTITIONS * 3);
      // Three nodes of this machine's cores at the default 5,000 replicas per core.
      expect(total(controllers[0]!, 'cairn_controller_partition_replicas_limit')).toBe(3 * availableParallelism() * DEFAULT_PARTITIONS_PER_CORE);
      expect(select(controllers[0]!, 'cairn_partitions_offline', topic).map((s) => s.value)).toEqual([0]);
    } finally {
      for (const [channel, listener] of listeners) unsubscribe(channel, listener);
      clearTimeout(deadline);
      await consumer.close();
    }
  });

  it('exports every metric the dashboard and the alert rules of deploy/k8s/components/monitoring query', async () => {
    const queries = [...dashboardQueries(), ...alertQueries()];
    const names = new Set(queries.flatMap(metricNames));
    expect(names.size).toBeGreaterThan(25);
    // Families appear in a scrape from the start, whatever their samples; the controller adds none of its own.
    for (const id of env.cluster.ids()) expect(unexported(names, (await scrape(id)).families)).toEqual([]);
  });

  it("counts a group's lag on a partition whose only replica is on a node other than the group's coordinator", async () => {
    const far = 'far-from-coordinator';
    const admin = env.cairn.admin();
    await admin.createTopic({ name: far, partitions: 1, replicationFactor: 1 });
    await admin.groups().resetOffsets('g-far', far, { offset: 0 });
    const { coordinator } = await admin.groups().describeGroup('g-far');
    const [replica] = (await admin.describeTopic(far)).partitions[0]!.replicas;
    if (replica === coordinator) {
      const elsewhere = env.cluster.ids().find((id) => id !== coordinator)!;
      await admin.movePartition({ topic: far, partition: 0, replicas: [elsewhere] });
      await waitFor('the partition moved off the coordinator', async () => {
        const [p] = (await admin.describeTopic(far)).partitions;
        return p!.replicas.length === 1 && p!.replicas[0] !== coordinator && p!.leader === p!.replicas[0];
      }, { timeoutMs: 30_000 });
    }
    const records = 25;
    const producer = env.cairn.producer();
    try {
      await producer.send({ topic: far, messages: Array.from({ length: records }, (_, i) => ({ value: `far ${i}` })) });
    } finally {
      await producer.close();
    }
    const labels = { group: 'g-far', topic: far };
    // The coordinator holds no replica of the topic (a moved-off replica retires within a round or two), so the lag comes from its leader's report.
    await waitFor("the coordinator's lag for the partition it holds no replica of", async () => {
      const s = await scrape(coordinator);
      return total(s, 'cairn_storage_log_bytes', { topic: far }) === 0 && total(s, 'cairn_group_lag_records', labels) === records;
    }, { timeoutMs: 30_000 });
    expect(await admin.groups().describeGroup('g-far')).toMatchObject({ coordinator });
  });

  it('reports partitions under-replicated while a node is killed, and none once it is back', async () => {
    const survivors = [1, 2];
    const electionsBefore = sumOver(await scrapeAll(survivors), 'cairn_raft_elections_total');
    const ledByKilled = total(await scrape(3), 'cairn_partitions_led', topic);
    await env.cluster.kill(3);
    await waitFor('under-replicated partitions on the survivors', async () => sumOver(await scrapeAll(survivors), 'cairn_partitions_under_replicated', topic) > 0, { timeoutMs: 30_000 });
    const down = await waitFor('the survivors to lead every partition, and the controller to count node 3 dead', async () => {
      const all = await scrapeAll(survivors);
      const done = sumOver(all, 'cairn_partitions_led', topic) === PARTITIONS && sumOver(all, 'cairn_controller_nodes', { state: 'dead' }) === 1;
      return done && all;
    }, { timeoutMs: 30_000 });
    // Every partition has a replica on node 3, so every one lacks a voter in sync.
    expect(sumOver(down, 'cairn_partitions_under_replicated', topic)).toBe(PARTITIONS);
    expect(sumOver(down, 'cairn_controller_replica_moves_pending')).toBeGreaterThan(0);
    // The partitions node 3 led (and the metadata group, had it led that) were won in new elections.
    if (ledByKilled > 0) expect(sumOver(down, 'cairn_raft_elections_total')).toBeGreaterThan(electionsBefore);

    env.cluster.startNode(3);
    await env.cluster.waitReady([3]);
    await waitFor('no partition under-replicated once node 3 is back', async () => {
      const all = await scrapeAll(env.cluster.ids());
      return sumOver(all, 'cairn_partitions_under_replicated', topic) === 0 && sumOver(all, 'cairn_controller_nodes', { state: 'dead' }) === 0;
    }, { timeoutMs: 60_000 });
  });
});
