import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from '../../../src/groups/consumer-group.js';
import type { HeartbeatInput } from '../../../src/groups/consumer-group.js';
import { PARTITIONS_MAX } from '../../../src/metadata/limits.js';
import {
  checkGroupId,
  checkPartitionCount,
  COMMITTED_OFFSET_MAX,
  GROUP_ID_BYTES_MAX,
  MEMBERS_PER_GROUP_MAX,
  OFFSET_METADATA_BYTES_MAX,
  parseCommittedOffset,
  SUBSCRIBED_TOPICS_MAX,
} from '../../../src/groups/limits.js';
import { EMPTY } from '../../../src/groups/partitions.js';
import type { TopicDirectory } from '../../../src/groups/topic-directory.js';

const topics: TopicDirectory = { topic: (name) => (name === 'orders' ? { id: 't1', partitions: 4 } : undefined), created: (id) => id === 't1', version: () => 1 };
const counts = (topic: string): number | undefined => topics.topic(topic)?.partitions;
const join: HeartbeatInput = { memberId: '', memberEpoch: 0, instanceId: '', subscribed: ['orders'], assignor: '', sessionTimeoutMs: 10_000, owned: EMPTY };

function ids(): () => string {
  let next = 0;
  return () => `m${++next}`;
}

const code = (code: string) => expect.objectContaining({ code });

describe('group limits', () => {
  it('refuses an admin commit for a topic or partition that does not exist, and stores nothing', () => {
    const group = new ConsumerGroup('g');
    const commit = (topic: string, partition: number) => () => group.commit('', -1, [{ topic, partition, offset: 1n, metadata: '' }], 0, topics);
    expect(commit('no-such-topic', 7)).toThrowError(code('UNKNOWN_TOPIC_OR_PARTITION'));
    expect(commit('orders', 2 ** 32 - 1)).toThrowError(code('UNKNOWN_TOPIC_OR_PARTITION'));
    expect(commit('orders', 4)).toThrowError(code('UNKNOWN_TOPIC_OR_PARTITION'));
    expect(commit('ord\u0000ers', 0)).toThrowError(code('UNKNOWN_TOPIC_OR_PARTITION'));
    expect(group.isEmpty).toBe(true);
    expect(group.drain()).toEqual([]);
  });

  it('refuses a whole commit when one of its offsets is refused', () => {
    const group = new ConsumerGroup('g');
    const offsets = [
      { topic: 'orders', partition: 0, offset: 5n, metadata: '' },
      { topic: 'orders', partition: 9, offset: 5n, metadata: '' },
    ];
    expect(() => group.commit('', -1, offsets, 0, topics)).toThrowError(code('UNKNOWN_TOPIC_OR_PARTITION'));
    expect(group.offsets.size).toBe(0);
  });

  it('accepts committed offsets from 0 to 2^63-1 and refuses the wire text of anything else with a typed error', () => {
    expect(parseCommittedOffset('0', 'o')).toBe(0n);
    expect(parseCommittedOffset(String(COMMITTED_OFFSET_MAX), 'o')).toBe(COMMITTED_OFFSET_MAX);
    expect(() => parseCommittedOffset(String(COMMITTED_OFFSET_MAX + 1n), 'o')).toThrowError(code('OFFSET_OUT_OF_RANGE'));
    expect(() => parseCommittedOffset('18446744073709551615', 'o')).toThrowError(code('OFFSET_OUT_OF_RANGE'));
    for (const text of ['-1', '1.5', 'abc', '', '1e3', '123456789012345678901234']) expect(() => parseCommittedOffset(text, 'o')).toThrowError(code('INVALID_REQUEST'));
    const group = new ConsumerGroup('g');
    expect(() => group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 1n << 64n, metadata: '' }], 0, topics)).toThrowError(code('OFFSET_OUT_OF_RANGE'));
    group.commit('', -1, [{ topic: 'orders', partition: 0, offset: COMMITTED_OFFSET_MAX, metadata: '' }], 0, topics);
    expect(group.offsets.get('orders\u00000')?.offset).toBe(String(COMMITTED_OFFSET_MAX));
  });

  it('refuses offset metadata over its bound with OFFSET_METADATA_TOO_LARGE, and takes metadata at the bound', () => {
    const group = new ConsumerGroup('g');
    const commit = (metadata: string) => () => group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 1n, metadata }], 0, topics);
    expect(commit('é'.repeat(OFFSET_METADATA_BYTES_MAX / 2 + 1))).toThrowError(code('OFFSET_METADATA_TOO_LARGE'));
    commit('x'.repeat(OFFSET_METADATA_BYTES_MAX))();
    expect(group.offsets.size).toBe(1);
  });

  it('refuses group, member and instance ids that are too long or hold a NUL, without echoing them whole', () => {
    const long = 'g'.repeat(100_000);
    expect(() => checkGroupId('x'.repeat(GROUP_ID_BYTES_MAX))).not.toThrow();
    expect(() => checkGroupId('x'.repeat(GROUP_ID_BYTES_MAX + 1))).toThrowError(code('INVALID_REQUEST'));
    expect(() => checkGroupId('a\u0000b')).toThrowError(code('INVALID_REQUEST'));
    expect(() => checkGroupId('')).toThrowError(code('INVALID_REQUEST'));
    try {
      checkGroupId(long);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
    const group = new ConsumerGroup('g');
    expect(() => group.heartbeat({ ...join, memberId: long }, 0, counts, ids())).toThrowError(code('INVALID_REQUEST'));
    expect(() => group.heartbeat({ ...join, instanceId: 'i\u0000' }, 0, counts, ids())).toThrowError(code('INVALID_REQUEST'));
    expect(() => group.commit(long, 1, [], 0, topics)).toThrowError(code('INVALID_REQUEST'));
    expect(group.members.size).toBe(0);
  });

  it('refuses a request naming more partitions than a cluster can have', () => {
    expect(() => checkPartitionCount(PARTITIONS_MAX, 'owned')).not.toThrow();
    expect(() => checkPartitionCount(PARTITIONS_MAX + 1, 'owned')).toThrowError(code('INVALID_REQUEST'));
  });

  it('refuses a subscription to more topics than a member may have, or to a topic name no topic can have', () => {
    const group = new ConsumerGroup('g');
    const many = Array.from({ length: SUBSCRIBED_TOPICS_MAX + 1 }, (_, i) => `t${i}`);
    expect(() => group.heartbeat({ ...join, subscribed: many }, 0, counts, ids())).toThrowError(code('INVALID_REQUEST'));
    expect(() => group.heartbeat({ ...join, subscribed: ['x'.repeat(250)] }, 0, counts, ids())).toThrowError(code('INVALID_REQUEST'));
    expect(group.heartbeat({ ...join, subscribed: many.slice(1) }, 0, counts, ids()).memberId).toBe('m1');
  });

  it('does not let a join with a live member\'s id evict that member: the joiner gets an id of its own', () => {
    const group = new ConsumerGroup('g');
    const newId = ids();
    const victim = group.heartbeat(join, 0, counts, newId);
    const settled = group.heartbeat({ ...join, memberId: victim.memberId, memberEpoch: victim.memberEpoch }, 1, counts, newId);
    expect(settled.assignment).toEqual({ orders: [0, 1, 2, 3] });

    const intruder = group.heartbeat({ ...join, memberId: victim.memberId }, 2, counts, newId);
    expect(intruder.memberId).not.toBe(victim.memberId);
    expect(group.members.get(victim.memberId)).toMatchObject({ assigned: { orders: [0, 1, 2, 3] } });
    // The victim carries on with its own epoch; it is not fenced.
    expect(() => group.heartbeat({ ...join, memberId: victim.memberId, memberEpoch: settled.memberEpoch, owned: settled.assignment }, 3, counts, newId)).not.toThrow();
  });

  it('keeps a member\'s id when it joins again after its old self is gone', () => {
    const group = new ConsumerGroup('g');
    const first = group.heartbeat(join, 0, counts, ids());
    group.heartbeat({ ...join, memberId: first.memberId, memberEpoch: -1 }, 1, counts, ids());
    expect(group.heartbeat({ ...join, memberId: first.memberId }, 2, counts, () => 'other').memberId).toBe(first.memberId);
  });

  it('refuses a member beyond the group\'s bound with GROUP_MAX_SIZE_REACHED, and takes members back in once one leaves', () => {
    const group = new ConsumerGroup('g');
    const newId = ids();
    const quiet = { ...join, subscribed: [] };
    for (let i = 0; i < MEMBERS_PER_GROUP_MAX; i++) group.heartbeat(quiet, 0, counts, newId);
    expect(() => group.heartbeat(quiet, 0, counts, newId)).toThrowError(code('GROUP_MAX_SIZE_REACHED'));
    group.heartbeat({ ...quiet, memberId: 'm1', memberEpoch: -1 }, 0, counts, newId);
    expect(() => group.heartbeat(quiet, 0, counts, newId)).not.toThrow();
    expect(group.members.size).toBe(MEMBERS_PER_GROUP_MAX);
  });
});
