/** The wire's `[{ topic, partitions: [...] }]` form of a partition list, and back; and the check of one given by an application. */
import { CairnError } from './errors.js';
import type { TopicPartition } from './partition-leaders.js';

export function checkTopicPartition(value: TopicPartition, field: string): void {
  if (typeof value?.topic !== 'string' || value.topic === '' || !Number.isSafeInteger(value.partition) || value.partition < 0) {
    throw new CairnError('INVALID_REQUEST', `${field}: expected { topic: non-empty string, partition: non-negative integer }`);
  }
}

export const flattenTopicPartitions = (list: readonly { topic: string; partitions: readonly number[] }[]): TopicPartition[] =>
  list.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));

export function groupByTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic].map(([topic, list]) => ({ topic, partitions: list }));
}
