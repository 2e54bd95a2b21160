/**
 * Which node leads each partition: the cluster metadata, corrected between
 * refreshes by the leader hints of NOT_LEADER answers. A leader that calls
 * could not reach is gone around for a while: its partitions are tried at
 * another replica, which leads by then or names who does, rather than
 * waiting for the metadata to catch up with the election. Lookups are
 * synchronous so the producer's and consumer's loops never wait on them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MetadataResponse__Output } from '../gen/cairn/v1/MetadataResponse.js';
import { backoffDelayMs } from './backoff.js';
import type { ClusterClient } from './cluster-client.js';
import { settleBy } from './deadline.js';
import { CairnError } from './errors.js';
import type { RetryOptions } from './options.js';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A map key for a partition; NUL cannot occur in a topic name. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** `orders-3`, as Kafka tools print partitions. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Errors after which a partition's leader may have moved: worth a metadata refresh. */
export function leaderMayHaveMoved(error: CairnError): boolean {
  return error.code === 'NOT_LEADER' || error.code === 'UNKNOWN_TOPIC_OR_PARTITION' || error.code === 'UNAVAILABLE' || error.code === 'REQUEST_TIMED_OUT';
}

/** How long a node that could not be reached is gone around. */
export const UNREACHABLE_FOR_MS = 5_000;

/** Errors by which a call did not reach its node, or the node did not answer. */
export function nodeUnreachable(error: CairnError): boolean {
  return error.code === 'UNAVAILABLE' || error.code === 'REQUEST_TIMED_OUT';
}

export class PartitionLeaders {
  readonly #client: ClusterClient;
  readonly #retry: RetryOptions;
  /** Topic → leader node id of each partition, 0 while it has none. */
  #leaders = new Map<string, readonly number[]>();
  /** Topic → replica node ids of each partition. */
  #replicas = new Map<string, readonly (readonly number[])[]>();
  /** Node id → when a call last could not reach it. */
  readonly #unreachableAt = new Map<number, number>();
  readonly #hints = new Map<string, number>();
  #applied: MetadataResponse__Output | undefined;
  readonly #listeners = new Set<(error: CairnError | undefined) => void>();
  #refreshing = false;
  #refreshWanted = false;
  /** Refreshes each requested during the pause after the one before. */
  #refreshesInARow = 0;

  constructor(client: ClusterClient, retry: RetryOptions) {
    this.#client = client;
    this.#retry = retry;
  }

  /** Undefined for a topic the metadata does not know (yet). */
  partitionsCount(topic: string): number | undefined {
    return this.#leaders.get(topic)?.length;
  }

  /**
   * Where to send the partition's requests: its leader as hinted or in the
   * metadata, or, while that leader is unreachable, the first of its other
   * replicas that is not. Undefined while the partition is unknown or has
   * no leader.
   */
  leaderOf(topic: string, partition: number, nowMs = Date.now()): number | undefined {
    const hinted = this.#hints.get(partitionKey(topic, partition));
    // A hint naming a node that could not be reached is stale (a follower that has not heard of the election yet).
    if (hinted !== undefined && !this.#isUnreachable(hinted, nowMs)) return hinted;
    const leader = this.#leaders.get(topic)?.[partition] ?? 0;
    if (leader === 0) return undefined;
    if (!this.#isUnreachable(leader, nowMs)) return leader;
    const replicas = this.#replicas.get(topic)?.[partition] ?? [];
    return replicas.find((id) => id !== leader && !this.#isUnreachable(id, nowMs)) ?? leader;
  }

  /** The partition's replicas in the metadata; empty while it is unknown. */
  replicasOf(topic: string, partition: number): readonly number[] {
    return this.#replicas.get(topic)?.[partition] ?? [];
  }

  /** A call to the node failed without an answer from it (see nodeUnreachable). */
  unreachable(nodeId: number, nowMs = Date.now()): void {
    this.#unreachableAt.set(nodeId, nowMs);
  }

  #isUnreachable(nodeId: number, nowMs: number): boolean {
    const at = this.#unreachableAt.get(nodeId);
    if (at === undefined) return false;
    if (nowMs - at < UNREACHABLE_FOR_MS) return true;
    this.#unreachableAt.delete(nodeId);
    return false;
  }

  /** Trusts a NOT_LEADER hint until the next refresh. */
  follow(topic: string, partition: number, nodeId: number): void {
    this.#hints.set(partitionKey(topic, partition), nodeId);
  }

  /** Loads metadata if none is cached; rejects with a CairnError. */
  async load(): Promise<void> {
    this.#apply(await this.#client.metadata());
  }

  /** Fetches fresh metadata; concurrent refreshes share one request. Rejects with a CairnError. */
  async refresh(): Promise<void> {
    this.#apply(await this.#client.metadata({ refresh: true }));
  }

  /** Called after each refresh that requestRefresh() started, with its error if it failed. */
  onRefresh(listener: (error: CairnError | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A refresh for error paths, never waited on: one at a time, with a pause
   * after each; a request during the pause runs after it. The pause grows
   * with backoff while requests keep coming (a partition that stays without
   * a leader, a deleted topic still being sent to), so failing partitions
   * cannot flood the cluster, and is short again after a quiet pause.
   */
  requestRefresh(): void {
    if (this.#refreshing) {
      this.#refreshWanted = true;
      return;
    }
    this.#refreshing = true;
    this.refresh().then(
      () => this.#notify(undefined),
      (error: CairnError) => this.#notify(error),
    );
  }

  /**
   * The topic's partition count. A topic missing from the metadata may be
   * moments old: refresh with backoff until `deadlineMs` (a Date.now()
   * time), then fail with UNKNOWN_TOPIC_OR_PARTITION; metadata that does
   * not come by then fails with its last error, or REQUEST_TIMED_OUT.
   * Rejects only with a CairnError.
   */
  async partitionsCountOf(topic: string, deadlineMs: number): Promise<number> {
    const waitMs = Math.max(0, deadlineMs - Date.now());
    await settleBy(this.load(), deadlineMs, () => new CairnError('REQUEST_TIMED_OUT', `no cluster metadata within maxBlockMs (${waitMs} ms were left)`));
    const unknown = (): CairnError => new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${JSON.stringify(topic)} is not in the cluster metadata (waited ${waitMs} ms)`);
    for (let attempt = 0; ; attempt++) {
      const count = this.partitionsCount(topic);
      if (count !== undefined) return count;
      const delayMs = backoffDelayMs(attempt, this.#retry);
      if (Date.now() + delayMs > deadlineMs) throw unknown();
      await sleep(delayMs);
      await settleBy(this.refresh(), deadlineMs, unknown);
    }
  }

  #notify(error: CairnError | undefined): void {
    for (const listener of this.#listeners) listener(error);
    setTimeout(() => {
      this.#refreshing = false;
      if (!this.#refreshWanted) {
        this.#refreshesInARow = 0;
        return;
      }
      this.#refreshWanted = false;
      this.#refreshesInARow++;
      this.requestRefresh();
    }, backoffDelayMs(this.#refreshesInARow, this.#retry)).unref();
  }

  #apply(metadata: MetadataResponse__Output): void {
    // The cached metadata again: hints learnt since are newer than it.
    if (metadata === this.#applied) return;
    this.#applied = metadata;
    const leaders = new Map<string, number[]>();
    const replicas = new Map<string, (readonly number[])[]>();
    for (const topic of metadata.topics) {
      const byPartition = new Array<number>(topic.partitions.length).fill(0);
      const replicasByPartition = new Array<readonly number[]>(topic.partitions.length).fill([]);
      for (const info of topic.partitions) {
        byPartition[info.partition] = info.leader;
        replicasByPartition[info.partition] = info.replicas;
      }
      leaders.set(topic.name, byPartition);
      replicas.set(topic.name, replicasByPartition);
    }
    this.#leaders = leaders;
    this.#replicas = replicas;
    this.#hints.clear();
  }
}
