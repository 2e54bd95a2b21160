/**
 * The Cluster service's partition moves and decommissions over a metadata
 * log applied in memory: requests become commands through the proposer,
 * refusals arrive as typed errors with nothing proposed, and a
 * decommissioned node leaves the brokers clients are given.
 */
import type { sendUnaryData, ServerUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { MetadataCommand } from '../../../src/metadata/index.js';
import type { LogIndex, NodeId } from '../../../src/raft/types.js';
import { MetadataStm } from '../../../src/metadata/index.js';
import { clusterServiceHandlers, metadataCairnError } from '../../../src/server/cluster-service.js';
import type { ClusterView } from '../../../src/server/cluster-view.js';
import { Log, topicCommand } from '../metadata/helpers.js';

function setup(live: readonly number[] = [1, 2, 3, 4], controllerId = 1) {
  const log = Log.withNodes(4);
  log.ok(topicCommand('orders', [[1, 2, 3]]));
  const proposed: MetadataCommand[] = [];
  const handlers: Record<string, UntypedHandleCall> = clusterServiceHandlers({
    image: () => log.image,
    view: { groupStatuses: () => new Map(), liveness: () => ({ live: new Set(live as NodeId[]), nodes: new Map() }) } as unknown as ClusterView,
    controllerId: () => controllerId as NodeId,
    isController: () => true,
    propose: (command) => {
      proposed.push(command);
      log.index += 1;
      const { image, result } = MetadataStm.apply(log.image, command, log.index as LogIndex);
      log.image = image;
      return result.ok ? Promise.resolve(log.index) : Promise.reject(metadataCairnError(result.error));
    },
    metadataVoters: () => new Set([1, 2, 3] as NodeId[]),
    defaultReplicationFactor: () => 3,
    defaultPartitions: 1,
    nodeTopicDefaults: {},
  });
  const call = <Res>(method: string, request: object): Promise<Res> =>
    new Promise<Res>((resolve, reject) => {
      const handler = handlers[method] as (call: ServerUnaryCall<object, Res>, callback: sendUnaryData<Res>) => void;
      handler({ request } as ServerUnaryCall<object, Res>, (error, response) => (error ? reject(error) : resolve(response as Res)));
    });
  return { log, proposed, call };
}

const codeOf = async (call: Promise<unknown>): Promise<unknown> => {
  const error = await call.then(() => undefined, (e: unknown) => e);
  return (error as { metadata: { get(key: string): unknown[] } }).metadata.get('cairn-error-code')[0];
};

describe('partition move RPCs', () => {
  it('records a move as one move-partition command, and answers moving false for the replicas the partition has', async () => {
    const env = setup();
    expect(await env.call('MovePartition', { topic: 'orders', partition: 0, replicas: [4, 1, 2] })).toEqual({ moving: true });
    expect(env.log.image.topics.get('orders')!.partitions[0]!.target).toEqual([4, 1, 2]);
    const other = setup();
    expect(await other.call('MovePartition', { topic: 'orders', partition: 0, replicas: [1, 2, 3] })).toEqual({ moving: false });
    expect(other.proposed).toEqual([]);
  });

  it('refuses bad moves with typed errors and proposes nothing', async () => {
    const env = setup([1, 2, 3]);
    const move = (replicas: number[], partition = 0) => env.call('MovePartition', { topic: 'orders', partition, replicas });
    expect(await codeOf(move([1, 2]))).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(await codeOf(move([1, 2, 2]))).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(await codeOf(move([1, 2, 9]))).toBe('UNKNOWN_NODE');
    expect(await codeOf(move([1, 2, 4]))).toBe('NODE_NOT_AVAILABLE');
    expect(await codeOf(move([1, 2, 3], 7))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await codeOf(env.call('DecommissionNode', { nodeId: 0 }))).toBe('UNKNOWN_NODE');
    // Node 4 is dead: three live active nodes would leave two for replication factor 3.
    expect(await codeOf(env.call('DecommissionNode', { nodeId: 3 }))).toBe('NOT_ENOUGH_NODES');
    expect(env.proposed).toEqual([]);
  });

  it('refuses a second move of a moving partition', async () => {
    const env = setup();
    await env.call('MovePartition', { topic: 'orders', partition: 0, replicas: [4, 1, 2] });
    expect(await codeOf(env.call('MovePartition', { topic: 'orders', partition: 0, replicas: [1, 2, 4] }))).toBe('REASSIGNMENT_IN_PROGRESS');
  });

  it('shows node states, and leaves a decommissioned node out of the brokers unless it leads the metadata group', async () => {
    const env = setup();
    await env.call('DecommissionNode', { nodeId: 4 });
    env.log.ok({ type: 'finish-decommission', node: 4 as NodeId });
    const cluster = await env.call<{ nodes: { nodeId: number; state: string }[] }>('DescribeCluster', {});
    expect(cluster.nodes.map((n) => [n.nodeId, n.state])).toEqual([[1, 'active'], [2, 'active'], [3, 'active'], [4, 'decommissioned']]);
    const metadata = await env.call<{ brokers: { nodeId: number }[] }>('Metadata', { topics: [] });
    expect(metadata.brokers.map((b) => b.nodeId)).toEqual([1, 2, 3]);

    const leading = setup([1, 2, 3, 4], 4);
    await leading.call('DecommissionNode', { nodeId: 4 });
    leading.log.ok({ type: 'finish-decommission', node: 4 as NodeId });
    expect((await leading.call<{ brokers: { nodeId: number }[] }>('Metadata', { topics: [] })).brokers.map((b) => b.nodeId)).toEqual([1, 2, 3, 4]);
  });

  it('cancels a decommission with recommission', async () => {
    const env = setup();
    await env.call('DecommissionNode', { nodeId: 2 });
    await env.call('RecommissionNode', { nodeId: 2 });
    expect(env.proposed.map((c) => c.type)).toEqual(['decommission-node', 'recommission-node']);
    expect(env.log.image.decommissions?.has(2 as NodeId)).toBe(false);
  });
});
