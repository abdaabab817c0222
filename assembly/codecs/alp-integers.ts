// Integer-valued ALP vectors for the aggregate kernels: a vector with exponent and factor 0, no ALP
// exceptions, delta mode and narrow deltas holds only integers v = f64(code) with |code| < 2^31
// (ALP decodes code * 10^0 * 10^-0 = code exactly, and without exceptions no value departs from its
// code). Such a vector is decoded to its i32 codes, half the bytes of the doubles and no conversion,
// so a reduction can run in i32 lanes. Anything else is left to the double decoder (`decodeVector`),
// which also reports corruption: this reader never fails a payload, it only declines it.
//
// Reads the layout of ./alp.ts (u8 e | u8 f | u8 mode | varint exception count | patched-FOR block
// of zigzagged deltas | exceptions) without writing it.

import { unpackBits32 } from '../bits';
import { PACK_SHIFT, unpackInterleaved32 } from '../interleaved';
import { readVarint, unzigzag, varintEnd } from '../varint';
import {
  blockBase,
  blockDivisor,
  blockExceptions,
  blockPacked,
  blockPackedValues,
  blockTail,
  blockWidth,
  exceptionIndices,
  exceptionValues,
  readBlockExceptions,
  readBlockHeader,
} from './pfor';

/** ALP's delta mode (see ./alp.ts). */
const MODE_DELTA: u8 = 1;

/** End of the vector read by the last successful `decodeIntegerVector`. */
export let integerVectorEnd: usize = 0;

/**
 * Decodes the ALP vector of `m` values at `src` as i32 codes into `dst` (m * 4 bytes plus 16 of
 * slack) when it is integer-valued (see above) and returns true, its end in `integerVectorEnd`;
 * returns false otherwise, having written nothing the caller relies on.
 */
export function decodeIntegerVector(src: usize, end: usize, m: i32, dst: usize): bool {
  if (end - src < 4 || load<u8>(src) != 0 || load<u8>(src, 1) != 0 || load<u8>(src, 2) != MODE_DELTA) return false;
  const alpExceptions = readVarint(src + 3, end);
  if (varintEnd == 0 || alpExceptions != 0) return false;
  let p = readBlockHeader(varintEnd, end, m);
  if (p == 0 || blockWidth > 32 || blockDivisor > <u64>u32.MAX_VALUE) return false;
  const width = blockWidth;
  const packed = blockPackedValues;
  if (packed > 0) unpackInterleaved32(blockPacked, packed >> PACK_SHIFT, width, dst);
  unpackBits32(blockTail, m - packed, width, dst + ((<usize>packed) << 2));
  // Zigzagged delta i is base + packed_i * divisor (a divisor: every delta even, say, as when a
  // series climbs). The largest, checked against u64 overflow first.
  const base = blockBase;
  const divisor = blockDivisor;
  const top = ((<u64>1) << (<u64>width)) - 1;
  if (top != 0 && divisor > (u64.MAX_VALUE - base) / top) return false;
  let largest = base + top * divisor;
  const exceptions = blockExceptions;
  if (exceptions != 0) {
    p = readBlockExceptions(p, end, m);
    if (p == 0) return false;
    for (let k = 0; k < exceptions; k++) {
      // An exception is base + q * divisor too, q past the packed width: patched in as q.
      const value = load<u64>(exceptionValues + ((<usize>k) << 3));
      const q = (value - base) / divisor;
      if (value < base || q > <u64>u32.MAX_VALUE || (value - base) % divisor != 0) return false;
      if (value > largest) largest = value;
      store<u32>(dst + ((<usize>load<i32>(exceptionIndices + ((<usize>k) << 2))) << 2), <u32>q);
    }
  }
  // Every zigzagged delta below 2^32 / m: each |delta| < 2^31 / m, so every running sum of m of
  // them stays within i32 (as ALP's own narrow delta path proves); base + q * divisor then fits
  // 32 bits for every delta.
  if (largest >= <u64>u32.MAX_VALUE / <u64>m) return false;
  const lanesBase = i32x4.splat(<i32>base);
  const lanesDivisor = i32x4.splat(<i32>divisor);
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  let carry = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const at = dst + ((<usize>i) << 2);
    const raw = v128.load(at);
    const z = i32x4.add(divisor == 1 ? raw : i32x4.mul(raw, lanesDivisor), lanesBase);
    let x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, one)));
    x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 4, 5, 6));
    x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 1, 4, 5));
    x = i32x4.add(x, carry);
    carry = v128.shuffle<i32>(x, x, 3, 3, 3, 3);
    v128.store(at, x);
  }
  let code = <i64>i32x4.extract_lane(carry, 0);
  for (; i < m; i++) {
    const at = dst + ((<usize>i) << 2);
    code += unzigzag(base + <u64>load<u32>(at) * divisor);
    store<i32>(at, <i32>code);
  }
  // No ALP exceptions: the vector ends with its block.
  integerVectorEnd = p;
  return true;
}
