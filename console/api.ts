/** Reading the node's console endpoints (/ui/api/...), once or on an interval, as the signed-in user if any; signing in and out. */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleError, ConsoleSession, ConsoleSignIn } from '../src/console/types.js';
import { currentSession, end, started } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`/ui/api/${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = body as Partial<ConsoleError> | undefined;
    throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

/** A GET with the session's token; a token the node refuses ends the session, which brings back the sign-in form. */
export async function getJson<T>(path: string): Promise<T> {
  const session = currentSession();
  try {
    return await requestJson<T>(path, session === undefined ? {} : { headers: { authorization: `Bearer ${session.token}` } });
  } catch (error) {
    if (session !== undefined && error instanceof ApiError && error.status === 401 && currentSession() === session) {
      end(`Your session has ended (${error.message}): sign in again.`);
    }
    throw error;
  }
}

/** Whether the node wants a signed-in user. */
export const sessionInfo = (): Promise<ConsoleSession> => requestJson<ConsoleSession>('session');

/** Asks the node for a token; rejects with an ApiError saying why not (wrong user name or password, throttled, not over HTTPS). */
export async function signIn(user: string, password: string): Promise<void> {
  const session = await requestJson<ConsoleSignIn>('session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  started(session);
}

/** Forgets the token here and tells the node's console to close its client (the token stays valid until it expires). */
export async function signOut(): Promise<void> {
  const session = currentSession();
  end(undefined);
  if (session !== undefined) await fetch('/ui/api/session', { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` } }).catch(() => undefined);
}

/** The node's own readiness (/readyz): undefined when ready, its reason otherwise. */
export async function notReadyReason(): Promise<string | undefined> {
  const response = await fetch('/readyz');
  return response.ok ? undefined : (await response.text()).trim();
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
}

/**
 * Loads `load()` now and every `intervalMs` (0: once) while the page shows it,
 * and again whenever `key` changes. A slow answer never overwrites a newer one.
 */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ data: undefined, error: undefined });
    const tick = async (): Promise<void> => {
      try {
        const data = await load();
        if (live) setState({ data, error: undefined });
      } catch (error) {
        if (live) setState((old) => ({ data: old.data, error: error as Error }));
      }
      if (live && intervalMs > 0) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}
