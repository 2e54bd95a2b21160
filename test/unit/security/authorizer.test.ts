import { describe, expect, it } from 'vitest';
import { EMPTY_SECURITY, type AclBinding, type SecurityImage } from '../../../src/metadata/index.js';
import { Authorizer } from '../../../src/security/authorizer.js';

const acl = (over: Partial<AclBinding>): AclBinding => ({
  principal: 'User:alice',
  resourceType: 'topic',
  patternType: 'literal',
  resourceName: 'orders',
  operation: 'read',
  permission: 'allow',
  ...over,
});
const withAcls = (...acls: AclBinding[]): SecurityImage => ({ ...EMPTY_SECURITY, acls });
const orders = { type: 'topic', name: 'orders' } as const;
const authorizer = new Authorizer(new Set(['root']));

describe('Authorizer', () => {
  it('denies by default', () => {
    expect(authorizer.allows(EMPTY_SECURITY, 'alice', 'read', orders)).toBe(false);
  });

  it('allows what a literal ACL grants, and only that operation, resource type and name', () => {
    const security = withAcls(acl({}));
    expect(authorizer.allows(security, 'alice', 'read', orders)).toBe(true);
    expect(authorizer.allows(security, 'alice', 'write', orders)).toBe(false);
    expect(authorizer.allows(security, 'alice', 'read', { type: 'topic', name: 'orders2' })).toBe(false);
    expect(authorizer.allows(security, 'alice', 'read', { type: 'group', name: 'orders' })).toBe(false);
    expect(authorizer.allows(security, 'bob', 'read', orders)).toBe(false);
  });

  it('lets a DENY win over any ALLOW, including one for all operations', () => {
    const security = withAcls(acl({ operation: 'all' }), acl({ principal: 'User:*', permission: 'deny', patternType: 'prefixed', resourceName: 'ord' }));
    expect(authorizer.allows(security, 'alice', 'read', orders)).toBe(false);
    expect(authorizer.allows(security, 'alice', 'read', { type: 'topic', name: 'other' })).toBe(false);
  });

  it('matches prefixed patterns, the wildcard principal and the literal * resource', () => {
    const security = withAcls(
      acl({ patternType: 'prefixed', resourceName: 'team-a.', operation: 'write' }),
      acl({ principal: 'User:*', resourceName: 'public', operation: 'read' }),
      acl({ principal: 'User:carol', resourceName: '*', operation: 'describe' }),
    );
    expect(authorizer.allows(security, 'alice', 'write', { type: 'topic', name: 'team-a.events' })).toBe(true);
    expect(authorizer.allows(security, 'alice', 'write', { type: 'topic', name: 'team-b.events' })).toBe(false);
    expect(authorizer.allows(security, 'anyone', 'read', { type: 'topic', name: 'public' })).toBe(true);
    expect(authorizer.allows(security, 'carol', 'describe', { type: 'topic', name: 'x' })).toBe(true);
    expect(authorizer.allows(security, 'carol', 'read', { type: 'topic', name: 'x' })).toBe(false);
  });

  it('lets read, write, delete and alter imply describe, but not create', () => {
    for (const operation of ['read', 'write', 'delete', 'alter'] as const) {
      expect(authorizer.allows(withAcls(acl({ operation })), 'alice', 'describe', orders)).toBe(true);
    }
    expect(authorizer.allows(withAcls(acl({ operation: 'create' })), 'alice', 'describe', orders)).toBe(false);
    // A denied read does not deny describe.
    expect(authorizer.allows(withAcls(acl({ operation: 'describe' }), acl({ permission: 'deny' })), 'alice', 'describe', orders)).toBe(true);
  });

  it('lets superusers do anything, whatever the DENYs', () => {
    expect(authorizer.allows(withAcls(acl({ principal: 'User:root', permission: 'deny', operation: 'all' })), 'root', 'delete', orders)).toBe(true);
  });

  it('tells whether any resource of a type is granted an operation', () => {
    const security = withAcls(acl({ operation: 'write', resourceName: 'x' }));
    expect(authorizer.allowsSome(security, 'alice', 'write', 'topic')).toBe(true);
    expect(authorizer.allowsSome(security, 'alice', 'write', 'group')).toBe(false);
    expect(authorizer.allowsSome(security, 'bob', 'write', 'topic')).toBe(false);
  });

  it('does not count an ALLOW that a DENY covers whole as granting some resource', () => {
    const allowAll = acl({ operation: 'write', resourceName: '*' });
    expect(authorizer.allowsSome(withAcls(allowAll, acl({ operation: 'all', resourceName: '*', permission: 'deny' })), 'alice', 'write', 'topic')).toBe(false);
    const allowTeam = acl({ operation: 'write', patternType: 'prefixed', resourceName: 'team.a' });
    expect(authorizer.allowsSome(withAcls(allowTeam, acl({ operation: 'write', patternType: 'prefixed', resourceName: 'team.', permission: 'deny' })), 'alice', 'write', 'topic')).toBe(false);
    // A DENY of one topic leaves the others.
    expect(authorizer.allowsSome(withAcls(allowAll, acl({ operation: 'write', resourceName: 'x', permission: 'deny' })), 'alice', 'write', 'topic')).toBe(true);
  });
});
