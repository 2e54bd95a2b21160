import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/run.js';
import type { CliIo, ServerModule } from '../../../src/cli/io.js';
import type { NodeConfig } from '../../../src/config/index.js';
import { FakeCluster } from '../client/fake-cluster.js';
import { captureIo } from './capture-io.js';

async function cairn(argv: string[], overrides: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo(overrides);
  const code = await run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('cairn topic and cluster', () => {
  let cluster: FakeCluster;
  let brokers: string[];

  beforeAll(async () => {
    cluster = await FakeCluster.start(3);
    brokers = ['--brokers', cluster.node(1).address];
  });
  afterAll(() => cluster.close());

  it('creates, lists, describes and deletes a topic', async () => {
    const create = ['topic', 'create', 'orders', '--partitions', '2', '--replication-factor', '3', '--config', 'retention.ms=60000'];
    expect(await cairn([...create, ...brokers])).toEqual({
      code: 0,
      stdout: 'created topic "orders" (2 partitions, replication factor 3)\n',
      stderr: '',
    });

    expect((await cairn(['topic', 'list', ...brokers])).stdout).toBe('NAME    PARTITIONS  REPLICATION-FACTOR\norders  2           3\n');

    expect((await cairn(['topic', 'describe', 'orders', ...brokers])).stdout).toBe(
      [
        'topic:               orders',
        'id:                  id-orders',
        'replication factor:  3',
        'configs:             retention.ms=60000',
        '',
        'PARTITION  LEADER  REPLICAS  IN-SYNC  STATE',
        '0          1       1,2,3     1,2,3    in sync',
        '1          2       1,2,3     1,2,3    in sync',
        '',
      ].join('\n'),
    );

    expect(await cairn(['topic', 'delete', 'orders', ...brokers])).toEqual({ code: 0, stdout: 'deleted topic "orders"\n', stderr: '' });
    expect((await cairn(['topic', 'list', ...brokers])).stdout).toBe('no topics\n');
  });

  it('prints JSON with --json', async () => {
    const created = await cairn(['topic', 'create', 'audit', '--json', ...brokers]);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'audit', replicationFactor: 1, partitions: [{ partition: 0, leader: 1 }] });
    const listed = await cairn(['topic', 'list', '--json', ...brokers]);
    expect(JSON.parse(listed.stdout).map((topic: { name: string }) => topic.name)).toEqual(['audit']);
    await cairn(['topic', 'delete', 'audit', ...brokers]);
  });

  it('shows the cluster status', async () => {
    await cairn(['topic', 'create', 'events', '--partitions', '2', '--replication-factor', '2', ...brokers]);
    cluster.topics.get('events')?.partitions?.[1]?.inSync?.pop();
    const { code, stdout } = await cairn(['cluster', 'status', ...brokers]);
    const [n1, n2, n3] = cluster.addresses.map((address) => address.padEnd(15));
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'cluster fake, metadata leader: node 1',
        '',
        'NODE  ADDRESS          RACK    LIVE  LAST-SEEN  METADATA  STATE',
        `1     ${n1}  rack-1  yes   12ms ago   leader    active`,
        `2     ${n2}  rack-2  yes   12ms ago   voter     active`,
        `3     ${n3}  rack-3  yes   12ms ago   voter     active`,
        '',
        'TOPIC   PARTITION  LEADER  REPLICAS  IN-SYNC  STATE',
        'events  0          1       1,2       1,2      in sync',
        'events  1          2       1,2       1        under-replicated (1/2)',
        '',
      ].join('\n'),
    );
    await cairn(['topic', 'delete', 'events', ...brokers]);
  });

  it('reports a refused request on one line with its code', async () => {
    await cairn(['topic', 'create', 'orders', ...brokers]);
    expect(await cairn(['topic', 'create', 'orders', ...brokers])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: TOPIC_ALREADY_EXISTS: topic "orders" already exists\n',
    });
    expect((await cairn(['topic', 'describe', 'nope', ...brokers])).stderr).toBe('error: UNKNOWN_TOPIC_OR_PARTITION: unknown topic "nope"\n');
  });

  it('takes the brokers from CAIRN_BROKERS', async () => {
    const { code } = await cairn(['topic', 'list'], { env: { CAIRN_BROKERS: cluster.node(2).address } });
    expect(code).toBe(0);
    expect(cluster.node(2).calls).toContain('Metadata');
  });

  it('refuses bad brokers', async () => {
    expect((await cairn(['topic', 'list', '--brokers', 'nohost'])).stderr).toBe(
      'error: INVALID_CONFIG: Cairn options: brokers: expected a non-empty list of host:port, got "nohost"\n',
    );
  });
});

describe('cairn usage', () => {
  it.each<[string[], string]>([
    [['topic', 'create'], 'error: topic create: missing <name>\nrun "cairn topic create --help" for usage\n'],
    [['topic', 'list', 'x'], 'error: topic list: unexpected argument "x"\nrun "cairn topic list --help" for usage\n'],
    [['topic', 'create', 'o', '--partitions', 'many'], 'error: --partitions: expected a positive integer, got "many"\nrun "cairn topic create --help" for usage\n'],
    [['topic', 'create', 'o', '--config', 'novalue'], 'error: --config: expected key=value, got "novalue"\nrun "cairn topic create --help" for usage\n'],
    [['topic', 'create', 'o', '--config', 'a=1', '--config', 'a=2'], 'error: --config: a given twice\nrun "cairn topic create --help" for usage\n'],
    [['topic', 'list', '--timeout-ms', '0'], 'error: --timeout-ms: expected a positive integer, got "0"\nrun "cairn topic list --help" for usage\n'],
    [['cluster', 'status', '--verbose'], 'error: unknown flag --verbose\nrun "cairn cluster status --help" for usage\n'],
    [['frobnicate'], 'error: unknown command "frobnicate"\nrun "cairn --help" for usage\n'],
    [['topic', 'craete', 'orders'], 'error: unknown command "topic craete orders"; did you mean "topic create"?\nrun "cairn --help" for usage\n'],
    [['topc', 'list'], 'error: unknown command "topc list"; did you mean "topic list"?\nrun "cairn --help" for usage\n'],
    [['produc'], 'error: unknown command "produc"; did you mean "produce"?\nrun "cairn --help" for usage\n'],
    [['grup'], 'error: unknown command "grup"; did you mean "group"?\nrun "cairn --help" for usage\n'],
    [['group', 'reset-offsets', 'g', 't', '--to-timestamp', 'yesterday'], 'error: --to-timestamp: expected milliseconds since the epoch or an ISO 8601 date, got "yesterday"\nrun "cairn group reset-offsets --help" for usage\n'],
    [['group', 'reset-offsets', 'g', 't', '--to-timestamp', '2026-13-45'], 'error: --to-timestamp: expected milliseconds since the epoch or an ISO 8601 date, got "2026-13-45"\nrun "cairn group reset-offsets --help" for usage\n'],
    [['group', 'reset-offsets', 'g', 't', '--to-timestamp', '0', '--to-latest'], 'error: give exactly one of --to-earliest, --to-latest, --to-offset and --to-timestamp\nrun "cairn group reset-offsets --help" for usage\n'],
  ])('%j fails with exit code 2', async (argv, stderr) => {
    expect(await cairn(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('prints the cairn-server package version for --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cairn(['--version'])).toEqual({ code: 0, stdout: `cairn ${version}\n`, stderr: '' });
    expect(await cairn(['-V'])).toEqual({ code: 0, stdout: `cairn ${version}\n`, stderr: '' });
  });

  it('prints the command list for --help and for no command', async () => {
    const help = await cairn(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: cairn <command> [flags]');
    expect(help.stdout).toMatch(/\n {2}topic create +create a topic\n/);
    expect((await cairn([])).code).toBe(2);
  });

  it('prints a group and its commands', async () => {
    const help = await cairn(['topic', '-h']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n').slice(0, 4)).toEqual(['usage: cairn topic <command> [flags]', '', 'commands:', '  topic create          create a topic']);
  });

  it("prints a command's flags", async () => {
    const help = await cairn(['topic', 'create', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: cairn topic create <name> [flags]\n');
    expect(help.stdout).toMatch(/\n {2}--config KEY=VALUE +a topic config; repeat for more\n/);
    expect(help.stdout).toMatch(/\n {2}-h, --help +show this help\n/);
    const serveHelp = await cairn(['serve', '--help']);
    expect(serveHelp.stdout).toMatch(/\n {2}--node-id ID +this node's id, unique in the cluster \(env CAIRN_NODE_ID, default 1\)\n/);
  });
});

describe('cairn serve', () => {
  function fakeServer(): { module: ServerModule; started: NodeConfig[]; stop: ReturnType<typeof vi.fn> } {
    const started: NodeConfig[] = [];
    const stop = vi.fn(() => Promise.resolve());
    return {
      started,
      stop,
      module: {
        startNode: (config) => {
          started.push(config);
          return Promise.resolve({ stop });
        },
      },
    };
  }

  it('starts a node with the resolved config and stops it on a signal', async () => {
    const server = fakeServer();
    let signal: ((name: string) => void) | undefined;
    const serving = cairn(['serve', '--node-id', '2', '--peers', '1=a:7071,2=b:7071'], {
      env: { CAIRN_DATA_DIR: '/tmp/cairn-2' },
      loadServer: () => Promise.resolve(server.module),
      onStopSignal: (handler) => (signal = handler),
    });
    await vi.waitFor(() => expect(signal).toBeDefined());
    expect(server.started.map((config) => [config.nodeId, config.dataDir, config.advertisedAddress])).toEqual([[2, '/tmp/cairn-2', 'b:7070']]);
    expect(server.stop).not.toHaveBeenCalled();

    signal?.('SIGTERM');
    expect(await serving).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.stop).toHaveBeenCalledOnce();
  });

  it('refuses a bad config before loading the server', async () => {
    const loadServer = vi.fn(() => Promise.resolve(fakeServer().module));
    expect(await cairn(['serve'], { env: { CAIRN_NODE_ID: 'x' }, loadServer })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: CAIRN_NODE_ID: expected a positive integer below 2^32, got "x"\n',
    });
    expect(loadServer).not.toHaveBeenCalled();
  });

  it('reports a node that fails to start', async () => {
    const module: ServerModule = { startNode: () => Promise.reject(new Error('listen EADDRINUSE 0.0.0.0:7070')) };
    const { code, stderr } = await cairn(['serve'], { loadServer: () => Promise.resolve(module) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Error: listen EADDRINUSE 0\.0\.0\.0:7070\n/);
  });
});
