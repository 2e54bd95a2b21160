/**
 * The Cairn SDK. Usable without the server code: it imports only the
 * records codec, the generated protocol types and its own files.
 *
 * ```ts
 * await using cairn = new Cairn({ brokers: ['127.0.0.1:7070'] });
 * await cairn.admin().createTopic({ name: 'orders', partitions: 3, replicationFactor: 3 });
 * const producer = cairn.producer();
 * await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: 'created' }] });
 * ```
 */
import { Admin } from './admin.js';
import { ClusterClient } from './cluster-client.js';
import { Consumer } from './consumer/consumer.js';
import type { ConsumerOptions } from './consumer/options.js';
import { CairnError } from './errors.js';
import { resolveClientOptions } from './options.js';
import type { CairnOptions, ResolvedClientOptions } from './options.js';
import { PartitionLeaders } from './partition-leaders.js';
import type { ProducerOptions } from './producer/options.js';
import { Producer } from './producer/producer.js';

export class Cairn implements AsyncDisposable {
  readonly options: ResolvedClientOptions;
  readonly #client: ClusterClient;
  readonly #leaders: PartitionLeaders;
  readonly #admin: Admin;
  /** Open producers and consumers, closed with the client. */
  readonly #children = new Set<Producer | Consumer>();
  #closed = false;

  /** Validates the options at once; connects lazily, on the first call. */
  constructor(options: CairnOptions) {
    this.options = resolveClientOptions(options);
    this.#client = new ClusterClient(this.options);
    this.#leaders = new PartitionLeaders(this.#client, this.options.retry);
    this.#admin = new Admin({ client: this.#client, leaders: this.#leaders, retry: this.options.retry });
  }

  admin(): Admin {
    return this.#admin;
  }

  /** A producer sharing this client's connections and metadata; validates its options at once. Throws CLIENT_CLOSED once the client is closed. */
  producer(options?: ProducerOptions): Producer {
    this.#checkOpen();
    return this.#adopt(new Producer(this.#client, this.#leaders, this.options, options));
  }

  /** A consumer sharing this client's connections and metadata; validates its options at once. Throws CLIENT_CLOSED once the client is closed. */
  consumer(options?: ConsumerOptions): Consumer {
    this.#checkOpen();
    return this.#adopt(new Consumer(this.#client, this.#leaders, this.options, options));
  }

  /**
   * Closes producers (each flushes first, bounded by its deliveryTimeoutMs)
   * and consumers, then every connection; calls still in flight fail with
   * CLIENT_CLOSED.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#children].map((child) => child.close()));
    await this.#client.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new CairnError('CLIENT_CLOSED', 'the Cairn client is closed');
  }

  #adopt<T extends Producer | Consumer>(child: T): T {
    this.#children.add(child);
    void child.closed.then(() => this.#children.delete(child));
    return child;
  }
}

export { Admin } from './admin.js';
export type { CreatePartitionsOptions, CreateTopicOptions } from './admin.js';
export type { AlterTopicConfigsOptions, TopicConfigEntry, TopicConfigSource } from './topic-configs.js';
export { Consumer } from './consumer/consumer.js';
export type { SeekPosition } from './consumer/consumer.js';
export type { Message, MessageBatch, MessageHeader } from './consumer/messages.js';
export type { AutoOffsetReset, ConsumerOptions, ResolvedConsumerOptions } from './consumer/options.js';
export { CairnError, ERROR_CODES } from './errors.js';
export { CLIENT_CHANNELS } from './instrumentation.js';
export type {
  BatchAcknowledgedEvent,
  BatchSentEvent,
  CairnLogger,
  CommitEvent,
  GroupAssignmentEvent,
  GroupMemberEvent,
  GroupRebalanceEvent,
  MetadataEvent,
  RequestEndEvent,
  RequestStartEvent,
  RetryEvent,
} from './instrumentation.js';
export type { GroupCommittedOffset, GroupDescription, GroupListing, GroupMemberDescription, GroupPartitionOffset, GroupsAdmin, ResetTarget } from './groups-admin.js';
export type { CairnErrorOptions, ErrorCode, ErrorSpec } from './errors.js';
export type { OffsetQuery, OffsetSpec, PartitionOffset } from './list-offsets.js';
export type { DeletedRecords, DeleteRecordsRequest } from './delete-records.js';
export type { CairnOptions, ResolvedClientOptions, RetryOptions, TlsFiles } from './options.js';
export type { TopicPartition } from './partition-leaders.js';
export type { Bytes, MessageHeader as ProducerMessageHeader, ProducerMessage, ProducerRecord } from './producer/messages.js';
export { murmur2, murmur2Partition } from '../protocol/murmur2.js';
export type { PartitionerArgs, PartitionerFunction, ProducerOptions, ResolvedProducerOptions } from './producer/options.js';
export { Producer } from './producer/producer.js';
export type { DeliveryReport } from './producer/producer-batch.js';
export type { ClusterDescription, NodeDescription, PartitionDescription, TopicDescription } from './types.js';
export type { MovePartitionOptions, NodeState, PartitionMoveDescription } from './partition-moves.js';
export type { Acl, AclFilter, AclOperation, AclPermission, PatternType, ResourceType, SecurityAdmin, UserListing } from './security-admin.js';
export type { ClientCredentials } from './session.js';
