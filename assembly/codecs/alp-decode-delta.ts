// ALP's delta decode: one vector's zigzagged delta codes summed back into codes and converted to
// doubles, in the narrowest lanes whose running sums provably stay exact.

import { lowMask } from '../bits';
import { unzigzag } from '../varint';
import { narrowCodes, unpackNarrow } from './alp-decode-narrow';
import { MAGIC, MAGIC_LIMIT } from './alp-format';
import {
  BLOCK,
  blockBase,
  blockDivisor,
  blockExceptions,
  blockInterleaved,
  blockPacked,
  blockWidth,
  exceptionIndices,
  exceptionValues,
  pforDecode,
  readBlockExceptions,
  readBlockHeader,
} from './pfor';

/** Four zigzagged deltas undone and summed in i32 lanes onto `carry` (the previous four's last sum in every lane). */
function zigzagRunningSums(z: v128, carry: v128): v128 {
  const zero = i32x4.splat(0);
  let x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, i32x4.splat(1))));
  x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 4, 5, 6));
  x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 1, 4, 5));
  return i32x4.add(x, carry);
}

/**
 * Delta codes whose running sum provably stays within ±2^31 (every zigzagged delta is below
 * 2^32 / m), already unpacked (exceptions patched) as u32 offsets from the block base in
 * `narrowCodes`: undo the zigzag, take the running sum and convert four lanes at a time. i32 to f64 conversion is exact, so the result is bit-identical
 * to the scalar path.
 */
function decodeDeltaNarrow(m: i32, dst: usize, scale: f64, unscale: f64): void {
  const base = i32x4.splat(<i32>blockBase);
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let carry = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const x = zigzagRunningSums(i32x4.add(v128.load(narrowCodes + ((<usize>i) << 2)), base), carry);
    carry = v128.shuffle<i32>(x, x, 3, 3, 3, 3);
    const at = dst + ((<usize>i) << 3);
    v128.store(at, f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_s(x), s), u));
    v128.store(at, f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(x, x, 2, 3, 2, 3)), s), u), 16);
  }
  let code = <i64>i32x4.extract_lane(carry, 0);
  for (; i < m; i++) {
    code += unzigzag(blockBase + <u64>load<u32>(narrowCodes + ((<usize>i) << 2)));
    store<f64>(dst + ((<usize>i) << 3), <f64>code * scale * unscale);
  }
}

/** Exceptions of a delta block too far from its base for a u32 offset: positions (ascending) and zigzagged deltas. */
const wideIndex = memory.data(BLOCK * 4);
const wideDelta = memory.data(BLOCK * 8);

/**
 * Running sums of the delta codes in `narrowCodes` over [from, to), starting after `code`, written
 * as doubles; returns the last sum. i64 lanes, two at a time: the caller has proven every sum stays
 * within ±2^51, where the MAGIC bit trick converts i64 to f64 exactly.
 */
function sumDeltasWide(from: i32, to: i32, code: i64, dst: usize, scale: f64, unscale: f64): i64 {
  const base = i64x2.splat(<i64>blockBase);
  const one = i64x2.splat(1);
  const zero = i64x2.splat(0);
  const magic = f64x2.splat(MAGIC);
  const magicBits = i64x2.splat(reinterpret<i64>(MAGIC));
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let carry = i64x2.splat(code);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const x = v128.load(narrowCodes + ((<usize>i) << 2));
    const z0 = i64x2.add(i64x2.extend_low_i32x4_u(x), base);
    const z1 = i64x2.add(i64x2.extend_high_i32x4_u(x), base);
    let d0 = v128.xor(i64x2.shr_u(z0, 1), i64x2.neg(v128.and(z0, one)));
    let d1 = v128.xor(i64x2.shr_u(z1, 1), i64x2.neg(v128.and(z1, one)));
    d0 = i64x2.add(i64x2.add(d0, v128.shuffle<i64>(zero, d0, 0, 2)), carry);
    d1 = i64x2.add(d1, v128.shuffle<i64>(zero, d1, 0, 2));
    d1 = i64x2.add(d1, v128.shuffle<i64>(d0, d0, 1, 1));
    carry = v128.shuffle<i64>(d1, d1, 1, 1);
    const at = dst + ((<usize>i) << 3);
    v128.store(at, f64x2.mul(f64x2.mul(f64x2.sub(i64x2.add(d0, magicBits), magic), s), u));
    v128.store(at, f64x2.mul(f64x2.mul(f64x2.sub(i64x2.add(d1, magicBits), magic), s), u), 16);
  }
  let sum = i64x2.extract_lane(carry, 0);
  for (; i < to; i++) {
    sum += unzigzag(blockBase + <u64>load<u32>(narrowCodes + ((<usize>i) << 2)));
    store<f64>(dst + ((<usize>i) << 3), <f64>sum * scale * unscale);
  }
  return sum;
}

/**
 * As `sumDeltasWide` for zigzagged deltas that fit a u32 (base included): they unzigzag in i32
 * lanes and convert to f64 exactly, and the running sums are taken in f64, exact because every
 * sum is an integer within ±2^51 (the caller's bound). Returns the last sum.
 */
function sumDeltasMedium(from: i32, to: i32, code: i64, dst: usize, scale: f64, unscale: f64): i64 {
  const base = i32x4.splat(<i32>blockBase);
  const one = i32x4.splat(1);
  const zero = f64x2.splat(0);
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let carry = f64x2.splat(<f64>code);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const z = i32x4.add(v128.load(narrowCodes + ((<usize>i) << 2)), base);
    const x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, one)));
    let d0 = f64x2.convert_low_i32x4_s(x);
    let d1 = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(x, x, 2, 3, 2, 3));
    d0 = f64x2.add(f64x2.add(d0, v128.shuffle<f64>(zero, d0, 0, 2)), carry);
    d1 = f64x2.add(d1, v128.shuffle<f64>(zero, d1, 0, 2));
    d1 = f64x2.add(d1, v128.shuffle<f64>(d0, d0, 1, 1));
    carry = v128.shuffle<f64>(d1, d1, 1, 1);
    const at = dst + ((<usize>i) << 3);
    v128.store(at, f64x2.mul(f64x2.mul(d0, s), u));
    v128.store(at, f64x2.mul(f64x2.mul(d1, s), u), 16);
  }
  let sum = <i64>f64x2.extract_lane(carry, 0);
  for (; i < to; i++) {
    sum += unzigzag(blockBase + <u64>load<u32>(narrowCodes + ((<usize>i) << 2)));
    store<f64>(dst + ((<usize>i) << 3), <f64>sum * scale * unscale);
  }
  return sum;
}

/**
 * As `sumDeltasWide` for zigzagged deltas of at most `largest` (base included), with `segment` (a
 * multiple of 4) values whose running sum provably stays within ±2^31: the sums since a segment's
 * start are taken in i32 lanes (one integer add and a shuffle carry from four values to the next
 * four, where f64 sums wait on two float adds) and added to the code the segment starts from as
 * doubles, exact because every code stays within ±2^51 (the caller's bound). Returns the last sum.
 */
function sumDeltasNarrow(from: i32, to: i32, code: i64, dst: usize, scale: f64, unscale: f64, segment: i32): i64 {
  const base = i32x4.splat(<i32>blockBase);
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let sum = code;
  let i = from;
  while (i + 4 <= to) {
    const stop = min(to, i + segment);
    const start = f64x2.splat(<f64>sum);
    let carry = i32x4.splat(0);
    for (; i + 4 <= stop; i += 4) {
      const x = zigzagRunningSums(i32x4.add(v128.load(narrowCodes + ((<usize>i) << 2)), base), carry);
      carry = v128.shuffle<i32>(x, x, 3, 3, 3, 3);
      const at = dst + ((<usize>i) << 3);
      const n0 = f64x2.add(f64x2.convert_low_i32x4_s(x), start);
      const n1 = f64x2.add(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(x, x, 2, 3, 2, 3)), start);
      v128.store(at, f64x2.mul(f64x2.mul(n0, s), u));
      v128.store(at, f64x2.mul(f64x2.mul(n1, s), u), 16);
    }
    sum += <i64>i32x4.extract_lane(carry, 0);
  }
  for (; i < to; i++) {
    sum += unzigzag(blockBase + <u64>load<u32>(narrowCodes + ((<usize>i) << 2)));
    store<f64>(dst + ((<usize>i) << 3), <f64>sum * scale * unscale);
  }
  return sum;
}

/** Ways `decodeDeltaWide` sums the deltas between wide exceptions: i64 lanes, f64 lanes, or i32 lanes in segments on a double base. */
const SUMS_WIDE: i32 = 0;
const SUMS_MEDIUM: i32 = 1;
const SUMS_NARROW: i32 = 2;

/** The running sums over the whole vector, stepping over the `wide` exceptions (typically the first value). */
function decodeDeltaWide(m: i32, wide: i32, dst: usize, scale: f64, unscale: f64, sums: i32, segment: i32): void {
  let code: i64 = 0;
  let from = 0;
  for (let k = 0; k < wide; k++) {
    const at = load<i32>(wideIndex + ((<usize>k) << 2));
    if (sums == SUMS_NARROW) code = sumDeltasNarrow(from, at, code, dst, scale, unscale, segment);
    else if (sums == SUMS_MEDIUM) code = sumDeltasMedium(from, at, code, dst, scale, unscale);
    else code = sumDeltasWide(from, at, code, dst, scale, unscale);
    code += unzigzag(load<u64>(wideDelta + ((<usize>k) << 3)));
    store<f64>(dst + ((<usize>at) << 3), <f64>code * scale * unscale);
    from = at + 1;
  }
  if (sums == SUMS_NARROW) sumDeltasNarrow(from, m, code, dst, scale, unscale, segment);
  else if (sums == SUMS_MEDIUM) sumDeltasMedium(from, m, code, dst, scale, unscale);
  else sumDeltasWide(from, m, code, dst, scale, unscale);
}

/**
 * Zigzagged delta codes to doubles. Codes up to 32 bits wide are unpacked (either layout) with
 * their exceptions patched in, then summed and converted four at a time; wider ones take the
 * scalar paths.
 */
export function decodeDelta(src: usize, end: usize, m: i32, dst: usize, scale: f64, unscale: f64): usize {
  const header = src;
  let p = readBlockHeader(src, end, m);
  if (p == 0) return 0;
  const width = blockWidth;
  let code: i64 = 0;
  if (blockDivisor == 1 && width <= 32) {
    unpackNarrow(m);
    // Narrow: every zigzagged delta below 2^32 / m keeps the running sum within ±2^31. Wide: every
    // delta fits 32 bits above the base and m times the largest stays below 2^51.
    const narrowLimit = <u64>u32.MAX_VALUE / <u64>m;
    let largest = blockBase + ((<u64>1) << (<u64>width)) - 1;
    let fits = largest >= blockBase;
    // Exceptions beyond a u32 offset (the first code of a vector, a jump) are summed one by one;
    // their magnitudes count against the ±2^51 bound of the wide path.
    let wide = 0;
    let wideSum: u64 = 0;
    const exceptions = blockExceptions;
    if (exceptions != 0) {
      p = readBlockExceptions(p, end, m);
      if (p == 0) return 0;
    }
    for (let k = 0; k < exceptions; k++) {
      const exceptionIndex = load<i32>(exceptionIndices + ((<usize>k) << 2));
      const exceptionValue = load<u64>(exceptionValues + ((<usize>k) << 3));
      const offset = exceptionValue - blockBase;
      if (offset > <u64>u32.MAX_VALUE) {
        store<i32>(wideIndex + ((<usize>wide) << 2), exceptionIndex);
        store<u64>(wideDelta + ((<usize>wide) << 3), exceptionValue);
        wide++;
        const magnitude = (exceptionValue >> 1) + 1;
        if (magnitude > <u64>MAGIC_LIMIT) fits = false;
        else wideSum += magnitude;
      } else {
        if (exceptionValue > largest) largest = exceptionValue;
        store<u32>(narrowCodes + ((<usize>exceptionIndex) << 2), <u32>offset);
      }
    }
    if (fits && wide == 0 && largest < narrowLimit) {
      decodeDeltaNarrow(m, dst, scale, unscale);
      return p;
    }
    if (fits && wideSum < <u64>MAGIC_LIMIT && (largest >> 1) + 1 <= (<u64>MAGIC_LIMIT - wideSum) / <u64>m) {
      // Segments of i32 sums: |unzigzag(z)| <= (largest + 1) / 2, so `segment` of them sum within ±(2^31 - 1).
      const segment = largest <= <u64>u32.MAX_VALUE ? <i32>min<u64>((<u64>u32.MAX_VALUE - 1) / (largest + 1), <u64>BLOCK) & ~3 : 0;
      const sums = segment >= 16 ? SUMS_NARROW : largest <= <u64>u32.MAX_VALUE ? SUMS_MEDIUM : SUMS_WIDE;
      decodeDeltaWide(m, wide, dst, scale, unscale, sums, segment);
      return p;
    }
  }
  if (blockExceptions == 0 && blockDivisor == 1 && width <= 56 && !blockInterleaved) {
    const mask = lowMask(width);
    const base = blockBase;
    const packed = blockPacked;
    const w = <usize>width;
    let bit: usize = 0;
    for (let i = 0; i < m; i++) {
      const delta = base + ((load<u64>(packed + (bit >> 3)) >> <u64>(bit & 7)) & mask);
      bit += w;
      code += unzigzag(delta);
      store<f64>(dst + ((<usize>i) << 3), <f64>code * scale * unscale);
    }
    return p;
  }
  p = pforDecode(header, end, m, dst);
  if (p == 0) return 0;
  for (let i = 0; i < m; i++) {
    const at = dst + ((<usize>i) << 3);
    code += unzigzag(load<u64>(at));
    store<f64>(at, <f64>code * scale * unscale);
  }
  return p;
}
