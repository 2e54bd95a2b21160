/** Close signals of the SDK's long-lived objects. */
import { setMaxListeners } from 'node:events';

/**
 * An AbortController whose signal may have any number of listeners: every
 * call or wait in progress listens for close, so more than Node's default of
 * 10 is expected, not a leak.
 */
export function unboundedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
