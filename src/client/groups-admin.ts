/**
 * Consumer-group administration: list, describe (with lag per partition),
 * delete, and reset offsets. Groups live on their coordinators, so a listing
 * asks every node and merges.
 */
import type { DescribeGroupResponse__Output } from '../gen/cairn/v1/DescribeGroupResponse.js';
import type { ClusterClient } from './cluster-client.js';
import { CairnError } from './errors.js';
import { listOffsets } from './list-offsets.js';
import type { OffsetLookupContext, OffsetSpec } from './list-offsets.js';
import type { TopicPartition } from './partition-leaders.js';
import { checkTopicPartition, flattenTopicPartitions, groupByTopic } from './topic-partitions.js';

export interface GroupListing {
  readonly groupId: string;
  /** 'empty' (offsets, no members), 'reconciling' or 'stable'. */
  readonly state: string;
  readonly members: number;
  readonly coordinator: number;
}

export interface GroupMemberDescription {
  readonly memberId: string;
  readonly groupInstanceId: string | undefined;
  readonly memberEpoch: number;
  readonly subscribedTopics: readonly string[];
  readonly assignment: readonly TopicPartition[];
  /** Revoked and not yet released by the member. */
  readonly revoking: readonly TopicPartition[];
}

export interface GroupPartitionOffset extends TopicPartition {
  /** Undefined when the group has committed nothing for the partition. */
  readonly committed: bigint | undefined;
  readonly highWatermark: bigint;
  /** Records after the committed offset (all of them when nothing is committed). */
  readonly lag: bigint;
  /** The member that owns the partition now, if any. */
  readonly memberId: string | undefined;
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignor: string;
  readonly coordinator: number;
  readonly members: readonly GroupMemberDescription[];
  readonly offsets: readonly GroupPartitionOffset[];
}

/** A group's committed position on one partition (Kafka's OffsetFetch). */
export interface GroupCommittedOffset extends TopicPartition {
  /** The next offset the group will read; undefined when it has committed nothing for the partition. */
  readonly offset: bigint | undefined;
  /** What the committer attached to the offset ('' for none). */
  readonly metadata: string;
  /** When the offset was committed (ms since the epoch); undefined with no offset. */
  readonly commitTimestampMs: number | undefined;
}

/**
 * Where reset-offsets moves a group: the log start, the end, an exact offset,
 * or the first record whose timestamp is at or after a point in time (the end
 * when no record is that late).
 */
export type ResetTarget = 'earliest' | 'latest' | { readonly offset: bigint | number } | { readonly timestamp: number | Date };

const byPartition = (a: TopicPartition, b: TopicPartition): number => a.topic.localeCompare(b.topic) || a.partition - b.partition;

export class GroupsAdmin {
  readonly #client: ClusterClient;

  constructor(private readonly offsets: OffsetLookupContext) {
    this.#client = offsets.client;
  }

  async listGroups(): Promise<GroupListing[]> {
    const metadata = await this.#client.metadata({ refresh: true });
    const answers = await Promise.all(metadata.brokers.map((b) => this.#client.call('ListGroups', {}, { to: b.nodeId }).catch(() => ({ groups: [] }))));
    const groups = new Map<string, GroupListing>();
    for (const answer of answers) for (const g of answer.groups) groups.set(g.groupId, { ...g });
    return [...groups.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const group = await this.#client.call('DescribeGroup', { groupId }, { to: { coordinatorOf: groupId } });
    return this.#withLag(group);
  }

  /**
   * The group's committed offsets: on these partitions (those without a
   * commit have `offset` undefined), or, by default, on every partition it
   * has committed. Works whether or not the group has members.
   */
  async fetchOffsets(groupId: string, partitions?: readonly TopicPartition[]): Promise<GroupCommittedOffset[]> {
    if (typeof groupId !== 'string' || groupId === '') throw new CairnError('INVALID_REQUEST', 'fetchOffsets(): groupId must be a non-empty string');
    if (partitions !== undefined && !Array.isArray(partitions)) throw new CairnError('INVALID_REQUEST', 'fetchOffsets(): partitions must be an array');
    partitions?.forEach((p, i) => checkTopicPartition(p, `fetchOffsets(): partitions[${i}]`));
    const request = { groupId, partitions: groupByTopic(partitions ?? []) };
    const response = await this.#client.call('FetchOffsets', request, { to: { coordinatorOf: groupId } });
    return response.offsets
      .map((o) => {
        const committed = o.offset !== '-1';
        return {
          topic: o.topic,
          partition: o.partition,
          offset: committed ? BigInt(o.offset) : undefined,
          metadata: o.metadata,
          commitTimestampMs: committed ? Number(o.commitTimestampMs) : undefined,
        };
      })
      .sort(byPartition);
  }

  /** Forgets a group's offsets; refused (GROUP_NOT_EMPTY) while it has members. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.#client.call('DeleteGroup', { groupId }, { to: { coordinatorOf: groupId } });
  }

  /**
   * Moves the group's committed offsets on these partitions (default: every
   * partition of the topic). Refused (GROUP_NOT_EMPTY) while the group has
   * members: stop its consumers first.
   */
  async resetOffsets(groupId: string, topic: string, to: ResetTarget, partitions?: readonly number[]): Promise<{ topic: string; partition: number; offset: bigint }[]> {
    const numbers = partitions ?? (await this.#client.metadata({ refresh: true })).topics.find((t) => t.name === topic)?.partitions.map((p) => p.partition);
    if (numbers === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic "${topic}"`);
    let offsets: { topic: string; partition: number; offset: bigint }[];
    if (to === 'earliest' || to === 'latest') {
      offsets = await listOffsets(this.offsets, numbers.map((partition) => ({ topic, partition, spec: to as OffsetSpec })));
    } else if (typeof to === 'object' && to !== null && 'timestamp' in to) {
      const ms = to.timestamp instanceof Date ? to.timestamp.getTime() : to.timestamp;
      if (!Number.isSafeInteger(ms) || ms < 0) {
        throw new CairnError('INVALID_REQUEST', 'resetOffsets(): timestamp must be milliseconds since the epoch (a non-negative integer) or a valid Date');
      }
      offsets = await listOffsets(this.offsets, numbers.map((partition) => ({ topic, partition, spec: { timestamp: ms } })));
    } else if (typeof to !== 'object' || to === null || !('offset' in to)) {
      throw new CairnError('INVALID_REQUEST', "resetOffsets(): expected 'earliest', 'latest', { offset } or { timestamp }");
    } else {
      if (!((typeof to.offset === 'bigint' && to.offset >= 0n) || (typeof to.offset === 'number' && Number.isSafeInteger(to.offset) && to.offset >= 0))) {
        throw new CairnError('INVALID_REQUEST', 'resetOffsets(): offset must be a non-negative integer');
      }
      offsets = numbers.map((partition) => ({ topic, partition, offset: BigInt(to.offset) }));
    }
    const request = { groupId, memberId: '', memberEpoch: -1, offsets: offsets.map((o) => ({ ...o, offset: o.offset.toString(), metadata: '' })) };
    await this.#client.call('CommitOffsets', request, { to: { coordinatorOf: groupId } });
    return offsets;
  }

  async #withLag(group: DescribeGroupResponse__Output): Promise<GroupDescription> {
    const owner = new Map<string, string>();
    for (const m of group.members) for (const p of flattenTopicPartitions(m.assignment)) owner.set(`${p.topic}/${p.partition}`, m.memberId);
    const committed = new Map(group.offsets.map((o) => [`${o.topic}/${o.partition}`, BigInt(o.offset)]));
    const partitions = new Map<string, TopicPartition>();
    for (const o of group.offsets) partitions.set(`${o.topic}/${o.partition}`, { topic: o.topic, partition: o.partition });
    for (const m of group.members) for (const p of flattenTopicPartitions(m.assignment)) partitions.set(`${p.topic}/${p.partition}`, p);
    const sorted = [...partitions.values()].sort(byPartition);
    const ends = await listOffsets(this.offsets, sorted.map((p) => ({ ...p, spec: 'latest' as const })));
    return {
      groupId: group.groupId,
      state: group.state,
      groupEpoch: group.groupEpoch,
      assignor: group.assignor,
      coordinator: group.coordinator,
      members: group.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId === '' ? undefined : m.groupInstanceId,
        memberEpoch: m.memberEpoch,
        subscribedTopics: m.subscribedTopics,
        assignment: flattenTopicPartitions(m.assignment),
        revoking: flattenTopicPartitions(m.revoking),
      })),
      offsets: sorted.map((p, i) => {
        const key = `${p.topic}/${p.partition}`;
        const highWatermark = ends[i]!.offset;
        const done = committed.get(key);
        const lag = highWatermark - (done ?? 0n);
        return { ...p, committed: done, highWatermark, lag: lag > 0n ? lag : 0n, memberId: owner.get(key) };
      }),
    };
  }
}
