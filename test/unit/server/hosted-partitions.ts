/**
 * Partitions as the data path's read handlers see them (fetch, list
 * offsets): each a real PartitionStm and PartitionReader over an in-memory
 * log of applied entries, looked up by (topic, partition).
 */
import { CairnError } from '../../../src/client/errors.js';
import type { LogReader } from '../../../src/partition/partition-reader.js';
import { PartitionReader } from '../../../src/partition/partition-reader.js';
import type { PartitionStm } from '../../../src/partition/partition-stm.js';
import type { Entry, LogIndex, Term } from '../../../src/raft/index.js';
import { limitBytes } from '../../../src/raft/index.js';
import type { GroupId, OffsetPoint } from '../../../src/storage/types.js';
import type { BatchSpec } from '../partition/helpers.js';
import { dataEntry, partitionStm, stamped } from '../partition/helpers.js';

const T = 1 as Term;

/** One partition's applied log, read through the real PartitionReader. */
export class HostedPartition implements LogReader {
  readonly stm: PartitionStm = partitionStm();
  readonly reader = new PartitionReader(this, 1 as GroupId, this.stm);
  private readonly entries: Entry[] = [];
  /** Set when the replica retires: storage no longer knows the group, as after NodeStorage drops it. */
  retired = false;

  /** Appends and applies `count` batches built from `spec`, one per entry; returns their sizes. */
  append(count: number, spec: BatchSpec = { valueBytes: 1000 }): number[] {
    return Array.from({ length: count }, () => this.appendStored(stamped(spec, this.stm.highWatermark, T)));
  }

  /** Appends and applies a batch already stamped at the high watermark; returns its size. */
  appendStored(batch: Uint8Array): number {
    const entry = dataEntry(this.entries.length + 1, T, [batch]);
    this.entries.push(entry);
    this.stm.apply([entry], { isLeader: false, term: T });
    return batch.byteLength;
  }

  indexForOffset(_group: GroupId, offset: bigint): Promise<OffsetPoint | null> {
    return Promise.resolve(this.stm.offsetPoints(this.entries).findLast((point) => point.baseOffset <= offset) ?? null);
  }

  readEntries(_group: GroupId, fromIndex: LogIndex, bytesMax: number, endIndex?: LogIndex): Promise<readonly Entry[]> {
    if (this.retired) return Promise.reject(new Error('unknown group 1'));
    return Promise.resolve(limitBytes(this.entries.filter((e) => e.index >= fromIndex && e.index < (endIndex ?? Infinity)), bytesMax));
  }
}

export class HostedPartitions {
  private readonly byName = new Map<string, HostedPartition>();
  private readonly movedAway = new Set<string>();

  add(topic: string, partition: number): HostedPartition {
    const hosted = new HostedPartition();
    this.byName.set(`${topic}/${partition}`, hosted);
    return hosted;
  }

  untilElectionSettles(): Promise<void> {
    return Promise.resolve();
  }

  /** The replica moves away from this node: its storage is gone and the node no longer leads it. */
  retire(topic: string, partition: number): void {
    const hosted = this.byName.get(`${topic}/${partition}`);
    if (hosted !== undefined) hosted.retired = true;
    this.movedAway.add(`${topic}/${partition}`);
  }

  readyLeaderOfPartition(topic: string, partition: number): HostedPartition {
    if (this.movedAway.has(`${topic}/${partition}`)) throw new CairnError('NOT_LEADER', `this node does not lead ${topic}/${partition}`);
    const hosted = this.byName.get(`${topic}/${partition}`);
    if (hosted === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${topic}" has no partition ${partition}`);
    return hosted;
  }
}
