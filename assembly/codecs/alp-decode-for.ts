// ALP's frame-of-reference decode: one vector's codes to doubles, two lanes at a time wherever the
// arithmetic is provably exact, with the block's exceptions patched in.

import { fail } from '../error';
import { readVarint, varintEnd } from '../varint';
import { narrowCodes, unpackNarrow } from './alp-decode-narrow';
import { MAGIC, MAGIC_LIMIT, SIGN } from './alp-format';
import {
  blockBase,
  blockDivisor,
  blockExceptions,
  blockWidth,
  exceptionIndices,
  exceptionValues,
  readBlockExceptions,
  readBlockHeader,
  unpackBlock,
} from './pfor';

/** 2^53: below it every integer converts to f64 exactly, so base + code can be added as doubles. */
const EXACT_LIMIT: i64 = 1 << 53;

/**
 * Frame-of-reference integer codes to doubles. When every code is base + u32 * step and stays below
 * 2^53 in magnitude, every step of f64(base) + f64(u32) * f64(step) is exact, so wasm SIMD can do
 * it two lanes at a time with a result bit-identical to the scalar `decodeInt`; interleaved packs
 * are unpacked and converted in one pass. Otherwise the codes are converted as i64 (two lanes at a
 * time while they are below 2^51).
 */
export function decodeFor(src: usize, end: usize, m: i32, dst: usize, scale: f64, unscale: f64): usize {
  let p = readBlockHeader(src, end, m);
  if (p == 0) return 0;
  const width = blockWidth;
  const base = <i64>(blockBase ^ SIGN);
  const step = blockDivisor;
  const top = base + (((<i64>1) << width) - 1) * <i64>step;
  const fast = width <= 32 && step < (<u64>1) << 21 && base > -EXACT_LIMIT && top < EXACT_LIMIT && top >= base;
  if (fast && width == 0) {
    // One code for the whole vector (the exceptions below patch the rest).
    const value = <f64>base * scale * unscale;
    const v = f64x2.splat(value);
    let i = 0;
    for (; i + 2 <= m; i += 2) v128.store(dst + ((<usize>i) << 3), v);
    if (i < m) store<f64>(dst + ((<usize>i) << 3), value);
  } else if (fast) {
    // Every code unpacked as u32 first (interleaved packs through the generated fixed-width
    // unpackers), then converted two at a time: faster than unpacking and converting in one loop
    // whose shifts vary with the bit position.
    const rest = m;
    const out = dst;
    unpackNarrow(m);
    const offset = f64x2.splat(<f64>base);
    const stride = f64x2.splat(<f64>step);
    const s = f64x2.splat(scale);
    const u = f64x2.splat(unscale);
    let i = 0;
    if (width < 32) {
      // Codes below 2^31: the signed conversion is one instruction on x86, the unsigned several.
      // Without a divisor the multiply by the step (1) is left out: the same bits.
      if (step == 1 && scale == 1.0) {
        // f = 0 (integer-valued series): the multiply by 10^0 leaves every bit as it is.
        for (; i + 4 <= rest; i += 4) {
          const codes = v128.load(narrowCodes + ((<usize>i) << 2));
          const n0 = f64x2.add(f64x2.convert_low_i32x4_s(codes), offset);
          const n1 = f64x2.add(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(codes, codes, 2, 3, 2, 3)), offset);
          v128.store(out + ((<usize>i) << 3), f64x2.mul(n0, u));
          v128.store(out + ((<usize>i) << 3), f64x2.mul(n1, u), 16);
        }
      } else if (step == 1) {
        for (; i + 4 <= rest; i += 4) {
          const codes = v128.load(narrowCodes + ((<usize>i) << 2));
          const n0 = f64x2.add(f64x2.convert_low_i32x4_s(codes), offset);
          const n1 = f64x2.add(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(codes, codes, 2, 3, 2, 3)), offset);
          v128.store(out + ((<usize>i) << 3), f64x2.mul(f64x2.mul(n0, s), u));
          v128.store(out + ((<usize>i) << 3), f64x2.mul(f64x2.mul(n1, s), u), 16);
        }
      }
      for (; i + 2 <= rest; i += 2) {
        const codes = v128.load64_zero(narrowCodes + ((<usize>i) << 2));
        const n = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(codes), stride), offset);
        v128.store(out + ((<usize>i) << 3), f64x2.mul(f64x2.mul(n, s), u));
      }
    }
    for (; i + 2 <= rest; i += 2) {
      const codes = v128.load64_zero(narrowCodes + ((<usize>i) << 2));
      const n = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(codes), stride), offset);
      v128.store(out + ((<usize>i) << 3), f64x2.mul(f64x2.mul(n, s), u));
    }
    for (; i < rest; i++) {
      const n = <f64>load<u32>(narrowCodes + ((<usize>i) << 2)) * <f64>step + <f64>base;
      store<f64>(out + ((<usize>i) << 3), n * scale * unscale);
    }
  } else {
    unpackBlock(m, dst);
    let i = 0;
    // Codes within ±2^51 convert two at a time (the span test keeps the top from wrapping).
    const span = width <= 51 && step >> <u64>(62 - width) == 0;
    if (span && base > -MAGIC_LIMIT && top < MAGIC_LIMIT) {
      const sign = i64x2.splat(<i64>SIGN);
      const magic = f64x2.splat(MAGIC);
      const magicBits = i64x2.splat(reinterpret<i64>(MAGIC));
      const s = f64x2.splat(scale);
      const u = f64x2.splat(unscale);
      for (; i + 2 <= m; i += 2) {
        const at = dst + ((<usize>i) << 3);
        const n = f64x2.sub(i64x2.add(v128.xor(v128.load(at), sign), magicBits), magic);
        v128.store(at, f64x2.mul(f64x2.mul(n, s), u));
      }
    }
    for (; i < m; i++) {
      const at = dst + ((<usize>i) << 3);
      store<f64>(at, <f64>(<i64>(load<u64>(at) ^ SIGN)) * scale * unscale);
    }
  }
  const exceptions = blockExceptions;
  if (exceptions == 0) return p;
  if (fast) return patchForExceptions(p, end, m, dst, scale, unscale);
  p = readBlockExceptions(p, end, m);
  if (p == 0) return 0;
  for (let k = 0; k < exceptions; k++) {
    const index = <usize>load<i32>(exceptionIndices + ((<usize>k) << 2));
    const value = load<u64>(exceptionValues + ((<usize>k) << 3));
    store<f64>(dst + (index << 3), <f64>(<i64>(value ^ SIGN)) * scale * unscale);
  }
  return p;
}

/**
 * The exceptions of the frame-of-reference block `decodeFor` read last (codes unpacked into
 * `narrowCodes`, or width 0), read at `p` with the checks of `readBlockExceptions` and written into
 * `dst` as they are read: the low bits of each come from `narrowCodes` (no lookup in the
 * interleaved packs), and no index and value arrays are filled and read back. Returns the next
 * address, or 0 when corrupt.
 */
function patchForExceptions(p: usize, end: usize, m: i32, dst: usize, scale: f64, unscale: f64): usize {
  const count = blockExceptions;
  const width = blockWidth;
  const base = blockBase;
  const divisor = blockDivisor;
  const shift = <u64>width;
  // Width 0 packs nothing (every low part is 0); `narrowCodes` then holds another block's codes.
  const lowMask: u64 = width > 0 ? u32.MAX_VALUE : 0;
  let previous = -1;
  for (let k = 0; k < count; k++) {
    const gapAt = p;
    let highAt = p + 1;
    let gap = <u64>load<u8>(p);
    let high = <u64>load<u8>(p, 1);
    if ((gap | high) < 0x80 && p + 1 < end) {
      p += 2;
    } else {
      gap = readVarint(p, end);
      if (varintEnd == 0) return 0;
      highAt = varintEnd;
      high = readVarint(highAt, end);
      if (varintEnd == 0) return 0;
      p = varintEnd;
    }
    if (gap >= <u64>(m - 1 - previous)) return fail(gapAt);
    const index = previous + 1 + <i32>gap;
    previous = index;
    if (width > 0 && high >> <u64>(64 - width) != 0) return fail(highAt);
    const low = <u64>load<u32>(narrowCodes + ((<usize>index) << 2)) & lowMask;
    const code = <i64>((base + (low | (high << shift)) * divisor) ^ SIGN);
    store<f64>(dst + ((<usize>index) << 3), <f64>code * scale * unscale);
  }
  return p;
}
