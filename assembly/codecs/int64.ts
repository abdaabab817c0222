// Column codecs for i64 (timestamps and BIGINT): each candidate is encoded and the smallest kept.
// All arithmetic wraps, so any i64 sequence round-trips, sorted or not.

import { CODEC_DELTA_PFOR, CODEC_DELTA_ZIGZAG_PFOR, CODEC_DOD_PFOR, CODEC_FOR_PFOR, CODEC_RAW } from '../codec-ids';
import { fail } from '../error';
import { zigzag } from '../varint';
import { decodeDeltaBlocks, deltaRowsFrom, startDeltas } from './delta-blocks';
import { BLOCK, pforBound, pforDecode, pforEncode } from './pfor';

const SIGN: u64 = 0x8000000000000000;
const blockIn = memory.data(BLOCK * 8);

/** Upper bound of any i64 column payload of `n` values. */
export function int64Bound(n: i32): usize {
  return 1 + 16 + <usize>((n + BLOCK - 1) / BLOCK) * pforBound(BLOCK);
}

function at(src: usize, i: i32): i64 {
  return load<i64>(src + ((<usize>i) << 3));
}

/** Encodes the transformed values `f(i)` for i in [from, n) as consecutive blocks. */
function encodeBlocks(src: usize, n: i32, from: i32, kind: u8, dst: usize): usize {
  let p = dst;
  for (let start = from; start < n; start += BLOCK) {
    const m = min(BLOCK, n - start);
    for (let j = 0; j < m; j++) {
      const i = start + j;
      let v: u64;
      if (kind == CODEC_DELTA_PFOR) v = <u64>(at(src, i) - at(src, i - 1));
      else if (kind == CODEC_DOD_PFOR) v = zigzag(at(src, i) - 2 * at(src, i - 1) + at(src, i - 2));
      else if (kind == CODEC_FOR_PFOR) v = <u64>at(src, i) ^ SIGN;
      else v = zigzag(at(src, i) - at(src, i - 1));
      store<u64>(blockIn + ((<usize>j) << 3), v);
    }
    p = pforEncode(blockIn, m, p);
  }
  return p;
}

/** Encodes one candidate; returns the end address. */
function encodeAs(kind: u8, src: usize, n: i32, dst: usize): usize {
  store<u8>(dst, kind);
  let p = dst + 1;
  if (kind == CODEC_RAW) {
    memory.copy(p, src, (<usize>n) << 3);
    return p + ((<usize>n) << 3);
  }
  if (kind == CODEC_FOR_PFOR) return encodeBlocks(src, n, 0, kind, p);
  if (n == 0) return p;
  store<i64>(p, at(src, 0));
  p += 8;
  if (kind == CODEC_DOD_PFOR) {
    if (n == 1) return p;
    store<i64>(p, at(src, 1) - at(src, 0));
    return encodeBlocks(src, n, 2, kind, p + 8);
  }
  return encodeBlocks(src, n, 1, kind, p);
}

/**
 * Encodes `n` i64 at `src` into `dst` (capacity `int64Bound(n)`), trying the candidates that
 * suit timestamps (`forTimes`) or general integers, and returns the payload length.
 */
export function encodeInt64Column(src: usize, n: i32, dst: usize, forTimes: bool): i32 {
  const bound = int64Bound(n);
  const scratch = heap.alloc(bound);
  let bestLen = <usize>1 + ((<usize>n) << 3);
  let bestKind = CODEC_RAW;
  // Timestamps are sorted, so their deltas need no zigzag; integers may go either way.
  const candidates: u32 = forTimes
    ? (1 << CODEC_DELTA_PFOR) | (1 << CODEC_DOD_PFOR)
    : (1 << CODEC_DELTA_PFOR) | (1 << CODEC_FOR_PFOR) | (1 << CODEC_DELTA_ZIGZAG_PFOR);
  for (let kind: u8 = CODEC_DELTA_PFOR; kind <= CODEC_DELTA_ZIGZAG_PFOR; kind++) {
    if ((candidates & ((<u32>1) << kind)) == 0) continue;
    const len = encodeAs(kind, src, n, scratch) - scratch;
    if (len < bestLen) {
      bestLen = len;
      bestKind = kind;
      memory.copy(dst, scratch, len);
    }
  }
  heap.free(scratch);
  if (bestKind == CODEC_RAW) encodeAs(CODEC_RAW, src, n, dst);
  return <i32>bestLen;
}

/** Decodes consecutive blocks into dst[from..n) as raw u64 codes. Returns the end or 0. */
function decodeBlocks(src: usize, end: usize, n: i32, from: i32, dst: usize): usize {
  let p = src;
  for (let start = from; start < n; start += BLOCK) {
    const m = min(BLOCK, n - start);
    p = pforDecode(p, end, m, dst + ((<usize>start) << 3));
    if (p == 0) return 0;
  }
  return p;
}

/**
 * Decodes an i64 column payload of `len` bytes at `src` into `n` values at `dst`.
 * Returns 1 on success, 0 when the payload is corrupt (see `lastErrorAddress`).
 */
export function decodeInt64Column(src: usize, len: usize, n: i32, dst: usize): i32 {
  const end = src + len;
  if (len < 1) return <i32>fail(src);
  const kind = load<u8>(src);
  let p = src + 1;
  if (kind == CODEC_RAW) {
    if (end - p != (<usize>n) << 3) return <i32>fail(p);
    memory.copy(dst, p, (<usize>n) << 3);
    return 1;
  }
  if (kind == CODEC_FOR_PFOR) {
    p = decodeBlocks(p, end, n, 0, dst);
    if (p == 0) return 0;
    for (let i = 0; i < n; i++) store<u64>(dst + ((<usize>i) << 3), load<u64>(dst + ((<usize>i) << 3)) ^ SIGN);
  } else if (kind == CODEC_DELTA_PFOR || kind == CODEC_DELTA_ZIGZAG_PFOR || kind == CODEC_DOD_PFOR) {
    if (n == 0) return p == end ? 1 : <i32>fail(p);
    if (end - p < 8) return <i32>fail(p);
    p = startDeltas(kind, p, end, n, dst);
    if (p == 0) return 0;
    if (n <= deltaRowsFrom) return p == end ? 1 : <i32>fail(p);
    p = decodeDeltaBlocks(kind, p, end, n, deltaRowsFrom, dst);
    if (p == 0) return 0;
  } else {
    return <i32>fail(src);
  }
  return p == end ? 1 : <i32>fail(p);
}
