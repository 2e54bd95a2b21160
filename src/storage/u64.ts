/** u64 fields that hold JavaScript numbers (indexes, terms): exact up to 2^53. */
import { assert } from '../raft/assert.js';

const TWO_32 = 2 ** 32;

export function setU64(view: DataView, position: number, value: number): void {
  assert(Number.isSafeInteger(value) && value >= 0, `${value} is not a safe unsigned integer`);
  view.setUint32(position, Math.floor(value / TWO_32));
  view.setUint32(position + 4, value >>> 0);
}

/** Returns undefined when the stored value does not fit a safe integer (only corruption does that). */
export function getU64(view: DataView, position: number): number | undefined {
  const high = view.getUint32(position);
  if (high >= 2 ** 21) return undefined;
  return high * TWO_32 + view.getUint32(position + 4);
}
