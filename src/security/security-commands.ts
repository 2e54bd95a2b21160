/** Metadata commands that carry fresh secrets: made on the proposing node, never derived at apply time. */
import { randomBytes } from 'node:crypto';
import { CairnError } from '../protocol/errors.js';
import { checkUserName, type MetadataCommand } from '../metadata/index.js';
import { checkPassword, hashPassword } from './password-hash.js';

/** A fresh token-signing key, random from this node. */
export function newTokenKeyCommand(nowMs: number): MetadataCommand {
  return { type: 'add-token-key', key: { id: randomBytes(8).toString('hex'), secret: randomBytes(32).toString('base64'), createdAtMs: nowMs } };
}

/** The put-user command for `name` with a freshly salted hash of `password`; throws INVALID_REQUEST on a bad name or password. */
export async function putUserCommand(name: string, password: string, nowMs: number): Promise<MetadataCommand> {
  const problem = checkUserName(name) ?? checkPassword(password);
  if (problem !== null) throw new CairnError('INVALID_REQUEST', problem);
  return { type: 'put-user', user: { name, id: randomBytes(16).toString('hex'), password: await hashPassword(password), createdAtMs: nowMs } };
}

