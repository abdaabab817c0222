/** Floor division for bigint (rounds toward -infinity, unlike `/`, which truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The non-negative remainder of floor division: always in [0, |b|). */
export function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

const MIN_I64 = -(2n ** 63n);
const MAX_I64 = 2n ** 63n - 1n;

/** Whether a bigint fits SQL's 64-bit BIGINT. */
export function fitsInt64(value: bigint): boolean {
  return value >= MIN_I64 && value <= MAX_I64;
}
