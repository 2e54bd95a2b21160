import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import { broker, computeLiveness, groupStatuses, nodeStatus, partitionInfo, topicInfo, type TopicRecord } from '../../../src/metadata/index.js';
import { groupReport, Log, nodeReport, topicCommand } from './helpers.js';

const root = protobuf.loadSync('proto/cairn/v1/client.proto');
/** A view must be a valid message of its proto type, encodable as is. */
function expectEncodable(typeName: string, view: object): void {
  const type = root.lookupType(`cairn.v1.${typeName}`);
  expect(type.verify(view)).toBeNull();
  expect(type.toObject(type.decode(type.encode(type.fromObject(view)).finish()), { longs: Number, defaults: true })).toEqual(view);
}

describe('API views', () => {
  const log = Log.withNodes(3, ['r1', '', 'r3']);
  log.ok(topicCommand('t', [[1, 2], [2, 3]], { configs: { 'retention.ms': '5' } }));
  const topic = log.image.topics.get('t') as TopicRecord;
  const groups = groupStatuses([nodeReport(2, [{ ...groupReport(1, 2, 7, [[1, true]]), logBytes: '2048' }])]);
  const lastHeartbeatMs = new Map([[1 as NodeId, 9_000]]);
  const liveness = computeLiveness({ image: log.image, lastHeartbeatMs, nowMs: 10_000, controllerSinceMs: 0, nodeDeadAfterMs: 3_000 });

  it('describes a topic with leaders, in-sync replicas and leader epochs from the reports, and unknown leaders as 0', () => {
    const info = topicInfo(topic, groups);
    expect(info).toEqual({
      name: 't',
      topicId: topic.id,
      replicationFactor: 2,
      configs: { 'retention.ms': '5' },
      partitions: [
        { partition: 0, leader: 2, replicas: [1, 2], inSync: [2, 1], leaderEpoch: 7, group: 1, logBytes: 2048 },
        { partition: 1, leader: 0, replicas: [2, 3], inSync: [], leaderEpoch: 0, group: 2, logBytes: 0 },
      ],
    });
    expectEncodable('TopicInfo', info);
    expect(partitionInfo(topic.partitions[1] as (typeof topic.partitions)[number], undefined)).toEqual(info.partitions[1]);
  });

  it('describes brokers and node statuses with liveness, last contact and metadata voting', () => {
    const node1 = log.image.nodes.get(1 as NodeId);
    const node3 = log.image.nodes.get(3 as NodeId);
    if (!node1 || !node3) throw new Error('nodes missing');
    expect(broker(node1, liveness)).toEqual({ nodeId: 1, address: '10.0.0.1:9092', rack: 'r1', live: true });
    const status = nodeStatus(node3, liveness, new Set([1 as NodeId, 3 as NodeId]));
    expect(status).toEqual({ nodeId: 3, address: '10.0.0.3:9092', rack: 'r3', live: false, lastSeenMsAgo: 10_000, metadataVoter: true, state: 'active' });
    expectEncodable('Broker', broker(node1, liveness));
    expectEncodable('NodeStatus', status);
  });
});
