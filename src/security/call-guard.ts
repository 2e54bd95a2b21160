/**
 * Authentication and authorization of every client call, applied where the
 * services are registered (see RPC_RULES). A call is authenticated from its
 * `authorization: Bearer <token>` metadata, else from its verified client
 * certificate, else it is ANONYMOUS (refused when authentication is on).
 * Unary calls are checked as they arrive; each message of a client stream is
 * checked before the handler sees it; open streams are checked again every
 * RECHECK_MS, so a deleted user, a retired key or a new DENY ends them
 * within that bound. A token's expiry is checked when a stream opens, not
 * after: a consumer's subscription outlives the token it opened with, as a
 * connection does in Kafka, while every new call needs a live token.
 */
import type { Metadata, ServerErrorResponse, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError, toGrpcError } from '../protocol/errors.js';
import type { SecurityImage } from '../metadata/index.js';
import type { Logger } from '../observability/index.js';
import { ANONYMOUS, type Principal } from './principal.js';
import type { Authorizer, Resource } from './authorizer.js';
import { RPC_RULES, type Grant, type MethodRule, type Requirement } from './rpc-permissions.js';
import { verifyToken } from './session-token.js';

/** How long an open stream may outlive the end of its right to exist. */
export const RECHECK_MS = 1_000;
export const BEARER = 'bearer ';

export interface CallGuardOptions {
  /** Every call must carry a valid token or client certificate. */
  readonly authentication: boolean;
  /** ACLs decide (default deny); off, every authenticated principal may do anything. */
  readonly authorization: boolean;
  readonly authorizer: Authorizer;
  readonly security: () => SecurityImage;
  readonly nowMs: () => number;
  /** The user a verified client certificate maps to, if the call has one. */
  readonly certificateUser?: (call: GuardedCall) => string | undefined;
  readonly logger: Logger;
}

export interface GuardedCall {
  readonly metadata: Metadata;
  getPeer(): string;
  getAuthContext?(): unknown;
}

/** Who a call is, and until when that holds. */
interface Session {
  readonly principal: Principal;
  /** The token it came from, verified again on open streams (user deleted, key retired). */
  readonly token?: string;
}

type UnaryHandler = (call: GuardedCall & { request: unknown }, callback: (error: ServerErrorResponse | null, response?: unknown, ...rest: unknown[]) => void) => void;
type StreamCall = GuardedCall & NodeJS.EventEmitter;
type StreamHandler = (call: StreamCall) => void;

export class CallGuard {
  private readonly open = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: CallGuardOptions) {
    this.timer = setInterval(() => {
      for (const recheck of this.open) recheck();
    }, RECHECK_MS);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** The service with every method guarded; throws if the table has no rule for one of its methods. */
  wrap(service: string, definition: ServiceDefinition, implementation: UntypedServiceImplementation): UntypedServiceImplementation {
    const rules = RPC_RULES[service];
    const missing = Object.keys(definition).filter((method) => rules?.[method] === undefined);
    if (missing.length > 0) throw new Error(`no authorization rule for ${missing.map((m) => `${service}.${m}`).join(', ')} (src/security/rpc-permissions.ts)`);
    if (!this.options.authentication && !this.options.authorization) return implementation;
    const guarded: UntypedServiceImplementation = {};
    for (const [method, handler] of Object.entries(implementation)) {
      const rule = rules![method]!;
      const streaming = definition[method]!.requestStream;
      guarded[method] = (streaming ? this.guardStream(rule, handler as unknown as StreamHandler) : this.guardUnary(rule, handler as unknown as UnaryHandler)) as never;
    }
    return guarded;
  }

  private guardUnary(rule: MethodRule, handler: UnaryHandler): UnaryHandler {
    return (call, callback) => {
      if (rule.requires === 'public') return handler(call, callback);
      let session: Session;
      try {
        session = this.authenticate(call);
        this.authorize(session, rule.requires(call.request as never));
      } catch (error) {
        callback(toGrpcError(error as CairnError));
        return;
      }
      const filter = rule.filter;
      if (filter === undefined || !this.options.authorization) return handler(call, callback);
      const may = (resource: Resource): boolean => this.allows(session, { operation: 'describe', resource });
      handler(call, (error, response, ...rest) => callback(error, error === null && response !== undefined ? filter(response as never, may) : response, ...rest));
    };
  }

  private guardStream(rule: MethodRule, handler: StreamHandler): StreamHandler {
    return (call) => {
      if (rule.requires === 'public') return handler(call);
      const requires = rule.requires;
      const emit = call.emit.bind(call);
      let session: Session;
      try {
        session = this.authenticate(call);
      } catch (error) {
        // grpc-js sends a stream's status when 'error' is emitted on it.
        emit('error', toGrpcError(error as CairnError));
        return;
      }
      let refused = false;
      const refuse = (error: CairnError): void => {
        if (refused) return;
        refused = true;
        this.open.delete(recheck);
        emit('error', toGrpcError(error));
      };
      // Requirements met so far, checked again while the stream lives.
      const granted = new Map<string, Requirement>();
      const openedAtMs = this.options.nowMs();
      const recheck = (): void => {
        try {
          this.revalidate(session, openedAtMs);
          this.authorize(session, [...granted.values()]);
        } catch (error) {
          refuse(error as CairnError);
        }
      };
      // The handler listens for 'data'; a message it may not see is stopped here, before it.
      call.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
        if (event !== 'data') return emit(event, ...args);
        if (refused) return false;
        try {
          const needed = requires(args[0] as never);
          this.authorize(session, needed);
          for (const requirement of needed) granted.set(JSON.stringify(requirement), requirement);
        } catch (error) {
          refuse(error as CairnError);
          return false;
        }
        return emit(event, ...args);
      }) as typeof call.emit;
      this.open.add(recheck);
      const forget = (): void => void this.open.delete(recheck);
      for (const end of ['close', 'finish', 'cancelled', 'error']) call.once(end, forget);
      handler(call);
    };
  }

  private authenticate(call: GuardedCall): Session {
    const header = call.metadata.get('authorization')[0];
    if (typeof header === 'string' && header.toLowerCase().startsWith(BEARER)) {
      const token = header.slice(BEARER.length).trim();
      const session: Session = { principal: ANONYMOUS, token };
      return { principal: this.revalidate(session), token };
    }
    const certificateUser = this.options.certificateUser?.(call);
    if (certificateUser !== undefined) return { principal: { name: certificateUser, via: 'mtls' } };
    if (this.options.authentication) throw new CairnError('UNAUTHENTICATED', 'this cluster requires credentials: a token from Authenticate, or a client certificate');
    return { principal: ANONYMOUS };
  }

  /** The session's principal if its token still holds (not expired at `atMs`); throws UNAUTHENTICATED otherwise. */
  private revalidate(session: Session, atMs = this.options.nowMs()): Principal {
    if (session.token === undefined) return session.principal;
    const checked = verifyToken(session.token, this.options.security(), atMs);
    if (!checked.ok) throw new CairnError('UNAUTHENTICATED', checked.reason);
    return { name: checked.user.name, via: 'token' };
  }

  private authorize(session: Session, requirements: readonly Requirement[]): void {
    if (!this.options.authorization) return;
    for (const requirement of requirements) {
      if (requirement.anyOf.some((grant) => this.allows(session, grant))) continue;
      const [first] = requirement.anyOf;
      const what = first === undefined ? 'this' : describeGrant(first);
      this.options.logger.debug({ principal: session.principal.name, via: session.principal.via, denied: what }, 'call refused');
      throw new CairnError('UNAUTHORIZED', `User:${session.principal.name} may not ${what}`);
    }
  }

  private allows(session: Session, grant: Grant): boolean {
    const { authorizer, security } = this.options;
    const name = session.principal.name;
    return 'someOf' in grant
      ? authorizer.allowsSome(security(), name, grant.operation, grant.someOf)
      : authorizer.allows(security(), name, grant.operation, grant.resource);
  }
}

function describeGrant(grant: Grant): string {
  return 'someOf' in grant ? `${grant.operation} any ${grant.someOf}` : `${grant.operation} ${grant.resource.type} '${grant.resource.name.slice(0, 200)}'`;
}
