// Gorilla's XOR codec for doubles (Pelkonen et al., VLDB 2015), as the fallback for true binary
// floats and as the baseline the benchmark compares against. Per value after the first:
// '0' = same as previous; '1','0' = XOR fits the previous leading/trailing-zero window;
// '1','1' = 5 bits of leading zeros, 6 bits of length (0 means 64), then the meaningful bits.

import { beginRead, beginWrite, endWrite, readAddress, readBits, readBytesConsumed, streamOverrun, writeBits } from '../bitstream';
import { fail } from '../error';

/** Upper bound of a Gorilla stream for `n` values. */
export function gorillaBound(n: i32): usize {
  return ((<usize>n * 77 + 64) >> 3) + 16;
}

/** Encodes `n` doubles at `src` into `dst`; returns the end of the stream. */
export function gorillaEncode(src: usize, n: i32, dst: usize): usize {
  beginWrite(dst);
  if (n == 0) return endWrite();
  let previous = load<u64>(src);
  writeBits(previous, 64);
  let windowLeading = -1;
  let windowTrailing = 0;
  for (let i = 1; i < n; i++) {
    const v = load<u64>(src + ((<usize>i) << 3));
    const x = v ^ previous;
    previous = v;
    if (x == 0) {
      writeBits(0, 1);
      continue;
    }
    let leading = <i32>clz(x);
    if (leading > 31) leading = 31;
    const trailing = <i32>ctz(x);
    if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
      writeBits(1, 2); // '1' then '0'
      writeBits(x >> <u64>windowTrailing, 64 - windowLeading - windowTrailing);
    } else {
      const length = 64 - leading - trailing;
      writeBits(3, 2); // '1' then '1'
      writeBits(<u64>leading, 5);
      writeBits(<u64>(length & 63), 6);
      writeBits(x >> <u64>trailing, length);
      windowLeading = leading;
      windowTrailing = trailing;
    }
  }
  return endWrite();
}

/**
 * Whether Gorilla's stream for the `n` (>= 1) doubles at `src` takes at least `bits` bits, from a
 * lower bound without writing it: 64 for the first value, 1 per repeat and, per other value, the
 * 2 control bits and the XOR's meaningful bits (the window written is never narrower). Stops as
 * soon as the bound reaches `bits`.
 */
export function gorillaAtLeast(src: usize, n: i32, bits: i64): bool {
  let total: i64 = 64;
  let previous = load<u64>(src);
  let i = 1;
  while (i < n) {
    const to = min(n, i + 64);
    for (; i < to; i++) {
      const v = load<u64>(src + ((<usize>i) << 3));
      const x = v ^ previous;
      previous = v;
      // clz and ctz of 0 are 64: a repeat counts 66 - 128, fixed to 1 below.
      const meaningful = 66 - min<i64>(<i64>clz(x), 31) - <i64>ctz(x);
      total += select<i64>(meaningful, 1, x != 0);
    }
    if (total >= bits) return true;
  }
  return total >= bits;
}

/** Decodes `n` doubles from `bytes` bytes at `src` into `dst`. Returns 1, or 0 when corrupt. */
export function gorillaDecode(src: usize, bytes: usize, n: i32, dst: usize): i32 {
  beginRead(src, bytes);
  if (n == 0) return bytes == 0 ? 1 : <i32>fail(src);
  let previous = readBits(64);
  store<u64>(dst, previous);
  let windowLeading = -1;
  let windowTrailing = 0;
  for (let i = 1; i < n; i++) {
    if (readBits(1) != 0) {
      if (readBits(1) == 0) {
        if (windowLeading < 0) return <i32>fail(readAddress());
        previous ^= readBits(64 - windowLeading - windowTrailing) << (<u64>windowTrailing);
      } else {
        const leading = <i32>readBits(5);
        let length = <i32>readBits(6);
        if (length == 0) length = 64;
        if (leading + length > 64) return <i32>fail(readAddress());
        windowLeading = leading;
        windowTrailing = 64 - leading - length;
        previous ^= readBits(length) << (<u64>windowTrailing);
      }
    }
    if (streamOverrun) return <i32>fail(readAddress());
    store<u64>(dst + ((<usize>i) << 3), previous);
  }
  // The stream must end within its last byte: trailing garbage means a wrong length.
  if (streamOverrun || readBytesConsumed() != bytes) return <i32>fail(readAddress());
  return 1;
}
