/**
 * Kafka's authorization rule: superusers may do anything; otherwise a DENY
 * binding that matches wins over any ALLOW, and with no matching ALLOW the
 * answer is no. An ALLOW of read, write, delete or alter on a resource also
 * allows describing it, as in Kafka, so a consumer need not be granted
 * describe separately.
 */
import {
  PRINCIPAL_PREFIX,
  WILDCARD_PRINCIPAL,
  WILDCARD_RESOURCE,
  type AclBinding,
  type AclOperation,
  type ResourceType,
  type SecurityImage,
} from '../metadata/index.js';

export interface Resource {
  readonly type: ResourceType;
  readonly name: string;
}

const IMPLIES_DESCRIBE: readonly AclOperation[] = ['describe', 'read', 'write', 'delete', 'alter'];

function principalMatches(acl: AclBinding, principal: string): boolean {
  return acl.principal === WILDCARD_PRINCIPAL || acl.principal === `${PRINCIPAL_PREFIX}${principal}`;
}

function resourceMatches(acl: AclBinding, resource: Resource): boolean {
  if (acl.resourceType !== resource.type) return false;
  if (acl.patternType === 'prefixed') return resource.name.startsWith(acl.resourceName);
  return acl.resourceName === resource.name || acl.resourceName === WILDCARD_RESOURCE;
}

function operationMatches(acl: AclBinding, operation: AclOperation): boolean {
  if (acl.operation === 'all' || acl.operation === operation) return true;
  return acl.permission === 'allow' && operation === 'describe' && IMPLIES_DESCRIBE.includes(acl.operation);
}

/** Whether every name `allow` matches is also matched by `deny`. */
function covers(deny: AclBinding, allow: AclBinding): boolean {
  if (deny.patternType === 'literal') return deny.resourceName === WILDCARD_RESOURCE || (allow.patternType === 'literal' && allow.resourceName === deny.resourceName);
  return allow.resourceName.startsWith(deny.resourceName) && allow.resourceName !== WILDCARD_RESOURCE;
}

export class Authorizer {
  constructor(private readonly superUsers: ReadonlySet<string>) {}

  isSuperUser(principal: string): boolean {
    return this.superUsers.has(principal);
  }

  allows(security: SecurityImage, principal: string, operation: AclOperation, resource: Resource): boolean {
    if (this.isSuperUser(principal)) return true;
    let allowed = false;
    for (const acl of security.acls) {
      if (!principalMatches(acl, principal) || !resourceMatches(acl, resource) || !operationMatches(acl, operation)) continue;
      if (acl.permission === 'deny') return false;
      allowed = true;
    }
    return allowed;
  }

  /**
   * Whether some resource of the type is granted `operation`: an ALLOW that
   * no DENY of the principal covers whole (Kafka's rule for, e.g., a
   * producer id needing write on any topic).
   */
  allowsSome(security: SecurityImage, principal: string, operation: AclOperation, type: ResourceType): boolean {
    if (this.isSuperUser(principal)) return true;
    const applies = (acl: AclBinding): boolean => acl.resourceType === type && principalMatches(acl, principal) && operationMatches(acl, operation);
    const denies = security.acls.filter((acl) => acl.permission === 'deny' && applies(acl));
    return security.acls.some((acl) => acl.permission === 'allow' && applies(acl) && !denies.some((deny) => covers(deny, acl)));
  }
}
