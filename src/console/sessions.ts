/**
 * The console's SDK clients: one of its own, which signs browsers in and
 * serves them when authentication is off, and one per session token a
 * browser presents, so the node authenticates and authorizes each call as
 * that browser's user, through the same checks as any gRPC client. The
 * console holds no password: it passes one to Authenticate and returns the
 * token to the browser, which sends it with every request.
 *
 * The clients per token are bounded (the least recently used is closed) and
 * closed once idle or refused: a token is opaque here (it may come from
 * another node's console), so its expiry is learnt from the node's
 * UNAUTHENTICATED.
 */
import type { Authenticated } from '../client/session.js';
import { ConsoleApi } from './api.js';
import type { ConsoleApiOptions } from './api.js';

/** Signed-in browsers served at once; past it, the least recently used client is closed (its browser gets a new one on its next request). */
export const SESSION_CLIENTS_MAX = 64;
/** A client unused this long is closed: its browser has gone, or its token has expired (10 minutes by default). */
export const SESSION_IDLE_MS = 10 * 60_000;

interface SessionClient {
  readonly api: ConsoleApi;
  lastUsedMs: number;
}

export class ConsoleSessions {
  readonly #options: ConsoleApiOptions;
  readonly #own: ConsoleApi;
  /** By token, in order of last use (a Map keeps insertion order: a use moves the entry to the end). */
  readonly #byToken = new Map<string, SessionClient>();
  readonly #nowMs: () => number;

  constructor(options: ConsoleApiOptions, nowMs: () => number = Date.now) {
    this.#options = options;
    this.#own = new ConsoleApi(options);
    this.#nowMs = nowMs;
  }

  /** Asks the node for a token; rejects with the node's UNAUTHENTICATED (wrong user name or password, throttled). */
  signIn(user: string, password: string): Promise<Authenticated> {
    return this.#own.authenticate(user, password);
  }

  /** The client for a browser's token; the console's own without one (the node then refuses what needs credentials). */
  clientFor(token: string | undefined): ConsoleApi {
    if (token === undefined) return this.#own;
    const now = this.#nowMs();
    this.#closeIdle(now);
    const found = this.#byToken.get(token);
    this.#byToken.delete(token);
    const client = found ?? { api: new ConsoleApi(this.#options, { token }), lastUsedMs: now };
    client.lastUsedMs = now;
    this.#byToken.set(token, client);
    if (this.#byToken.size > SESSION_CLIENTS_MAX) this.forget(this.#byToken.keys().next().value!);
    return client.api;
  }

  /** Closes a token's client: at sign-out, or after the node refused the token (expired, its user deleted, its key retired). */
  forget(token: string): void {
    const client = this.#byToken.get(token);
    if (client === undefined) return;
    this.#byToken.delete(token);
    void client.api.close().catch(() => undefined);
  }

  /** Clients open for tokens now (for tests). */
  get size(): number {
    return this.#byToken.size;
  }

  async close(): Promise<void> {
    const clients = [this.#own, ...[...this.#byToken.values()].map((c) => c.api)];
    this.#byToken.clear();
    await Promise.all(clients.map((api) => api.close()));
  }

  #closeIdle(now: number): void {
    for (const [token, client] of this.#byToken) {
      // In order of last use: the first one still fresh ends the scan.
      if (now - client.lastUsedMs < SESSION_IDLE_MS) return;
      this.forget(token);
    }
  }
}
