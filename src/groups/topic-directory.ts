/**
 * The topics a coordinator checks commits against and keys committed
 * offsets by. A topic deleted and created again under the same name gets a
 * new id, so an offset committed with the old id belongs to a topic that no
 * longer exists: it is hidden at once and dropped by the next sweep, as
 * Kafka drops a deleted topic's offsets. Without this, a group would resume
 * the new topic at its predecessor's offset and skip records.
 */
import { topicIdIndex } from '../metadata/ids.js';
import type { MetadataImage } from '../metadata/image.js';

export interface TopicView {
  readonly id: string;
  readonly partitions: number;
}

export interface TopicDirectory {
  /** The topic of that name in this node's image, or undefined. */
  topic(name: string): TopicView | undefined;
  /**
   * Whether this node's image has applied the creation of the topic with
   * this id: only then does its absence mean it was deleted rather than
   * that the image is behind.
   */
  created(topicId: string): boolean;
  /** Changes whenever a topic may have been created or deleted: until it does, offsets need no new look. */
  version(): number;
}

export function imageTopicDirectory(image: () => MetadataImage): TopicDirectory {
  return {
    topic: (name) => {
      const topic = image().topics.get(name);
      return topic === undefined ? undefined : { id: topic.id, partitions: topic.partitions.length };
    },
    created: (topicId) => {
      const index = topicIdIndex(topicId);
      return index !== undefined && index <= image().version;
    },
    version: () => image().version,
  };
}

/**
 * Where a committed offset's topic stands: `current` (the topic it was
 * committed to exists), `gone` (deleted, perhaps replaced by a namesake), or
 * `unknown` (created after what this node's image has applied).
 *
 * An offset without a topic id was committed before offsets carried one: it
 * is taken to belong to the topic of its name, if there is one.
 */
export function offsetTopicState(topics: TopicDirectory, topic: string, topicId: string | undefined): 'current' | 'gone' | 'unknown' {
  const now = topics.topic(topic);
  if (topicId === undefined) return now === undefined ? 'gone' : 'current';
  if (now?.id === topicId) return 'current';
  return topics.created(topicId) ? 'gone' : 'unknown';
}
