/**
 * The coordinator of the groups that map to one offsets-topic partition,
 * alive while this node leads that partition in one term. It rebuilds its
 * groups by replaying the partition, then serves them from memory. Every
 * change is made on a copy of its group, appended to the partition, and
 * answered only once committed; a change whose records exceed the bounds of
 * limits.ts is refused and leaves the group as it was. A failed append ends
 * the shard, and the coordinator rebuilds it from the log. The shard writes
 * only while its node still leads the partition in the shard's own term, so
 * a coordinator that lost its leadership can never write stale state.
 *
 * From time to time the shard rewrites every live record (a checkpoint), so
 * the latest value of each key is always in the newest part of the log and
 * the topic's retention may delete what came before. Records are packed into
 * batches by bytes, so a checkpoint of any group within the bounds fits the
 * topic's batch limit.
 *
 * A group without members keeps its offsets for `offsetsRetentionMs` after
 * it became empty and after its last commit, whichever is later (Kafka's
 * offsets.retention.minutes); then the shard deletes it. A new shard counts
 * the emptiness of the groups it loads from its own start. Offsets of
 * deleted topics are dropped by the sweep (see topic-directory.ts).
 */
import { CairnError } from '../protocol/errors.js';
import type { PartitionFrontend } from '../partition/partition-frontend.js';
import type { PartitionReader } from '../partition/partition-reader.js';
import type { Term } from '../raft/index.js';
import { decodeBatch, encodeBatch, splitBatches } from '../records/index.js';
import type { PartitionCounts } from './assignors.js';
import { ConsumerGroup, memberValue } from './consumer-group.js';
import { GROUP_BATCH_BYTES_TARGET, GROUP_RECORD_BYTES_MAX, GROUPS_PER_SHARD_MAX, quoted } from './limits.js';
import type { GroupRecord } from './records.js';
import { decodeGroupRecord, encodeGroupRecord } from './records.js';
import type { TopicDirectory } from './topic-directory.js';

/** Read size while loading. */
const LOAD_READ_BYTES = 1024 * 1024;
/** A bound on the framing a record adds to its key and value in a batch (length, attributes, deltas, header count). */
const RECORD_FRAMING_BYTES_MAX = 32;

/**
 * The records as batches of at most GROUP_BATCH_BYTES_TARGET bytes of
 * records each. A change a client asked for (`bounded`) is refused
 * (GROUP_RECORD_TOO_LARGE) if a record exceeds GROUP_RECORD_BYTES_MAX,
 * before anything changes. The sweep and checkpoints only restate or delete
 * what is already in the log, where a record written before the bounds may
 * be larger: it gets a batch of its own, as large as the one it came in.
 */
export function packRecords(records: readonly GroupRecord[], timestamp: bigint, bounded: boolean): Uint8Array[] {
  const batches: Uint8Array[] = [];
  let pending: { key: Uint8Array; value: Uint8Array | null; timestamp: bigint }[] = [];
  let pendingBytes = 0;
  for (const record of records) {
    const encoded = encodeGroupRecord(record);
    const bytes = encoded.key.byteLength + (encoded.value?.byteLength ?? 0) + RECORD_FRAMING_BYTES_MAX;
    if (bounded && bytes > GROUP_RECORD_BYTES_MAX) {
      const what = record.key.t === 'member' ? `member ${quoted(record.key.m)}` : record.key.t === 'offset' ? `offset of ${quoted(record.key.topic)}/${record.key.p}` : 'group';
      throw new CairnError('GROUP_RECORD_TOO_LARGE', `group ${quoted(record.key.g)}: the ${what} would take ${bytes} bytes; at most ${GROUP_RECORD_BYTES_MAX} are allowed`);
    }
    if (pending.length > 0 && pendingBytes + bytes > GROUP_BATCH_BYTES_TARGET) {
      batches.push(encodeBatch(pending));
      pending = [];
      pendingBytes = 0;
    }
    pending.push({ ...encoded, timestamp });
    pendingBytes += bytes;
  }
  if (pending.length > 0) batches.push(encodeBatch(pending));
  return batches;
}

export interface ShardDeps {
  readonly term: Term;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
  /** The log start and high watermark once the term's leader is ready: the range holding every group's state. */
  readonly loadFrom: bigint;
  readonly loadUpTo: bigint;
  readonly counts: PartitionCounts;
  readonly topics: TopicDirectory;
  /** The term in which this node leads the partition now; undefined when it does not lead it. */
  readonly leaderTerm: () => Term | undefined;
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
  /**
   * Resolves when everything appended so far is committed, and rejects if
   * any of it failed: reads and answers wait on it, so they never pass off
   * state that was not written as committed.
   */
  private tail: Promise<void> = Promise.resolve();
  private bytesSinceCheckpoint = 0;
  private lastCheckpointMs: number;
  private sweeping = false;
  /** The topic directory's version when the sweep last looked for offsets of deleted topics. */
  private tidiedAtVersion: number | undefined;
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

  /** Whether this node still leads the partition in the shard's term: only then may the shard write. */
  leads(): boolean {
    return this.deps.leaderTerm() === this.deps.term;
  }

  /**
   * Runs `op` on a copy of the group (created empty if unknown) and writes
   * what it changed; resolves with its result once that and everything
   * before it is committed. If `op` throws, or its records exceed the
   * bounds, the group stays as it was.
   */
  async run<T>(groupId: string, op: (group: ConsumerGroup) => T): Promise<T> {
    await this.loaded;
    this.checkAlive();
    const current = this.groups.get(groupId);
    const group = current?.copy() ?? new ConsumerGroup(groupId);
    const result = op(group);
    const records = group.drain();
    if (current === undefined && !group.isEmpty && this.groups.size >= GROUPS_PER_SHARD_MAX) {
      throw new CairnError('TOO_MANY_GROUPS', `this coordinator holds ${this.groups.size} groups, the most one offsets partition may; delete unused groups`);
    }
    if (group.isEmpty && current !== undefined) records.push({ key: { t: 'group', g: groupId }, value: null });
    const batches = packRecords(records, BigInt(this.deps.nowMs()), true);
    if (batches.length > 0) this.append(batches);
    if (!group.isEmpty) this.groups.set(groupId, group);
    else {
      this.groups.delete(groupId);
      // A group deleted here (by its admin, or its last member leaving with no offsets) may have been seen empty by a sweep.
      this.emptySinceMs.delete(groupId);
    }
    await this.tail;
    return result;
  }

  /** Reads state that is committed: waits for writes in flight first. */
  async read<T>(op: (groups: ReadonlyMap<string, ConsumerGroup>) => T): Promise<T> {
    await this.loaded;
    this.checkAlive();
    await this.tail;
    this.checkAlive();
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
    // Topics are deleted only by metadata changes: the offsets need a look only after one.
    const version = this.deps.topics.version();
    const tidy = version !== this.tidiedAtVersion;
    this.tidiedAtVersion = version;
    for (const [id, group] of this.groups) {
      group.expireSessions(now);
      if (tidy) group.tidyOffsets(this.deps.topics);
      if (this.offsetsExpired(group, now)) group.delete();
      records.push(...group.drain());
      if (group.isEmpty) {
        this.groups.delete(id);
        this.emptySinceMs.delete(id);
      }
    }
    if (records.length > 0) await this.append(packRecords(records, BigInt(now), false));
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
        const { topic: _topic, partition: _partition, ...value } = o;
        records.push({ key: { t: 'offset', g: group.groupId, topic: o.topic, p: o.partition }, value });
      }
    }
    const startedMs = this.deps.nowMs();
    await this.append(packRecords(records, BigInt(startedMs), false));
    // Only a checkpoint that was written replaces what came before it.
    this.lastCheckpointMs = startedMs;
    this.bytesSinceCheckpoint = 0;
  }

  /**
   * Appends the batches in order, if this node still leads the partition in
   * the shard's term. Any failure ends the shard: what it holds in memory is
   * then ahead of the log.
   */
  private append(batches: readonly Uint8Array[]): Promise<void> {
    let written: Promise<void>;
    if (!this.leads()) {
      this.failed = true;
      written = Promise.reject(new CairnError('NOT_COORDINATOR', 'the coordinator no longer leads its offsets partition in its term; the group is reloading'));
    } else {
      for (const batch of batches) this.bytesSinceCheckpoint += batch.byteLength;
      written = Promise.all(batches.map((batch) => this.deps.frontend.append(batch))).then(
        () => undefined,
        (error: unknown) => {
          this.failed = true;
          throw new CairnError('NOT_COORDINATOR', 'the coordinator lost its partition while writing; the group is reloading', { cause: error });
        },
      );
    }
    this.tail = Promise.all([this.tail, written]).then(() => undefined);
    // Callers await `written` or the tail; this keeps a failure nobody awaits yet from counting as unhandled.
    this.tail.catch(() => undefined);
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
