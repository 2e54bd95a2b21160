import { describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../../src/cli/output.js';
import { run } from '../../../src/cli/run.js';
import { captureIo } from './capture-io.js';

/** Runs the command with a broker nobody listens on: a usage error is reported before any call. */
async function deleteRecords(flags: string[]): Promise<{ code: number; stderr: string }> {
  const capture = captureIo();
  const code = await run(['topic', 'delete-records', 'orders', ...flags, '--brokers', '127.0.0.1:1'], capture.io);
  return { code, stderr: capture.stderr() };
}

describe('cairn topic delete-records', () => {
  it('needs exactly one of --partition and --all-partitions', async () => {
    for (const flags of [['--before', '5'], ['--partition', '0', '--all-partitions', '--before', '5']]) {
      const { code, stderr } = await deleteRecords(flags);
      expect(code).toBe(EXIT_USAGE);
      expect(stderr).toContain('give one of --partition P and --all-partitions');
    }
  });

  it('needs --before, as an offset or latest', async () => {
    expect(await deleteRecords(['--partition', '0'])).toMatchObject({ code: EXIT_USAGE, stderr: expect.stringContaining('--before is required') });
    for (const before of ['-1', 'earliest', '1.5']) {
      const { code, stderr } = await deleteRecords(['--partition', '0', '--before', before]);
      expect(code).toBe(EXIT_USAGE);
      expect(stderr).toContain('--before: expected an offset');
    }
  });
});
