import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCoordinator, OFFSETS_TOPIC_CONFIGS } from '../../../src/groups/group-coordinator.js';
import type { LedPartition } from '../../../src/groups/group-coordinator.js';
import type { Logger } from '../../../src/observability/logger.js';
import type { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import type { PartitionStm } from '../../../src/partition/partition-stm.js';
import { Role } from '../../../src/raft/index.js';
import type { RawNode } from '../../../src/raft/index.js';
import { decodeBatch } from '../../../src/records/index.js';
import { decodeGroupRecord } from '../../../src/groups/records.js';
import { FakePartition, topics } from './fake-offsets-partition.js';

afterEach(() => {
  vi.useRealTimers();
});

/** One offsets partition, led by this node in term 1, whose appends fail while `failing` is set. */
function coordinatorOver(log: FakePartition, nowMs: () => number) {
  const control = { failing: false };
  const working = log.frontend;
  const frontend = {
    append: (bytes: Uint8Array) => (control.failing ? Promise.reject(new Error('disk full')) : working.append(bytes)),
  } as unknown as PartitionFrontend;
  const status = { role: Role.Leader, term: 1 };
  const led = (): LedPartition => ({
    group: { raw: { basicStatus: () => status } as unknown as RawNode },
    stm: { readyTerm: 1, logStartOffset: log.logStart, highWatermark: log.next } as unknown as PartitionStm,
    frontend,
    reader: log.reader,
  });
  const warnings: string[] = [];
  const logger = { warn: (_fields: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  const coordinator = new GroupCoordinator({
    offsetsPartitions: () => 1,
    leaderOfPartition: led,
    counts: (topic) => topics.topic(topic)?.partitions,
    topics,
    nowMs,
    logger,
  });
  return { coordinator, control, warnings };
}

const groupRecordsIn = (log: FakePartition) =>
  log.batches.flatMap(({ bytes }) => decodeBatch(bytes).records).map((r) => decodeGroupRecord(r.key, r.value)?.key.t);

describe('GroupCoordinator', () => {
  it('logs a checkpoint that failed, rebuilds the shard from its log while it still leads, and writes the checkpoint then', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const log = new FakePartition();
    const { coordinator, control, warnings } = coordinatorOver(log, () => Date.now());
    try {
      await coordinator.run('g', (group, _counts, directory) => group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 5n, metadata: '' }], Date.now(), directory));
      expect(groupRecordsIn(log)).toEqual(['offset']);

      // A checkpoint falls due, and the partition refuses it.
      vi.setSystemTime(Number(OFFSETS_TOPIC_CONFIGS['retention.ms']) / 2);
      control.failing = true;
      await vi.advanceTimersByTimeAsync(250);
      expect(warnings).toHaveLength(1);
      expect(groupRecordsIn(log)).toEqual(['offset']);

      // Writes work again: within the backoff the shard is rebuilt and its checkpoint written.
      control.failing = false;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(groupRecordsIn(log)).toEqual(['offset', 'group', 'offset']);
      expect(await coordinator.read('g', (group) => group?.offsets.get('orders\u00000')?.offset)).toBe('5');
    } finally {
      coordinator.close();
    }
  });
});
