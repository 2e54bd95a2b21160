/**
 * Where the CLI gets secrets: never from argv, which other users of the
 * machine can read in the process list and shells keep in history. A login
 * password comes from CAIRN_PASSWORD or --password-file; a token from
 * CAIRN_TOKEN; a new user's password from --password-file or the first line
 * of stdin.
 */
import { readFile } from 'node:fs/promises';
import type { ClientCredentials } from '../client/index.js';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';

/** One line, without its line ending: files and pipes usually end with a newline that is not part of the secret. */
const firstLine = (text: string): string => text.split(/\r?\n/)[0] ?? '';

export async function readSecretFile(path: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
  const secret = firstLine(text);
  if (secret === '') throw new UsageError(`--${flag}: ${JSON.stringify(path)} holds no password on its first line`);
  return secret;
}

export async function readSecretStdin(io: CliIo): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of io.stdin()) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.includes('\n')) break;
  }
  const secret = firstLine(text);
  if (secret === '') throw new UsageError('expected the password on the first line of stdin (or use --password-file)');
  return secret;
}

/** The credentials for a command's client: --user with a password from env or file, or a token from env; none when neither is given. */
export async function clientCredentials(flags: { user?: string | undefined; 'password-file'?: string | undefined }, io: CliIo): Promise<ClientCredentials | undefined> {
  const user = flags.user ?? io.env.CAIRN_USER;
  if (user !== undefined) {
    const password = flags['password-file'] !== undefined ? await readSecretFile(flags['password-file'], 'password-file') : io.env.CAIRN_PASSWORD;
    if (password === undefined || password === '') throw new UsageError(`user ${JSON.stringify(user)} needs a password: set CAIRN_PASSWORD or give --password-file`);
    return { user, password };
  }
  if (flags['password-file'] !== undefined) throw new UsageError('--password-file needs --user (or CAIRN_USER)');
  const token = io.env.CAIRN_TOKEN;
  return token === undefined || token === '' ? undefined : { token };
}
