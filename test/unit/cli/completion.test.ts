import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, run } from '../../../src/cli/run.js';
import { captureIo } from './capture-io.js';

const execFileAsync = promisify(execFile);

describe('cairn completion', () => {
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-completion-'));
    const capture = captureIo();
    expect(await run(['completion', 'bash'], capture.io)).toBe(0);
    script = join(dir, 'cairn.bash');
    await writeFile(script, capture.stdout());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** What bash offers for the command line `words`, the last word being the one completed. */
  async function complete(...words: string[]): Promise<string[]> {
    const assignments = `COMP_WORDS=(cairn ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}`;
    const { stdout } = await execFileAsync('bash', ['-c', `source '${script}'; ${assignments}; _cairn; printf '%s\\n' "\${COMPREPLY[@]}"`]);
    return stdout.split('\n').filter((line) => line !== '');
  }

  it('completes commands, subcommands and the flags of the command typed, in bash', async () => {
    expect(await complete('top')).toEqual(['topic']);
    expect(await complete('topic', 'cr')).toEqual(['create']);
    expect(await complete('topic', 'create', 'orders', '--rep')).toEqual(['--replication-factor']);
    expect(await complete('consume', 'orders', '--from-')).toEqual(['--from-beginning', '--from-timestamp']);
    expect(await complete('--ver')).toEqual(['--version']);
    expect(await complete('frobnicate', '')).toEqual([]);
  });

  it('offers every registered command through its first word and, for groups, its subcommand', async () => {
    const first = await complete('');
    for (const command of COMMANDS) {
      const [head, ...rest] = command.name.split(' ');
      expect(first).toContain(head);
      if (rest.length > 0) expect(await complete(head!, '')).toContain(rest.join(' '));
    }
  });

  it('prints a zsh script through bashcompinit and refuses another shell', async () => {
    const zsh = captureIo();
    expect(await run(['completion', 'zsh'], zsh.io)).toBe(0);
    expect(zsh.stdout()).toContain('bashcompinit');
    expect(zsh.stdout()).toContain('complete -F _cairn cairn');
    const fish = captureIo();
    expect(await run(['completion', 'fish'], fish.io)).toBe(2);
    expect(fish.stderr()).toContain('completion: expected one of bash, zsh, got "fish"');
  });
});
