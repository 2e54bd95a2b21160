/**
 * The signed-in user, when the node has authentication on: the node's
 * session token, kept in this tab's sessionStorage (gone when the tab
 * closes; never localStorage, which outlives it and every other tab shares)
 * and sent with every API request. It ends at sign-out, when it expires,
 * or when the node refuses it (a new password, the user deleted): the
 * console then shows the sign-in form again, saying why.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleSignIn } from '../src/console/types.js';

const STORAGE_KEY = 'cairn.console.session';

export interface SessionState {
  readonly session: ConsoleSignIn | undefined;
  /** Why the last session ended, shown above the sign-in form. */
  readonly ended: string | undefined;
}

const EXPIRED = 'Your session expired: sign in again.';

/** The session this tab stored, if any; one that expired meanwhile (the tab was asleep, or reloaded late) is reported as ended. */
function stored(): SessionState {
  let session: ConsoleSignIn | null = null;
  try {
    session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ConsoleSignIn | null;
  } catch {
    // unreadable: as if none
  }
  if (session === null || typeof session.token !== 'string' || typeof session.expiresAtMs !== 'number') return { session: undefined, ended: undefined };
  return session.expiresAtMs > Date.now() ? { session, ended: undefined } : { session: undefined, ended: EXPIRED };
}

let state: SessionState = stored();
const listeners = new Set<(next: SessionState) => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function publish(next: SessionState): void {
  state = next;
  clearTimeout(expiryTimer);
  if (next.session === undefined) sessionStorage.removeItem(STORAGE_KEY);
  else {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next.session));
    // Timers fire late, never early: the node would refuse the token from then on anyway.
    expiryTimer = setTimeout(() => end(EXPIRED), Math.max(0, next.session.expiresAtMs - Date.now()));
  }
  for (const listener of listeners) listener(next);
}

export const currentSession = (): ConsoleSignIn | undefined => state.session;

export function started(session: ConsoleSignIn): void {
  publish({ session, ended: undefined });
}

/** Forgets the token; `why` is shown on the sign-in form (undefined: signed out on purpose). */
export function end(why: string | undefined): void {
  if (state.session !== undefined) publish({ session: undefined, ended: why });
}

// Arms the expiry timer of a stored session; forgets one found expired. (Nothing to do, and no storage touched, without either.)
if (state.session !== undefined) publish(state);
else if (state.ended !== undefined) sessionStorage.removeItem(STORAGE_KEY);

/** The session state, re-rendering on sign-in, sign-out and expiry. */
export function useSession(): SessionState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
