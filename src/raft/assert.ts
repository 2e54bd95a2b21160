/**
 * Assertions stay on in production. A failed assertion is a bug: the
 * process crashes and recovers from its durable log, which is safer than
 * running on with a broken invariant.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new AssertionError(detail);
}

export function unreachable(value: never, detail = 'unreachable'): never {
  throw new AssertionError(`${detail}: ${JSON.stringify(value)}`);
}
