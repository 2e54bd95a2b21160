/**
 * How the data path reports one partition's failure inside a multi-partition
 * answer: any error becomes a CairnError (unknown ones INTERNAL), whose code
 * and (length-capped) message fill the result's error fields.
 */
import { CairnError } from '../protocol/errors.js';

export function asCairn(error: unknown): CairnError {
  return error instanceof CairnError ? error : new CairnError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
}

/** The error fields of a per-partition result. */
export function failure(error: unknown): { errorCode: string; errorMessage: string; leaderHint: number } {
  const cairn = asCairn(error);
  return { errorCode: cairn.code, errorMessage: cairn.message, leaderHint: cairn.leaderHint ?? 0 };
}
