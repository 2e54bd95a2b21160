/**
 * Topic and cluster administration. Changes and topic reads go to the
 * controller, so a describe after a create sees the topic; offsets come from
 * each partition's leader.
 */
import type { TopicInfo__Output } from '../gen/cairn/v1/TopicInfo.js';
import type { ClusterClient } from './cluster-client.js';
import { deleteRecords } from './delete-records.js';
import type { DeletedRecords, DeleteRecordsRequest } from './delete-records.js';
import { CairnError } from './errors.js';
import type { ErrorCode } from './errors.js';
import { GroupsAdmin } from './groups-admin.js';
import { listOffsets } from './list-offsets.js';
import { SecurityAdmin } from './security-admin.js';
import { checkedNodeId, moveRequest, toPartitionMove } from './partition-moves.js';
import type { MovePartitionOptions, PartitionMoveDescription } from './partition-moves.js';
import { alterTopicConfigsRequest, toTopicConfigEntry } from './topic-configs.js';
import type { AlterTopicConfigsOptions, TopicConfigEntry } from './topic-configs.js';
import type { OffsetLookupContext, OffsetQuery, PartitionOffset } from './list-offsets.js';
import { toClusterDescription, toTopicDescription } from './types.js';
import type { ClusterDescription, TopicDescription } from './types.js';

export interface CreateTopicOptions {
  readonly name: string;
  /** Omitted: the server's default. */
  readonly partitions?: number;
  /** Omitted: the server's default. */
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface CreatePartitionsOptions {
  readonly name: string;
  /** The partition count after the call; it can only grow. */
  readonly totalPartitions: number;
}

/** The wire carries uint32, where 0 means "server default" and a negative number would wrap around. */
function count(value: number | undefined, field: string, code: ErrorCode): number {
  if (value === undefined) return 0;
  if (Number.isSafeInteger(value) && value > 0 && value <= 0xffff_ffff) return value;
  throw new CairnError(code, `${field} must be a positive integer, got ${value}`);
}

function topicOf(response: { readonly topic: TopicInfo__Output | null }, method: string): TopicDescription {
  if (response.topic === null) throw new CairnError('INTERNAL', `${method}: the server answered without a topic`);
  return toTopicDescription(response.topic);
}

export class Admin {
  readonly #client: ClusterClient;
  readonly #offsets: OffsetLookupContext;
  #groups: GroupsAdmin | undefined;

  /** Use `cairn.admin()`. */
  constructor(offsets: OffsetLookupContext) {
    this.#client = offsets.client;
    this.#offsets = offsets;
  }

  async createTopic(options: CreateTopicOptions): Promise<TopicDescription> {
    const request = {
      name: options.name,
      partitions: count(options.partitions, 'partitions', 'INVALID_PARTITIONS'),
      replicationFactor: count(options.replicationFactor, 'replicationFactor', 'INVALID_REPLICATION_FACTOR'),
      configs: { ...options.configs },
    };
    return topicOf(await this.#client.call('CreateTopic', request, { to: 'controller' }), 'CreateTopic');
  }

  async deleteTopic(name: string): Promise<void> {
    await this.#client.call('DeleteTopic', { name }, { to: 'controller' });
  }

  async listTopics(): Promise<TopicDescription[]> {
    const response = await this.#client.call('ListTopics', {}, { to: 'controller' });
    return response.topics.map(toTopicDescription).sort((a, b) => a.name.localeCompare(b.name));
  }

  async describeTopic(name: string): Promise<TopicDescription> {
    return topicOf(await this.#client.call('DescribeTopic', { name }, { to: 'controller' }), 'DescribeTopic');
  }

  async createPartitions(options: CreatePartitionsOptions): Promise<TopicDescription> {
    const request = { name: options.name, totalPartitions: count(options.totalPartitions, 'totalPartitions', 'INVALID_PARTITIONS') };
    return topicOf(await this.#client.call('CreatePartitions', request, { to: 'controller' }), 'CreatePartitions');
  }

  /** Every config key of the topic, in key order, with its effective value and its source (topic, node or default). */
  async describeTopicConfigs(name: string): Promise<TopicConfigEntry[]> {
    const response = await this.#client.call('DescribeTopicConfigs', { name }, { to: 'controller' });
    return response.configs.map(toTopicConfigEntry);
  }

  /**
   * Sets some config keys of a topic and returns others to their defaults,
   * through the controller; keys not named keep their values. Resolves once
   * the change is applied, with the topic's configs as describeTopicConfigs
   * gives them. An unknown key or a value out of its range refuses the whole
   * change with INVALID_CONFIG, naming the key and what it accepts.
   */
  async alterTopicConfigs(options: AlterTopicConfigsOptions): Promise<TopicConfigEntry[]> {
    const response = await this.#client.call('AlterTopicConfigs', alterTopicConfigsRequest(options), { to: 'controller' });
    return response.configs.map(toTopicConfigEntry);
  }

  /**
   * Moves a partition to `replicas`, one replica at a time, never below its
   * replication factor; resolves once the move is recorded, with false when
   * the partition already had exactly these replicas. Follow it with
   * listPartitionMoves().
   */
  async movePartition(options: MovePartitionOptions): Promise<boolean> {
    const response = await this.#client.call('MovePartition', moveRequest(options), { to: 'controller' });
    return response.moving;
  }

  /** Partitions whose replicas are changing (operator moves, decommissions, repairs), with their phase. */
  async listPartitionMoves(): Promise<PartitionMoveDescription[]> {
    const response = await this.#client.call('ListPartitionMoves', {}, { to: 'controller' });
    return response.moves.map(toPartitionMove);
  }

  /** Starts moving every leadership and replica off the node; describeCluster() shows its state. */
  async decommissionNode(nodeId: number): Promise<void> {
    await this.#client.call('DecommissionNode', { nodeId: checkedNodeId(nodeId) }, { to: 'controller' });
  }

  /** Cancels a decommission: the node takes replicas and leaderships again. */
  async recommissionNode(nodeId: number): Promise<void> {
    await this.#client.call('RecommissionNode', { nodeId: checkedNodeId(nodeId) }, { to: 'controller' });
  }

  async describeCluster(): Promise<ClusterDescription> {
    return toClusterDescription(await this.#client.call('DescribeCluster', {}, { to: 'controller' }));
  }

  /**
   * Offsets of partitions, asked of their leaders: `'earliest'` (the log
   * start), `'latest'` (the high watermark: the next offset to be written),
   * or `{ timestamp }` (the first record at or after it, in ms). Results come
   * in the order asked.
   */
  listOffsets(queries: readonly OffsetQuery[]): Promise<PartitionOffset[]> {
    return listOffsets(this.#offsets, queries);
  }

  /**
   * Deletes the records before `offset` in each partition (Kafka's
   * DeleteRecords; kafkajs's `deleteTopicRecords`): its log start moves
   * there on every replica, reads and fetches below it are refused with
   * OFFSET_OUT_OF_RANGE, and whole segments below it are removed from disk.
   * Resolves with each partition's low watermark (log start) after the call,
   * in the order asked; an offset at or below it changes nothing. An offset
   * beyond the high watermark is OFFSET_OUT_OF_RANGE. Needs delete on the topic.
   */
  deleteRecords(requests: readonly DeleteRecordsRequest[]): Promise<DeletedRecords[]> {
    return deleteRecords(this.#offsets, requests);
  }

  /** Consumer groups: list, describe with lag, delete, reset offsets. */
  groups(): GroupsAdmin {
    return (this.#groups ??= new GroupsAdmin(this.#offsets));
  }

  /** Users, ACLs and token-key rotation. */
  security(): SecurityAdmin {
    return new SecurityAdmin(this.#client);
  }
}
