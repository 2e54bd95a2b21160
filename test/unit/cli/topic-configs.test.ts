import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import { FakeCluster } from '../client/fake-cluster.js';
import { captureIo } from './capture-io.js';

async function cairn(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo();
  const code = await run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

const ENTRIES = [
  { key: 'max.message.bytes', value: '1048576', source: 'default', accepts: 'an integer from 1 to 16777216' },
  { key: 'message.timestamp.after.max.ms', value: '5000', source: 'node', accepts: 'an integer from -1 to 9007199254740991' },
  { key: 'retention.ms', value: '60000', source: 'topic', accepts: 'an integer from -1 to 9007199254740991' },
];

describe('cairn topic configs and alter-config', () => {
  let cluster: FakeCluster;
  let brokers: string[];
  let altered: unknown[];

  beforeAll(async () => {
    cluster = await FakeCluster.start(1);
    brokers = ['--brokers', cluster.node(1).address];
    cluster.override(1, 'DescribeTopicConfigs', () => ({ configs: ENTRIES }));
    cluster.override(1, 'AlterTopicConfigs', (request) => {
      altered.push(request);
      return { configs: ENTRIES };
    });
  });
  afterAll(() => cluster.close());

  it('shows every config with its value and source', async () => {
    expect(await cairn(['topic', 'configs', 'orders', ...brokers])).toEqual({
      code: 0,
      stdout: [
        'KEY                             VALUE    SOURCE',
        'max.message.bytes               1048576  default',
        'message.timestamp.after.max.ms  5000     node',
        'retention.ms                    60000    topic',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('sends --set and --delete as one change and prints the configs after it', async () => {
    altered = [];
    const result = await cairn(['topic', 'alter-config', 'orders', '--set', 'retention.ms=60000', '--set', 'max.message.bytes=2048', '--delete', 'message.timestamp.after.max.ms', ...brokers]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^altered the configs of topic "orders"\nKEY {2,}VALUE {2,}SOURCE\n/);
    expect(altered).toEqual([{ name: 'orders', set: { 'retention.ms': '60000', 'max.message.bytes': '2048' }, reset: ['message.timestamp.after.max.ms'] }]);
  });

  it('refuses an unknown key with a guess, changing nothing', async () => {
    altered = [];
    expect(await cairn(['topic', 'alter-config', 'orders', '--set', 'retention.m=5', ...brokers])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: INVALID_CONFIG: unknown topic config "retention.m"; did you mean "retention.ms"?\n',
    });
    const far = await cairn(['topic', 'alter-config', 'orders', '--delete', 'colour', ...brokers]);
    expect(far.stderr).toBe('error: INVALID_CONFIG: unknown topic config "colour" (known: max.message.bytes, message.timestamp.after.max.ms, retention.ms)\n');
    expect(altered).toEqual([]);
  });

  it.each([
    [[], 'give at least one --set KEY=VALUE or --delete KEY'],
    [['--set', 'retention.ms'], '--set: expected key=value, got "retention.ms"'],
    [['--set', 'retention.ms=1', '--delete', 'retention.ms'], 'retention.ms is both in --set and in --delete'],
  ])('refuses alter-config %j as a usage error', async (flags, message) => {
    const result = await cairn(['topic', 'alter-config', 'orders', ...flags, ...brokers]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}\n`);
  });
});
