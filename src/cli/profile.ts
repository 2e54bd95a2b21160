/**
 * The CLI's config file of connection profiles, so nobody types the brokers, TLS files and user
 * each time:
 *
 * ```json
 * { "defaultProfile": "prod",
 *   "profiles": {
 *     "prod": { "brokers": "cairn-0.example:7070,cairn-1.example:7070",
 *               "tls": { "caFile": "prod/ca.crt", "certFile": "prod/alice.crt", "keyFile": "prod/alice.key" },
 *               "user": "alice", "passwordFile": "prod/password" },
 *     "local": { "brokers": "127.0.0.1:7070" } } }
 * ```
 *
 * The file is `$CAIRN_CONFIG`, else `$XDG_CONFIG_HOME/cairn/config.json` (`~/.config/cairn/…`).
 * `--profile NAME` (or `$CAIRN_PROFILE`) picks a profile, else `defaultProfile`, else none.
 * Flags beat the environment, which beats the profile. Relative paths in a profile are relative
 * to the file. A profile holds no secret itself: a password lives in the file `passwordFile`
 * names (or CAIRN_PASSWORD), so the config file can be shared.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';

export interface ClientProfile {
  readonly brokers?: string;
  readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
  readonly user?: string;
  readonly passwordFile?: string;
  readonly timeoutMs?: number;
}

const PROFILE_KEYS: ReadonlySet<string> = new Set(['brokers', 'tls', 'user', 'passwordFile', 'timeoutMs']);
const TLS_KEYS = ['caFile', 'certFile', 'keyFile'] as const;

/** Where the config file is looked for, and whether it was named explicitly (then it must exist). */
export function configFilePath(env: CliIo['env']): { readonly path: string; readonly explicit: boolean } {
  if (env.CAIRN_CONFIG !== undefined && env.CAIRN_CONFIG !== '') return { path: env.CAIRN_CONFIG, explicit: true };
  const configHome = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return { path: join(configHome, 'cairn', 'config.json'), explicit: false };
}

/**
 * The profile a command runs with: `--profile`, `$CAIRN_PROFILE` or the file's default; an empty
 * profile when the file is absent and none was asked for. Any problem is a UsageError naming the file.
 */
export async function loadProfile(profileFlag: string | undefined, env: CliIo['env']): Promise<ClientProfile> {
  const { path, explicit } = configFilePath(env);
  const asked = profileFlag ?? (env.CAIRN_PROFILE === '' ? undefined : env.CAIRN_PROFILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit && asked === undefined) return {};
    throw new UsageError(`config file ${path}: cannot read: ${(error as Error).message}`);
  }
  const bad = (why: string): UsageError => new UsageError(`config file ${path}: ${why}`);
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw bad(`invalid JSON: ${(error as Error).message}`);
  }
  if (!isObject(file)) throw bad('expected a JSON object with "profiles"');
  const unknown = Object.keys(file).find((key) => key !== 'profiles' && key !== 'defaultProfile');
  if (unknown !== undefined) throw bad(`unknown field ${JSON.stringify(unknown)} (expected "profiles" and "defaultProfile")`);
  const profiles = file.profiles ?? {};
  if (!isObject(profiles)) throw bad('"profiles" must be an object of profile name to profile');
  if (file.defaultProfile !== undefined && typeof file.defaultProfile !== 'string') throw bad('"defaultProfile" must be a profile name');
  const name = asked ?? file.defaultProfile;
  if (name === undefined) return {};
  const raw = profiles[name];
  if (raw === undefined) {
    const known = Object.keys(profiles);
    throw bad(`no profile ${JSON.stringify(name)}${known.length === 0 ? '' : ` (profiles: ${known.join(', ')})`}`);
  }
  return checkedProfile(raw, (why) => bad(`profile ${JSON.stringify(name)}: ${why}`), dirname(resolve(path)));
}

function checkedProfile(raw: unknown, bad: (why: string) => UsageError, base: string): ClientProfile {
  if (!isObject(raw)) throw bad('expected an object');
  const unknown = Object.keys(raw).find((key) => !PROFILE_KEYS.has(key));
  if (unknown !== undefined) throw bad(`unknown field ${JSON.stringify(unknown)} (expected ${[...PROFILE_KEYS].join(', ')})`);
  const text = (key: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw bad(`${key}: expected a non-empty string`);
    return value;
  };
  const file = (key: string, value: unknown): string | undefined => {
    const path = text(key, value);
    return path === undefined || isAbsolute(path) ? path : join(base, path);
  };
  let tls: ClientProfile['tls'];
  if (raw.tls !== undefined) {
    if (!isObject(raw.tls)) throw bad('tls: expected an object with caFile, certFile, keyFile');
    const tlsObject = raw.tls;
    const stray = Object.keys(tlsObject).find((key) => !(TLS_KEYS as readonly string[]).includes(key));
    if (stray !== undefined) throw bad(`tls: unknown field ${JSON.stringify(stray)} (expected ${TLS_KEYS.join(', ')})`);
    tls = Object.fromEntries(TLS_KEYS.flatMap((key) => {
      const path = file(`tls.${key}`, tlsObject[key]);
      return path === undefined ? [] : [[key, path]];
    }));
  }
  if (raw.timeoutMs !== undefined && !(typeof raw.timeoutMs === 'number' && Number.isSafeInteger(raw.timeoutMs) && raw.timeoutMs > 0)) {
    throw bad('timeoutMs: expected a positive integer');
  }
  const fields: ClientProfile = {
    brokers: text('brokers', raw.brokers),
    tls,
    user: text('user', raw.user),
    passwordFile: file('passwordFile', raw.passwordFile),
    timeoutMs: raw.timeoutMs as number | undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as ClientProfile;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
