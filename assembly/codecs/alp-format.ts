// What every part of the ALP codec shares: the constants of the vector layout (described in ./alp.ts),
// the powers of ten, and the (e, f) arithmetic, scalar and two lanes at a time. Exactness rests on the
// search and the encoder computing each value exactly as the decoder does, so that arithmetic lives
// in one place.

import { zigzag } from '../varint';

export const MAX_EXPONENT: i32 = 18;

export const SIGN: u64 = 0x8000000000000000;
export const MODE_FOR: u8 = 0;
export const MODE_DELTA: u8 = 1;

const POW10 = memory.data<f64>([1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18]);
const NEG_POW10 = memory.data<f64>([
  1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
]);

export function pow10(e: i32): f64 {
  return load<f64>(POW10 + ((<usize>e) << 3));
}

export function negPow10(e: i32): f64 {
  return load<f64>(NEG_POW10 + ((<usize>e) << 3));
}

/** The integer code of `v` under (e, f); only meaningful when `decodeInt` gives `v` back. */
export function encodeInt(v: f64, e: i32, f: i32): i64 {
  // Saturating conversion (nontrapping-f2i): NaN and out-of-range values become exceptions, never traps.
  return <i64>nearest(v * pow10(e) * negPow10(f));
}

export function decodeInt(n: i64, e: i32, f: i32): f64 {
  return <f64>n * pow10(f) * negPow10(e);
}

/**
 * How far `decoded` is from `v`, as the zigzagged difference of their bit patterns (0 = exact).
 * Values with a float-noise tail (74.93588199999998) decode a few ulps off, so storing this
 * difference costs a byte or two instead of the 8 of a raw double.
 */
export function exceptionDistance(v: f64, decoded: f64): u64 {
  return zigzag(<i64>(reinterpret<u64>(v) - reinterpret<u64>(decoded)));
}

/**
 * Added to a rounded code to turn -0 into +0 (and change nothing else): the i64 code of -0 is 0,
 * which decodes to +0, so the two-lane tests must see +0 as the scalar conversion does.
 */
export const PLUS_ZERO = f64x2.splat(0);
/**
 * Zero i64 lanes: zigzag takes each lane's sign mask as x < 0 (one compare), not as an arithmetic
 * shift by 63, which the JIT expands into several instructions on x86.
 */
export const NO_LANES = i64x2.splat(0);

/**
 * The lanes' v * 10^e * 10^-f, and n * 10^f * 10^-e back, as the scalar `encodeInt` and `decodeInt`
 * compute them, for `encodeCodesWith<Scale>`: Scale is f64 for any pair, i64 when f = 0 and i32
 * when e = f = 0 (integer columns, the pair most NAB series take). The products by 10^0 = 1 that
 * those leave out are exact: they change no value that can come out exact (a NaN lane never is).
 */
function scaleUp<Scale>(v: v128, pe: v128, nf: v128): v128 {
  if (isInteger<Scale>() && sizeof<Scale>() == 4) return v;
  const x = f64x2.mul(v, pe);
  return isFloat<Scale>() ? f64x2.mul(x, nf) : x;
}

function scaleDown<Scale>(n: v128, pf: v128, ne: v128): v128 {
  if (isInteger<Scale>() && sizeof<Scale>() == 4) return n;
  return f64x2.mul(isFloat<Scale>() ? f64x2.mul(n, pf) : n, ne);
}

// Exported by name, not by an `export` on their declarations: asc warns (AS112) about every function
// declared `export` that takes or returns v128, though these never leave the module.
export { scaleDown, scaleUp };

/** 2^52 + 2^51: adding an integer k (|k| < 2^51) to its bit pattern gives the double MAGIC + k exactly. */
export const MAGIC: f64 = 6755399441055744.0;
/** Largest magnitude the MAGIC conversion of i64 to f64 is exact for. */
export const MAGIC_LIMIT: i64 = 1 << 51;
