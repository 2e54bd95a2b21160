/**
 * Who is making a call. The authenticator produces one per call; the
 * authorizer decides on `name` alone (ACLs name `User:<name>`), `via` is kept
 * for logs and audit so an operator can tell a certificate user from a
 * password user of the same name.
 */
export interface Principal {
  readonly name: string;
  readonly via: 'mtls' | 'password' | 'token' | 'anonymous';
}

/** The principal of a call that presented no credentials. */
export const ANONYMOUS: Principal = Object.freeze({ name: 'ANONYMOUS', via: 'anonymous' });
