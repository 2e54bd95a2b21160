import { describe, expect, it } from 'vitest';
import { parseCommandArgs, positiveIntegerFlag, UsageError } from '../../../src/cli/args.js';

const specs = {
  partitions: { type: 'string', help: '' },
  config: { type: 'string', multiple: true, help: '' },
  json: { type: 'boolean', help: '' },
  help: { type: 'boolean', short: 'h', help: '' },
} as const;

describe('parseCommandArgs', () => {
  it('reads strings, repeated strings, booleans, short flags and positionals', () => {
    const parsed = parseCommandArgs(['orders', '--partitions', '3', '--config=a=1', '--config', 'b=2', '-h', '--json', 'extra'], specs);
    expect(parsed.flags).toEqual({ partitions: '3', config: ['a=1', 'b=2'], json: true, help: true });
    expect(parsed.positionals).toEqual(['orders', 'extra']);
  });

  it('gives defaults for absent flags and takes what follows -- as positionals', () => {
    const parsed = parseCommandArgs(['--', '--json'], specs);
    expect(parsed.flags).toEqual({ partitions: undefined, config: [], json: false, help: false });
    expect(parsed.positionals).toEqual(['--json']);
  });

  it('passes a negative number on as a value, for its own check', () => {
    const parsed = parseCommandArgs(['--partitions', '-1'], specs);
    expect(() => positiveIntegerFlag('partitions', parsed.flags.partitions)).toThrow('--partitions: expected a positive integer, got "-1"');
  });

  it.each([
    [['--partitons', '3'], 'unknown flag --partitons'],
    [['-x'], 'unknown flag -x'],
    [['--json=yes'], '--json takes no value'],
    [['--partitions'], '--partitions: expected a value'],
    [['--partitions', '--json'], '--partitions: expected a value'],
  ])('refuses %j', (args, message) => {
    expect(() => parseCommandArgs(args, specs)).toThrow(new UsageError(message));
  });

  it.each(['0', '1.5', 'x', '01', '9007199254740993'])('refuses %j as a positive integer', (text) => {
    expect(() => positiveIntegerFlag('n', text)).toThrow(UsageError);
  });
});
