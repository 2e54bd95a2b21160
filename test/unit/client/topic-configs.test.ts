import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn, CairnError } from '../../../src/client/index.js';
import type { AlterTopicConfigsOptions } from '../../../src/client/index.js';
import { FakeCluster } from './fake-cluster.js';

describe('Admin topic configs', () => {
  let cluster: FakeCluster;
  let cairn: Cairn;

  beforeAll(async () => {
    cluster = await FakeCluster.start(2);
    cluster.controllerId = 2;
    cairn = new Cairn({ brokers: [cluster.node(1).address], requestTimeoutMs: 1_000, retry: { initialBackoffMs: 10, backoffMaxMs: 20 } });
  });
  afterAll(async () => {
    await cairn[Symbol.asyncDispose]();
    cluster.close();
  });

  it.each([
    [{ name: 't' }, 'alterTopicConfigs on "t": nothing to set or reset'],
    [{ name: 't', set: {}, reset: [] }, 'alterTopicConfigs on "t": nothing to set or reset'],
    [{ name: 't', set: { 'retention.ms': 60000 } }, 'topic config retention.ms: values are strings, got number'],
    [{ name: 't', reset: [7] }, 'reset: config keys are strings, got number'],
  ])('refuses %j with INVALID_CONFIG before sending it', async (options, message) => {
    const error = await cairn.admin().alterTopicConfigs(options as unknown as AlterTopicConfigsOptions).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', message });
    expect([...cluster.node(1).calls, ...cluster.node(2).calls]).not.toContain('AlterTopicConfigs');
  });

  it('sends describe and alter to the controller, keys and values as given', async () => {
    const seen: unknown[] = [];
    cluster.override(2, 'AlterTopicConfigs', (request) => {
      seen.push(request);
      return { configs: [{ key: 'retention.ms', value: '60000', source: 'topic', accepts: 'an integer' }] };
    });
    cluster.override(2, 'DescribeTopicConfigs', () => ({ configs: [{ key: 'retention.ms', value: '7', source: 'default', accepts: 'an integer' }] }));
    const altered = await cairn.admin().alterTopicConfigs({ name: 'orders', set: { 'retention.ms': '60000' }, reset: ['write.caching'] });
    expect(seen).toEqual([{ name: 'orders', set: { 'retention.ms': '60000' }, reset: ['write.caching'] }]);
    expect(altered).toEqual([{ key: 'retention.ms', value: '60000', source: 'topic', accepts: 'an integer' }]);
    expect(await cairn.admin().describeTopicConfigs('orders')).toEqual([{ key: 'retention.ms', value: '7', source: 'default', accepts: 'an integer' }]);
    expect(cluster.node(2).calls).toEqual(expect.arrayContaining(['AlterTopicConfigs', 'DescribeTopicConfigs']));
  });
});
