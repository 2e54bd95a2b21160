/** Users, ACLs and token keys to and from the JSON of commands and image snapshots. */
import { MetadataDecodeError } from './errors.js';
import { asArray, asInteger, asString, JsonFields } from './json-codec.js';
import {
  ACL_OPERATIONS,
  ACL_PERMISSIONS,
  PATTERN_TYPES,
  RESOURCE_TYPES,
  type AclBinding,
  type AclFilter,
  type PasswordHash,
  type SecurityImage,
  type TokenKey,
  type UserRecord,
} from './security-records.js';

const asTimeMs = (value: unknown, path: string): number => asInteger(value, path, 0, Number.MAX_SAFE_INTEGER);

function oneOf<T extends string>(values: readonly T[]): (value: unknown, path: string) => T {
  return (value, path) => {
    const found = values.find((v) => v === value);
    if (found === undefined) throw new MetadataDecodeError(path, `expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    return found;
  };
}

/** Users sorted by name, so equal images give equal bytes. */
export function encodeSecurity(security: SecurityImage): unknown {
  const users = [...security.users.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { users, acls: security.acls, tokenKeys: security.tokenKeys };
}

export function readSecurity(value: unknown, path: string): SecurityImage {
  const fields = JsonFields.of(value, path);
  const users = fields.get('users', (v, p) => asArray(v, p, readUser));
  const security: SecurityImage = {
    users: new Map(users.map((user) => [user.name, user])),
    acls: fields.get('acls', (v, p) => asArray(v, p, readAcl)),
    tokenKeys: fields.get('tokenKeys', (v, p) => asArray(v, p, readTokenKey)),
  };
  fields.end();
  if (security.users.size !== users.length) throw new MetadataDecodeError(`${path}.users`, 'a user name appears twice');
  return security;
}

function readPasswordHash(value: unknown, path: string): PasswordHash {
  const fields = JsonFields.of(value, path);
  const hash: PasswordHash = {
    algorithm: fields.get('algorithm', oneOf(['scrypt'] as const)),
    cost: fields.u32('cost'),
    blockSize: fields.u32('blockSize'),
    parallelization: fields.u32('parallelization'),
    salt: fields.string('salt'),
    hash: fields.string('hash'),
  };
  fields.end();
  return hash;
}

export function readUser(value: unknown, path: string): UserRecord {
  const fields = JsonFields.of(value, path);
  const user: UserRecord = {
    name: fields.string('name'),
    id: fields.string('id'),
    password: fields.get('password', readPasswordHash),
    createdAtMs: fields.get('createdAtMs', asTimeMs),
  };
  fields.end();
  return user;
}

export function readAcl(value: unknown, path: string): AclBinding {
  const fields = JsonFields.of(value, path);
  const acl: AclBinding = {
    principal: fields.string('principal'),
    resourceType: fields.get('resourceType', oneOf(RESOURCE_TYPES)),
    patternType: fields.get('patternType', oneOf(PATTERN_TYPES)),
    resourceName: fields.string('resourceName'),
    operation: fields.get('operation', oneOf(ACL_OPERATIONS)),
    permission: fields.get('permission', oneOf(ACL_PERMISSIONS)),
  };
  fields.end();
  return acl;
}

/** Every field optional: an absent one matches any value. */
export function readAclFilter(value: unknown, path: string): AclFilter {
  const fields = JsonFields.of(value, path);
  const optional = <T>(key: string, as: (v: unknown, p: string) => T): T | undefined => (fields.has(key) ? fields.get(key, as) : undefined);
  const filter: AclFilter = {
    principal: optional('principal', asString),
    resourceType: optional('resourceType', oneOf(RESOURCE_TYPES)),
    patternType: optional('patternType', oneOf(PATTERN_TYPES)),
    resourceName: optional('resourceName', asString),
    operation: optional('operation', oneOf(ACL_OPERATIONS)),
    permission: optional('permission', oneOf(ACL_PERMISSIONS)),
  };
  fields.end();
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AclFilter;
}

export function readTokenKey(value: unknown, path: string): TokenKey {
  const fields = JsonFields.of(value, path);
  const key: TokenKey = { id: fields.string('id'), secret: fields.string('secret'), createdAtMs: fields.get('createdAtMs', asTimeMs) };
  fields.end();
  return key;
}
