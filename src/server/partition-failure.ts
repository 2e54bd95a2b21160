/**
 * How the data path reports one partition's failure inside a multi-partition
 * answer: any error becomes a CairnError (unknown ones INTERNAL), whose code
 * and (length-capped) message fill the result's error fields.
 */
import { CairnError } from '../protocol/errors.js';
import { StorageCorruptionError } from '../storage/errors.js';

export function asCairn(error: unknown): CairnError {
  if (error instanceof CairnError) return error;
  // Corruption is reported as such, so an operator (and a client's log) can tell it from a bug.
  if (error instanceof StorageCorruptionError) return new CairnError('CORRUPT_STORAGE', error.message, { cause: error });
  return new CairnError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
}

/**
 * A read that failed with something other than a CairnError may have raced
 * the replica's retirement (the partition moved away or its topic was
 * deleted while the read was in storage). What `lookUp` says now — NOT_LEADER
 * or UNKNOWN_TOPIC_OR_PARTITION, which a client acts on — is the answer then;
 * if the partition is still served here, the original error stands.
 */
export function explainReadFailure(error: unknown, lookUp: () => unknown): unknown {
  if (error instanceof CairnError) return error;
  try {
    lookUp();
  } catch (refusal) {
    if (refusal instanceof CairnError) return refusal;
  }
  return error;
}

/** The error fields of a per-partition result. */
export function failure(error: unknown): { errorCode: string; errorMessage: string; leaderHint: number } {
  const cairn = asCairn(error);
  return { errorCode: cairn.code, errorMessage: cairn.message, leaderHint: cairn.leaderHint ?? 0 };
}
