/**
 * The Cluster service's DescribeTopicConfigs and AlterTopicConfigs over a
 * metadata log applied in memory: an alteration is a set-topic-config
 * command through the proposer, and the answer is the image after it.
 */
import type { sendUnaryData, ServerUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { MetadataCommand, NodeTopicDefaults } from '../../../src/metadata/index.js';
import type { LogIndex, NodeId } from '../../../src/raft/types.js';
import { MetadataStm } from '../../../src/metadata/index.js';
import { clusterServiceHandlers, metadataCairnError } from '../../../src/server/cluster-service.js';
import type { ClusterView } from '../../../src/server/cluster-view.js';
import { Log, topicCommand } from '../metadata/helpers.js';

interface Setup {
  readonly log: Log;
  readonly proposed: MetadataCommand[];
  controller: boolean;
  call<Res>(method: string, request: object): Promise<Res>;
}

function setup(nodeTopicDefaults: NodeTopicDefaults = {}): Setup {
  const log = Log.withNodes(1);
  log.ok(topicCommand('orders', [[1]], { configs: { 'retention.ms': '60000' } }));
  const proposed: MetadataCommand[] = [];
  const state: Setup = {
    log,
    proposed,
    controller: true,
    call: <Res>(method: string, request: object) =>
      new Promise<Res>((resolve, reject) => {
        const handler = handlers[method] as (call: ServerUnaryCall<object, Res>, callback: sendUnaryData<Res>) => void;
        handler({ request } as ServerUnaryCall<object, Res>, (error, response) => (error ? reject(error) : resolve(response as Res)));
      }),
  };
  const handlers: Record<string, UntypedHandleCall> = clusterServiceHandlers({
    image: () => log.image,
    view: { groupStatuses: () => new Map(), liveness: () => ({ live: new Set([1 as NodeId]) }) } as unknown as ClusterView,
    controllerId: () => 1 as NodeId,
    isController: () => state.controller,
    // As the node's proposer: resolves once applied, rejects with the refusal's typed error.
    propose: (command) => {
      proposed.push(command);
      log.index += 1;
      const { image, result } = MetadataStm.apply(log.image, command, log.index as LogIndex);
      log.image = image;
      return result.ok ? Promise.resolve(log.index) : Promise.reject(metadataCairnError(result.error));
    },
    metadataVoters: () => new Set([1 as NodeId]),
    defaultReplicationFactor: () => 1,
    defaultPartitions: 1,
    nodeTopicDefaults,
  });
  return state;
}

interface Entry {
  key: string;
  value: string;
  source: string;
  accepts: string;
}
const entryOf = (entries: { configs: Entry[] }, key: string): Entry | undefined => entries.configs.find((entry) => entry.key === key);
const trailer = (error: unknown): unknown => (error as { metadata: { get(key: string): unknown[] } }).metadata.get('cairn-error-code')[0];

describe('topic config RPCs', () => {
  it('alters through one set-topic-config command and answers with the configs it applied', async () => {
    const env = setup();
    const answer = await env.call<{ configs: Entry[] }>('AlterTopicConfigs', { name: 'orders', set: { 'write.caching': 'TRUE' }, reset: ['retention.ms'] });
    expect(env.proposed).toEqual([
      { type: 'set-topic-config', name: 'orders', topicId: env.log.image.topics.get('orders')!.id, set: { 'write.caching': 'true' }, reset: ['retention.ms'] },
    ]);
    expect(env.log.image.topics.get('orders')!.configs).toEqual({ 'write.caching': 'true' });
    expect(entryOf(answer, 'write.caching')).toMatchObject({ value: 'true', source: 'topic' });
    expect(entryOf(answer, 'retention.ms')).toMatchObject({ value: '604800000', source: 'default' });
    expect(await env.call('DescribeTopicConfigs', { name: 'orders' })).toEqual(answer);
  });

  it('refuses a value out of range with INVALID_CONFIG naming the key and its range, proposing nothing', async () => {
    const env = setup();
    const error = await env.call('AlterTopicConfigs', { name: 'orders', set: { 'write.caching.flush.ms': '0' }, reset: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(/write\.caching\.flush\.ms must be an integer from 1 to 60000, got '0'/) });
    expect(trailer(error)).toBe('INVALID_CONFIG');
    expect(env.proposed).toEqual([]);
  });

  it('refuses an unknown key to reset, and a topic that does not exist', async () => {
    const env = setup();
    const unknownKey = await env.call('AlterTopicConfigs', { name: 'orders', set: {}, reset: ['retention.m'] }).catch((e: unknown) => e);
    expect(trailer(unknownKey)).toBe('INVALID_CONFIG');
    expect((unknownKey as Error).message).toContain("unknown topic config 'retention.m'");
    const unknownTopic = await env.call('DescribeTopicConfigs', { name: 'nope' }).catch((e: unknown) => e);
    expect(trailer(unknownTopic)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('sends an alteration to the controller and answers a describe anywhere', async () => {
    const env = setup();
    env.controller = false;
    const error = await env.call('AlterTopicConfigs', { name: 'orders', set: { 'retention.ms': '1' }, reset: [] }).catch((e: unknown) => e);
    expect(trailer(error)).toBe('NOT_CONTROLLER');
    expect(env.proposed).toEqual([]);
    expect(entryOf(await env.call('DescribeTopicConfigs', { name: 'orders' }), 'retention.ms')).toMatchObject({ value: '60000', source: 'topic' });
  });

  it("reports this node's own setting as source node for a key the topic does not set", async () => {
    const env = setup({ 'message.timestamp.after.max.ms': '5000' });
    const answer = await env.call<{ configs: Entry[] }>('DescribeTopicConfigs', { name: 'orders' });
    expect(entryOf(answer, 'message.timestamp.after.max.ms')).toMatchObject({ value: '5000', source: 'node' });
    const altered = await env.call<{ configs: Entry[] }>('AlterTopicConfigs', { name: 'orders', set: { 'message.timestamp.after.max.ms': '10' }, reset: [] });
    expect(entryOf(altered, 'message.timestamp.after.max.ms')).toMatchObject({ value: '10', source: 'topic' });
  });
});
