// Fixed-width bit packing of u64 values, least significant bit first. Unpacking reads whole
// unaligned 64-bit words, so every packed area must be followed by 8 readable bytes: callers
// keep 16 bytes of slack after every buffer they decode from.

import { unpackGroups32 } from './codecs/unpack32';

/** Number of significant bits of `v` (0 for 0). */
export function bitWidth(v: u64): i32 {
  return 64 - <i32>clz(v);
}

/** The low `width` bits set. */
export function lowMask(width: i32): u64 {
  return width >= 64 ? u64.MAX_VALUE : ((<u64>1) << (<u64>width)) - 1;
}

/** Bytes that `n` values of `width` bits occupy. */
export function packedBytes(n: i32, width: i32): usize {
  return (<usize>n * <usize>width + 7) >> 3;
}

/**
 * Packs the low `width` bits of `n` u64 values at `src`, each minus `subtract` (wrapping), into
 * `dst`; returns the end of the packed area.
 */
export function packBits(src: usize, n: i32, width: i32, dst: usize, subtract: u64 = 0): usize {
  if (width == 0) return dst;
  const mask = lowMask(width);
  let acc: u64 = 0;
  let filled = 0;
  let out = dst;
  for (let i = 0; i < n; i++) {
    const v = (load<u64>(src + ((<usize>i) << 3)) - subtract) & mask;
    acc |= v << (<u64>filled);
    const total = filled + width;
    if (total >= 64) {
      store<u64>(out, acc);
      out += 8;
      filled = total - 64;
      acc = filled == 0 ? 0 : v >> <u64>(width - filled);
    } else {
      filled = total;
    }
  }
  const tail = (filled + 7) >> 3;
  for (let b = 0; b < tail; b++) store<u8>(out + b, <u8>(acc >> ((<u64>b) << 3)));
  return out + tail;
}

/** Reads the value at index `i` of a packed area. */
export function extractBits(src: usize, i: i32, width: i32): u64 {
  if (width == 0) return 0;
  const bit = <usize>i * <usize>width;
  const byte = bit >> 3;
  const shift = <u64>(bit & 7);
  let v = load<u64>(src + byte) >> shift;
  if (width > 56 && shift != 0) v |= (<u64>load<u8>(src + byte + 8)) << (64 - shift);
  return v & lowMask(width);
}

/**
 * Unpacks `n` values and writes `base + value * step` (wrapping) as u64 to `dst`. Separate loops
 * per case keep the common ones (step 1, width <= 56) free of branches.
 */
export function unpackBits(src: usize, n: i32, width: i32, base: u64, step: u64, dst: usize): void {
  if (width == 0) {
    for (let i = 0; i < n; i++) store<u64>(dst + ((<usize>i) << 3), base);
    return;
  }
  const mask = lowMask(width);
  if (width <= 56) {
    let bit: usize = 0;
    const w = <usize>width;
    if (step == 1) {
      for (let i = 0; i < n; i++) {
        const v = (load<u64>(src + (bit >> 3)) >> <u64>(bit & 7)) & mask;
        store<u64>(dst + ((<usize>i) << 3), base + v);
        bit += w;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = (load<u64>(src + (bit >> 3)) >> <u64>(bit & 7)) & mask;
        store<u64>(dst + ((<usize>i) << 3), base + v * step);
        bit += w;
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    store<u64>(dst + ((<usize>i) << 3), base + extractBits(src, i, width) * step);
  }
}

/** Unpacks `n` values of `width` (<= 32) bits as u32 to `dst`. */
export function unpackBits32(src: usize, n: i32, width: i32, dst: usize): void {
  if (width == 0) {
    memory.fill(dst, 0, (<usize>n) << 2);
    return;
  }
  // Whole groups of eight through the generated fixed-width unpackers, then the tail.
  const groups = n >> 3;
  unpackGroups32(src, groups, width, dst);
  const mask = <u32>lowMask(width);
  const w = <usize>width;
  let bit: usize = ((<usize>groups) << 3) * w;
  for (let i = groups << 3; i < n; i++) {
    store<u32>(dst + ((<usize>i) << 2), <u32>(load<u64>(src + (bit >> 3)) >> <u64>(bit & 7)) & mask);
    bit += w;
  }
}
