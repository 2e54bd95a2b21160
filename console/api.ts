/** Reading the node's console endpoints (/ui/api/...), once or on an interval. */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleError } from '../src/console/types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`/ui/api/${path}`, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = body as Partial<ConsoleError> | undefined;
    throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
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
