/** The wire's `[{ topic, partitions: [...] }]` form of a partition list, and back. */
import type { TopicPartition } from './partition-leaders.js';

export const flattenTopicPartitions = (list: readonly { topic: string; partitions: readonly number[] }[]): TopicPartition[] =>
  list.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));

export function groupByTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic].map(([topic, list]) => ({ topic, partitions: list }));
}
