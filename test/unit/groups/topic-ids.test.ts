import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from '../../../src/groups/consumer-group.js';
import type { TopicDirectory, TopicView } from '../../../src/groups/topic-directory.js';
import { imageTopicDirectory, offsetTopicState } from '../../../src/groups/topic-directory.js';
import { emptyImage, topicIdAt, topicIdIndex } from '../../../src/metadata/index.js';
import type { MetadataImage, TopicRecord } from '../../../src/metadata/index.js';
import type { LogIndex } from '../../../src/raft/index.js';

/** A directory whose topics and applied metadata version the test moves along. */
class Topics implements TopicDirectory {
  readonly byName = new Map<string, TopicView>();
  applied = 0;

  create(name: string, index: number, partitions = 4): void {
    this.byName.set(name, { id: topicIdAt(index as LogIndex), partitions });
    this.applied = Math.max(this.applied, index);
  }

  delete(name: string, index: number): void {
    this.byName.delete(name);
    this.applied = Math.max(this.applied, index);
  }

  topic(name: string): TopicView | undefined {
    return this.byName.get(name);
  }

  created(topicId: string): boolean {
    const index = topicIdIndex(topicId);
    return index !== undefined && index <= this.applied;
  }

  version(): number {
    return this.applied;
  }
}

const committedOffsets = (group: ConsumerGroup, topics: TopicDirectory) => group.liveOffsets(topics).map((o) => [o.topic, o.partition, o.offset]);

describe('committed offsets keyed by topic id', () => {
  it('does not let a topic created again under the same name inherit its predecessor\'s offsets, and drops them', () => {
    const topics = new Topics();
    topics.create('orders', 5);
    const group = new ConsumerGroup('g');
    group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 200n, metadata: '' }], 0, topics);
    group.drain();
    expect(committedOffsets(group, topics)).toEqual([['orders', 0, '200']]);

    topics.delete('orders', 7);
    topics.create('orders', 9);
    expect(committedOffsets(group, topics)).toEqual([]);

    group.tidyOffsets(topics);
    expect(group.offsets.size).toBe(0);
    expect(group.drain()).toEqual([{ key: { t: 'offset', g: 'g', topic: 'orders', p: 0 }, value: null }]);
    // The new topic's own commits are kept.
    group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 3n, metadata: '' }], 0, topics);
    group.tidyOffsets(topics);
    expect(committedOffsets(group, topics)).toEqual([['orders', 0, '3']]);
  });

  it('drops a deleted topic\'s offsets and keeps those of topics it has not yet heard of', () => {
    const topics = new Topics();
    topics.create('orders', 5);
    topics.create('audit', 6);
    const group = new ConsumerGroup('g');
    group.commit('', -1, [{ topic: 'orders', partition: 1, offset: 10n, metadata: '' }, { topic: 'audit', partition: 0, offset: 4n, metadata: '' }], 0, topics);
    topics.delete('orders', 8);
    // A node whose image is behind (at version 5) has not applied the creation of 'audit' (t6): its offset must survive there.
    const behind: TopicDirectory = { topic: (name) => (name === 'orders' ? { id: 't5', partitions: 4 } : undefined), created: (id) => (topicIdIndex(id) ?? Infinity) <= 5, version: () => 5 };
    expect(offsetTopicState(behind, 'audit', 't6')).toBe('unknown');
    group.tidyOffsets(topics);
    expect(committedOffsets(group, topics)).toEqual([['audit', 0, '4']]);
    const stillBehind = group.copy();
    stillBehind.tidyOffsets(behind);
    expect([...stillBehind.offsets.keys()]).toEqual(['audit\u00000']);
  });

  it('gives offsets written before offsets carried a topic id the id of their topic, or drops them when it is gone', () => {
    const topics = new Topics();
    topics.create('orders', 5);
    const group = new ConsumerGroup('g');
    for (const topic of ['orders', 'gone']) group.replay({ key: { t: 'offset', g: 'g', topic, p: 0 }, value: { offset: '42', metadata: '', commitMs: 1 } });
    group.tidyOffsets(topics);
    expect(group.drain()).toEqual([
      { key: { t: 'offset', g: 'g', topic: 'orders', p: 0 }, value: { offset: '42', metadata: '', commitMs: 1, topicId: 't5' } },
      { key: { t: 'offset', g: 'g', topic: 'gone', p: 0 }, value: null },
    ]);
    topics.delete('orders', 6);
    topics.create('orders', 7);
    expect(committedOffsets(group, topics)).toEqual([]);
  });

  it('reads topic ids and the applied version from the metadata image', () => {
    const topic: TopicRecord = { name: 'orders', id: topicIdAt(12 as LogIndex), internal: false, replicationFactor: 1, configs: {}, partitions: [] };
    let image: MetadataImage = { ...emptyImage('c'), version: 12 as LogIndex, topics: new Map([['orders', topic]]) };
    const directory = imageTopicDirectory(() => image);
    expect(directory.topic('orders')).toEqual({ id: 't12', partitions: 0 });
    expect(directory.topic('other')).toBeUndefined();
    expect([directory.created('t12'), directory.created('t13'), directory.created('x12'), directory.created('t012')]).toEqual([true, false, false, false]);
    image = { ...image, version: 13 as LogIndex };
    expect(directory.created('t13')).toBe(true);
  });
});
