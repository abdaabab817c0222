// Interleaved bit packing (the SIMD-BP128 / FastLanes idea) for widths 1..32: a pack of 128 values
// is four lanes of 32 values each, lane j holding values 4k + j at bits [k * width, (k + 1) * width)
// of its own bit stream, and word r of the pack (16 bytes) holds bits [32r, 32r + 32) of the four
// streams side by side. Every shift is then the same for the four lanes, so one v128 shift, or and
// and unpack four consecutive values, and a pack takes exactly 16 * width bytes, the same as
// sequential packing: the layout changes speed, never size.

import { lowMask } from './bits';
import { packFixed32 } from './codecs/pack32';
import { unpackFixed32 } from './codecs/unpack-interleaved32';

/** Values per interleaved pack. */
export const PACK: i32 = 128;
/** log2(PACK). */
export const PACK_SHIFT: i32 = 7;

/**
 * Packs `packs` packs of 128 u64 values at `src` minus `subtract` (the low `width` bits, 1..32,
 * of each difference) into `dst`; returns the end. Per width a generated packer
 * (../codecs/pack32.ts) with every shift a constant: value group k of a pack (four consecutive
 * values narrowed to u32 lanes) goes at bit k * width of the four lane streams, and each 32 bits
 * filled are one 16-byte word. Subtracting while packing spares the caller a pass that stores
 * the differences.
 */
export function packInterleaved(src: usize, packs: i32, width: i32, dst: usize, subtract: u64 = 0): usize {
  return packFixed32(src, packs, width, dst, <u32>subtract);
}

/**
 * Unpacks `packs` packs of `width` (1..32) bits at `src` as u32 to `dst`: per width a generated
 * unpacker (../codecs/unpack-interleaved32.ts) with every shift a constant, as the packers.
 */
export function unpackInterleaved32(src: usize, packs: i32, width: i32, dst: usize): void {
  unpackFixed32(src, packs, width, dst);
}

/** Unpacks `packs` packs and writes `base + code * step` (wrapping) as u64 to `dst`. */
export function unpackInterleaved64(src: usize, packs: i32, width: i32, base: u64, step: u64, dst: usize): void {
  const mask = i32x4.splat(<i32>lowMask(width));
  const offset = i64x2.splat(<i64>base);
  const stride = i64x2.splat(<i64>step);
  const one = step == 1;
  let s = src;
  let d = dst;
  for (let p = 0; p < packs; p++) {
    let cur = v128.load(s);
    let b = 0;
    for (let k = 0; k < 32; k++) {
      let x = i32x4.shr_u(cur, b);
      b += width;
      if (b >= 32) {
        b -= 32;
        s += 16;
        if (b > 0) {
          cur = v128.load(s);
          x = v128.or(x, i32x4.shl(cur, width - b));
        } else if (k < 31) {
          cur = v128.load(s);
        }
      }
      x = v128.and(x, mask);
      let lo = i64x2.extend_low_i32x4_u(x);
      let hi = i64x2.extend_high_i32x4_u(x);
      if (!one) {
        lo = i64x2.mul(lo, stride);
        hi = i64x2.mul(hi, stride);
      }
      v128.store(d, i64x2.add(lo, offset));
      v128.store(d, i64x2.add(hi, offset), 16);
      d += 32;
    }
  }
}
