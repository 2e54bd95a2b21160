import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { DEFAULT_BROKERS, clientOptions } from '../../../src/cli/command.js';
import type { CLIENT_FLAGS } from '../../../src/cli/command.js';
import type { FlagValues } from '../../../src/cli/args.js';
import type { CliIo } from '../../../src/cli/io.js';
import { configFilePath } from '../../../src/cli/profile.js';

type Flags = FlagValues<typeof CLIENT_FLAGS>;
const noFlags: Flags = {} as Flags;
const io = (env: Record<string, string>): CliIo => ({ env }) as unknown as CliIo;

describe('CLI connection profiles', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-cli-config-'));
    mkdirSync(join(dir, 'prod'));
    writeFileSync(join(dir, 'prod', 'password'), 'hunter2\n');
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({
      defaultProfile: 'prod',
      profiles: {
        prod: {
          brokers: 'cairn-0.example:7070,cairn-1.example:7070',
          tls: { caFile: 'prod/ca.crt', certFile: '/etc/cairn/alice.crt', keyFile: 'prod/alice.key' },
          user: 'alice',
          passwordFile: 'prod/password',
          timeoutMs: 9000,
        },
        local: { brokers: '127.0.0.1:7071' },
      },
    }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the default profile, with paths relative to the config file', async () => {
    expect(await clientOptions(noFlags, io({ CAIRN_CONFIG: config }))).toEqual({
      brokers: 'cairn-0.example:7070,cairn-1.example:7070',
      tls: { caFile: join(dir, 'prod/ca.crt'), certFile: '/etc/cairn/alice.crt', keyFile: join(dir, 'prod/alice.key') },
      credentials: { user: 'alice', password: 'hunter2' },
      clientId: 'cairn-cli',
      requestTimeoutMs: 9000,
    });
  });

  it('lets --profile and CAIRN_PROFILE pick another; flags and the environment beat the profile, and another user does not get the profile user\'s password file', async () => {
    expect(await clientOptions({ ...noFlags, profile: 'local' }, io({ CAIRN_CONFIG: config }))).toEqual({
      brokers: '127.0.0.1:7071',
      clientId: 'cairn-cli',
      requestTimeoutMs: 5000,
    });
    expect((await clientOptions(noFlags, io({ CAIRN_CONFIG: config, CAIRN_PROFILE: 'local' }))).brokers).toBe('127.0.0.1:7071');
    const options = await clientOptions(
      { ...noFlags, 'tls-ca-file': 'my-ca.crt', 'timeout-ms': '100' },
      io({ CAIRN_CONFIG: config, CAIRN_BROKERS: 'env:7070', CAIRN_USER: 'bob', CAIRN_PASSWORD: 'pw' }),
    );
    expect(options).toMatchObject({ brokers: 'env:7070', requestTimeoutMs: 100, credentials: { user: 'bob', password: 'pw' } });
    expect(options.tls).toEqual({ caFile: 'my-ca.crt', certFile: '/etc/cairn/alice.crt', keyFile: join(dir, 'prod/alice.key') });
  });

  it('runs without a config file when none exists and no profile is asked for', async () => {
    expect(await clientOptions({ ...noFlags, 'tls-ca-file': 'ca.crt' }, io({ HOME: join(dir, 'nobody') }))).toEqual({
      brokers: DEFAULT_BROKERS,
      tls: { caFile: 'ca.crt' },
      clientId: 'cairn-cli',
      requestTimeoutMs: 5000,
    });
    expect(configFilePath({ HOME: '/home/a' })).toEqual({ path: '/home/a/.config/cairn/config.json', explicit: false });
    expect(configFilePath({ HOME: '/home/a', XDG_CONFIG_HOME: '/x' }).path).toBe('/x/cairn/config.json');
  });

  it.each<[string, unknown, Record<string, string>, string]>([
    ['an unknown profile', undefined, { CAIRN_PROFILE: 'staging' }, 'no profile "staging" (profiles: prod, local)'],
    ['a profile asked for without a file', 'absent', { CAIRN_PROFILE: 'x' }, 'cannot read: ENOENT'],
    ['invalid JSON', '{"profiles": {', {}, 'invalid JSON'],
    ['an unknown profile field', { profiles: { a: { broker: 'x:1' } }, defaultProfile: 'a' }, {}, 'profile "a": unknown field "broker"'],
    ['an unknown TLS field', { profiles: { a: { tls: { ca: 'x' } } }, defaultProfile: 'a' }, {}, 'profile "a": tls: unknown field "ca"'],
    ['a bad timeout', { profiles: { a: { timeoutMs: '5s' } }, defaultProfile: 'a' }, {}, 'profile "a": timeoutMs: expected a positive integer'],
    ['a password in the file', { profiles: { a: { password: 'x' } }, defaultProfile: 'a' }, {}, 'profile "a": unknown field "password"'],
  ])('refuses %s with a UsageError naming the file', async (_what, content, env, message) => {
    let path = config;
    if (content === 'absent') path = join(dir, 'absent.json');
    else if (content !== undefined) {
      path = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    }
    const error = await clientOptions(noFlags, io({ CAIRN_CONFIG: path, ...env })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`config file ${path}: `);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a client certificate without its key', async () => {
    await expect(clientOptions({ ...noFlags, 'tls-cert-file': 'a.crt' }, io({ HOME: join(dir, 'nobody') }))).rejects.toThrow('--tls-cert-file and --tls-key-file go together');
  });
});
