// LEB128 varints for block headers. Reads are bounds-checked against an end address, because
// headers are the first thing a corrupt chunk gets wrong.

import { fail } from './error';

/** Where the last `readVarint` stopped (0 after a failure). */
export let varintEnd: usize = 0;

/** Writes `v` as LEB128 at `dst` and returns the address after it. */
export function writeVarint(dst: usize, v: u64): usize {
  let p = dst;
  while (v >= 0x80) {
    store<u8>(p++, <u8>(v | 0x80));
    v >>= 7;
  }
  store<u8>(p++, <u8>v);
  return p;
}

/** Bytes `v` takes as LEB128. */
export function varintSize(v: u64): i32 {
  return v == 0 ? 1 : (70 - <i32>clz(v)) / 7;
}

/**
 * Reads a LEB128 value at `src`, never past `end`. On success sets `varintEnd` to the next address;
 * on a truncated or over-long varint sets it to 0 and records the error.
 */
export function readVarint(src: usize, end: usize): u64 {
  let result: u64 = 0;
  let shift: u64 = 0;
  let p = src;
  while (true) {
    if (p >= end || shift > 63) {
      varintEnd = fail(p);
      return 0;
    }
    const b = load<u8>(p++);
    if (shift == 63 && b > 1) {
      varintEnd = fail(p - 1);
      return 0;
    }
    result |= (<u64>(b & 0x7f)) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  varintEnd = p;
  return result;
}

/** Zigzag: maps signed to unsigned so small magnitudes of either sign get small codes. */
export function zigzag(v: i64): u64 {
  return <u64>((v << 1) ^ (v >> 63));
}

export function unzigzag(v: u64): i64 {
  return <i64>(v >> 1) ^ -(<i64>(v & 1));
}
