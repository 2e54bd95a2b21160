/**
 * The partitions this node hosts, by topic and number, each with its state
 * machine, its produce frontend and its reader. The Data service resolves
 * every request through here.
 */
import { CairnError } from '../protocol/errors.js';
import type { RaftGroup } from '../host/raft-group.js';
import type { GroupId, MetadataImage, NodeTopicDefaults, TopicConfig, TopicConfigs } from '../metadata/index.js';
import { resolveTopicConfig } from '../metadata/index.js';
import { PartitionFrontend } from '../partition/partition-frontend.js';
import type { PartitionFrontendOptions, ProducePolicy } from '../partition/partition-frontend.js';
import type { LogReader } from '../partition/partition-reader.js';
import { PartitionReader } from '../partition/partition-reader.js';
import { PartitionStm } from '../partition/partition-stm.js';
import type { PartitionStmOptions } from '../partition/partition-stm.js';
import type { NodeId } from '../raft/index.js';
import { Role } from '../raft/index.js';
import { mayBeAllocatedProducerId } from './producer-ids.js';

export interface HostedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly group: RaftGroup;
  readonly stm: PartitionStm;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
}

/** What the partitions of one topic hosted here share. */
interface TopicWiring {
  /** How many are hosted: the wiring goes with the last. */
  hosted: number;
  readonly stm: PartitionStmOptions;
  readonly frontend: PartitionFrontendOptions;
}

/** The configs of a topic missing from the image (being deleted): every default. */
const NO_CONFIGS: TopicConfigs = Object.freeze({});

export class PartitionRegistry {
  private readonly byName = new Map<string, HostedPartition>();
  private readonly byGroup = new Map<GroupId, HostedPartition>();
  /** Per topic with a partition hosted here (or about to be): what its partitions share. */
  private readonly wirings = new Map<string, TopicWiring>();
  private readonly nowMs = (): number => Date.now();
  private readonly producerIdAllocated = (producerId: bigint): boolean => mayBeAllocatedProducerId(producerId, this.image().version);

  private readonly resolvedConfigs = new WeakMap<TopicConfigs, TopicConfig>();
  /** The same, with this node's own settings under the topic's overrides: what this node enforces as leader. */
  private readonly leaderConfigs = new WeakMap<TopicConfigs, TopicConfig>();
  /** This node's own values for topic configs (messageTimestamp, producerIdExpirationMs), as topic config text; describe reports them as source `node`. */
  readonly nodeTopicDefaults: NodeTopicDefaults;
  /** Those of them the state machine applies too: node settings every replica must share. */
  private readonly replicaTopicDefaults: NodeTopicDefaults;

  constructor(
    private readonly image: () => MetadataImage,
    private readonly log: LogReader,
    /** Who leads a group this node does not host, as far as this node knows. */
    private readonly leaderOf: (group: GroupId) => NodeId | undefined,
    /** This node's timestamp window for topics that set none (node config messageTimestamp); the topic defaults otherwise. */
    timestampDefaults?: { readonly beforeMaxMs: number; readonly afterMaxMs: number },
    /**
     * This node's producer.id.expiration.ms for topics that set none (node
     * config producerIdExpirationMs). Unlike the leader's limits, every
     * replica applies it: it is set alike on every node.
     */
    producerIdExpirationMs?: number,
  ) {
    this.replicaTopicDefaults = producerIdExpirationMs === undefined ? {} : { 'producer.id.expiration.ms': String(producerIdExpirationMs) };
    this.nodeTopicDefaults = {
      ...this.replicaTopicDefaults,
      ...(timestampDefaults !== undefined && {
        'message.timestamp.before.max.ms': String(timestampDefaults.beforeMaxMs),
        'message.timestamp.after.max.ms': String(timestampDefaults.afterMaxMs),
      }),
    };
  }

  /** A state machine for a partition about to be hosted; it reads the topic's config as it changes. */
  createStm(topic: string): PartitionStm {
    return new PartitionStm(this.wiring(topic).stm);
  }

  /**
   * The options the partitions of `topic` are made with: one set per topic,
   * not per partition, since a node may host thousands of partitions of a
   * topic and each set is a few closures.
   */
  private wiring(topic: string): TopicWiring {
    let wiring = this.wirings.get(topic);
    if (wiring === undefined) {
      wiring = {
        hosted: 0,
        stm: { config: () => this.config(topic) },
        frontend: { policy: () => this.producePolicy(topic), nowMs: this.nowMs, producerIdAllocated: this.producerIdAllocated },
      };
      this.wirings.set(topic, wiring);
    }
    return wiring;
  }

  /**
   * The topic's config, resolved once per stored configs object: it is read
   * on every apply and every produce, and the image replaces a topic's
   * configs object whenever they change, so the object identifies them.
   */
  private config(topic: string): TopicConfig {
    const configs = this.image().topics.get(topic)?.configs ?? NO_CONFIGS;
    let resolved = this.resolvedConfigs.get(configs);
    if (resolved === undefined) this.resolvedConfigs.set(configs, (resolved = resolveTopicConfig({ ...this.replicaTopicDefaults, ...configs })));
    return resolved;
  }

  /**
   * The topic's limits on a produced batch: its own settings where it has
   * them, this node's otherwise. Only the leader checks these, so a node's
   * settings may differ from another's; the state machine (config()) must
   * not see them, as every replica has to apply the log alike.
   */
  private producePolicy(topic: string): ProducePolicy {
    const configs = this.image().topics.get(topic)?.configs ?? NO_CONFIGS;
    let config = this.leaderConfigs.get(configs);
    if (config === undefined) this.leaderConfigs.set(configs, (config = resolveTopicConfig({ ...this.nodeTopicDefaults, ...configs })));
    return {
      batchBytesMax: config.maxMessageBytes,
      timestampBeforeMaxMs: config.messageTimestampBeforeMaxMs,
      timestampAfterMaxMs: config.messageTimestampAfterMaxMs,
    };
  }

  add(topic: string, partition: number, group: RaftGroup): void {
    const stm = group.stm as PartitionStm;
    const wiring = this.wiring(topic);
    const hosted: HostedPartition = {
      topic,
      partition,
      group,
      stm,
      frontend: new PartitionFrontend(group, stm, wiring.frontend),
      reader: new PartitionReader(this.log, group.id, stm),
    };
    wiring.hosted++;
    this.byName.set(key(topic, partition), hosted);
    this.byGroup.set(group.id, hosted);
    this.applyWriteCaching(group, topic);
  }

  /** The topic's write caching and its fsync bound, onto its group. */
  private applyWriteCaching(group: RaftGroup, topic: string): void {
    const config = this.config(topic);
    group.writeCaching = config.writeCaching;
    group.writeCachingFlushMs = config.writeCachingFlushMs;
  }

  remove(group: GroupId): void {
    const hosted = this.byGroup.get(group);
    if (hosted === undefined) return;
    this.byGroup.delete(group);
    const wiring = this.wirings.get(hosted.topic);
    if (wiring !== undefined && --wiring.hosted === 0) this.wirings.delete(hosted.topic);
    // A topic deleted and created again may be hosted anew before its predecessor's group retires: keep the new one.
    if (this.byName.get(key(hosted.topic, hosted.partition)) === hosted) this.byName.delete(key(hosted.topic, hosted.partition));
  }

  /** Every partition with a replica here, led or not (for metrics). */
  hosted(): IterableIterator<HostedPartition> {
    return this.byGroup.values();
  }

  /** The partition a group hosted here holds, if it is one. */
  ofGroup(group: GroupId): HostedPartition | undefined {
    return this.byGroup.get(group);
  }

  /** Topic configs may change: keep each group's write caching in line. */
  refreshConfigs(): void {
    for (const hosted of this.byGroup.values()) {
      if (this.image().topics.has(hosted.topic)) this.applyWriteCaching(hosted.group, hosted.topic);
    }
  }

  /** Waits, at most `waitMs`, for an election this node takes part in to settle (PartitionFrontend.untilElectionSettles). */
  async untilElectionSettles(topic: string, partition: number, waitMs: number): Promise<void> {
    await this.byName.get(key(topic, partition))?.frontend.untilElectionSettles(waitMs);
  }

  /**
   * leaderOfPartition(), for reads. A leader that has not yet applied its
   * term's first entry still has an older high watermark: a read there
   * would answer OFFSET_OUT_OF_RANGE for records that exist, and a consumer
   * would reset its position over it.
   */
  readyLeaderOfPartition(topic: string, partition: number): HostedPartition {
    const hosted = this.leaderOfPartition(topic, partition);
    if (hosted.stm.readyTerm !== hosted.group.raw.basicStatus().term) {
      throw new CairnError('NOT_LEADER', `this node's leadership of ${topic}/${partition} is still applying the log before it`);
    }
    return hosted;
  }

  /** The hosted partition if this node leads it; otherwise a typed error saying where to go. */
  leaderOfPartition(topic: string, partition: number): HostedPartition {
    const hosted = this.byName.get(key(topic, partition));
    // A partition whose log broke its invariants is stopped here, whatever its role was.
    if (hosted?.stm.failure !== undefined) throw hosted.stm.failure;
    if (hosted !== undefined && hosted.group.raw.basicStatus().role === Role.Leader) return hosted;
    const record = this.image().topics.get(topic)?.partitions[partition];
    if (record === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${topic}" has no partition ${partition}`);
    const hint = hosted?.group.raw.basicStatus().lead || this.leaderOf(record.group);
    const address = hint === undefined || hint === 0 ? undefined : this.image().nodes.get(hint)?.clientAddress;
    throw new CairnError('NOT_LEADER', `this node does not lead ${topic}/${partition}`, {
      ...(hint !== undefined && hint !== 0 && { leaderHint: hint }),
      ...(address !== undefined && { leaderAddress: address }),
    });
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
