/** Range checks for the fixed-width integers of the wire format. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export function isInt16(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 15) && value < 2 ** 15;
}

export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

export function isInt64(value: bigint): boolean {
  return value >= -(2n ** 63n) && value < 2n ** 63n;
}
