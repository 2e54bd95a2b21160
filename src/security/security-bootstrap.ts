/**
 * What the controller sets up once authentication is on: a token-signing key
 * (every node verifies with the keys in the image, so one proposal gives all
 * of them the same key), and the configured bootstrap superuser with the
 * password from its file, so a new cluster can be administered at all.
 * Runs each control round on the controller; does nothing once both exist.
 */
import { readFile } from 'node:fs/promises';
import type { AuthConfig } from '../config/index.js';
import { EMPTY_SECURITY, type MetadataCommand, type MetadataImage } from '../metadata/index.js';
import type { Logger } from '../observability/index.js';
import { newTokenKeyCommand, putUserCommand } from './security-commands.js';

export interface SecurityBootstrapDeps {
  readonly auth: AuthConfig;
  readonly image: () => MetadataImage;
  readonly propose: (command: MetadataCommand) => Promise<unknown>;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

export async function bootstrapSecurity(deps: SecurityBootstrapDeps): Promise<void> {
  const { auth } = deps;
  if (!auth.enabled) return;
  const security = deps.image().security ?? EMPTY_SECURITY;
  if (security.tokenKeys.length === 0) {
    await deps.propose(newTokenKeyCommand(deps.nowMs()));
    deps.logger.info('created the first token-signing key');
  }
  if (auth.bootstrapUser !== undefined && auth.bootstrapPasswordFile !== undefined && !security.users.has(auth.bootstrapUser)) {
    // A trailing newline is how files (and Kubernetes Secrets written by hand) usually end; it is not part of the password.
    const password = (await readFile(auth.bootstrapPasswordFile, 'utf8')).replace(/\r?\n$/, '');
    await deps.propose(await putUserCommand(auth.bootstrapUser, password, deps.nowMs()));
    deps.logger.info({ user: auth.bootstrapUser }, 'created the bootstrap user');
  }
}
