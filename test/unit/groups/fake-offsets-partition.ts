import { CoordinatorShard } from '../../../src/groups/coordinator-shard.js';
import type { ShardDeps } from '../../../src/groups/coordinator-shard.js';
import type { TopicDirectory } from '../../../src/groups/topic-directory.js';
import type { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import type { PartitionReader, ReadResult } from '../../../src/partition/partition-reader.js';
import type { Term } from '../../../src/raft/index.js';
import { readBatchHeader, stampBatch } from '../../../src/records/index.js';

/** `orders` with 4 partitions and `big` with 1,024. */
export const topics: TopicDirectory = {
  topic: (name) => ({ orders: { id: 't1', partitions: 4 }, big: { id: 't2', partitions: 1024 } })[name],
  created: (id) => id === 't1' || id === 't2',
  version: () => 2,
};

/** An offsets partition in memory: appends get offsets, retention drops a prefix. */
export class FakePartition {
  batches: { baseOffset: bigint; bytes: Uint8Array }[] = [];
  next = 0n;
  logStart = 0n;

  readonly frontend = {
    append: (bytes: Uint8Array) => {
      const baseOffset = this.next;
      stampBatch(bytes, baseOffset, 1);
      this.next += BigInt(readBatchHeader(bytes).lastOffsetDelta) + 1n;
      this.batches.push({ baseOffset, bytes });
      return Promise.resolve({ baseOffset });
    },
  } as unknown as PartitionFrontend;

  readonly reader = {
    read: (offset: bigint): Promise<ReadResult> => {
      const kept = this.batches.filter((b) => b.baseOffset >= offset);
      return Promise.resolve({ records: Buffer.concat(kept.map((b) => b.bytes)), highWatermark: this.next, logStartOffset: this.logStart, nextOffset: this.next });
    },
  } as unknown as PartitionReader;

  /** Retention: forget every batch before `offset`. */
  dropBefore(offset: bigint): void {
    this.batches = this.batches.filter((b) => b.baseOffset >= offset);
    this.logStart = offset;
  }

  shard(overrides: Partial<ShardDeps> = {}): CoordinatorShard {
    return new CoordinatorShard({
      term: 1 as Term,
      frontend: this.frontend,
      reader: this.reader,
      loadFrom: this.logStart,
      loadUpTo: this.next,
      counts: (topic) => (topic === 'orders' ? 4 : undefined),
      topics,
      leaderTerm: () => 1 as Term,
      nowMs: () => 0,
      checkpointBytes: Number.MAX_SAFE_INTEGER,
      checkpointMs: Number.MAX_SAFE_INTEGER,
      offsetsRetentionMs: Number.MAX_SAFE_INTEGER,
      ...overrides,
    });
  }
}
