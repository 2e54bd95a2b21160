import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/client/cluster-client.js';
import { PartitionLeaders, UNREACHABLE_FOR_MS } from '../../../src/client/partition-leaders.js';
import type { MetadataResponse__Output } from '../../../src/gen/cairn/v1/MetadataResponse.js';

const RETRY = { retriesMax: 5, initialBackoffMs: 100, backoffMaxMs: 2_000 };

/** Two topics whose partition 0 node 1 leads, with replicas 1, 2, 3. */
function metadata(): MetadataResponse__Output {
  const partition = { partition: 0, leader: 1, replicas: [1, 2, 3], inSync: [1, 2, 3] };
  return {
    brokers: [1, 2, 3].map((nodeId) => ({ nodeId, address: `n${nodeId}:1`, rack: '', live: true })),
    controllerId: 1,
    topics: ['a', 'b'].map((name) => ({ name, partitions: [partition] })),
    clusterId: 'test',
  } as unknown as MetadataResponse__Output;
}

/** A client that answers every metadata call at once and counts them. */
function countingClient(): { client: ClusterClient; calls: () => number } {
  let calls = 0;
  const client = { metadata: () => Promise.resolve((calls++, metadata())) } as unknown as ClusterClient;
  return { client, calls: () => calls };
}

describe('PartitionLeaders', () => {
  it('goes around a node that could not be reached for every partition it leads, and ignores hints naming it meanwhile', async () => {
    const leaders = new PartitionLeaders(countingClient().client, RETRY);
    await leaders.load();
    const nowMs = Date.now();
    leaders.follow('a', 0, 1); // a replica that has not heard of the election yet names the old leader

    leaders.unreachable(1, nowMs);

    expect([leaders.leaderOf('a', 0, nowMs), leaders.leaderOf('b', 0, nowMs)]).toEqual([2, 2]);
    expect(leaders.leaderOf('b', 0, nowMs + UNREACHABLE_FOR_MS)).toBe(1);
  });

  it('backs its requested refreshes off while they keep being requested, instead of one per initialBackoffMs', async () => {
    const { client, calls } = countingClient();
    const leaders = new PartitionLeaders(client, RETRY);
    const startedMs = Date.now();
    // A partition without a leader asks for a refresh on every pass, for 1.5 s.
    while (Date.now() - startedMs < 1_500) {
      leaders.requestRefresh();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // A fixed 100 ms pause allows 15; pauses of 100, 200, 400, 800 ms (each between half and all of it) allow about 5.
    expect(calls()).toBeLessThanOrEqual(8);
    expect(calls()).toBeGreaterThanOrEqual(3);
  });
});
