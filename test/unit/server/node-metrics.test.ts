import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from '../../../src/groups/consumer-group.js';
import type { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { GroupId, GroupStatus, MetadataImage, TopicRecord } from '../../../src/metadata/index.js';
import { emptyImage } from '../../../src/metadata/index.js';
import { BrokerMetrics } from '../../../src/observability/broker-metrics.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { encodeBatch } from '../../../src/records/index.js';
import type { NodeMetricsSources } from '../../../src/server/node-metrics.js';
import { NodeMetricsSampler } from '../../../src/server/node-metrics.js';
import type { NodeId } from '../../../src/raft/index.js';

const batch = encodeBatch([{ key: null, value: Buffer.from('v'), timestamp: 1_700_000_000_000n }]);

/**
 * A node hosting no replica, not the controller, whose image holds `topics` (each partition's
 * Raft group in `groupsOf`, none by default), which coordinates `groups()` and knows the
 * statuses the controller relays.
 */
function sampler(
  topics: () => readonly string[],
  groups: () => readonly ConsumerGroup[],
  relayed: { groupsOf?: Readonly<Record<string, readonly number[]>>; statuses?: ReadonlyMap<GroupId, GroupStatus> } = {},
): { metrics: Metrics; broker: BrokerMetrics; sampler: NodeMetricsSampler } {
  const metrics = new Metrics();
  const broker = new BrokerMetrics(metrics, { perPartition: false });
  const topicRecord = (name: string): TopicRecord =>
    ({ name, partitions: (relayed.groupsOf?.[name] ?? []).map((group, partition) => ({ partition, group, replicas: [2] })) }) as unknown as TopicRecord;
  const image = (): MetadataImage => ({ ...emptyImage('c'), topics: new Map(topics().map((name) => [name, topicRecord(name)])) });
  const host = { groupIds: () => [], group: () => undefined } as unknown as MultiRaftHost;
  const sources: NodeMetricsSources = {
    host,
    hosted: () => [],
    image,
    controllerActive: () => false,
    groupStatuses: () => relayed.statuses ?? new Map(),
    liveness: () => ({ nodes: new Map(), live: new Set() }),
    localGroups: () => Promise.resolve(groups()),
    storageStats: () => ({ batchesWritten: 0, syncsWritten: 0, bytesWritten: 0 }),
    dataDir: tmpdir(),
  };
  return { metrics, broker, sampler: new NodeMetricsSampler(broker, sources) };
}

function groupAt(groupId: string, epoch: number): ConsumerGroup {
  const group = new ConsumerGroup(groupId);
  group.epoch = epoch;
  return group;
}

/** A group coordinated here with no members, whose committed offsets are `committed` ([topic, partition, offset]). */
function groupWithOffsets(groupId: string, committed: [string, number, number][]): ConsumerGroup {
  const offsets = new Map(committed.map(([topic, partition, offset]) => [`${topic}/${partition}`, { topic, partition, offset: String(offset), metadata: '', commitMs: 0, topicId: `${topic}-id` }]));
  return { groupId, epoch: 1, members: new Map(), offsets } as unknown as ConsumerGroup;
}

/** A partition's status as the controller relays it: led by node 2, with the high watermark it reported. */
function relayedStatus(group: number, highWatermark: bigint): GroupStatus {
  return { group: group as GroupId, leader: 2 as NodeId, term: 1, lastIndex: 0, fromLeader: true, replicas: [], highWatermark, logBytes: 0 };
}

describe('NodeMetricsSampler', () => {
  it('counts lag on partitions this node holds no replica of, from the high watermarks their leaders reported', async () => {
    const statuses = new Map([relayedStatus(5, 40n), relayedStatus(6, 10n)].map((s) => [s.group, s]));
    const groups = [groupWithOffsets('g', [['t', 0, 15], ['t', 1, 10]])];
    const { metrics, sampler: node } = sampler(() => ['t'], () => groups, { groupsOf: { t: [5, 6] }, statuses });
    await node.sample(true);
    // 25 behind on partition 0, none on partition 1.
    expect(await metrics.expose()).toContain('cairn_group_lag_records{group="g",topic="t"} 25');
  });

  it('drops the produce and fetch series of a topic once the image no longer has it', async () => {
    let topics = ['kept', 'deleted'];
    const { metrics, broker, sampler: node } = sampler(() => topics, () => []);
    for (const topic of topics) {
      broker.produced(topic, 0, batch);
      broker.fetched(topic, 0, batch);
    }
    await node.sample(true);
    expect(await metrics.expose()).toContain('cairn_produce_records_total{topic="deleted"} 1');

    topics = ['kept'];
    await node.sample(true);
    const text = await metrics.expose();
    expect(text).not.toContain('topic="deleted"');
    expect(text).toContain('cairn_produce_records_total{topic="kept"} 1');
    expect(text).toContain('cairn_fetch_records_total{topic="kept"} 1');
  });

  it('drops the rebalance count of a group this node no longer coordinates, and counts it from its epoch if it comes back', async () => {
    let groups = [groupAt('stays', 2), groupAt('leaves', 3)];
    const { metrics, sampler: node } = sampler(() => [], () => groups);
    await node.sample(true);
    expect(await metrics.expose()).toContain('cairn_group_rebalances_total{group="leaves"} 3');

    groups = [groupAt('stays', 4)];
    await node.sample(true);
    let text = await metrics.expose();
    expect(text).not.toContain('group="leaves"');
    expect(text).toContain('cairn_group_rebalances_total{group="stays"} 4');

    groups = [groupAt('stays', 4), groupAt('leaves', 5)];
    await node.sample(true);
    text = await metrics.expose();
    expect(text).toContain('cairn_group_rebalances_total{group="leaves"} 5');
  });
});
