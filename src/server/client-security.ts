/**
 * A node's client-call security, built from its configuration: the guard
 * every client service is wrapped in, the Security service, and the
 * controller's bootstrap of the token key and first user.
 */
import type { PeerCertificate } from 'node:tls';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeConfig } from '../config/index.js';
import type { MetadataCommand, MetadataImage } from '../metadata/index.js';
import type { Logger } from '../observability/index.js';
import { Authorizer } from '../security/authorizer.js';
import { CallGuard, type GuardedCall } from '../security/call-guard.js';
import { principalFromCertificate } from '../security/certificate-principal.js';
import { bootstrapSecurity } from '../security/security-bootstrap.js';
import { securityOf, securityServiceHandlers } from './security-service.js';

export interface ClientSecurityDeps {
  readonly config: NodeConfig;
  readonly image: () => MetadataImage;
  readonly requireController: () => void;
  readonly propose: (command: MetadataCommand) => Promise<unknown>;
  readonly logger: Logger;
}

export interface ClientSecurity {
  readonly guard: CallGuard;
  readonly handlers: UntypedServiceImplementation;
  /** On the controller, each round. */
  bootstrap(): Promise<void>;
  close(): void;
}

export function clientSecurity(deps: ClientSecurityDeps): ClientSecurity {
  const { auth, tls } = deps.config;
  const nowMs = (): number => Date.now();
  // The bootstrap user exists to administer the cluster, so it is a superuser.
  const superUsers = new Set([...auth.superUsers, ...(auth.bootstrapUser === undefined ? [] : [auth.bootstrapUser])]);
  const certificateUser =
    tls === undefined
      ? undefined
      : (call: GuardedCall): string | undefined => {
          const context = call.getAuthContext?.() as { sslPeerCertificate?: PeerCertificate } | undefined;
          return principalFromCertificate(context?.sslPeerCertificate, tls.principalRules);
        };
  const guard = new CallGuard({
    authentication: auth.enabled,
    authorization: auth.authorization,
    authorizer: new Authorizer(superUsers),
    security: () => securityOf(deps.image()),
    nowMs,
    ...(certificateUser !== undefined && { certificateUser }),
    logger: deps.logger,
  });
  const handlers = securityServiceHandlers({
    image: deps.image,
    requireController: deps.requireController,
    propose: deps.propose,
    authentication: auth.enabled,
    clientTls: tls !== undefined,
    plaintextPasswords: auth.plaintextPasswords,
    tokenTtlMs: auth.tokenTtlMs,
    nowMs,
    logger: deps.logger,
  });
  return {
    guard,
    handlers,
    bootstrap: () => bootstrapSecurity({ auth, image: deps.image, propose: deps.propose, nowMs, logger: deps.logger }),
    close: () => guard.close(),
  };
}
