/**
 * Finds a partition leader that stopped answering (paused, hung, cut off)
 * in about an election's time rather than a request timeout. A request
 * unanswered for `suspectAfterMs` makes the watch ask the partition's other
 * replicas who leads now (ListOffsets: a follower refuses it at once,
 * naming the leader its Raft state knows). They learn of an election the
 * moment it ends, long before the request times out or the metadata
 * catches up. If another node leads, the silent node is gone around for
 * every partition (PartitionLeaders.unreachable), the partition follows the
 * new leader, and the request's owner abandons it and retries there.
 * A healthy leader that is merely slow costs a few ListOffsets, nothing more.
 */
import type { ClusterClient } from './cluster-client.js';
import { CairnError } from './errors.js';
import { partitionKey, partitionName } from './partition-leaders.js';
import type { PartitionLeaders, TopicPartition } from './partition-leaders.js';

/** Far above a healthy answer (milliseconds), about an election (0.5 to 1 s with default ticks). */
export const SUSPECT_AFTER_MS = 1_000;

export class StalledLeaderWatch {
  readonly #client: ClusterClient;
  readonly #leaders: PartitionLeaders;
  readonly #probeTimeoutMs: number;
  /** Node and partition → the probe asking about them, shared by the requests that wait on it. */
  readonly #probes = new Map<string, Promise<number | undefined>>();

  constructor(client: ClusterClient, leaders: PartitionLeaders, probeTimeoutMs: number) {
    this.#client = client;
    this.#leaders = leaders;
    this.#probeTimeoutMs = probeTimeoutMs;
  }

  /**
   * Watches a request to `nodeId` about `partition`, expected to be answered
   * within `graceMs`; calls `onMoved` with a REQUEST_TIMED_OUT error if
   * another node leads the partition by then. Returns the function that
   * stops watching (call it when the request is answered or failed).
   */
  watch(nodeId: number, partition: TopicPartition, graceMs: number, onMoved: (error: CairnError) => void): () => void {
    const startedMs = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const check = (): void => {
      void this.#probe(nodeId, partition).then((leader) => {
        if (stopped) return;
        if (leader === undefined) {
          timer = setTimeout(check, SUSPECT_AFTER_MS);
          return;
        }
        stopped = true;
        this.#leaders.unreachable(nodeId);
        this.#leaders.follow(partition.topic, partition.partition, leader);
        const name = partitionName(partition.topic, partition.partition);
        onMoved(new CairnError('REQUEST_TIMED_OUT', `node ${nodeId} left a request unanswered for ${Date.now() - startedMs} ms, and node ${leader} leads ${name} now`));
      });
    };
    timer = setTimeout(check, graceMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /** Another node that leads the partition, as its other replicas see it; undefined if none says so. */
  #probe(nodeId: number, partition: TopicPartition): Promise<number | undefined> {
    const key = `${nodeId}\u0000${partitionKey(partition.topic, partition.partition)}`;
    let probe = this.#probes.get(key);
    if (probe === undefined) {
      probe = this.#askReplicas(nodeId, partition).finally(() => this.#probes.delete(key));
      this.#probes.set(key, probe);
    }
    return probe;
  }

  async #askReplicas(nodeId: number, { topic, partition }: TopicPartition): Promise<number | undefined> {
    const others = this.#leaders.replicasOf(topic, partition).filter((id) => id !== nodeId);
    const answers = await Promise.all(
      others.map(async (replica) => {
        const response = await this.#client
          .call('ListOffsets', { partitions: [{ topic, partition, spec: 'LATEST' }] }, { to: replica, retry: false, timeoutMs: this.#probeTimeoutMs })
          .catch(() => undefined); // a replica that cannot say is no evidence either way
        const result = response?.results[0];
        if (result === undefined) return undefined;
        if (result.errorCode === '') return replica; // it leads
        return result.errorCode === 'NOT_LEADER' && result.leaderHint > 0 && result.leaderHint !== nodeId ? result.leaderHint : undefined;
      }),
    );
    return answers.find((leader) => leader !== undefined);
  }
}
