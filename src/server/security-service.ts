/**
 * The public Security service: Authenticate (a password, over TLS, for a
 * short-lived token) on any node; users, ACLs and token-key rotation on the
 * controller (other nodes answer NOT_CONTROLLER with a hint). Passwords are
 * hashed here, before proposing, so none enters the metadata log; none is
 * logged.
 */
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError, toGrpcError } from '../protocol/errors.js';
import type { AclBinding as WireAcl } from '../gen/cairn/v1/AclBinding.js';
import {
  ACL_OPERATIONS,
  ACL_PERMISSIONS,
  EMPTY_SECURITY,
  PATTERN_TYPES,
  RESOURCE_TYPES,
  checkAcl,
  matchesFilter,
  type AclBinding,
  type AclFilter,
  type MetadataCommand,
  type MetadataImage,
  type SecurityImage,
} from '../metadata/index.js';
import type { Logger } from '../observability/index.js';
import { AttemptLimiter } from '../security/attempt-limiter.js';
import { DECOY_HASH, verifyPassword } from '../security/password-hash.js';
import { newTokenKeyCommand, putUserCommand } from '../security/security-commands.js';
import { issueToken } from '../security/session-token.js';
import { asCairn } from './partition-failure.js';
import { unary } from './unary.js';

export interface SecurityServiceDeps {
  readonly image: () => MetadataImage;
  /** Throws NOT_CONTROLLER (with a hint) unless this node is the controller. */
  readonly requireController: () => void;
  readonly propose: (command: MetadataCommand) => Promise<unknown>;
  /** Whether Authenticate answers at all (authentication is on). */
  readonly authentication: boolean;
  /** Whether this node's client port has TLS; passwords are refused on a plaintext one unless `plaintextPasswords`. */
  readonly clientTls: boolean;
  readonly plaintextPasswords: boolean;
  readonly tokenTtlMs: number;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

export const securityOf = (image: MetadataImage): SecurityImage => image.security ?? EMPTY_SECURITY;

function oneOf<T extends string>(values: readonly T[], value: string, field: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new CairnError('INVALID_REQUEST', `${field} must be one of ${values.join(', ')}, not '${value.slice(0, 64)}'`);
  return found;
}

export function aclFromWire(wire: WireAcl): AclBinding {
  const acl: AclBinding = {
    principal: wire.principal ?? '',
    resourceType: oneOf(RESOURCE_TYPES, wire.resourceType ?? '', 'resource_type'),
    patternType: oneOf(PATTERN_TYPES, wire.patternType === '' || wire.patternType === undefined ? 'literal' : wire.patternType, 'pattern_type'),
    resourceName: wire.resourceName ?? '',
    operation: oneOf(ACL_OPERATIONS, wire.operation ?? '', 'operation'),
    permission: oneOf(ACL_PERMISSIONS, wire.permission === '' || wire.permission === undefined ? 'allow' : wire.permission, 'permission'),
  };
  const problem = checkAcl(acl);
  if (problem !== null) throw new CairnError('INVALID_REQUEST', problem);
  return acl;
}

/** Empty fields match anything. */
export function aclFilterFromWire(wire: WireAcl | null | undefined): AclFilter {
  const filter: Record<string, string> = {};
  const checks: [keyof WireAcl, readonly string[] | undefined][] = [
    ['principal', undefined],
    ['resourceType', RESOURCE_TYPES],
    ['patternType', PATTERN_TYPES],
    ['resourceName', undefined],
    ['operation', ACL_OPERATIONS],
    ['permission', ACL_PERMISSIONS],
  ];
  for (const [field, values] of checks) {
    const value = wire?.[field];
    if (value === undefined || value === null || value === '') continue;
    filter[field] = values === undefined ? value : oneOf(values, value, field);
  }
  return filter as AclFilter;
}

/** The host of a gRPC peer string (`ipv4:1.2.3.4:5`, `ipv6:[::1]:5`), so one source's ports count together. */
export function sourceHost(peer: string): string {
  const address = peer.replace(/^ipv[46]:/, '');
  const bracket = address.match(/^\[([^\]]+)\]/);
  if (bracket !== null) return bracket[1]!;
  const colon = address.lastIndexOf(':');
  return colon > 0 ? address.slice(0, colon) : address;
}

export function securityServiceHandlers(deps: SecurityServiceDeps): UntypedServiceImplementation {
  const limiter = new AttemptLimiter(deps.nowMs);
  const security = (): SecurityImage => securityOf(deps.image());

  const authenticate = async (request: { user: string; password: string }, peer: string) => {
    if (!deps.authentication) throw new CairnError('INVALID_REQUEST', 'authentication is off on this node: calls need no token');
    if (!deps.clientTls && !deps.plaintextPasswords) {
      throw new CairnError('UNAUTHENTICATED', 'passwords are accepted only over TLS, and this node\'s client port has none');
    }
    const source = sourceHost(peer);
    const userLabel = request.user.slice(0, 128);
    const waitMs = limiter.waitMs(userLabel, source);
    if (waitMs > 0) throw new CairnError('UNAUTHENTICATED', `too many failed attempts for this user or source: retry in ${waitMs} ms`);
    const user = security().users.get(request.user);
    // An unknown user costs a hash too, so timing does not tell which users exist.
    const matches = await verifyPassword(request.password, user?.password ?? DECOY_HASH);
    if (user === undefined || !matches) {
      limiter.failed(userLabel, source);
      deps.logger.warn({ user: userLabel, source }, 'authentication failed');
      throw new CairnError('UNAUTHENTICATED', 'wrong user name or password');
    }
    limiter.succeeded(userLabel);
    const key = security().tokenKeys.at(-1);
    if (key === undefined) throw new CairnError('UNAVAILABLE', 'no token-signing key yet: the controller creates one once authentication is on');
    const expiresAtMs = deps.nowMs() + deps.tokenTtlMs;
    return { token: issueToken(user, key, expiresAtMs), expiresAtMs: String(expiresAtMs) };
  };

  const onController = <Req, Res>(handle: (request: Req) => Promise<Res> | Res) =>
    unary(async (request: Req) => {
      deps.requireController();
      return handle(request);
    });

  return {
    Authenticate: (call: ServerUnaryCall<{ user: string; password: string }, unknown>, callback: sendUnaryData<unknown>) => {
      authenticate(call.request, call.getPeer()).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },
    CreateUser: onController(async (request: { name: string; password: string }) => {
      await deps.propose(await putUserCommand(request.name, request.password, deps.nowMs()));
      return {};
    }),
    DeleteUser: onController(async (request: { name: string }) => {
      await deps.propose({ type: 'delete-user', name: request.name });
      return {};
    }),
    ListUsers: unary(() => ({
      users: [...security().users.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((u) => ({ name: u.name, createdAtMs: String(u.createdAtMs) })),
    })),
    CreateAcls: onController(async (request: { acls: WireAcl[] }) => {
      if (request.acls.length === 0) throw new CairnError('INVALID_REQUEST', 'no ACL to create');
      await deps.propose({ type: 'create-acls', acls: request.acls.map(aclFromWire) });
      return {};
    }),
    DeleteAcls: onController(async (request: { filter?: WireAcl | null }) => {
      const filter = aclFilterFromWire(request.filter);
      const deleted = security().acls.filter((acl) => matchesFilter(acl, filter));
      await deps.propose({ type: 'delete-acls', filter });
      return { deleted };
    }),
    ListAcls: unary((request: { filter?: WireAcl | null }) => {
      const filter = aclFilterFromWire(request.filter);
      return { acls: security().acls.filter((acl) => matchesFilter(acl, filter)) };
    }),
    RotateTokenKey: onController(async () => {
      await deps.propose(newTokenKeyCommand(deps.nowMs()));
      return {};
    }),
  };
}
