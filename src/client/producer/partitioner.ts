/**
 * Chooses a record's partition. Keyed records: murmur2 of the key, as
 * Kafka's default partitioner. Records without a key stick to one partition
 * per topic until a batch of that partition is sealed (Kafka's KIP-480), so
 * they fill batches instead of spreading one record per partition.
 */
import { CairnError } from '../errors.js';
import { murmur2Partition } from '../../protocol/murmur2.js';
import type { PartitionerFunction } from './options.js';

export class Partitioner {
  readonly #custom: PartitionerFunction | undefined;
  readonly #random: () => number;
  /** Topic → the partition keyless records go to. */
  readonly #sticky = new Map<string, number>();

  constructor(option: 'murmur2' | PartitionerFunction, random: () => number = Math.random) {
    this.#custom = option === 'murmur2' ? undefined : option;
    this.#random = random;
  }

  partition(topic: string, key: Uint8Array | null, partitionsCount: number): number {
    if (this.#custom !== undefined) {
      const chosen = this.#custom({ topic, key, partitionsCount });
      if (!Number.isInteger(chosen) || chosen < 0 || chosen >= partitionsCount) {
        throw new CairnError('INVALID_CONFIG', `producer options: partitioner returned ${chosen} for a topic of ${partitionsCount} partitions`);
      }
      return chosen;
    }
    if (key !== null) return murmur2Partition(key, partitionsCount);
    const sticky = this.#sticky.get(topic);
    if (sticky !== undefined && sticky < partitionsCount) return sticky;
    return this.#stick(topic, partitionsCount, undefined);
  }

  /** A batch of `partition` was sealed: keyless records of its topic move on to another partition. */
  batchSealed(topic: string, partition: number, partitionsCount: number): void {
    if (this.#sticky.get(topic) === partition) this.#stick(topic, partitionsCount, partition);
  }

  #stick(topic: string, partitionsCount: number, previous: number | undefined): number {
    let next = Math.floor(this.#random() * partitionsCount);
    // Another partition than the one just filled, when there is one.
    if (next === previous && partitionsCount > 1) next = (next + 1 + Math.floor(this.#random() * (partitionsCount - 1))) % partitionsCount;
    this.#sticky.set(topic, next);
    return next;
  }
}
