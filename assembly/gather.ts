import { CODEC_ALP } from './codec-ids';
import { decodeVector, skipVector } from './codecs/alp';
import { decodeFloat64Column } from './codecs/float64';
import { BLOCK } from './codecs/pfor';
import { fail } from './error';

// Late materialisation helpers for a scan that filters before it decodes every column: a check that decoded
// times are sorted, and a gather of the selected rows of a decoded 8-byte column (bit for bit, so NaN
// payloads and -0 survive).

/** Index of the first row whose i64 value is below the previous row's, or n when the n values are sorted. */
export function firstUnsortedI64(values: usize, n: i32): i32 {
  for (let i = 1; i < n; i++) {
    if (load<i64>(values + ((<usize>i) << 3)) < load<i64>(values + ((<usize>(i - 1)) << 3))) return i;
  }
  return n;
}

/** dst[k] = src[selection[k]] for k < n: 8-byte elements, i32 row indices (the caller keeps them in range). */
export function gather64(src: usize, selection: usize, n: i32, dst: usize): void {
  for (let k = 0; k < n; k++) {
    const row = <usize>load<i32>(selection + ((<usize>k) << 2));
    store<u64>(dst + ((<usize>k) << 3), load<u64>(src + (row << 3)));
  }
}

/**
 * Decodes the first `rows` of the `n` doubles of a column payload into `dst`: an ALP payload stops after the
 * vector holding row rows - 1 (its vectors are sequential, so the ones after are never touched); any other
 * codec decodes all n. Returns 1, or 0 when the part read is corrupt (lastErrorAddress says where). The body
 * checksum covers the rest, which is not read.
 */
export function decodeFloat64Prefix(src: usize, len: usize, n: i32, rows: i32, dst: usize): i32 {
  if (len < 1 || load<u8>(src) != CODEC_ALP || rows >= n) return decodeFloat64Column(src, len, n, dst);
  const end = src + len;
  let p = src + 1;
  for (let start = 0; start < rows; start += BLOCK) {
    p = decodeVector(p, end, min(BLOCK, n - start), dst + ((<usize>start) << 3));
    if (p == 0) return 0;
  }
  return 1;
}

/**
 * dst[k] = value of row selection[k] of the `n` doubles of a column payload, for k < count (the selection
 * ascending, every row < n; the caller keeps it so). An ALP payload decodes only the vectors holding a
 * selected row into `scratch` (BLOCK doubles) and skips the rest, stopping after the vector of the last
 * selected row: a selective filter's rows cluster in time, so most vectors are never decoded. Any other codec
 * decodes all n into `scratch` (n doubles) and gathers. Returns 1, or 0 when the part read is corrupt
 * (lastErrorAddress says where); the body checksum covers what is not read.
 */
export function gatherFloat64Rows(src: usize, len: usize, n: i32, selection: usize, count: i32, dst: usize, scratch: usize): i32 {
  if (count == 0) return 1;
  if (len < 1 || load<u8>(src) != CODEC_ALP) {
    if (decodeFloat64Column(src, len, n, scratch) == 0) return 0;
    gather64(scratch, selection, count, dst);
    return 1;
  }
  const end = src + len;
  let p = src + 1;
  let k = 0;
  let row = load<i32>(selection);
  for (let start = 0; start < n; start += BLOCK) {
    const m = min(BLOCK, n - start);
    const stop = start + m;
    if (row >= stop) {
      p = skipVector(p, end, m);
      if (p == 0) return 0;
      continue;
    }
    p = decodeVector(p, end, m, scratch);
    if (p == 0) return 0;
    const base = scratch - ((<usize>start) << 3);
    while (row < stop) {
      if (row < start) return <i32>fail(selection + ((<usize>k) << 2));
      store<u64>(dst + ((<usize>k) << 3), load<u64>(base + ((<usize>row) << 3)));
      if (++k == count) return 1;
      row = load<i32>(selection + ((<usize>k) << 2));
    }
  }
  // A selected row at or past n: the caller broke its promise; fail rather than leave dst short.
  return <i32>fail(selection + ((<usize>k) << 2));
}

/**
 * Rows start .. start + count - 1 of the `n` doubles of a column payload into dst (the range within n; the caller
 * keeps it so). An ALP payload skips the vectors before the range, decodes each vector holding part of it into
 * `scratch` (BLOCK doubles) and copies that part, and stops after the range's last vector; any other codec
 * decodes all n into `scratch` (n doubles) and copies. Returns 1, or 0 when the part read is corrupt
 * (lastErrorAddress says where); the body checksum covers what is not read.
 */
export function decodeFloat64Range(src: usize, len: usize, n: i32, start: i32, count: i32, dst: usize, scratch: usize): i32 {
  if (count <= 0) return 1;
  const stop = start + count;
  if (len < 1 || load<u8>(src) != CODEC_ALP) {
    if (decodeFloat64Column(src, len, n, scratch) == 0) return 0;
    memory.copy(dst, scratch + ((<usize>start) << 3), (<usize>count) << 3);
    return 1;
  }
  const end = src + len;
  let p = src + 1;
  for (let first = 0; first < stop; first += BLOCK) {
    const m = min(BLOCK, n - first);
    if (first + m <= start) {
      p = skipVector(p, end, m);
      if (p == 0) return 0;
      continue;
    }
    p = decodeVector(p, end, m, scratch);
    if (p == 0) return 0;
    const a = max(first, start);
    const b = min(first + m, stop);
    memory.copy(dst + ((<usize>(a - start)) << 3), scratch + ((<usize>(a - first)) << 3), (<usize>(b - a)) << 3);
  }
  return 1;
}
