/**
 * The credentials every call carries. With a user and password the SDK asks
 * Authenticate for a token and asks again before it expires (after
 * REFRESH_AFTER of its lifetime), so calls never wait on an expired one;
 * concurrent calls share one Authenticate. With a token, that token is sent
 * as it is. The password stays in this object: it is sent only to
 * Authenticate, which the server accepts only over TLS.
 */
import { Metadata } from '@grpc/grpc-js';
import { CairnError } from './errors.js';

export type ClientCredentials = { readonly user: string; readonly password: string } | { readonly token: string };

/** The share of a token's lifetime after which a new one is asked for. */
const REFRESH_AFTER = 0.8;

export interface Authenticated {
  readonly token: string;
  readonly expiresAtMs: number;
}

export class Session {
  #token: Authenticated | undefined;
  #issuedAtMs = 0;
  #pending: Promise<Authenticated> | undefined;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly authenticate: (user: string, password: string) => Promise<Authenticated>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Whether a refused token can be replaced by authenticating again. */
  get renewable(): boolean {
    return 'password' in this.credentials;
  }

  /** Metadata for the next call, authenticating first when the token is missing or due for renewal. */
  async metadata(): Promise<Metadata> {
    if ('token' in this.credentials) return bearer(this.credentials.token);
    const current = this.#token;
    const due = current === undefined || this.nowMs() >= this.#issuedAtMs + (current.expiresAtMs - this.#issuedAtMs) * REFRESH_AFTER;
    return bearer((due ? await this.#renew() : current).token);
  }

  /** Metadata with the token held now, for streams opened synchronously (after a call has authenticated). */
  currentMetadata(): Metadata {
    if ('token' in this.credentials) return bearer(this.credentials.token);
    return this.#token === undefined ? new Metadata() : bearer(this.#token.token);
  }

  /** Forgets the token, after the server refused it (deleted key, new password): the next call authenticates again. */
  invalidate(): void {
    this.#token = undefined;
  }

  #renew(): Promise<Authenticated> {
    if (!('password' in this.credentials)) throw new CairnError('UNAUTHENTICATED', 'no password to authenticate with');
    const { user, password } = this.credentials;
    this.#pending ??= this.authenticate(user, password)
      .then((token) => {
        this.#issuedAtMs = this.nowMs();
        this.#token = token;
        return token;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}
