import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterClient, COORDINATORS_CACHED_MAX } from '../../../src/client/cluster-client.js';
import { resolveClientOptions } from '../../../src/client/options.js';
import { groupsService } from '../../../src/protocol/proto.js';
import { FakeCluster } from './fake-cluster.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A one-node cluster whose Groups service coordinates every group on node 1, counting FindCoordinator calls per group. */
async function coordinatingCluster(): Promise<{ cluster: FakeCluster; lookups: Map<string, number> }> {
  const lookups = new Map<string, number>();
  const cluster = await FakeCluster.start(1, undefined, (node) => [
    [
      groupsService(),
      {
        FindCoordinator: (call: ServerUnaryCall<{ groupId: string }, unknown>, callback: sendUnaryData<unknown>) => {
          lookups.set(call.request.groupId, (lookups.get(call.request.groupId) ?? 0) + 1);
          callback(null, { nodeId: node.nodeId, address: node.address });
        },
        DescribeGroup: (call: ServerUnaryCall<{ groupId: string }, unknown>, callback: sendUnaryData<unknown>) => callback(null, { groupId: call.request.groupId }),
      } as UntypedServiceImplementation,
    ],
  ]);
  cleanups.push(() => cluster.close());
  return { cluster, lookups };
}

describe('ClusterClient group coordinators', () => {
  it(`remembers at most ${COORDINATORS_CACHED_MAX} coordinators, forgetting the one learnt longest ago, which is then looked up again`, async () => {
    const { cluster, lookups } = await coordinatingCluster();
    const client = new ClusterClient(resolveClientOptions({ brokers: [cluster.node(1).address], requestTimeoutMs: 5_000 }));
    cleanups.push(() => client.close());
    const describe = (groupId: string) => client.call('DescribeGroup', { groupId }, { to: { coordinatorOf: groupId } });

    const groups = Array.from({ length: COORDINATORS_CACHED_MAX + 1 }, (_, i) => `g${i}`);
    for (let start = 0; start < groups.length; start += 50) await Promise.all(groups.slice(start, start + 50).map(describe));
    expect([...lookups.values()].every((count) => count === 1)).toBe(true);

    // g0 was learnt first and is forgotten; the newest and a middle one are still known.
    await describe('g0');
    await describe(`g${COORDINATORS_CACHED_MAX}`);
    await describe('g500');
    expect([lookups.get('g0'), lookups.get(`g${COORDINATORS_CACHED_MAX}`), lookups.get('g500')]).toEqual([2, 1, 1]);
  });
});
