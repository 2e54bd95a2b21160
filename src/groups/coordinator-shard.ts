/**
 * The coordinator of the groups that map to one offsets-topic partition,
 * alive while this node leads that partition in one term. It rebuilds its
 * groups by replaying the partition, then serves them from memory. Every
 * change is appended to the partition and answered only once committed; a
 * failed append ends the shard, and the next request rebuilds it from the log.
 *
 * From time to time the shard rewrites every live record (a checkpoint), so
 * the latest value of each key is always in the newest part of the log and
 * the topic's retention may delete what came before.
 *
 * A group without members keeps its offsets for `offsetsRetentionMs` after
 * it became empty and after its last commit, whichever is later (Kafka's
 * offsets.retention.minutes); then the shard deletes it. A new shard counts
 * the emptiness of the groups it loads from its own start.
 */
import { CairnError } from '../client/errors.js';
import type { PartitionFrontend } from '../partition/partition-frontend.js';
import type { PartitionReader } from '../partition/partition-reader.js';
import type { Term } from '../raft/index.js';
import { decodeBatch, encodeBatch, splitBatches } from '../records/index.js';
import type { PartitionCounts } from './assignors.js';
import { ConsumerGroup, memberValue } from './consumer-group.js';
import type { GroupRecord } from './records.js';
import { decodeGroupRecord, encodeGroupRecord } from './records.js';

/** Read size while loading. */
const LOAD_READ_BYTES = 1024 * 1024;
/** Records per appended batch, well under the topic's message size bound. */
const RECORDS_PER_BATCH = 500;

export interface ShardDeps {
  readonly term: Term;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
  /** The log start and high watermark once the term's leader is ready: the range holding every group's state. */
  readonly loadFrom: bigint;
  readonly loadUpTo: bigint;
  readonly counts: PartitionCounts;
  readonly nowMs: () => number;
  /** Bytes appended after which the live state is written again (a quarter of the topic's retention bytes). */
  readonly checkpointBytes: number;
  /** Age after which the live state is written again (a quarter of the topic's retention time). */
  readonly checkpointMs: number;
  readonly offsetsRetentionMs: number;
}

export class CoordinatorShard {
  readonly groups = new Map<string, ConsumerGroup>();
  readonly loaded: Promise<void>;
  failed = false;
  /** Settles when everything appended so far is committed; reads wait on it so they never see uncommitted state. */
  private tail: Promise<unknown> = Promise.resolve();
  private bytesSinceCheckpoint = 0;
  private lastCheckpointMs: number;
  private sweeping = false;
  /** Groups without members, and since when this shard has seen them so. */
  private readonly emptySinceMs = new Map<string, number>();

  constructor(private readonly deps: ShardDeps) {
    this.lastCheckpointMs = deps.nowMs();
    this.loaded = this.load();
    this.loaded.catch(() => (this.failed = true));
  }

  get term(): Term {
    return this.deps.term;
  }

  /**
   * Runs `op` on the group (created empty if unknown) and writes what it
   * changed; resolves with its result once that is committed. A CairnError
   * thrown by `op` leaves the group as it was.
   */
  async run<T>(groupId: string, op: (group: ConsumerGroup) => T): Promise<T> {
    await this.loaded;
    this.checkAlive();
    const group = this.groups.get(groupId) ?? new ConsumerGroup(groupId);
    const result = op(group);
    const records = group.drain();
    if (!group.isEmpty) this.groups.set(groupId, group);
    else if (this.groups.delete(groupId)) records.push({ key: { t: 'group', g: groupId }, value: null });
    await (records.length > 0 ? this.append(records) : this.tail);
    return result;
  }

  /** Reads state that is committed: waits for writes in flight first. */
  async read<T>(op: (groups: ReadonlyMap<string, ConsumerGroup>) => T): Promise<T> {
    await this.loaded;
    this.checkAlive();
    await this.tail;
    return op(this.groups);
  }

  /** Drops members whose sessions ran out, and writes a checkpoint when one is due. */
  async sweep(): Promise<void> {
    if (this.failed || this.sweeping) return;
    this.sweeping = true;
    try {
      await this.expireAndCheckpoint();
    } finally {
      this.sweeping = false;
    }
  }

  private async expireAndCheckpoint(): Promise<void> {
    await this.loaded;
    const now = this.deps.nowMs();
    const records: GroupRecord[] = [];
    for (const [id, group] of this.groups) {
      group.expireSessions(now);
      if (this.offsetsExpired(group, now)) group.delete();
      records.push(...group.drain());
      if (group.isEmpty) {
        this.groups.delete(id);
        this.emptySinceMs.delete(id);
      }
    }
    if (records.length > 0) await this.append(records);
    if (this.bytesSinceCheckpoint > this.deps.checkpointBytes || now - this.lastCheckpointMs > this.deps.checkpointMs) await this.checkpoint();
  }

  private offsetsExpired(group: ConsumerGroup, nowMs: number): boolean {
    if (group.members.size > 0) {
      this.emptySinceMs.delete(group.groupId);
      return false;
    }
    const emptySinceMs = this.emptySinceMs.get(group.groupId) ?? nowMs;
    this.emptySinceMs.set(group.groupId, emptySinceMs);
    let lastCommitMs = 0;
    for (const o of group.offsets.values()) lastCommitMs = Math.max(lastCommitMs, o.commitMs);
    return nowMs - Math.max(emptySinceMs, lastCommitMs) > this.deps.offsetsRetentionMs;
  }

  private async checkpoint(): Promise<void> {
    const records: GroupRecord[] = [];
    for (const group of this.groups.values()) {
      records.push({ key: { t: 'group', g: group.groupId }, value: { epoch: group.epoch } });
      for (const member of group.members.values()) {
        records.push({ key: { t: 'member', g: group.groupId, m: member.memberId }, value: memberValue(member) });
      }
      for (const o of group.offsets.values()) {
        records.push({ key: { t: 'offset', g: group.groupId, topic: o.topic, p: o.partition }, value: { offset: o.offset, metadata: o.metadata, commitMs: o.commitMs } });
      }
    }
    this.lastCheckpointMs = this.deps.nowMs();
    this.bytesSinceCheckpoint = 0;
    await this.append(records);
  }

  private append(records: readonly GroupRecord[]): Promise<unknown> {
    const timestamp = BigInt(this.deps.nowMs());
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < records.length; i += RECORDS_PER_BATCH) {
      const batch = encodeBatch(records.slice(i, i + RECORDS_PER_BATCH).map((r) => ({ ...encodeGroupRecord(r), timestamp })));
      this.bytesSinceCheckpoint += batch.byteLength;
      writes.push(this.deps.frontend.append(batch));
    }
    const written = Promise.all(writes).catch((error: unknown) => {
      this.failed = true;
      throw new CairnError('NOT_COORDINATOR', 'the coordinator lost its partition while writing; the group is reloading', { cause: error });
    });
    this.tail = written.catch(() => undefined);
    return written;
  }

  private checkAlive(): void {
    if (this.failed) throw new CairnError('NOT_COORDINATOR', 'the coordinator moved or is reloading the group');
  }

  private async load(): Promise<void> {
    let offset = this.deps.loadFrom;
    while (offset < this.deps.loadUpTo) {
      const read = await this.deps.reader.read(offset, LOAD_READ_BYTES);
      for (const view of splitBatches(read.records)) {
        const { records } = decodeBatch(view.bytes);
        // What this shard cannot tell apart from the last checkpoint counts as written since it,
        // so a run of failovers never puts the next checkpoint off past retention.
        this.bytesSinceCheckpoint += view.bytes.byteLength;
        if (records[0] !== undefined) this.lastCheckpointMs = Math.min(this.lastCheckpointMs, Number(records[0].timestamp));
        for (const record of records) {
          if (record.offset < offset || record.offset >= this.deps.loadUpTo) continue;
          const decoded = decodeGroupRecord(record.key, record.value);
          if (decoded === undefined) continue;
          const group = this.groups.get(decoded.key.g) ?? new ConsumerGroup(decoded.key.g);
          group.replay(decoded);
          this.groups.set(decoded.key.g, group);
        }
      }
      if (read.nextOffset === offset) break;
      offset = read.nextOffset;
    }
    for (const [id, group] of this.groups) {
      if (group.isEmpty) this.groups.delete(id);
      else group.touchAll(this.deps.nowMs());
    }
  }
}
