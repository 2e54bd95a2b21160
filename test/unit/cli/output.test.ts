import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { formatAge } from '../../../src/cli/cluster.js';
import { EXIT_FAILED, EXIT_USAGE, renderColumns, renderTable, reportError } from '../../../src/cli/output.js';
import { partitionState } from '../../../src/cli/topic.js';
import { CairnError } from '../../../src/client/errors.js';
import { ConfigError } from '../../../src/config/errors.js';
import { captureIo } from './capture-io.js';

describe('tables', () => {
  it('aligns columns to the widest cell, without trailing blanks', () => {
    const table = renderTable(['NAME', 'PARTITIONS'], [['orders', '12'], ['a', '3']]);
    expect(table).toBe('NAME    PARTITIONS\norders  12\na       3\n');
  });

  it('indents and tolerates ragged rows', () => {
    expect(renderColumns([['a', 'bb', 'c'], ['dddd']], '  ')).toBe('  a     bb  c\n  dddd\n');
  });

  it('describes partition health', () => {
    const partition = { partition: 0, leader: 1, replicas: [1, 2, 3], inSync: [1, 2, 3], leaderEpoch: 1, group: 1, logBytes: 0 };
    expect(partitionState(partition)).toBe('in sync');
    expect(partitionState({ ...partition, inSync: [1] })).toBe('under-replicated (1/3)');
    expect(partitionState({ ...partition, leader: undefined })).toBe('offline');
  });

  it.each([
    [12, '12ms'],
    [3_250, '3.3s'],
    [150_000, '3m'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('reportError', () => {
  it.each<[unknown, string, number]>([
    [new CairnError('TOPIC_ALREADY_EXISTS', 'topic "orders" already exists'), 'error: TOPIC_ALREADY_EXISTS: topic "orders" already exists\n', EXIT_FAILED],
    [new ConfigError('CAIRN_NODE_ID: expected a positive integer, got "x"', 'nodeId', 'CAIRN_NODE_ID'), 'error: CAIRN_NODE_ID: expected a positive integer, got "x"\n', EXIT_USAGE],
    [new UsageError('unknown flag --x'), 'error: unknown flag --x\nrun "cairn topic list --help" for usage\n', EXIT_USAGE],
    ['thrown text', 'error: thrown text\n', EXIT_FAILED],
  ])('reports %s', (error, text, code) => {
    const capture = captureIo();
    expect(reportError(error, capture.io, 'cairn topic list')).toBe(code);
    expect(capture.stderr()).toBe(text);
  });

  it('keeps the stack of an unexpected error', () => {
    const capture = captureIo();
    reportError(new TypeError('bug'), capture.io, 'cairn');
    expect(capture.stderr()).toMatch(/^error: TypeError: bug\n {4}at /);
  });
});
