import { Readable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentials, readSecretStdin } from '../../../src/cli/credentials.js';
import { EXIT_USAGE } from '../../../src/cli/output.js';
import { run } from '../../../src/cli/run.js';
import { captureIo } from './capture-io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-cli-security-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('CLI credentials', () => {
  it('take the password from CAIRN_PASSWORD or the first line of --password-file, and a token from CAIRN_TOKEN', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'from-file-pw\nignored\n');
    expect(await clientCredentials({ user: 'alice' }, captureIo({ env: { CAIRN_PASSWORD: 'env-pw' } }).io)).toEqual({ user: 'alice', password: 'env-pw' });
    expect(await clientCredentials({ user: 'alice', 'password-file': file }, captureIo().io)).toEqual({ user: 'alice', password: 'from-file-pw' });
    expect(await clientCredentials({}, captureIo({ env: { CAIRN_USER: 'bob', CAIRN_PASSWORD: 'pw' } }).io)).toEqual({ user: 'bob', password: 'pw' });
    expect(await clientCredentials({}, captureIo({ env: { CAIRN_TOKEN: 'tok' } }).io)).toEqual({ token: 'tok' });
    expect(await clientCredentials({}, captureIo().io)).toBeUndefined();
  });

  it('refuse a user without a password rather than trying anonymously', async () => {
    await expect(clientCredentials({ user: 'alice' }, captureIo().io)).rejects.toThrow(/CAIRN_PASSWORD or give --password-file/);
  });

  it('read a new password from the first line of stdin', async () => {
    const { io } = captureIo({ stdin: () => Readable.from(['s3cret-', 'pw\nmore\n']) });
    expect(await readSecretStdin(io)).toBe('s3cret-pw');
  });

  it('offer no flag that takes a password on the command line', async () => {
    const { io, stderr } = captureIo();
    expect(await run(['user', 'create', 'alice', '--password', 'x'], io)).toBe(EXIT_USAGE);
    expect(stderr()).toMatch(/password/);
  });
});

describe('cairn acl', () => {
  it('refuses a binding without principal, operation or exactly one resource, before contacting any node', async () => {
    for (const args of [
      ['acl', 'create', '--operation', 'read', '--topic', 't'],
      ['acl', 'create', '--principal', 'User:a', '--topic', 't'],
      ['acl', 'create', '--principal', 'User:a', '--operation', 'read'],
      ['acl', 'create', '--principal', 'User:a', '--operation', 'read', '--topic', 't', '--group', 'g'],
      ['acl', 'delete'],
    ]) {
      const { io } = captureIo({ env: { CAIRN_BROKERS: '127.0.0.1:1' } });
      expect(await run(args, io), args.join(' ')).toBe(EXIT_USAGE);
    }
  });
});
