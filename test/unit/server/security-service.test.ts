import { describe, expect, it } from 'vitest';
import type { ServiceError } from '@grpc/grpc-js';
import { emptyImage, type MetadataCommand, type MetadataImage } from '../../../src/metadata/index.js';
import { MetadataStm } from '../../../src/metadata/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { TRAILER_ERROR_CODE } from '../../../src/protocol/errors.js';
import type { LogIndex } from '../../../src/raft/types.js';
import { aclFilterFromWire, aclFromWire, securityServiceHandlers, sourceHost, type SecurityServiceDeps } from '../../../src/server/security-service.js';
import { newTokenKeyCommand, putUserCommand } from '../../../src/security/security-commands.js';

/** A metadata log in memory: proposals apply at once. */
function metadataLog(): { image: () => MetadataImage; propose: (command: MetadataCommand) => Promise<void> } {
  let image = emptyImage('c');
  return {
    image: () => image,
    propose: (command) => {
      image = MetadataStm.apply(image, command, (image.version + 1) as LogIndex).image;
      return Promise.resolve();
    },
  };
}

type Handler = (call: unknown, callback: (error: ServiceError | null, response?: unknown) => void) => void;

function call(handlers: Record<string, unknown>, method: string, request: unknown, peer = 'ipv4:10.0.0.1:5555'): Promise<{ code: string; response?: unknown; message?: string }> {
  return new Promise((resolve) =>
    (handlers[method] as Handler)({ request, getPeer: () => peer }, (error, response) =>
      resolve(error === null ? { code: 'OK', response } : { code: String(error.metadata?.get(TRAILER_ERROR_CODE)[0]), message: error.message }),
    ),
  );
}

async function service(overrides: Partial<SecurityServiceDeps> = {}) {
  const log = metadataLog();
  await log.propose(newTokenKeyCommand(0));
  await log.propose(await putUserCommand('alice', 'alice-password', 0));
  const handlers = securityServiceHandlers({
    image: log.image,
    requireController: () => {},
    propose: log.propose,
    authentication: true,
    clientTls: true,
    plaintextPasswords: false,
    tokenTtlMs: 60_000,
    nowMs: () => 1_000,
    logger: createLogger({ level: 'silent' }),
    ...overrides,
  });
  return { handlers, log };
}

describe('Security service', () => {
  it('issues a token for the right password, expiring after the configured lifetime', async () => {
    const { handlers } = await service();
    const outcome = await call(handlers, 'Authenticate', { user: 'alice', password: 'alice-password' });
    expect(outcome).toMatchObject({ code: 'OK', response: { expiresAtMs: '61000' } });
    expect((outcome.response as { token: string }).token).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const { handlers } = await service();
    expect(await call(handlers, 'Authenticate', { user: 'alice', password: 'wrong-password' })).toMatchObject({ code: 'UNAUTHENTICATED', message: 'wrong user name or password' });
    expect(await call(handlers, 'Authenticate', { user: 'nobody', password: 'alice-password' })).toMatchObject({ code: 'UNAUTHENTICATED', message: 'wrong user name or password' });
  });

  it('refuses passwords on a client port without TLS unless told to accept them', async () => {
    const plaintext = await service({ clientTls: false });
    expect(await call(plaintext.handlers, 'Authenticate', { user: 'alice', password: 'alice-password' })).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/only over TLS/) });
    const allowed = await service({ clientTls: false, plaintextPasswords: true });
    expect((await call(allowed.handlers, 'Authenticate', { user: 'alice', password: 'alice-password' })).code).toBe('OK');
  });

  it('creates users with a hash, never the password, and refuses a short password', async () => {
    const { handlers, log } = await service();
    expect((await call(handlers, 'CreateUser', { name: 'bob', password: 'bob-password' })).code).toBe('OK');
    expect(JSON.stringify([...log.image().security!.users.values()])).not.toContain('bob-password');
    expect(await call(handlers, 'CreateUser', { name: 'carol', password: 'short' })).toMatchObject({ code: 'INVALID_REQUEST' });
    const listed = await call(handlers, 'ListUsers', {});
    expect((listed.response as { users: { name: string }[] }).users.map((u) => u.name)).toEqual(['alice', 'bob']);
  });

  it('reads ACLs from the wire with literal and allow as defaults, and refuses unknown words', () => {
    expect(aclFromWire({ principal: 'User:a', resourceType: 'topic', resourceName: 't', operation: 'read' })).toEqual({
      principal: 'User:a',
      resourceType: 'topic',
      patternType: 'literal',
      resourceName: 't',
      operation: 'read',
      permission: 'allow',
    });
    expect(() => aclFromWire({ principal: 'User:a', resourceType: 'table', resourceName: 't', operation: 'read' })).toThrow(/resource_type/);
    expect(aclFilterFromWire({ principal: 'User:a', operation: '' })).toEqual({ principal: 'User:a' });
  });

  it('counts failures by source host, whatever the port', () => {
    expect(sourceHost('ipv4:10.0.0.1:5555')).toBe('10.0.0.1');
    expect(sourceHost('ipv6:[::1]:5555')).toBe('::1');
  });
});
