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
import { PACK_SHIFT } from '../interleaved';
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
 * returns false otherwise, having written nothing the caller relies on. Only the codes before
 * `limit` (<= m) are wanted: decoding may stop at the first 128-value pack past it.
 */
export function decodeIntegerVector(src: usize, end: usize, m: i32, dst: usize, limit: i32): bool {
  if (end - src < 4 || load<u8>(src) != 0 || load<u8>(src, 1) != 0 || load<u8>(src, 2) != MODE_DELTA) return false;
  const alpExceptions = readVarint(src + 3, end);
  if (varintEnd == 0 || alpExceptions != 0) return false;
  let p = readBlockHeader(varintEnd, end, m);
  if (p == 0 || blockWidth > 32 || blockDivisor > <u64>u32.MAX_VALUE) return false;
  const width = blockWidth;
  const packed = blockPackedValues;
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
      // An exception is base + q * divisor too, q past the packed width: it replaces the packed
      // bits as q (kept in place of its value).
      const at = exceptionValues + ((<usize>k) << 3);
      const value = load<u64>(at);
      const q = (value - base) / divisor;
      if (value < base || q > <u64>u32.MAX_VALUE || (value - base) % divisor != 0) return false;
      if (value > largest) largest = value;
      store<u64>(at, q);
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
  const mask = i32x4.splat(<i32>(<u32>top));
  let carry = i32x4.splat(0);
  // Exceptions not yet patched in: the next one's position (m when none is left).
  let e = 0;
  let next = exceptions > 0 ? load<i32>(exceptionIndices) : m;
  // The interleaved packs (see ../interleaved.ts), fused: each step unpacks four consecutive
  // deltas into one v128, patches the exceptions among them, and takes their running sums, so the
  // codes are written once and never reread.
  let s = blockPacked;
  let i = 0;
  // Packs up to the one holding row limit - 1 (no overflow: limit + 127 is only formed below packed).
  const packs = (limit >= packed ? packed : limit + 127) >> PACK_SHIFT;
  for (let pack = 0; pack < packs; pack++) {
    let cur = v128.load(s);
    let b = 0;
    for (let k = 0; k < 32; k += 2) {
      // Two steps of four deltas each (values i .. i + 7).
      let x0 = i32x4.shr_u(cur, b);
      b += width;
      if (b >= 32) {
        b -= 32;
        s += 16;
        cur = v128.load(s);
        if (b > 0) x0 = v128.or(x0, i32x4.shl(cur, width - b));
      }
      let x1 = i32x4.shr_u(cur, b);
      b += width;
      if (b >= 32) {
        b -= 32;
        s += 16;
        // The last value of a pack ends exactly on its last word: never read past the pack.
        if (b > 0) {
          cur = v128.load(s);
          x1 = v128.or(x1, i32x4.shl(cur, width - b));
        } else if (k < 30) {
          cur = v128.load(s);
        }
      }
      x0 = v128.and(x0, mask);
      x1 = v128.and(x1, mask);
      const at = dst + ((<usize>i) << 2);
      if (next < i + 8) {
        v128.store(at, x0);
        v128.store(at, x1, 16);
        while (next < i + 8) {
          store<u32>(dst + ((<usize>next) << 2), <u32>load<u64>(exceptionValues + ((<usize>e) << 3)));
          e++;
          next = e < exceptions ? load<i32>(exceptionIndices + ((<usize>e) << 2)) : m;
        }
        x0 = v128.load(at);
        x1 = v128.load(at, 16);
      }
      const z0 = i32x4.add(divisor == 1 ? x0 : i32x4.mul(x0, lanesDivisor), lanesBase);
      const z1 = i32x4.add(divisor == 1 ? x1 : i32x4.mul(x1, lanesDivisor), lanesBase);
      x0 = v128.xor(i32x4.shr_u(z0, 1), i32x4.neg(v128.and(z0, one)));
      x1 = v128.xor(i32x4.shr_u(z1, 1), i32x4.neg(v128.and(z1, one)));
      // Each half's running sums on its own, then the second adds the first's total, and only
      // then the carry: the carry's dependency chain advances once per eight values.
      x0 = i32x4.add(x0, v128.shuffle<i32>(zero, x0, 0, 4, 5, 6));
      x1 = i32x4.add(x1, v128.shuffle<i32>(zero, x1, 0, 4, 5, 6));
      x0 = i32x4.add(x0, v128.shuffle<i32>(zero, x0, 0, 1, 4, 5));
      x1 = i32x4.add(x1, v128.shuffle<i32>(zero, x1, 0, 1, 4, 5));
      x1 = i32x4.add(x1, v128.shuffle<i32>(x0, x0, 3, 3, 3, 3));
      x0 = i32x4.add(x0, carry);
      x1 = i32x4.add(x1, carry);
      carry = v128.shuffle<i32>(x1, x1, 3, 3, 3, 3);
      v128.store(at, x0);
      v128.store(at, x1, 16);
      i += 8;
    }
  }
  // The rest, packed sequentially: unpacked, patched, then summed.
  if (i < limit) {
    unpackBits32(blockTail, m - packed, width, dst + ((<usize>packed) << 2));
    for (; e < exceptions; e++) {
      const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
      store<u32>(dst + ((<usize>index) << 2), <u32>load<u64>(exceptionValues + ((<usize>e) << 3)));
    }
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
  }
  // No ALP exceptions: the vector ends with its block.
  integerVectorEnd = p;
  return true;
}
