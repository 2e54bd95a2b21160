import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from '../../../src/groups/consumer-group.js';
import type { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { MetadataImage, TopicRecord } from '../../../src/metadata/index.js';
import { emptyImage } from '../../../src/metadata/index.js';
import { BrokerMetrics } from '../../../src/observability/broker-metrics.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { encodeBatch } from '../../../src/records/index.js';
import type { NodeMetricsSources } from '../../../src/server/node-metrics.js';
import { NodeMetricsSampler } from '../../../src/server/node-metrics.js';

const batch = encodeBatch([{ key: null, value: Buffer.from('v'), timestamp: 1_700_000_000_000n }]);

/** A node hosting no replica, not the controller, whose image holds `topics` and which coordinates `groups()`. */
function sampler(topics: () => readonly string[], groups: () => readonly ConsumerGroup[]): { metrics: Metrics; broker: BrokerMetrics; sampler: NodeMetricsSampler } {
  const metrics = new Metrics();
  const broker = new BrokerMetrics(metrics, { perPartition: false });
  const image = (): MetadataImage => ({ ...emptyImage('c'), topics: new Map(topics().map((name) => [name, { name } as TopicRecord])) });
  const host = { groupIds: () => [], group: () => undefined } as unknown as MultiRaftHost;
  const sources: NodeMetricsSources = {
    host,
    hosted: () => [],
    image,
    controllerActive: () => false,
    groupStatuses: () => new Map(),
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

describe('NodeMetricsSampler', () => {
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
