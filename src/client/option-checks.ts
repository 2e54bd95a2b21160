/** Checks shared by every options resolver; each error names its scope and field (nats.js's model). */
import { CairnError } from './errors.js';

export function invalidOption(scope: string, field: string, expected: string, got: unknown): CairnError {
  const shown = typeof got === 'bigint' ? `${got}n` : typeof got === 'function' ? 'a function' : (JSON.stringify(got) ?? String(got));
  return new CairnError('INVALID_CONFIG', `${scope}: ${field}: expected ${expected}, got ${shown}`);
}

/** An integer in [min, max]. */
export function integerOption(scope: string, field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? (min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`) : `an integer from ${min} to ${max}`;
  throw invalidOption(scope, field, range, value);
}

export function oneOfOption<T extends string>(scope: string, field: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw invalidOption(scope, field, `one of ${allowed.map((item) => `'${item}'`).join(', ')}`, value);
}

export function booleanOption(scope: string, field: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw invalidOption(scope, field, 'true or false', value);
}
