import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { ProgressMeter } from '../../../src/cli/progress.js';
import { run } from '../../../src/cli/run.js';
import { decodeBatch } from '../../../src/records/index.js';
import { FakeData } from '../client/fake-data.js';
import { captureIo } from './capture-io.js';

async function cairn(argv: string[], overrides: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo(overrides);
  const code = await run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

const stdinOf = (text: string): Partial<CliIo> => ({ stdin: () => Readable.from([Buffer.from(text)]) });

describe('cairn produce and consume', () => {
  let data: FakeData;
  let brokers: string[];
  let dir: string;

  beforeAll(async () => {
    data = await FakeData.start(2);
    brokers = ['--brokers', data.cluster.node(1).address];
    dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
  });
  afterAll(async () => {
    data.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends each line of stdin as a message, with a key or to a partition', async () => {
    data.createTopic('lines', 2, [1, 2]);

    const keyed = await cairn(['produce', 'lines', '--key', 'k1', ...brokers], stdinOf('one\ntwo\r\nthree'));
    expect(keyed).toMatchObject({ code: 0, stdout: '' });
    expect(keyed.stderr).toMatch(/^produced 3 messages to "lines" in \d+\.\d s \([\d,]+ msg\/s\)\n$/);
    const sent = data.log('lines', 0).batches.length > 0 ? 0 : 1;
    expect(data.values('lines', sent)).toEqual(['one', 'two', 'three']);
    expect(decodeBatch(data.log('lines', sent).batches[0]!).records.map((record) => Buffer.from(record.key!).toString())).toEqual(['k1', 'k1', 'k1']);

    expect((await cairn(['produce', 'lines', '--partition', '1', '--compression', 'gzip', ...brokers], stdinOf('four\n'))).code).toBe(0);
    expect(data.values('lines', 1).at(-1)).toBe('four');
  });

  it('reads a file, reporting progress and rate on stderr', async () => {
    data.createTopic('file', 1);
    const file = join(dir, 'lines.txt');
    await writeFile(file, Array.from({ length: 2_000 }, (_, i) => `line ${i}`).join('\n'));

    const { code, stderr } = await cairn(['produce', 'file', '--file', file, ...brokers]);

    expect(code).toBe(0);
    expect(stderr).toMatch(/produced 2000 messages to "file" in \d+\.\d s/);
    expect(data.values('file', 0)).toHaveLength(2_000);
    expect(data.values('file', 0).at(-1)).toBe('line 1999');
  });

  it('prints messages from the beginning, as text or JSON, up to --max-messages', async () => {
    data.createTopic('out', 1);
    data.append('out', 0, [
      { key: Buffer.from('k'), value: Buffer.from('hello'), headers: [{ key: 'h', value: Buffer.from('v') }], timestamp: 1_700_000_000_000n },
      { key: null, value: Buffer.from('world'), timestamp: 1_700_000_000_001n },
      { key: null, value: null, timestamp: 1_700_000_000_002n },
    ]);

    expect(await cairn(['consume', 'out', '--from-beginning', '--max-messages', '3', ...brokers])).toEqual({
      code: 0,
      stdout: 'hello\nworld\nnull\n',
      stderr: 'consumed 3 messages\n',
    });

    const json = await cairn(['consume', 'out', '--partition', '0', '--offset', '1', '--max-messages', '1', '--format', 'json', ...brokers]);
    expect(JSON.parse(json.stdout)).toEqual({ topic: 'out', partition: 0, offset: '1', timestamp: 1_700_000_000_001, key: null, value: 'world', headers: [] });

    const first = await cairn(['consume', 'out', '--from-beginning', '--max-messages', '1', '--format', 'json', ...brokers]);
    expect(JSON.parse(first.stdout)).toMatchObject({ offset: '0', key: 'k', headers: [{ key: 'h', value: 'v' }] });
  });

  it('stops consuming on a signal', async () => {
    data.createTopic('quiet', 1);
    let stop: ((signal: string) => void) | undefined;
    const consuming = cairn(['consume', 'quiet', ...brokers], { onStopSignal: (handler) => (stop = handler) });
    while (stop === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    stop('SIGINT');
    expect(await consuming).toEqual({ code: 0, stdout: '', stderr: 'consumed 0 messages\n' });
  });

  it.each([['consume'], ['produce']])('%s reports a missing topic on one line, at once', async (command) => {
    expect(await cairn([command, 'nope', ...brokers], stdinOf('x\n'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: UNKNOWN_TOPIC_OR_PARTITION: unknown topic "nope"\n',
    });
  });

  it.each<[string[], string]>([
    [['consume', 't', '--offset', '3'], '--offset: needs --partition'],
    [['consume', 't', '--partition', '0', '--offset', '3', '--from-beginning'], '--offset and --from-beginning exclude each other'],
    [['consume', 't', '--offset', '-1'], '--offset: expected an offset (a non-negative integer), got "-1"'],
    [['consume', 't', '--format', 'xml'], '--format: expected text or json, got "xml"'],
    [['consume', 't', '--max-messages', '0'], '--max-messages: expected a positive integer, got "0"'],
    [['produce', 't', '--partition', 'x'], '--partition: expected a non-negative integer, got "x"'],
    [['produce', 't', '--compression', 'rar'], '--compression: expected one of none, gzip, snappy, lz4, zstd, got "rar"'],
    [['produce', 't', '--file', '/nonexistent/file'], '--file: cannot read "/nonexistent/file": ENOENT'],
  ])('%j is a usage error', async (argv, message) => {
    const { code, stdout, stderr } = await cairn([...argv, ...brokers]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain(`error: ${message}`);
  });
});

describe('produce progress', () => {
  it('prints a line a second for a file: messages acknowledged, share read, rate', () => {
    vi.useFakeTimers();
    try {
      const capture = captureIo();
      const meter = new ProgressMeter(capture.io, 1_000);
      meter.read(250);
      meter.acknowledged(1_200);
      vi.advanceTimersByTime(1_000);
      meter.read(750);
      vi.advanceTimersByTime(1_000);
      meter.stop();
      vi.advanceTimersByTime(5_000);
      expect(capture.stderr()).toMatch(/^1,200 messages acknowledged, 25% of the file read, [\d,]+ msg\/s\n1,200 messages acknowledged, 100% of the file read, [\d,]+ msg\/s\n$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('prints nothing on the way for stdin, whose size is unknown', () => {
    vi.useFakeTimers();
    try {
      const capture = captureIo();
      const meter = new ProgressMeter(capture.io, undefined);
      vi.advanceTimersByTime(5_000);
      meter.stop();
      expect(capture.stderr()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});
