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
import { PACK, PACK_SHIFT } from '../interleaved';
import { readVarint, unzigzag, varintEnd, zigzag } from '../varint';
import {
  blockBase,
  blockDivisor,
  blockExceptions,
  blockPacked,
  blockPackedValues,
  blockTail,
  blockWidth,
  exceptionHighMax,
  exceptionIndices,
  exceptionValues,
  readBlockExceptions,
  readBlockHeader,
  readExceptionHighs,
} from './pfor';
import { unpackPackDeltas } from './unpack-deltas16';
import { unpackFixed32 } from './unpack-interleaved32';

/** ALP's delta mode (see ./alp.ts). */
const MODE_DELTA: u8 = 1;

/** End of the vector read by the last successful `decodeIntegerVector`. */
export let integerVectorEnd: usize = 0;

/** What `integerVectorHeader` read: the block's delta frame, its largest zigzagged delta and the vector's end. */
let headerBase: u64 = 0;
let headerDivisor: u64 = 1;
let headerLargest: u64 = 0;
let headerEnd: usize = 0;
/**
 * Whether exceptionValues holds the exceptions' high parts (OR `high << width` into the unpacked
 * low bits), or else each whole q (store it in place of the low bits).
 */
let headerHighs = false;

/** Patches exception `k` into the unpacked code (u32) at `at` (see headerHighs); small enough that binaryen inlines it. */
function patchCode(at: usize, k: i32, width: i32): void {
  const part = load<u64>(exceptionValues + ((<usize>k) << 3));
  store<u32>(at, headerHighs ? load<u32>(at) | <u32>(part << (<u64>width)) : <u32>part);
}

/**
 * Reads the ALP vector of `m` values at `src` up to its packed deltas and checks that it is
 * integer-valued (see above), its exceptions read (as high parts or whole codes, see
 * headerHighs). Returns false otherwise. Sets the header* globals and pfor's block* globals.
 */
function integerVectorHeader(src: usize, end: usize, m: i32): bool {
  if (end - src < 4 || load<u8>(src) != 0 || load<u8>(src, 1) != 0 || load<u8>(src, 2) != MODE_DELTA) return false;
  const alpExceptions = readVarint(src + 3, end);
  if (varintEnd == 0 || alpExceptions != 0) return false;
  let p = readBlockHeader(varintEnd, end, m);
  if (p == 0 || blockWidth > 32 || blockDivisor > <u64>u32.MAX_VALUE) return false;
  const width = blockWidth;
  // Zigzagged delta i is base + packed_i * divisor (a divisor: every delta even, say, as when a
  // series climbs). The largest, checked against u64 overflow first.
  const base = blockBase;
  const divisor = blockDivisor;
  const top = ((<u64>1) << (<u64>width)) - 1;
  if (top != 0 && divisor > (u64.MAX_VALUE - base) / top) return false;
  let largest = base + top * divisor;
  const exceptions = blockExceptions;
  headerHighs = false;
  if (exceptions != 0) {
    // An exception is base + q * divisor too, q = low | high << width past the packed width. Its
    // low bits are packed in its slot like any code's, so the decoders unpack them with the rest
    // and OR the high part in (`headerHighs`), unless a bound on q fails below: then the exact
    // values decide.
    const after = readExceptionHighs(p, end, m);
    if (after == 0) return false;
    const highMax = exceptionHighMax;
    // q < (highMax + 1) << width must stay below 2^32 (and so the bound below within u64).
    if (width < 32 && highMax < ((<u64>1) << (<u64>(32 - width))) - 1) {
      const bound = base + (((highMax + 1) << (<u64>width)) - 1) * divisor;
      if (bound < <u64>u32.MAX_VALUE / <u64>m) {
        if (bound > largest) largest = bound;
        headerHighs = true;
      }
    }
    if (!headerHighs) {
      p = readBlockExceptions(p, end, m);
      if (p == 0) return false;
      for (let k = 0; k < exceptions; k++) {
        // An exception as a full value: it replaces the packed bits as q (kept in place of its value).
        const at = exceptionValues + ((<usize>k) << 3);
        const value = load<u64>(at);
        const q = (value - base) / divisor;
        if (value < base || q > <u64>u32.MAX_VALUE || (value - base) % divisor != 0) return false;
        if (value > largest) largest = value;
        store<u64>(at, q);
      }
    }
    p = after;
  }
  // Every zigzagged delta below 2^32 / m: each |delta| < 2^31 / m, so every running sum of m of
  // them stays within i32 (as ALP's own narrow delta path proves); base + q * divisor then fits
  // 32 bits for every delta.
  if (largest >= <u64>u32.MAX_VALUE / <u64>m) return false;
  headerBase = base;
  headerDivisor = divisor;
  headerLargest = largest;
  // No ALP exceptions: the vector ends with its block.
  headerEnd = p;
  return true;
}

/**
 * Decodes the ALP vector of `m` values at `src` as i32 codes into `dst` (m * 4 bytes plus 16 of
 * slack) when it is integer-valued (see above) and returns true, its end in `integerVectorEnd`;
 * returns false otherwise, having written nothing the caller relies on. Only the codes before
 * `limit` (<= m) are wanted: decoding may stop at the first 128-value pack past it.
 */
export function decodeIntegerVector(src: usize, end: usize, m: i32, dst: usize, limit: i32): bool {
  if (!integerVectorHeader(src, end, m)) return false;
  const width = blockWidth;
  const packed = blockPackedValues;
  const base = headerBase;
  const divisor = headerDivisor;
  const exceptions = blockExceptions;
  const lanesBase = i32x4.splat(<i32>base);
  const lanesDivisor = i32x4.splat(<i32>divisor);
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  let carry = i32x4.splat(0);
  // The first exception not yet patched in.
  let e = 0;
  // Packs up to the one holding row limit - 1 (no overflow: limit + 127 is only formed below packed).
  const packs = (limit >= packed ? packed : limit + 127) >> PACK_SHIFT;
  // The interleaved packs (see ../interleaved.ts) in two passes over the L1-resident buffer: the
  // generated fixed-width unpacker (every shift a constant, no branch per step) writes the codes,
  // the exceptions among them are patched in, then one pass turns codes into running sums.
  const n = packs << PACK_SHIFT;
  unpackFixed32(blockPacked, packs, width, dst);
  for (; e < exceptions; e++) {
    const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
    if (index >= n) break;
    patchCode(dst + ((<usize>index) << 2), e, width);
  }
  if (divisor != 1) carry = runningSumsScaled(dst, n, lanesBase, lanesDivisor, carry);
  else if (base != 0) carry = runningSums(dst, n, lanesBase, carry);
  else carry = runningSumsZigzag(dst, n, carry);
  let i = n;
  // The rest, packed sequentially: unpacked, patched, then summed.
  if (i < limit) {
    unpackBits32(blockTail, m - packed, width, dst + ((<usize>packed) << 2));
    for (; e < exceptions; e++) {
      const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
      patchCode(dst + ((<usize>index) << 2), e, width);
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
  integerVectorEnd = headerEnd;
  return true;
}

/**
 * Eight zigzagged deltas z0, z1 (four each) into running sums stored at `at`, after `carry` (the
 * running sum before, in every lane); returns the last sum so. Each half's running sums come on
 * their own (pairs first with a 64-bit lane shift, which is no shuffle, then the first pair's total
 * into the second), then the second half adds the first's total, and only then the carry: its
 * dependency chain advances once per eight values. Small enough that binaryen inlines it.
 */
function storeRunningSums(at: usize, z0: v128, z1: v128, carry: v128): v128 {
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  let x0 = v128.xor(i32x4.shr_u(z0, 1), i32x4.neg(v128.and(z0, one)));
  let x1 = v128.xor(i32x4.shr_u(z1, 1), i32x4.neg(v128.and(z1, one)));
  x0 = i32x4.add(x0, i64x2.shl(x0, 32));
  x1 = i32x4.add(x1, i64x2.shl(x1, 32));
  x0 = i32x4.add(x0, v128.shuffle<i32>(zero, x0, 0, 0, 5, 5));
  x1 = i32x4.add(x1, v128.shuffle<i32>(zero, x1, 0, 0, 5, 5));
  x1 = i32x4.add(x1, v128.shuffle<i32>(x0, x0, 3, 3, 3, 3));
  x0 = i32x4.add(x0, carry);
  x1 = i32x4.add(x1, carry);
  v128.store(at, x0);
  v128.store(at, x1, 16);
  return v128.shuffle<i32>(x1, x1, 3, 3, 3, 3);
}

/**
 * Turns the `n` (a multiple of 8) zigzagged delta codes at `values` (u32, unpacked) into running
 * sums in place, each delta unzigzag(base + code) (i32 lanes wrap as the u64 arithmetic's low
 * half), starting from `carry` (the running sum before, in every lane); returns the last sum so.
 */
function runningSums(values: usize, n: i32, base: v128, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    carry = storeRunningSums(at, i32x4.add(v128.load(at), base), i32x4.add(v128.load(at, 16), base), carry);
  }
  return carry;
}

/** `runningSums` with each delta unzigzag(code) (base 0, the common frame: some delta is 0). */
function runningSumsZigzag(values: usize, n: i32, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    carry = storeRunningSums(at, v128.load(at), v128.load(at, 16), carry);
  }
  return carry;
}

/** `runningSums` with each delta unzigzag(base + code * divisor). */
function runningSumsScaled(values: usize, n: i32, base: v128, divisor: v128, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    const z0 = i32x4.add(i32x4.mul(v128.load(at), divisor), base);
    const z1 = i32x4.add(i32x4.mul(v128.load(at, 16), divisor), base);
    carry = storeRunningSums(at, z0, z1, carry);
  }
  return carry;
}

/**
 * Largest zigzagged delta `sumIntegerVector` takes: every |delta| < 2^11, so the position-weighted
 * sums it keeps in i32 lanes (|sum of k * delta over k < 1024| < 2^11 * 2^19 = 2^30) never wrap.
 */
const SUM_LARGEST: u64 = 1 << 12;

/** Bytes per record of `sumIntegerVector`: F (i64), P (i64), delta (i64). */
export const SUM_RECORD: usize = 24;

/** One interleaved pack's 128 deltas as i16 (sumIntegerVector's buffer). */
const packDeltas = memory.data(256);

/**
 * For the integer-valued ALP vector of `m` values at `src` (see above, and every |delta| < 2^11):
 * at each of `count` positions p (i32 at `points`, nondecreasing, each in 0..m) writes a record at
 * `records` + index * SUM_RECORD of F(p), the sum of codes 0 .. p - 1; P(p), the running code
 * before row p (code p - 1, 0 at p = 0); and delta p (code p = P(p) + delta p; 0 at p = m). The sum
 * of codes a .. b - 1 is then F(b) - F(a), exact, without the running codes ever being formed:
 * F(p) = p * P(p) - Q(p) with Q(p) the sum of k * delta k over k < p, and P and Q are plain sums
 * of the deltas, eight a step. Returns false (nothing written the caller relies on) when the vector
 * is not such a vector; else true, its end in `integerVectorEnd`. Reads deltas only up to the pack
 * holding the last position. `scratch` takes m * 4 + 16 bytes (the vector's sequentially packed tail).
 */
export function sumIntegerVector(src: usize, end: usize, m: i32, points: usize, count: i32, records: usize, scratch: usize): bool {
  // Deltas below 2^12 are packed in at most 12 bits (unpackPackDeltas' widths).
  if (count <= 0 || !integerVectorHeader(src, end, m) || headerLargest >= SUM_LARGEST || blockWidth > 12) return false;
  const width = blockWidth;
  const packed = blockPackedValues;
  const base = headerBase;
  const divisor = headerDivisor;
  const exceptions = blockExceptions;
  const lastPoint = load<i32>(points + ((<usize>(count - 1)) << 2));
  const zero = i32x4.splat(0);
  const eight = i16x8.splat(8);
  // Lane sums of the deltas (P) and of position * delta (Q) since the last fold into sP / sQ.
  let vP = zero;
  let vQ = zero;
  let sP: i64 = 0;
  let sQ: i64 = 0;
  // Positions of the eight deltas at hand (below 1024: i16 lanes).
  let positions = i16x8(0, 1, 2, 3, 4, 5, 6, 7);
  // The next position to record.
  let q = 0;
  let np = load<i32>(points);
  let e = 0;
  let next = exceptions > 0 ? load<i32>(exceptionIndices) : m;
  let s = blockPacked;
  let i = 0;
  const packs = (lastPoint >= packed ? packed : lastPoint + 127) >> PACK_SHIFT;
  const packBytes = (<usize>width) << 4;
  for (let pack = 0; pack < packs; pack++) {
    // The pack's 128 deltas as i16, then its exceptions patched in, then eight at a time.
    unpackPackDeltas(s, width, <i32>base, <i32>divisor, packDeltas);
    s += packBytes;
    const packEnd = i + PACK;
    for (; next < packEnd; e++) {
      const slot = packDeltas + ((<usize>(next - i)) << 1);
      const part = load<u64>(exceptionValues + ((<usize>e) << 3));
      // The slot holds the delta of the low bits, unzigzag(base + low * divisor): zigzag it back
      // and add the high part's share, (high << width) * divisor.
      const z = headerHighs ? zigzag(<i64>load<i16>(slot)) + (part << (<u64>width)) * divisor : base + part * divisor;
      store<i16>(slot, <i16>unzigzag(z));
      next = e + 1 < exceptions ? load<i32>(exceptionIndices + ((<usize>(e + 1)) << 2)) : m;
    }
    // Groups of eight up to the one holding the last position; those before the group holding
    // the next position are summed with no check, that one one delta at a time.
    const packStart = i;
    const groups = min(16, (lastPoint - packStart + 7) >> 3);
    let group = 0;
    while (group < groups) {
      const ahead = np - packStart;
      const plain = ahead >= PACK ? groups : min(groups, ahead >> 3);
      // Sixteen deltas below 2^11 in magnitude sum within i16: P in i16 lanes for this pack.
      let p16 = zero;
      for (; group < plain; group++) {
        const d = v128.load(packDeltas + ((<usize>group) << 4));
        p16 = i16x8.add(p16, d);
        vQ = i32x4.add(vQ, i32x4.dot_i16x8_s(d, positions));
        positions = i16x8.add(positions, eight);
      }
      vP = i32x4.add(vP, i32x4.extadd_pairwise_i16x8_s(p16));
      if (group < groups) {
        // The group holding the next position: fold the lanes and go one delta at a time.
        sP += <i64>sumLanes(vP);
        sQ += <i64>sumLanes(vQ);
        vP = zero;
        vQ = zero;
        const first = packStart + (group << 3);
        for (let u = 0; u < 8; u++) {
          const at = first + u;
          const dk = <i64>load<i16>(packDeltas + ((<usize>at - <usize>packStart) << 1));
          while (np == at) {
            putSumRecord(records, q, at, sP, sQ, dk);
            q++;
            np = q < count ? load<i32>(points + ((<usize>q) << 2)) : i32.MAX_VALUE;
          }
          sP += dk;
          sQ += <i64>at * dk;
        }
        positions = i16x8.add(positions, eight);
        group++;
      }
    }
    i = packStart + (groups << 3);
    if (i >= lastPoint) break;
  }
  sP += <i64>sumLanes(vP);
  sQ += <i64>sumLanes(vQ);
  if (lastPoint > packed) {
    // The rest, packed sequentially after the packs: unpacked, patched, then one delta at a time.
    const sumTail = scratch;
    unpackBits32(blockTail, m - packed, width, sumTail);
    for (; e < exceptions; e++) {
      const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
      patchCode(sumTail + ((<usize>(index - packed)) << 2), e, width);
    }
    for (let at = packed; at < lastPoint; at++) {
      const d = unzigzag(base + <u64>load<u32>(sumTail + ((<usize>(at - packed)) << 2)) * divisor);
      while (np == at) {
        putSumRecord(records, q, at, sP, sQ, d);
        q++;
        np = q < count ? load<i32>(points + ((<usize>q) << 2)) : i32.MAX_VALUE;
      }
      sP += d;
      sQ += <i64>at * d;
    }
  }
  // Positions at the last one (past every delta read): the sums so far.
  for (; q < count; q++) putSumRecord(records, q, load<i32>(points + ((<usize>q) << 2)), sP, sQ, 0);
  integerVectorEnd = headerEnd;
  return true;
}

function sumLanes(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** Record q of sumIntegerVector: at position p, F = p * P - Q, P and the delta at p. */
function putSumRecord(records: usize, q: i32, p: i32, sP: i64, sQ: i64, d: i64): void {
  const r = records + <usize>q * SUM_RECORD;
  store<i64>(r, <i64>p * sP - sQ);
  store<i64>(r, sP, 8);
  store<i64>(r, d, 16);
}
