/**
 * Users, ACLs and token-signing keys as the metadata image holds them, and
 * the pure rules that change them. Kafka's ACL model: a binding names a
 * principal (`User:alice`, or `User:*` for every user), a resource (topic,
 * group or the cluster) by literal name or by prefix, an operation and
 * whether it is allowed or denied. Passwords arrive already hashed: the
 * proposer hashes, so no password ever enters the metadata log.
 */
import { metadataError, refusal, type Refusal } from './errors.js';

export const RESOURCE_TYPES = ['topic', 'group', 'cluster'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const PATTERN_TYPES = ['literal', 'prefixed'] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];
/** `all` matches every operation; `idempotent_write` (cluster) lets a principal obtain a producer id. */
export const ACL_OPERATIONS = ['all', 'read', 'write', 'create', 'delete', 'alter', 'describe', 'idempotent_write'] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];
export const ACL_PERMISSIONS = ['allow', 'deny'] as const;
export type AclPermission = (typeof ACL_PERMISSIONS)[number];

/** The one name of the cluster resource. */
export const CLUSTER_RESOURCE = 'cluster';
/** A literal resource name that matches every name of its type (Kafka's convention). */
export const WILDCARD_RESOURCE = '*';
export const PRINCIPAL_PREFIX = 'User:';
export const WILDCARD_PRINCIPAL = 'User:*';

export const USERS_MAX = 10_000;
export const ACLS_MAX = 10_000;
/** The key that signs new tokens and the one before it, which still verifies tokens it signed. */
export const TOKEN_KEYS_MAX = 2;
export const USER_NAME_LENGTH_MAX = 128;
export const RESOURCE_NAME_LENGTH_MAX = 255;
const USER_NAME = /^[A-Za-z0-9._@-]+$/;

export interface AclBinding {
  readonly principal: string;
  readonly resourceType: ResourceType;
  readonly patternType: PatternType;
  readonly resourceName: string;
  readonly operation: AclOperation;
  readonly permission: AclPermission;
}

/** Matches the bindings whose every given field is equal; an empty filter matches all. */
export type AclFilter = Partial<AclBinding>;

/** A salted scrypt hash with the parameters it was made with, so they can change without invalidating old hashes. */
export interface PasswordHash {
  readonly algorithm: 'scrypt';
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
  readonly salt: string;
  readonly hash: string;
}

export interface UserRecord {
  readonly name: string;
  /** Random, new at every create or password change: a token names it, so older tokens stop working. */
  readonly id: string;
  readonly password: PasswordHash;
  readonly createdAtMs: number;
}

export interface TokenKey {
  readonly id: string;
  /** Base64 HMAC-SHA-256 key, random from the proposer. */
  readonly secret: string;
  readonly createdAtMs: number;
}

export interface SecurityImage {
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly acls: readonly AclBinding[];
  /** Newest last; the newest signs. */
  readonly tokenKeys: readonly TokenKey[];
}

export const EMPTY_SECURITY: SecurityImage = Object.freeze({ users: new Map(), acls: Object.freeze([]), tokenKeys: Object.freeze([]) });

export function checkUserName(name: string): string | null {
  if (name.length === 0 || name.length > USER_NAME_LENGTH_MAX) return `a user name has 1 to ${USER_NAME_LENGTH_MAX} characters`;
  if (!USER_NAME.test(name)) return `user name '${name.slice(0, 64)}' may hold only letters, digits and . _ @ -`;
  return null;
}

/** Why a binding is malformed, or null. */
export function checkAcl(acl: AclBinding): string | null {
  if (!acl.principal.startsWith(PRINCIPAL_PREFIX)) return `principal '${acl.principal.slice(0, 64)}' must be User:<name> or User:*`;
  const user = acl.principal.slice(PRINCIPAL_PREFIX.length);
  if (user !== '*' && checkUserName(user) !== null) return `principal '${acl.principal.slice(0, 64)}' names no valid user`;
  if (!RESOURCE_TYPES.includes(acl.resourceType)) return `resource type must be one of ${RESOURCE_TYPES.join(', ')}`;
  if (!PATTERN_TYPES.includes(acl.patternType)) return `pattern type must be one of ${PATTERN_TYPES.join(', ')}`;
  if (!ACL_OPERATIONS.includes(acl.operation)) return `operation must be one of ${ACL_OPERATIONS.join(', ')}`;
  if (!ACL_PERMISSIONS.includes(acl.permission)) return `permission must be allow or deny`;
  if (acl.resourceName.length === 0 || acl.resourceName.length > RESOURCE_NAME_LENGTH_MAX) {
    return `a resource name has 1 to ${RESOURCE_NAME_LENGTH_MAX} characters`;
  }
  if (acl.resourceName.includes('\u0000')) return 'a resource name holds no NUL character';
  if (acl.resourceType === 'cluster' && (acl.resourceName !== CLUSTER_RESOURCE || acl.patternType !== 'literal')) {
    return `the cluster resource is the literal name '${CLUSTER_RESOURCE}'`;
  }
  if (acl.patternType === 'prefixed' && acl.resourceName === WILDCARD_RESOURCE) return `a prefixed pattern of '*' matches only names starting with '*': use literal '*'`;
  return null;
}

export function matchesFilter(acl: AclBinding, filter: AclFilter): boolean {
  return (Object.keys(filter) as (keyof AclBinding)[]).every((key) => filter[key] === undefined || filter[key] === acl[key]);
}

/** One string per distinct binding (fields cannot hold NUL: names are checked, enums are fixed). */
const aclKey = (acl: AclBinding): string =>
  [acl.principal, acl.resourceType, acl.patternType, acl.resourceName, acl.operation, acl.permission].join('\u0000');

export function putUser(security: SecurityImage, user: UserRecord): SecurityImage | Refusal {
  const error = checkUserName(user.name);
  if (error !== null) return refusal(metadataError('invalid-user', error));
  if (!security.users.has(user.name) && security.users.size >= USERS_MAX) {
    return refusal(metadataError('limit-exceeded', `the cluster has ${USERS_MAX} users, the most it may`));
  }
  return { ...security, users: new Map(security.users).set(user.name, user) };
}

export function deleteUser(security: SecurityImage, name: string): SecurityImage | Refusal {
  if (!security.users.has(name)) return refusal(metadataError('unknown-user', `no user '${name.slice(0, 64)}'`));
  const users = new Map(security.users);
  users.delete(name);
  return { ...security, users };
}

/** Adds the bindings not already present; all or none. */
export function createAcls(security: SecurityImage, acls: readonly AclBinding[]): SecurityImage | Refusal {
  for (const acl of acls) {
    const error = checkAcl(acl);
    if (error !== null) return refusal(metadataError('invalid-acl', error));
  }
  const present = new Set(security.acls.map(aclKey));
  const added = acls.filter((acl) => {
    const key = aclKey(acl);
    if (present.has(key)) return false;
    present.add(key);
    return true;
  });
  if (security.acls.length + added.length > ACLS_MAX) {
    return refusal(metadataError('limit-exceeded', `the cluster may hold at most ${ACLS_MAX} ACLs`));
  }
  return { ...security, acls: [...security.acls, ...added] };
}

export function deleteAcls(security: SecurityImage, filter: AclFilter): SecurityImage {
  return { ...security, acls: security.acls.filter((acl) => !matchesFilter(acl, filter)) };
}

export function addTokenKey(security: SecurityImage, key: TokenKey): SecurityImage | Refusal {
  if (security.tokenKeys.some((old) => old.id === key.id)) return refusal(metadataError('invalid-token-key', `token key '${key.id}' exists`));
  return { ...security, tokenKeys: [...security.tokenKeys, key].slice(-TOKEN_KEYS_MAX) };
}
