// ALP's decoder at the vector level: the header, the block of codes (./alp-decode-for.ts or
// ./alp-decode-delta.ts by mode), then the ALP exceptions added onto the decoded bits; also
// `skipVector` and `alpDecode` over a whole payload.

import { fail } from '../error';
import { readVarint, unzigzag, varintEnd } from '../varint';
import { decodeDelta } from './alp-decode-delta';
import { decodeFor } from './alp-decode-for';
import { MAX_EXPONENT, MODE_DELTA, MODE_FOR, negPow10, pow10 } from './alp-format';
import { BLOCK, blockExceptions, readBlockHeader, readExceptionHighs } from './pfor';

/**
 * The end of the ALP vector of `m` values at `src`, without decoding it: the header (exponents,
 * mode, exception count), one patched frame-of-reference block of codes (either mode), then the
 * exceptions' u16 positions and varint distances. Returns 0 when it runs past `end`.
 */
export function skipVector(src: usize, end: usize, m: i32): usize {
  if (end - src < 4) return fail(src);
  const exceptions = readVarint(src + 3, end);
  let p = varintEnd;
  if (p == 0) return 0;
  p = readBlockHeader(p, end, m);
  if (p == 0) return 0;
  if (blockExceptions > 0) {
    // The list's high parts only: the full values would look each low part up in the packed bits,
    // lines a skip has no other reason to fetch.
    p = readExceptionHighs(p, end, m);
    if (p == 0) return 0;
  }
  const count = <usize>exceptions;
  if (end - p < count * 3) return fail(p);
  let q = p + (count << 1);
  for (let k: usize = 0; k < count; k++) {
    while (q < end && load<u8>(q) >= 0x80) q++;
    q++;
  }
  return q <= end ? q : fail(end);
}

/** The current vector's one-byte exception distances with their zigzag undone (see `decodeVector`). */
const smallDistances = memory.data(BLOCK + 16);

/** Decodes one vector of `m` values at `src` into `dst`; returns the end of the vector or 0. */
export function decodeVector(src: usize, end: usize, m: i32, dst: usize): usize {
  if (end - src < 4) return fail(src);
  const e = <i32>load<u8>(src);
  const f = <i32>load<u8>(src + 1);
  const mode = load<u8>(src + 2);
  if (e > MAX_EXPONENT) return fail(src);
  if (f > MAX_EXPONENT) return fail(src + 1);
  if (mode > MODE_DELTA) return fail(src + 2);
  const exceptions = readVarint(src + 3, end);
  let p = varintEnd;
  if (p == 0) return 0;
  if (exceptions > <u64>m) return fail(src + 3);
  const scale = pow10(f);
  const unscale = negPow10(e);
  if (mode == MODE_FOR) {
    p = decodeFor(p, end, m, dst, scale, unscale);
    if (p == 0) return 0;
  } else {
    p = decodeDelta(p, end, m, dst, scale, unscale);
    if (p == 0) return 0;
  }
  const count = <usize>exceptions;
  if (end - p < count * 3) return fail(p);
  let q = p + (count << 1);
  // The distances before the first one that takes more than one byte (found 16 bytes at a time:
  // the first continuation bit) are byte k for exception k: no chain through the varint lengths.
  // The same pass undoes their zigzag into `smallDistances`, 16 at a time.
  let ones = count;
  {
    const one = i8x16.splat(1);
    let k: usize = 0;
    for (; k + 16 <= count; k += 16) {
      const z = v128.load(q + k);
      v128.store(smallDistances + k, v128.xor(i8x16.shr_u(z, 1), i8x16.neg(v128.and(z, one))));
      const high = i8x16.bitmask(z);
      if (high != 0) {
        ones = k + <usize>ctz(high);
        break;
      }
    }
    if (ones == count) {
      for (; k < count; k++) {
        const z = <u32>load<u8>(q + k);
        if (z >= 0x80) {
          ones = k;
          break;
        }
        store<u8>(smallDistances + k, <u8>((z >> 1) ^ (0 - (z & 1))));
      }
    }
  }
  // Positions checked eight at a time: when all are in the vector, each of the first `ones`
  // exceptions is two loads and an add to the value's bits (a sign-extended byte), and the rest
  // (float noise of a few more bits) are read below; else the loop below reports the first bad one.
  let from: usize = 0;
  {
    const limit = i16x8.splat(<i16>m);
    let bad = i16x8.splat(0);
    let k: usize = 0;
    for (; k + 8 <= count; k += 8) bad = v128.or(bad, i16x8.ge_u(v128.load(p + (k << 1)), limit));
    for (; k < count; k++) if (<i32>load<u16>(p + (k << 1)) >= m) bad = i16x8.splat(-1);
    if (!v128.any_true(bad)) {
      for (k = 0; k < ones; k++) {
        const at = dst + ((<usize>load<u16>(p + (k << 1))) << 3);
        store<i64>(at, load<i64>(at) + <i64>load<i8>(smallDistances + k));
      }
      if (ones == count) return q + count;
      from = ones;
      q += ones;
    }
  }
  for (let k = from; k < count; k++) {
    const i = <i32>load<u16>(p + (k << 1));
    if (i >= m) return fail(p + (k << 1));
    // Float-noise distances take one or two bytes: read those without a branch on which (the mix
    // is unpredictable), the rest the careful way.
    let distance: u64;
    const b0 = <u32>load<u8>(q);
    const b1 = <u32>load<u8>(q, 1);
    const two = b0 >> 7;
    if ((b1 & (two << 7)) == 0 && q + 1 < end) {
      distance = <u64>((b0 & 0x7f) | select<u32>(b1 << 7, 0, two != 0));
      q += 1 + <usize>two;
    } else {
      distance = readVarint(q, end);
      if (varintEnd == 0) return 0;
      q = varintEnd;
    }
    const at = dst + ((<usize>i) << 3);
    store<u64>(at, load<u64>(at) + <u64>unzigzag(distance));
  }
  return q;
}

/** Decodes `n` doubles of ALP vectors at `src` (up to `end`) into `dst`. Returns the end or 0. */
export function alpDecode(src: usize, end: usize, n: i32, dst: usize): usize {
  let p = src;
  for (let start = 0; start < n; start += BLOCK) {
    p = decodeVector(p, end, min(BLOCK, n - start), dst + ((<usize>start) << 3));
    if (p == 0) return 0;
  }
  return p;
}
