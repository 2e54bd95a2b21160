import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import { CairnError } from '../../../src/client/index.js';
import { FakeCluster } from '../client/fake-cluster.js';
import { captureIo } from './capture-io.js';

async function cairn(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo();
  const code = await run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('cairn partition and node lifecycle commands', () => {
  let cluster: FakeCluster;
  let brokers: string[];

  beforeAll(async () => {
    cluster = await FakeCluster.start(1);
    brokers = ['--brokers', cluster.node(1).address];
  });
  afterAll(() => cluster.close());

  it('sends a move with the replicas in the order given, and says when the partition already has them', async () => {
    const asked: unknown[] = [];
    cluster.override(1, 'MovePartition', (request) => {
      asked.push(request);
      return { moving: request.replicas[0] !== 1 };
    });
    expect(await cairn(['partition', 'move', 'orders', '3', '--replicas', '4,1,2', ...brokers])).toEqual({
      code: 0,
      stdout: 'moving partition 3 of "orders" to 4,1,2\n',
      stderr: '',
    });
    expect((await cairn(['partition', 'move', 'orders', '0', '--replicas', '1,2,3', ...brokers])).stdout).toBe('partition 0 of "orders" is already on 1,2,3\n');
    expect(asked).toEqual([
      { topic: 'orders', partition: 3, replicas: [4, 1, 2] },
      { topic: 'orders', partition: 0, replicas: [1, 2, 3] },
    ]);
  });

  it('refuses malformed replicas and partitions before sending anything', async () => {
    for (const [argv, message] of [
      [['partition', 'move', 'orders', '0'], '--replicas is required'],
      [['partition', 'move', 'orders', '0', '--replicas', '1,x'], '--replicas: expected a positive integer, got "x"'],
      [['partition', 'move', 'orders', '-1', '--replicas', '1,2'], 'unknown flag -1'],
      [['partition', 'move', 'orders', 'one', '--replicas', '1,2'], '<partition>: expected a non-negative integer, got "one"'],
      [['node', 'decommission', '0'], '<node>: expected a positive integer, got "0"'],
    ] as const) {
      const result = await cairn([...argv, ...brokers]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('prints the server\'s typed refusal of a move', async () => {
    cluster.override(1, 'MovePartition', () => {
      throw new CairnError('UNKNOWN_NODE', 'node 9 is not a member of the cluster');
    });
    expect(await cairn(['partition', 'move', 'orders', '0', '--replicas', '1,2,9', ...brokers])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: UNKNOWN_NODE: node 9 is not a member of the cluster\n',
    });
  });

  it('lists moves with their phase and the entries still to copy', async () => {
    expect((await cairn(['partition', 'moves', ...brokers])).stdout).toBe('no partition is moving\n');
    cluster.override(1, 'ListPartitionMoves', () => ({
      moves: [
        { topic: 'orders', partition: 3, replicas: [1, 2, 4], target: [4, 1, 2], reason: 'operator', phase: 'catching-up', nodes: [4], entriesBehind: '12345' },
        { topic: 'events', partition: 0, replicas: [5, 1, 2], target: [], reason: 'decommission', phase: 'removing', nodes: [3], entriesBehind: '0' },
      ],
    }));
    expect((await cairn(['partition', 'moves', ...brokers])).stdout).toBe(
      [
        'TOPIC   PARTITION  REPLICAS  TARGET  REASON        PROGRESS',
        'orders  3          1,2,4     4,1,2   operator      catching-up 4 (12,345 entries behind)',
        'events  0          5,1,2     -       decommission  removing 3',
        '',
      ].join('\n'),
    );
  });

  it('decommissions and recommissions a node by id', async () => {
    const asked: string[] = [];
    cluster.override(1, 'DecommissionNode', (request) => (asked.push(`decommission ${request.nodeId}`), {}));
    cluster.override(1, 'RecommissionNode', (request) => (asked.push(`recommission ${request.nodeId}`), {}));
    expect((await cairn(['node', 'decommission', '3', ...brokers])).stdout).toBe('decommissioning node 3: its replicas are moving away\n');
    expect((await cairn(['node', 'recommission', '3', ...brokers])).stdout).toBe('node 3 is active\n');
    expect(asked).toEqual(['decommission 3', 'recommission 3']);
  });
});
