/**
 * Routes a group to its coordinator: the leader of partition
 * murmur2(groupId) mod N of the offsets topic. On that node it keeps one
 * shard per led offsets partition, made when first needed and dropped when
 * the leadership (or its term) ends; a new leader rebuilds from the log.
 */
import { CairnError } from '../protocol/errors.js';
import { murmur2Partition } from '../protocol/murmur2.js';
import type { Logger } from '../observability/logger.js';
import type { PartitionFrontend } from '../partition/partition-frontend.js';
import type { PartitionReader } from '../partition/partition-reader.js';
import type { PartitionStm } from '../partition/partition-stm.js';
import type { RawNode, Term } from '../raft/index.js';
import { Role } from '../raft/index.js';
import type { PartitionCounts } from './assignors.js';
import type { ConsumerGroup } from './consumer-group.js';
import { CoordinatorShard } from './coordinator-shard.js';
import { checkGroupId } from './limits.js';
import type { TopicDirectory } from './topic-directory.js';

export const OFFSETS_TOPIC = '__consumer_offsets';
export const OFFSETS_TOPIC_PARTITIONS = 16;
/** The offsets topic keeps a week or 64 MiB per partition; checkpoints keep every live value inside that. */
export const OFFSETS_TOPIC_CONFIGS = { 'retention.ms': String(7 * 24 * 3_600_000), 'retention.bytes': String(64 * 1024 * 1024) };
const SWEEP_INTERVAL_MS = 250;
/** Longest wait before rebuilding a shard that failed while this node still leads its partition. */
const REBUILD_BACKOFF_MS_MAX = 30_000;
/** How long a group without members keeps its offsets (Kafka's offsets.retention.minutes default). */
export const OFFSETS_RETENTION_MS = 7 * 24 * 3_600_000;

export interface LedPartition {
  readonly group: { readonly raw: RawNode };
  readonly stm: PartitionStm;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
}

export interface GroupCoordinatorDeps {
  /** Partitions of the offsets topic, or undefined before the controller has created it. */
  readonly offsetsPartitions: () => number | undefined;
  /** The partition if this node leads it; otherwise throws NOT_LEADER with the leader's id and address when known. */
  readonly leaderOfPartition: (topic: string, partition: number) => LedPartition;
  readonly counts: PartitionCounts;
  readonly topics: TopicDirectory;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

export class GroupCoordinator {
  private readonly shards = new Map<number, CoordinatorShard>();
  private readonly timer: NodeJS.Timeout;
  /**
   * Offsets partitions whose shard failed (a write, a checkpoint) while this
   * node still leads them, with when to rebuild. Rebuilding from the log
   * retries the failed checkpoint without waiting for a request to the group.
   */
  private readonly rebuilds = new Map<number, { atMs: number; attempts: number }>();
  /** A group was asked for before the offsets topic existed; the node's reports ask the controller to create it. */
  wantsOffsetsTopic = false;

  constructor(private readonly deps: GroupCoordinatorDeps) {
    this.timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  get counts(): PartitionCounts {
    return this.deps.counts;
  }

  partitionFor(groupId: string): number {
    checkGroupId(groupId);
    const count = this.deps.offsetsPartitions();
    if (count === undefined) {
      this.wantsOffsetsTopic = true;
      throw new CairnError('COORDINATOR_NOT_AVAILABLE', 'the offsets topic is being created: groups are set up on first use');
    }
    return murmur2Partition(new TextEncoder().encode(groupId), count);
  }

  /** Where the group's coordinator is: NOT_LEADER's hint turned into an answer, or COORDINATOR_NOT_AVAILABLE. */
  locate(groupId: string): { nodeId: number; address: string } | 'here' {
    try {
      this.deps.leaderOfPartition(OFFSETS_TOPIC, this.partitionFor(groupId));
      return 'here';
    } catch (error) {
      if (error instanceof CairnError && error.code === 'NOT_LEADER' && error.leaderHint !== undefined && error.leaderAddress !== undefined) {
        return { nodeId: error.leaderHint, address: error.leaderAddress };
      }
      if (error instanceof CairnError && error.code === 'NOT_LEADER') throw new CairnError('COORDINATOR_NOT_AVAILABLE', 'the group\'s offsets partition has no leader yet');
      throw error;
    }
  }

  /** Runs a change on the group at its coordinator (see CoordinatorShard.run). */
  async run<T>(groupId: string, op: (group: ConsumerGroup, counts: PartitionCounts, topics: TopicDirectory) => T): Promise<T> {
    return (await this.shardFor(groupId)).run(groupId, (group) => op(group, this.deps.counts, this.deps.topics));
  }

  async read<T>(groupId: string, op: (group: ConsumerGroup | undefined, counts: PartitionCounts, topics: TopicDirectory) => T): Promise<T> {
    return (await this.shardFor(groupId)).read((groups) => op(groups.get(groupId), this.deps.counts, this.deps.topics));
  }

  /** The groups of every shard this node leads. */
  async localGroups(): Promise<ConsumerGroup[]> {
    const count = this.deps.offsetsPartitions() ?? 0;
    const out: ConsumerGroup[] = [];
    for (let p = 0; p < count; p++) {
      const shard = await this.shardOf(p).catch(() => undefined);
      if (shard !== undefined) out.push(...(await shard.read((groups) => [...groups.values()]).catch(() => [])));
    }
    return out;
  }

  close(): void {
    clearInterval(this.timer);
    this.shards.clear();
  }

  private shardFor(groupId: string): Promise<CoordinatorShard> {
    return this.shardOf(this.partitionFor(groupId)).catch((error: unknown) => {
      if (error instanceof CairnError && error.code === 'NOT_LEADER') {
        throw new CairnError('NOT_COORDINATOR', `this node does not coordinate group "${groupId}"`, {
          ...(error.leaderHint !== undefined && { leaderHint: error.leaderHint }),
          ...(error.leaderAddress !== undefined && { leaderAddress: error.leaderAddress }),
        });
      }
      throw error;
    });
  }

  private async shardOf(partition: number): Promise<CoordinatorShard> {
    const led = this.deps.leaderOfPartition(OFFSETS_TOPIC, partition);
    const { term } = led.group.raw.basicStatus();
    let shard = this.shards.get(partition);
    if (shard === undefined || shard.failed || shard.term !== term) {
      if (led.stm.readyTerm !== term) throw new CairnError('COORDINATOR_LOAD_IN_PROGRESS', 'the new coordinator is catching up with its log');
      shard = new CoordinatorShard({
        term,
        frontend: led.frontend,
        reader: led.reader,
        loadFrom: led.stm.logStartOffset,
        loadUpTo: led.stm.highWatermark,
        counts: this.deps.counts,
        topics: this.deps.topics,
        leaderTerm: () => this.leaderTerm(partition, led.frontend),
        nowMs: this.deps.nowMs,
        checkpointBytes: Number(OFFSETS_TOPIC_CONFIGS['retention.bytes']) / 4,
        checkpointMs: Number(OFFSETS_TOPIC_CONFIGS['retention.ms']) / 4,
        offsetsRetentionMs: OFFSETS_RETENTION_MS,
      });
      this.shards.set(partition, shard);
    }
    await shard.loaded;
    return shard;
  }

  /** The term in which this node leads the partition through `frontend`; undefined when it does not (or through another replica object). */
  private leaderTerm(partition: number, frontend: PartitionFrontend): Term | undefined {
    try {
      const led = this.deps.leaderOfPartition(OFFSETS_TOPIC, partition);
      const status = led.group.raw.basicStatus();
      return led.frontend === frontend && status.role === Role.Leader ? status.term : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Ends shards whose leadership ended; lets the live ones expire sessions
   * and checkpoint; rebuilds, after a backoff, those that failed while this
   * node still leads their partition.
   */
  private sweep(): void {
    const now = this.deps.nowMs();
    for (const [partition, shard] of this.shards) {
      const leads = shard.leads();
      if (!leads || shard.failed) {
        shard.failed = true;
        this.shards.delete(partition);
        if (leads) this.scheduleRebuild(partition, now);
        continue;
      }
      shard.sweep().then(
        () => this.rebuilds.delete(partition),
        (error: unknown) => this.deps.logger.warn({ err: error, partition }, 'group coordinator: expiry or checkpoint not written; the shard reloads from its log and retries'),
      );
    }
    for (const [partition, rebuild] of this.rebuilds) {
      if (rebuild.atMs > now || this.shards.has(partition)) continue;
      this.shardOf(partition).catch((error: unknown) => {
        if (error instanceof CairnError && error.code === 'NOT_LEADER') this.rebuilds.delete(partition);
        else this.scheduleRebuild(partition, now);
      });
    }
  }

  private scheduleRebuild(partition: number, nowMs: number): void {
    const attempts = (this.rebuilds.get(partition)?.attempts ?? 0) + 1;
    this.rebuilds.set(partition, { atMs: nowMs + Math.min(REBUILD_BACKOFF_MS_MAX, SWEEP_INTERVAL_MS * 2 ** attempts), attempts });
  }
}
