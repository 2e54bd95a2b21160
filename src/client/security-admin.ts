/**
 * Users and ACLs (docs/security.md). Changes go to the controller; listings
 * too, so a list after a change sees it.
 */
import type { AclBinding as WireAcl } from '../gen/cairn/v1/AclBinding.js';
import type { ClusterClient } from './cluster-client.js';
import { CairnError } from './errors.js';
import type { Authenticated } from './session.js';

export type ResourceType = 'topic' | 'group' | 'cluster';
export type PatternType = 'literal' | 'prefixed';
export type AclOperation = 'all' | 'read' | 'write' | 'create' | 'delete' | 'alter' | 'describe' | 'idempotent_write';
export type AclPermission = 'allow' | 'deny';

/** Kafka's model: `User:alice` or `User:*`; the cluster resource is named `cluster`. */
export interface Acl {
  readonly principal: string;
  readonly resourceType: ResourceType;
  /** Default literal. */
  readonly patternType?: PatternType;
  readonly resourceName: string;
  readonly operation: AclOperation;
  /** Default allow. */
  readonly permission?: AclPermission;
}

/** Every field optional: an absent one matches any value. */
export type AclFilter = Partial<Acl>;

export interface UserListing {
  readonly name: string;
  readonly createdAtMs: number;
}

const toWire = (acl: AclFilter): WireAcl => ({
  principal: acl.principal ?? '',
  resourceType: acl.resourceType ?? '',
  patternType: acl.patternType ?? '',
  resourceName: acl.resourceName ?? '',
  operation: acl.operation ?? '',
  permission: acl.permission ?? '',
});

const fromWire = (acl: WireAcl): Required<Acl> => ({
  principal: acl.principal ?? '',
  resourceType: acl.resourceType as ResourceType,
  patternType: acl.patternType as PatternType,
  resourceName: acl.resourceName ?? '',
  operation: acl.operation as AclOperation,
  permission: acl.permission as AclPermission,
});

export class SecurityAdmin {
  /** Use `cairn.admin().security()`. */
  constructor(private readonly client: ClusterClient) {}

  /**
   * A session token for this user, from Authenticate (which the server takes
   * only over TLS): for a program that hands tokens on, as the web console
   * does to its browsers. Rejects with UNAUTHENTICATED for a wrong name or
   * password, or while the attempts are throttled.
   */
  async authenticate(user: string, password: string): Promise<Authenticated> {
    if (typeof user !== 'string' || user === '' || typeof password !== 'string' || password === '') {
      throw new CairnError('INVALID_REQUEST', 'authenticate: the user and the password must be non-empty strings');
    }
    const response = await this.client.call('Authenticate', { user, password }, { to: 'any' });
    return { token: response.token, expiresAtMs: Number(response.expiresAtMs) };
  }

  /** Creates the user, or gives it a new password (which ends its tokens). The password is sent to the controller, to be hashed there. */
  async createUser(name: string, password: string): Promise<void> {
    if (typeof password !== 'string' || password === '') throw new CairnError('INVALID_REQUEST', 'createUser: the password must be a non-empty string');
    await this.client.call('CreateUser', { name, password }, { to: 'controller' });
  }

  async deleteUser(name: string): Promise<void> {
    await this.client.call('DeleteUser', { name }, { to: 'controller' });
  }

  async listUsers(): Promise<UserListing[]> {
    const response = await this.client.call('ListUsers', {}, { to: 'controller' });
    return response.users.map((u) => ({ name: u.name, createdAtMs: Number(u.createdAtMs) }));
  }

  async createAcls(acls: readonly Acl[]): Promise<void> {
    await this.client.call('CreateAcls', { acls: acls.map(toWire) }, { to: 'controller' });
  }

  /** Deletes every binding the filter matches (all of them for an empty filter); resolves with those deleted. */
  async deleteAcls(filter: AclFilter): Promise<Required<Acl>[]> {
    const response = await this.client.call('DeleteAcls', { filter: toWire(filter) }, { to: 'controller' });
    return response.deleted.map(fromWire);
  }

  async listAcls(filter: AclFilter = {}): Promise<Required<Acl>[]> {
    const response = await this.client.call('ListAcls', { filter: toWire(filter) }, { to: 'controller' });
    return response.acls.map(fromWire);
  }

  /** A new key signs tokens from now on; tokens signed by the key before the previous one stop working. */
  async rotateTokenKey(): Promise<void> {
    await this.client.call('RotateTokenKey', {}, { to: 'controller' });
  }
}
