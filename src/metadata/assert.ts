/**
 * Invariants of the metadata layer. A failed assertion is a bug (a proposer
 * or the host broke a contract): it crashes the process, which restarts and
 * replays its log. Operating errors are values (see errors.ts), never thrown.
 * Kept here rather than imported from src/raft, so this layer depends on the
 * Raft core for types only.
 */
export class MetadataInvariantError extends Error {
  override name = 'MetadataInvariantError';
}

export function assert(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new MetadataInvariantError(detail);
}
