import { describe, expect, it } from 'vitest';
import {
  ACLS_MAX,
  TOKEN_KEYS_MAX,
  decodeCommand,
  decodeImage,
  encodeCommand,
  encodeImage,
  type AclBinding,
  type MetadataCommand,
  type UserRecord,
} from '../../../src/metadata/index.js';
import { Log } from './helpers.js';

const hash = { algorithm: 'scrypt', cost: 16384, blockSize: 8, parallelization: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' } as const;
const user = (name: string, id = 'id-1'): UserRecord => ({ name, id, password: hash, createdAtMs: 5 });
const acl = (over: Partial<AclBinding> = {}): AclBinding => ({
  principal: 'User:alice',
  resourceType: 'topic',
  patternType: 'literal',
  resourceName: 'orders',
  operation: 'read',
  permission: 'allow',
  ...over,
});

describe('MetadataStm security commands', () => {
  it('creates a user, replaces it with a new record id, and deletes it', () => {
    const log = new Log();
    log.ok({ type: 'put-user', user: user('alice') });
    log.ok({ type: 'put-user', user: user('alice', 'id-2') });
    expect(log.image.security?.users.get('alice')?.id).toBe('id-2');
    log.ok({ type: 'delete-user', name: 'alice' });
    expect(log.image.security?.users.has('alice')).toBe(false);
    expect(log.apply({ type: 'delete-user', name: 'alice' })).toMatchObject({ ok: false, error: { kind: 'unknown-user' } });
  });

  it('refuses a user name with a colon or a wildcard, which ACL principals could not name', () => {
    const log = new Log();
    expect(log.apply({ type: 'put-user', user: user('a:b') })).toMatchObject({ ok: false, error: { kind: 'invalid-user' } });
    expect(log.apply({ type: 'put-user', user: user('*') })).toMatchObject({ ok: false, error: { kind: 'invalid-user' } });
    expect(log.image.security).toBeUndefined();
  });

  it('adds ACLs once each, refuses a malformed batch whole, and deletes by filter', () => {
    const log = new Log();
    log.ok({ type: 'create-acls', acls: [acl(), acl(), acl({ operation: 'write' })] });
    log.ok({ type: 'create-acls', acls: [acl()] });
    expect(log.image.security?.acls).toHaveLength(2);
    const bad = log.apply({ type: 'create-acls', acls: [acl({ principal: 'Group:x' }), acl({ resourceName: 'other' })] });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-acl' } });
    expect(log.image.security?.acls).toHaveLength(2);
    expect(log.apply({ type: 'create-acls', acls: [acl({ resourceType: 'cluster', resourceName: 'orders' })] })).toMatchObject({ ok: false });
    log.ok({ type: 'delete-acls', filter: { operation: 'write' } });
    expect(log.image.security?.acls).toEqual([acl()]);
    log.ok({ type: 'delete-acls', filter: {} });
    expect(log.image.security?.acls).toEqual([]);
  });

  it('bounds the ACL count', () => {
    const log = new Log();
    const many = Array.from({ length: ACLS_MAX + 1 }, (_, i) => acl({ resourceName: `t${i}` }));
    expect(log.apply({ type: 'create-acls', acls: many })).toMatchObject({ ok: false, error: { kind: 'limit-exceeded' } });
  });

  it('keeps the newest token keys only, and refuses a reused key id', () => {
    const log = new Log();
    for (let i = 0; i <= TOKEN_KEYS_MAX; i++) log.ok({ type: 'add-token-key', key: { id: `k${i}`, secret: 'c2VjcmV0', createdAtMs: i } });
    expect(log.image.security?.tokenKeys.map((k) => k.id)).toEqual(Array.from({ length: TOKEN_KEYS_MAX }, (_, i) => `k${i + 1}`));
    expect(log.apply({ type: 'add-token-key', key: { id: `k${TOKEN_KEYS_MAX}`, secret: 'eA==', createdAtMs: 9 } })).toMatchObject({ ok: false });
  });
});

describe('security codecs', () => {
  it('round-trips every security command through its bytes', () => {
    const commands: MetadataCommand[] = [
      { type: 'put-user', user: user('alice') },
      { type: 'delete-user', name: 'alice' },
      { type: 'create-acls', acls: [acl(), acl({ patternType: 'prefixed', permission: 'deny' })] },
      { type: 'delete-acls', filter: { principal: 'User:*', operation: 'all' } },
      { type: 'delete-acls', filter: {} },
      { type: 'add-token-key', key: { id: 'k', secret: 'cw==', createdAtMs: 1 } },
    ];
    for (const command of commands) expect(decodeCommand(encodeCommand(command))).toEqual(command);
  });

  it('refuses an ACL with an unknown operation', () => {
    const bytes = encodeCommand({ type: 'create-acls', acls: [{ ...acl(), operation: 'own' as never }] });
    expect(() => decodeCommand(bytes)).toThrow(/operation/);
  });

  it('snapshots users, ACLs and keys, and reads an image written before they existed', () => {
    const log = new Log();
    const before = decodeImage(encodeImage(log.image));
    expect(before.security).toBeUndefined();
    log.ok({ type: 'put-user', user: user('bob') });
    log.ok({ type: 'put-user', user: user('alice') });
    log.ok({ type: 'create-acls', acls: [acl()] });
    log.ok({ type: 'add-token-key', key: { id: 'k', secret: 'cw==', createdAtMs: 1 } });
    const restored = decodeImage(encodeImage(log.image));
    expect(restored).toEqual(log.image);
    expect([...restored.security!.users.keys()].sort()).toEqual(['alice', 'bob']);
  });
});
