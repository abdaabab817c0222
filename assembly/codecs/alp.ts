// Decimal-aware doubles (the ALP idea): an exponent e and a factor f, chosen on samples of the
// column and stored in each vector of 1,024 values (the format allows a pair per vector), such that
// round(v * 10^e / 10^f) decodes back to exactly v; such integers are bit-packed (as a
// frame of reference or as zigzagged deltas, whichever is narrower, which suits slowly moving
// series) and every value that does not survive the round trip is an exception, stored as the
// difference of its bit pattern from its integer's decoding (a few bits for float-noise tails).
// Exactness holds by construction: the encoder checks each value with the decoder's own arithmetic.
//
// Vector layout: u8 e | u8 f | u8 mode (0 FOR, 1 delta) | varint exception count
//   | patched-FOR block of the integer codes | u16 positions | per exception a varint: the zigzagged
//   difference between its bit pattern and the decoding of its code.

import { bitWidth, lowMask, unpackBits32 } from '../bits';
import { fail } from '../error';
import { PACK_SHIFT, unpackInterleaved32 } from '../interleaved';
import { readVarint, unzigzag, varintEnd, varintSize, writeVarint, zigzag } from '../varint';
import {
  BLOCK,
  blockBase,
  blockDivisor,
  blockExceptions,
  blockInterleaved,
  blockPacked,
  blockPackedValues,
  blockTail,
  blockWidth,
  exceptionIndices,
  exceptionValues,
  pforBound,
  pforDecode,
  pforEncodeFrom,
  readBlockExceptions,
  readBlockHeader,
  unpackBlock,
} from './pfor';

const MAX_EXPONENT: i32 = 18;
/**
 * Least exponent of the pairs with f >= 1 tried outside the best digit count (every e is tried at
 * that count, and f = 0 at every count), for values small enough that v * 10^e stays well inside
 * the code range there (larger values start lower, see `leastWideExponent`). Over the benchmark's 43
 * real series no such pair below it won (payloads identical), and skipping them saves about two
 * thirds of the pair search on a 1,024-value column.
 */
const LEAST_WIDE_E: i32 = 14;
/**
 * Largest exponent of the pairs with f >= 1 (f = 0 is tried at every e up to 18). The f >= 1 pairs
 * serve float-noise columns, whose winners sit at e = 10..15 (e = 14 most of all, as in the ALP
 * paper); e = 16..18 took about a fifth of the pair search on 1,024-value columns. Leaving them out
 * changed 6 of the golden test's 888 columns (-0.07% bytes over all of them; ambient_temperature
 * 34.80 -> 34.09 bits per value, as its finalists changed) and no other series of the benchmark.
 */
const LARGEST_FACTOR_E: i32 = 15;

/** 2^53: past it v * 10^e is no longer an integer-exact double, and the pair's codes go inexact. */
const EXACT_SCALED: f64 = 9007199254740992.0;
/** Decades below that largest e still tried: a pair's best e is often a few below it. */
const WIDE_SLACK: i32 = 3;

/**
 * The least exponent `chooseCandidates` tries for pairs with f >= 1 outside the best digit count:
 * LEAST_WIDE_E, or for large values the largest e whose v * 10^e keeps the largest sampled
 * magnitude `largest` below 2^53.
 */
function leastWideExponent(largest: f64): i32 {
  if (!(largest > 0 && largest < Infinity)) return 1;
  let e = MAX_EXPONENT;
  while (e > 1 && largest * pow10(e) >= EXACT_SCALED) e--;
  return max(1, min(LEAST_WIDE_E, e - WIDE_SLACK));
}
const SIGN: u64 = 0x8000000000000000;
const MODE_FOR: u8 = 0;
const MODE_DELTA: u8 = 1;

const POW10 = memory.data<f64>([1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18]);
const NEG_POW10 = memory.data<f64>([
  1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
]);

const ints = memory.data(BLOCK * 8);
const codes = memory.data(BLOCK * 8);
const exceptionPositions = memory.data(BLOCK * 2);
/** Each exception's distance from the decoding of its code, as written after the positions. */
const exceptionDistances = memory.data(BLOCK * 8);
const narrowCodes = memory.data(BLOCK * 4 + 16);
/** 2^53: below it every integer converts to f64 exactly, so base + code can be added as doubles. */
const EXACT_LIMIT: i64 = 1 << 53;

/** Candidate (e, f) pairs kept from the column-level sample, best first. */
const MAX_CANDIDATES = 5;
const candidateE = memory.data(MAX_CANDIDATES * 4);
const candidateF = memory.data(MAX_CANDIDATES * 4);
const candidateCost = memory.data(MAX_CANDIDATES * 8);
const candidateOrder = memory.data(MAX_CANDIDATES * 4);
/** The finalists while they are re-ranked into the candidate list. */
const finalistE = memory.data(MAX_CANDIDATES * 4);
const finalistF = memory.data(MAX_CANDIDATES * 4);
let candidateCount = 0;

function pow10(e: i32): f64 {
  return load<f64>(POW10 + ((<usize>e) << 3));
}

function negPow10(e: i32): f64 {
  return load<f64>(NEG_POW10 + ((<usize>e) << 3));
}

/** The integer code of `v` under (e, f); only meaningful when `decodeInt` gives `v` back. */
function encodeInt(v: f64, e: i32, f: i32): i64 {
  // Saturating conversion (nontrapping-f2i): NaN and out-of-range values become exceptions, never traps.
  return <i64>nearest(v * pow10(e) * negPow10(f));
}

function decodeInt(n: i64, e: i32, f: i32): f64 {
  return <f64>n * pow10(f) * negPow10(e);
}

/**
 * How far `decoded` is from `v`, as the zigzagged difference of their bit patterns (0 = exact).
 * Values with a float-noise tail (74.93588199999998) decode a few ulps off, so storing this
 * difference costs a byte or two instead of the 8 of a raw double.
 */
function exceptionDistance(v: f64, decoded: f64): u64 {
  return zigzag(<i64>(reinterpret<u64>(v) - reinterpret<u64>(decoded)));
}

/** Exceptions at most this far (in ulps) keep their own integer code; farther ones take the previous code. */
const NEAR: u64 = 1 << 24;

const sampleCodes = memory.data(64 * 8);
/** Counts of the sampled codes' frame widths (0..64), for `detailedCost`. */
const sampleHistogram = memory.data(68 * 4);
/** Four partial histograms (68 slots each, whole v128s) summed into `sampleHistogram`: consecutive codes
 * usually share a width, and one counter would chain every increment through a store-to-load round trip. */
const sampleHistograms = memory.data(4 * 68 * 4);
/** The sampled values, gathered contiguously so the estimates run two lanes at a time. */
const sample = memory.data(64 * 8 + 16);
/**
 * Added to a rounded code to turn -0 into +0 (and change nothing else): the i64 code of -0 is 0,
 * which decodes to +0, so the two-lane tests must see +0 as the scalar conversion does.
 */
const PLUS_ZERO = f64x2.splat(0);
/**
 * Zero i64 lanes: zigzag takes each lane's sign mask as x < 0 (one compare), not as an arithmetic
 * shift by 63, which the JIT expands into several instructions on x86.
 */
const NO_LANES = i64x2.splat(0);
/** 2^62: codes below it in magnitude convert between f64 and i64 exactly and subtract without overflow. */
const CODE_RANGE: f64 = <f64>((<i64>1) << 62);

/** Copies `count` values `stride` apart from `src` into `sample`. */
function gatherSample(src: usize, count: i32, stride: i32): void {
  for (let k = 0; k < count; k++) store<f64>(sample + ((<usize>k) << 3), load<f64>(src + ((<usize>(k * stride)) << 3)));
}

/** The scalar form of `sampleCost`, for the rare samples the two-lane form does not cover. */
function sampleCostScalar(count: i32, e: i32, f: i32, limit: i64): i64 {
  let lo = i64.MAX_VALUE;
  let hi = i64.MIN_VALUE;
  let exceptionBits: i64 = 0;
  let exact = 0;
  for (let k = 0; k < count; k++) {
    const v = load<f64>(sample + ((<usize>k) << 3));
    const n = encodeInt(v, e, f);
    const miss = exceptionDistance(v, decodeInt(n, e, f));
    if (miss == 0) {
      exact++;
      if (n < lo) lo = n;
      if (n > hi) hi = n;
    } else {
      exceptionBits += 16 + 8 * <i64>varintSize(miss);
      if (exceptionBits > limit) return exceptionBits;
    }
  }
  return exact == 0 ? exceptionBits : <i64>count * bitWidth(<u64>(hi - lo)) + exceptionBits;
}

/**
 * Quick estimate of the bits for the `count` values in `sample` under (e, f): frame width plus
 * exceptions. Gives up (returning a value above `limit`) as soon as the exceptions alone exceed
 * `limit`, which is what makes trying every (e, f) pair affordable: most pairs fail on their first
 * samples. Two lanes at a time: a lane whose code is below 2^62 and decodes to the same bits is
 * exact, exactly as the scalar `encodeInt`/`decodeInt` would find; other lanes go the scalar way.
 */
function sampleCostWith<Scale>(count: i32, e: i32, f: i32, limit: i64): i64 {
  if (count & 1) return sampleCostScalar(count, e, f, limit);
  const pe = f64x2.splat(pow10(e));
  const nf = f64x2.splat(negPow10(f));
  const pf = f64x2.splat(pow10(f));
  const ne = f64x2.splat(negPow10(e));
  const range = f64x2.splat(CODE_RANGE);
  const up = f64x2.splat(Infinity);
  const down = f64x2.splat(-Infinity);
  const far = i64x2.splat(~(<i64>0xfffffff));
  const bytes1 = i64x2.splat(0x7f);
  const bytes2 = i64x2.splat(0x3fff);
  const bytes3 = i64x2.splat(0x1fffff);
  const oneByte = i64x2.splat(24);
  let lo = up;
  let hi = down;
  // Exception bits per lane (distances below 2^28, the float-noise tails) and exceptions (as -1
  // per lane); farther distances are sized one lane at a time into `exceptionBits`.
  let laneBits = i64x2.splat(0);
  let laneMisses = i64x2.splat(0);
  let exceptionBits: i64 = 0;
  let exceptions = 0;
  // No branch on which lanes are exact (float-noise columns mix them unpredictably): every step
  // takes both lanes' exception sizes and frame, then tests the cost so far against the limit.
  for (let k = 0; k < count; k += 2) {
    const v = v128.load(sample + ((<usize>k) << 3));
    const n = f64x2.add(f64x2.nearest(scaleUp<Scale>(v, pe, nf)), PLUS_ZERO);
    // Codes past 2^62 (or NaN, infinities) are rare: the scalar estimate decides those pairs.
    if (!i64x2.all_true(f64x2.lt(f64x2.abs(n), range))) return sampleCostScalar(count, e, f, limit);
    // In range, a lane decodes as the scalar path decodes it: exact when the bits are the same,
    // else an exception whose varint size follows from its zigzagged bit distance.
    const diff = i64x2.sub(v, scaleDown<Scale>(n, pf, ne));
    const same = i64x2.eq(diff, NO_LANES);
    lo = f64x2.pmin(lo, v128.bitselect(n, up, same));
    hi = f64x2.pmax(hi, v128.bitselect(n, down, same));
    const miss = v128.xor(i64x2.shl(diff, 1), i64x2.lt_s(diff, NO_LANES));
    laneMisses = i64x2.add(laneMisses, v128.not(same));
    if (v128.any_true(v128.and(miss, far))) {
      if (i64x2.extract_lane(same, 0) == 0) exceptionBits += 16 + 8 * <i64>varintSize(<u64>i64x2.extract_lane(miss, 0));
      if (i64x2.extract_lane(same, 1) == 0) exceptionBits += 16 + 8 * <i64>varintSize(<u64>i64x2.extract_lane(miss, 1));
    } else {
      // 16 + 8 bits per varint byte: 24, less 8 for each of 2^7, 2^14, 2^21 the distance passes
      // (the compares give -1); exact lanes (distance 0) add nothing.
      const extra = i64x2.add(i64x2.add(i64x2.gt_s(miss, bytes1), i64x2.gt_s(miss, bytes2)), i64x2.gt_s(miss, bytes3));
      laneBits = i64x2.add(laneBits, v128.andnot(i64x2.sub(oneByte, i64x2.shl(extra, 3)), same));
    }
    // Tested after the first step (the extremes, where most losing pairs stop) and then every
    // second one.
    if (k & 2) continue;
    // A lower bound of the final cost: the exceptions so far plus count times the width of the
    // exact codes' frame so far (both only grow). The span of two integer doubles below 2^62 is
    // exact below 2^53, where the width is its exponent; wider spans count as 53 bits (less than
    // their width). No exact code yet gives a negative span: no frame.
    const bits = exceptionBits + i64x2.extract_lane(laneBits, 0) + i64x2.extract_lane(laneBits, 1);
    const span = f64x2.extract_lane(
      f64x2.sub(f64x2.pmax(hi, v128.shuffle<f64>(hi, hi, 1, 0)), f64x2.pmin(lo, v128.shuffle<f64>(lo, lo, 1, 0))),
      0,
    );
    const width = span >= 1 ? <i64>(reinterpret<u64>(min(span, 4503599627370496.0)) >> 52) - 1022 : 0;
    if (<i64>count * width + bits > limit) return limit + 1;
  }
  exceptionBits += i64x2.extract_lane(laneBits, 0) + i64x2.extract_lane(laneBits, 1);
  exceptions = -(<i32>(i64x2.extract_lane(laneMisses, 0) + i64x2.extract_lane(laneMisses, 1)));
  if (exceptions == count) return exceptionBits;
  const low = <i64>min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  const high = <i64>max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  return <i64>count * bitWidth(<u64>(high - low)) + exceptionBits;
}

/** See `sampleCostWith`: the products by 10^0 = 1 are left out for f = 0 and for e = f = 0. */
function sampleCost(count: i32, e: i32, f: i32, limit: i64 = i64.MAX_VALUE): i64 {
  if (f != 0) return sampleCostWith<f64>(count, e, f, limit);
  return e == 0 ? sampleCostWith<i32>(count, e, f, limit) : sampleCostWith<i64>(count, e, f, limit);
}

/**
 * Finer estimate for the few finalists, on the `count` values in `sample`: the patched-FOR size of
 * the exact codes (best width, about 23 + excess bits per value that does not fit), so a column of
 * zeros and a few large integers is seen as cheap integers rather than as exceptions.
 */
function detailedCostWith<Scale>(count: i32, e: i32, f: i32, limit: i64): i64 {
  let lo = i64.MAX_VALUE;
  let exact = 0;
  let exceptionBits: i64 = 0;
  const pe = f64x2.splat(pow10(e));
  const nf = f64x2.splat(negPow10(f));
  const pf = f64x2.splat(pow10(f));
  const ne = f64x2.splat(negPow10(e));
  const range = f64x2.splat(CODE_RANGE);
  const magicRange = f64x2.splat(<f64>MAGIC_LIMIT);
  const magic = f64x2.splat(MAGIC);
  const magicBits = i64x2.splat(reinterpret<i64>(MAGIC));
  let least = f64x2.splat(Infinity);
  let k = 0;
  for (; k + 2 <= count; k += 2) {
    // Both lanes exact with codes below 2^62 (as the scalar test would find): keep both codes.
    const v = v128.load(sample + ((<usize>k) << 3));
    const n = f64x2.add(f64x2.nearest(scaleUp<Scale>(v, pe, nf)), PLUS_ZERO);
    const same = i64x2.eq(v, scaleDown<Scale>(n, pf, ne));
    if (i64x2.all_true(v128.and(same, f64x2.lt(f64x2.abs(n), magicRange)))) {
      // Both exact with codes below 2^51 (the usual case): both codes at once by the MAGIC trick,
      // their least taken in the lanes (the same integers the scalar conversion gives).
      v128.store(sampleCodes + ((<usize>exact) << 3), i64x2.sub(f64x2.add(n, magic), magicBits));
      exact += 2;
      least = f64x2.pmin(least, n);
      continue;
    }
    if (i64x2.all_true(f64x2.lt(f64x2.abs(n), range))) {
      // Both codes below 2^62 (float noise, the usual miss): each lane is exact or an exception as
      // the scalar path finds it, whose distance is the lanes' zigzagged bit difference (as in
      // `sampleCostWith`), so no lane is encoded and decoded again.
      const diff = i64x2.sub(v, scaleDown<Scale>(n, pf, ne));
      const miss = v128.xor(i64x2.shl(diff, 1), i64x2.lt_s(diff, NO_LANES));
      if (i64x2.extract_lane(same, 0) != 0) {
        const a = <i64>f64x2.extract_lane(n, 0);
        store<i64>(sampleCodes + ((<usize>exact) << 3), a);
        exact++;
        if (a < lo) lo = a;
      } else {
        exceptionBits += 16 + 8 * <i64>varintSize(<u64>i64x2.extract_lane(miss, 0));
      }
      if (i64x2.extract_lane(same, 1) != 0) {
        const b = <i64>f64x2.extract_lane(n, 1);
        store<i64>(sampleCodes + ((<usize>exact) << 3), b);
        exact++;
        if (b < lo) lo = b;
      } else {
        exceptionBits += 16 + 8 * <i64>varintSize(<u64>i64x2.extract_lane(miss, 1));
      }
      if (exceptionBits > limit) return exceptionBits;
      continue;
    }
    for (let j = k; j < k + 2; j++) {
      const x = load<f64>(sample + ((<usize>j) << 3));
      const c = encodeInt(x, e, f);
      const miss = exceptionDistance(x, decodeInt(c, e, f));
      if (miss == 0) {
        store<i64>(sampleCodes + ((<usize>exact) << 3), c);
        exact++;
        if (c < lo) lo = c;
      } else {
        exceptionBits += 16 + 8 * <i64>varintSize(miss);
      }
    }
    // The exceptions alone already cost more than the caller's best: this pair cannot win.
    if (exceptionBits > limit) return exceptionBits;
  }
  for (; k < count; k++) {
    const v = load<f64>(sample + ((<usize>k) << 3));
    const n = encodeInt(v, e, f);
    const miss = exceptionDistance(v, decodeInt(n, e, f));
    if (miss == 0) {
      store<i64>(sampleCodes + ((<usize>exact) << 3), n);
      exact++;
      if (n < lo) lo = n;
    } else {
      exceptionBits += 16 + 8 * <i64>varintSize(miss);
    }
  }
  if (exact == 0) return exceptionBits;
  // The lanes' least code (+Infinity when none went that way converts to i64.MAX_VALUE).
  lo = min(lo, <i64>min(f64x2.extract_lane(least, 0), f64x2.extract_lane(least, 1)));
  // Widths of the frame offsets, then the best packed width as patched FOR would pick it: for the
  // widths w tried, count * w plus (23 + b - w) for every code of width b > w, from suffix sums.
  memory.fill(sampleHistograms, 0, 4 * 68 * 4);
  let maxWidth = 0;
  let h = 0;
  for (; h + 4 <= exact; h += 4) {
    const at = sampleCodes + ((<usize>h) << 3);
    const b0 = bitWidth(<u64>(load<i64>(at) - lo));
    const b1 = bitWidth(<u64>(load<i64>(at, 8) - lo));
    const b2 = bitWidth(<u64>(load<i64>(at, 16) - lo));
    const b3 = bitWidth(<u64>(load<i64>(at, 24) - lo));
    const s0 = sampleHistograms + ((<usize>b0) << 2);
    const s1 = sampleHistograms + 68 * 4 + ((<usize>b1) << 2);
    const s2 = sampleHistograms + 2 * 68 * 4 + ((<usize>b2) << 2);
    const s3 = sampleHistograms + 3 * 68 * 4 + ((<usize>b3) << 2);
    store<i32>(s0, load<i32>(s0) + 1);
    store<i32>(s1, load<i32>(s1) + 1);
    store<i32>(s2, load<i32>(s2) + 1);
    store<i32>(s3, load<i32>(s3) + 1);
    maxWidth = max(maxWidth, max(max(b0, b1), max(b2, b3)));
  }
  for (; h < exact; h++) {
    const b = bitWidth(<u64>(load<i64>(sampleCodes + ((<usize>h) << 3)) - lo));
    const at = sampleHistograms + ((<usize>b) << 2);
    store<i32>(at, load<i32>(at) + 1);
    maxWidth = max(maxWidth, b);
  }
  for (let c = 0; c < 68; c += 4) {
    const at = sampleHistograms + ((<usize>c) << 2);
    const sum = i32x4.add(i32x4.add(v128.load(at), v128.load(at, 68 * 4)), i32x4.add(v128.load(at, 2 * 68 * 4), v128.load(at, 3 * 68 * 4)));
    v128.store(sampleHistogram + ((<usize>c) << 2), sum);
  }
  let best = i64.MAX_VALUE;
  let above: i64 = 0;
  let aboveWidths: i64 = 0;
  let next = maxWidth;
  for (let w = maxWidth; w >= 0; w--) {
    if (w < maxWidth) {
      const c = <i64>load<i32>(sampleHistogram + ((<usize>(w + 1)) << 2));
      above += c;
      aboveWidths += c * <i64>(w + 1);
    }
    if (w == next) {
      // A code of width b > w costs 23 + b - w bits at w, and at least that at every narrower
      // width: once those alone reach the best cost, no narrower width can come out below it.
      const excess = 23 * above + aboveWidths - <i64>w * above;
      if (excess >= best) break;
      const cost = <i64>count * w + excess;
      if (cost < best) best = cost;
      next = w - 1 - (w >> 3);
    }
  }
  return best + exceptionBits;
}

/** See `detailedCostWith`: the products by 10^0 = 1 are left out for f = 0 and for e = f = 0. */
function detailedCost(count: i32, e: i32, f: i32, limit: i64 = i64.MAX_VALUE): i64 {
  if (f != 0) return detailedCostWith<f64>(count, e, f, limit);
  return e == 0 ? detailedCostWith<i32>(count, e, f, limit) : detailedCostWith<i64>(count, e, f, limit);
}

/** Per digit count d (0..18): bits that the sampled values no pair with e - f = d can encode cost at least. */
const hopeless = memory.data((MAX_EXPONENT + 1) * 8);
/** Below this magnitude v * 10^d is computed within 2^-16 of its true value. */
const HOPELESS_RANGE: f64 = 68719476736.0; // 2^36
const HOPELESS_FAR: f64 = 1073741824.0; // 2^30

/**
 * For each digit count d, the least bits that the `count` values in `sample` whose v * 10^d is
 * clearly not an integer cost as exceptions under any (e, f) with e - f = d. Such a value (v * 10^d
 * at least 0.01 from the nearest integer, |v * 10^d| = |x| < 2^36 so that rounding errors stay below
 * 2^-16) decodes from any code c to about c / 10^d, at least 0.0099 / 10^d from v: that is at least
 * 0.0099 * 2^50 / |x| doubles apart (an ulp of v is at most |v| * 2^-52, doubled for a binade
 * boundary and again for slack), so its zigzagged distance is at least 2^8 (a 2-byte varint, with
 * its 16-bit position 32 bits) and, for |x| < 2^30, at least 2^14 (3 bytes, 40 bits). Pairs whose
 * such values alone cost more than the current fifth best are then skipped without sampling:
 * `sampleCost` counts every exception at its varint size and would stop on them with a cost above
 * the limit, so the kept candidates are the same.
 */
function countHopeless(count: i32): void {
  const range = f64x2.splat(HOPELESS_RANGE);
  const far = f64x2.splat(HOPELESS_FAR);
  const near = f64x2.splat(0.01);
  const bits32 = i64x2.splat(32);
  const bits8 = i64x2.splat(8);
  // Once the least nonzero magnitude times 10^d reaches the range, every sampled value's does
  // (a product by the same factor is monotonic) and zeros are never lost: no value counts at d or
  // above (values of 1..1000 stop around d = 8..11 instead of running all 19 digit counts).
  let smallest = Infinity;
  for (let k = 0; k < count; k++) {
    const a = abs(load<f64>(sample + ((<usize>k) << 3)));
    if (a > 0 && a < smallest) smallest = a;
  }
  for (let d = 0; d <= MAX_EXPONENT; d++) {
    if (smallest * pow10(d) >= HOPELESS_RANGE) {
      for (let rest = d; rest <= MAX_EXPONENT; rest++) store<i64>(hopeless + ((<usize>rest) << 3), 0);
      break;
    }
    const scale = f64x2.splat(pow10(d));
    let bits = i64x2.splat(0);
    let k = 0;
    for (; k + 2 <= count; k += 2) {
      const x = f64x2.mul(v128.load(sample + ((<usize>k) << 3)), scale);
      const size = f64x2.abs(x);
      const off = f64x2.abs(f64x2.sub(x, f64x2.nearest(x)));
      const lost = v128.and(f64x2.lt(size, range), f64x2.gt(off, near));
      bits = i64x2.add(bits, v128.and(lost, bits32));
      bits = i64x2.add(bits, v128.and(v128.and(lost, f64x2.lt(size, far)), bits8));
    }
    let c = i64x2.extract_lane(bits, 0) + i64x2.extract_lane(bits, 1);
    for (; k < count; k++) {
      const x = load<f64>(sample + ((<usize>k) << 3)) * pow10(d);
      if (abs(x) < HOPELESS_RANGE && abs(x - nearest(x)) > 0.01) c += abs(x) < HOPELESS_FAR ? 40 : 32;
    }
    store<i64>(hopeless + ((<usize>d) << 3), c);
  }
}

/**
 * The cost a pair at place `order` in the tie order must stay at or below to enter the candidate
 * list: the fifth best, or one less when the pair comes after the fifth in the order (a tie would
 * not enter). `sampleCost` may stop a pair as soon as it is known to cost more.
 */
function pairLimit(order: i32): i64 {
  const limit = candidateLimit();
  if (candidateCount == MAX_CANDIDATES && order > load<i32>(candidateOrder + ((<usize>(MAX_CANDIDATES - 1)) << 2))) return limit - 1;
  return limit;
}

/** Whether every pair with e - f = `digits` is known to cost more than `limit` on the quick sample. */
function hopelessDigits(digits: i32, limit: i64): bool {
  return load<i64>(hopeless + ((<usize>digits) << 3)) > limit;
}

/**
 * Moves the least and the largest of the `count` sampled values to the front. A pair's cost depends
 * only on the set of sampled values, but `sampleCost` stops as soon as the frame seen so far costs
 * more than the limit: with the extremes first (whose codes, when exact, are the frame's ends, as
 * rounding v * 10^e / 10^f is monotonic) most losing pairs stop on their first two values.
 */
function extremesFirst(count: i32): void {
  if (count < 3) return;
  let low = 0;
  let high = 0;
  for (let k = 1; k < count; k++) {
    const v = load<f64>(sample + ((<usize>k) << 3));
    // NaN compares false and is never chosen (unless every value is NaN: then nothing moves).
    if (v < load<f64>(sample + ((<usize>low) << 3))) low = k;
    if (v > load<f64>(sample + ((<usize>high) << 3))) high = k;
  }
  swapSample(0, low);
  swapSample(1, high == 0 ? low : high);
}

function swapSample(a: i32, b: i32): void {
  const pa = sample + ((<usize>a) << 3);
  const pb = sample + ((<usize>b) << 3);
  const t = load<u64>(pa);
  store<u64>(pa, load<u64>(pb));
  store<u64>(pb, t);
}

/** Samples the whole column once and keeps the best few (e, f) pairs for the vectors to choose from. */
function chooseCandidates(src: usize, n: i32): void {
  // Every pair on a small sample, then the finalists on a larger one.
  const quick = min(n, 16);
  gatherSample(src, quick, n / quick);
  extremesFirst(quick);
  countHopeless(quick);
  candidateCount = 0;
  // Small columns (a few dozen rows) search only f = 0 and the f that keeps e - f at the best
  // digit count, so sealing a tiny chunk stays cheap; larger ones try every pair.
  const small = n < 128;
  let digits = 0;
  let digitsCost = i64.MAX_VALUE;
  let order = 0;
  // The f = 0 pairs first: they usually include a good pair, whose cost then lets the other pairs
  // stop after a sample or two. The kept pairs are the best by (cost, place in the order e = 0..18,
  // f = 0..e), whatever order they are tried in: a pair stops early only once its cost exceeds the
  // current fifth best, which never rises.
  // They are tried from the fewest digits that fit every sampled value up, then the fewer ones:
  // the first five (tried without a limit) are then usually the best five, and the rest stop early.
  // A pair's place in the tie order does not depend on when it is tried (e for small columns), and
  // the least f = 0 cost is exact whatever the order (it never exceeds the fifth best), with ties
  // going to the smaller e as in the e = 0..18 order.
  let fits = 0;
  while (fits < MAX_EXPONENT && load<i64>(hopeless + ((<usize>fits) << 3)) != 0) fits++;
  for (let k = 0; k <= MAX_EXPONENT; k++) {
    const e = k <= MAX_EXPONENT - fits ? fits + k : k - (MAX_EXPONENT + 1 - fits);
    const place = small ? e : pairOrder(e, 0);
    const limit = pairLimit(place);
    // A skipped pair costs more than the fifth best (or ties it later in the order), so neither the
    // list nor the least f = 0 cost (in the list already) would change.
    if (hopelessDigits(e, limit)) continue;
    const cost = sampleCost(quick, e, 0, limit);
    insertCandidate(e, 0, cost, place);
    if (cost < digitsCost || (cost == digitsCost && e < digits)) {
      digitsCost = cost;
      digits = e;
    }
  }
  order = MAX_EXPONENT + 1;
  // Then the pairs with the best f = 0 pair's digit count (e - f = digits): the usual winners.
  for (let e = digits + 1; e <= LARGEST_FACTOR_E; e++) {
    const f = e - digits;
    // Skipped as sampleCost would have stopped it (the order number keeps counting as before).
    const place = small ? order++ : pairOrder(e, f);
    const limit = pairLimit(place);
    if (hopelessDigits(digits, limit)) continue;
    insertCandidate(e, f, sampleCost(quick, e, f, limit), place);
  }
  if (!small) {
    // Digit counts well past the fewest that fit every sampled value only widen the codes.
    const widest = max(digits, fits + 3);
    const least = leastWideExponent(max(abs(load<f64>(sample)), abs(load<f64>(sample, 8))));
    for (let e = least; e <= LARGEST_FACTOR_E; e++) {
      for (let f = 1; f <= e; f++) {
        if (e - f == digits || e - f > widest) continue;
        const limit = pairLimit(pairOrder(e, f));
        if (hopelessDigits(e - f, limit)) continue;
        insertCandidate(e, f, sampleCost(quick, e, f, limit), pairOrder(e, f));
      }
    }
  }
  const count = min(n, 64);
  const stride = n / count;
  // Plain integers are always a finalist (the quick estimate undervalues sparse large integers).
  let hasIntegers = false;
  for (let k = 0; k < candidateCount; k++) {
    if (load<i32>(candidateE + ((<usize>k) << 2)) == 0) hasIntegers = true;
  }
  if (!hasIntegers) {
    candidateCount = min(candidateCount, MAX_CANDIDATES - 1);
    insertCandidate(0, 0, i64.MAX_VALUE - 1, i32.MAX_VALUE);
  }
  // Re-rank the finalists with the finer estimate.
  gatherSample(src, count, stride);
  const finalists = candidateCount;
  const es = finalistE;
  const fs = finalistF;
  memory.copy(es, candidateE, MAX_CANDIDATES * 4);
  memory.copy(fs, candidateF, MAX_CANDIDATES * 4);
  candidateCount = 0;
  for (let k = 0; k < finalists; k++) {
    const e = load<i32>(es + ((<usize>k) << 2));
    const f = load<i32>(fs + ((<usize>k) << 2));
    // Vectors take the best finalist only: one that costs more than the best so far may stop as
    // soon as its exceptions show it (it still sorts after the best, whatever cost it reports).
    const limit = candidateCount == 0 ? i64.MAX_VALUE : load<i64>(candidateCost);
    insertCandidate(e, f, detailedCost(count, e, f, limit), k);
  }
}

/** Place of (e, f) in the exhaustive order e = 0..18, f = 0..e (ties between equal costs go to the earlier). */
function pairOrder(e: i32, f: i32): i32 {
  return ((e * (e + 1)) >> 1) + f;
}

/** The cost a new pair must not exceed to enter a full candidate list. */
function candidateLimit(): i64 {
  return candidateCount < MAX_CANDIDATES ? i64.MAX_VALUE : load<i64>(candidateCost + ((<usize>(MAX_CANDIDATES - 1)) << 3));
}

/** Inserts (e, f) into the candidate list sorted by (cost, order). */
function insertCandidate(e: i32, f: i32, cost: i64, order: i32): void {
  let slot = candidateCount;
  while (slot > 0) {
    const before = load<i64>(candidateCost + ((<usize>(slot - 1)) << 3));
    if (before < cost || (before == cost && load<i32>(candidateOrder + ((<usize>(slot - 1)) << 2)) < order)) break;
    slot--;
  }
  if (slot >= MAX_CANDIDATES) return;
  const last = min(candidateCount, MAX_CANDIDATES - 1);
  for (let k = last; k > slot; k--) {
    store<i64>(candidateCost + ((<usize>k) << 3), load<i64>(candidateCost + ((<usize>(k - 1)) << 3)));
    store<i32>(candidateE + ((<usize>k) << 2), load<i32>(candidateE + ((<usize>(k - 1)) << 2)));
    store<i32>(candidateF + ((<usize>k) << 2), load<i32>(candidateF + ((<usize>(k - 1)) << 2)));
    store<i32>(candidateOrder + ((<usize>k) << 2), load<i32>(candidateOrder + ((<usize>(k - 1)) << 2)));
  }
  store<i64>(candidateCost + ((<usize>slot) << 3), cost);
  store<i32>(candidateE + ((<usize>slot) << 2), e);
  store<i32>(candidateF + ((<usize>slot) << 2), f);
  store<i32>(candidateOrder + ((<usize>slot) << 2), order);
  if (candidateCount < MAX_CANDIDATES) candidateCount++;
}

/** Upper bound of an ALP payload body for `n` values. */
export function alpBound(n: i32): usize {
  const vectors = <usize>((n + BLOCK - 1) / BLOCK);
  return vectors * (3 + 10 + pforBound(BLOCK)) + <usize>n * 12;
}

/**
 * Integer codes of values [from, to) the scalar way, recording exceptions from `exceptions` on;
 * returns the new exception count. An exception keeps its own code when that decodes within NEAR
 * ulps of it (a float-noise tail); otherwise (NaN, infinities, outliers) it takes the previous code
 * so it does not widen the frame or the deltas. Either way it stores its distance from its code's
 * decoding.
 */
function encodeScalar(src: usize, from: i32, to: i32, e: i32, f: i32, exceptions: i32): i32 {
  let previous: i64 = from > 0 ? load<i64>(ints + ((<usize>(from - 1)) << 3)) : 0;
  for (let i = from; i < to; i++) {
    const v = load<f64>(src + ((<usize>i) << 3));
    const n = encodeInt(v, e, f);
    const miss = exceptionDistance(v, decodeInt(n, e, f));
    const code = miss < NEAR ? n : previous;
    store<i64>(ints + ((<usize>i) << 3), code);
    if (miss != 0) {
      store<u16>(exceptionPositions + ((<usize>exceptions) << 1), <u16>i);
      store<u64>(exceptionDistances + ((<usize>exceptions) << 3), code == n ? miss : exceptionDistance(v, decodeInt(code, e, f)));
      exceptions++;
    }
    previous = code;
  }
  return exceptions;
}

/** Bit i set: value i of the vector is not exact under the vector's (e, f) (one bit per value). */
const misses = memory.data(BLOCK / 8 + 16);

/**
 * Ranges found by `encodeCodes` while it codes (valid when `rangesKnown`): the least and largest
 * code, and the least and largest zigzagged delta of codes 1..m-1.
 */
let codeLo: i64 = 0;
let codeHi: i64 = 0;
let deltaLoFound: u64 = 0;
let deltaHiFound: u64 = 0;
let rangesKnown = false;

/**
 * The lanes' v * 10^e * 10^-f, and n * 10^f * 10^-e back, as the scalar `encodeInt` and `decodeInt`
 * compute them, for `encodeCodesWith<Scale>`: Scale is f64 for any pair, i64 when f = 0 and i32
 * when e = f = 0 (integer columns, the pair most NAB series take). The products by 10^0 = 1 that
 * those leave out are exact: they change no value that can come out exact (a NaN lane never is).
 */
function scaleUp<Scale>(v: v128, pe: v128, nf: v128): v128 {
  if (isInteger<Scale>() && sizeof<Scale>() == 4) return v;
  const x = f64x2.mul(v, pe);
  return isFloat<Scale>() ? f64x2.mul(x, nf) : x;
}

function scaleDown<Scale>(n: v128, pf: v128, ne: v128): v128 {
  if (isInteger<Scale>() && sizeof<Scale>() == 4) return n;
  return f64x2.mul(isFloat<Scale>() ? f64x2.mul(n, pf) : n, ne);
}

/** See `encodeCodesWith`: the products by 10^0 = 1 are left out for f = 0 and for e = f = 0. */
function encodeCodes(src: usize, m: i32, e: i32, f: i32): i32 {
  if (f != 0) return encodeCodesWith<f64>(src, m, e, f);
  return e == 0 ? encodeCodesWith<i32>(src, m, e, f) : encodeCodesWith<i64>(src, m, e, f);
}

/**
 * The integer codes of the `m` values at `src` under (e, f) into `ints`, and the exceptions
 * (positions and distances); returns the exception count. Two lanes at a time with no branch per
 * value: a lane converts with the MAGIC trick (exact below 2^51) and a lane that does not decode to
 * its own bits (or whose code is past 2^51) only sets its bit in `misses`. The misses are then
 * visited in order, each the scalar way (see encodeScalar): the few float-noise tails, NaN,
 * infinities and outliers cost their branches, not every value.
 *
 * On the way it takes the frame and zigzagged delta ranges of the codes in f64 lanes (codes below
 * 2^51 are exact doubles, their deltas below 2^52 and twice those below 2^53, so every step is
 * exact): they hold when every code is the lane's own rounded value, i.e. unless an exception takes
 * another code or lies past 2^51, which `rangesKnown` tells.
 */
function encodeCodesWith<Scale>(src: usize, m: i32, e: i32, f: i32): i32 {
  const pe = f64x2.splat(pow10(e));
  const nf = f64x2.splat(negPow10(f));
  const pf = f64x2.splat(pow10(f));
  const ne = f64x2.splat(negPow10(e));
  const range = f64x2.splat(<f64>MAGIC_LIMIT);
  const magic = f64x2.splat(MAGIC);
  const magicBits = i64x2.splat(reinterpret<i64>(MAGIC));
  const minusOne = f64x2.splat(-1);
  const pairs = m >> 1;
  // pmin/pmax keep the accumulator when the new lane is NaN: the first delta (against NaN) and NaN
  // codes (exceptions that take another code, which clears rangesKnown) drop out.
  let previous = f64x2.splat(NaN);
  let lo = f64x2.splat(Infinity);
  let hi = f64x2.splat(-Infinity);
  let zlo = f64x2.splat(Infinity);
  let zhi = f64x2.splat(-Infinity);
  let missed: u64 = 0;
  for (let word = 0; word << 5 < pairs; word++) {
    let exact: u64 = 0;
    let shift: u64 = 0;
    const end = min(pairs, (word + 1) << 5);
    let pair = word << 5;
    if (end - pair == 32) {
      // A whole word, four pairs per step as below, their exactness narrowed to eight bits at once
      // (two shuffles, a narrow and one bitmask instead of four bitmasks, shifts and ors).
      for (; pair < end; pair += 4) {
        const at = (<usize>pair) << 4;
        const v0 = v128.load(src + at);
        const n0 = f64x2.add(f64x2.nearest(scaleUp<Scale>(v0, pe, nf)), PLUS_ZERO);
        const ok0 = v128.and(i64x2.eq(v0, scaleDown<Scale>(n0, pf, ne)), f64x2.lt(f64x2.abs(n0), range));
        v128.store(ints + at, i64x2.sub(f64x2.add(n0, magic), magicBits));
        lo = f64x2.pmin(lo, n0);
        hi = f64x2.pmax(hi, n0);
        const d0 = f64x2.sub(n0, v128.shuffle<f64>(previous, n0, 1, 2));
        previous = n0;
        const twice0 = f64x2.add(d0, d0);
        const z0 = f64x2.pmax(twice0, f64x2.sub(minusOne, twice0));
        zlo = f64x2.pmin(zlo, z0);
        zhi = f64x2.pmax(zhi, z0);
        const v1 = v128.load(src + at, 16);
        const n1 = f64x2.add(f64x2.nearest(scaleUp<Scale>(v1, pe, nf)), PLUS_ZERO);
        const ok1 = v128.and(i64x2.eq(v1, scaleDown<Scale>(n1, pf, ne)), f64x2.lt(f64x2.abs(n1), range));
        v128.store(ints + at, i64x2.sub(f64x2.add(n1, magic), magicBits), 16);
        lo = f64x2.pmin(lo, n1);
        hi = f64x2.pmax(hi, n1);
        const d1 = f64x2.sub(n1, v128.shuffle<f64>(previous, n1, 1, 2));
        previous = n1;
        const twice1 = f64x2.add(d1, d1);
        const z1 = f64x2.pmax(twice1, f64x2.sub(minusOne, twice1));
        zlo = f64x2.pmin(zlo, z1);
        zhi = f64x2.pmax(zhi, z1);
        const v2 = v128.load(src + at, 32);
        const n2 = f64x2.add(f64x2.nearest(scaleUp<Scale>(v2, pe, nf)), PLUS_ZERO);
        const ok2 = v128.and(i64x2.eq(v2, scaleDown<Scale>(n2, pf, ne)), f64x2.lt(f64x2.abs(n2), range));
        v128.store(ints + at, i64x2.sub(f64x2.add(n2, magic), magicBits), 32);
        lo = f64x2.pmin(lo, n2);
        hi = f64x2.pmax(hi, n2);
        const d2 = f64x2.sub(n2, v128.shuffle<f64>(previous, n2, 1, 2));
        previous = n2;
        const twice2 = f64x2.add(d2, d2);
        const z2 = f64x2.pmax(twice2, f64x2.sub(minusOne, twice2));
        zlo = f64x2.pmin(zlo, z2);
        zhi = f64x2.pmax(zhi, z2);
        const v3 = v128.load(src + at, 48);
        const n3 = f64x2.add(f64x2.nearest(scaleUp<Scale>(v3, pe, nf)), PLUS_ZERO);
        const ok3 = v128.and(i64x2.eq(v3, scaleDown<Scale>(n3, pf, ne)), f64x2.lt(f64x2.abs(n3), range));
        v128.store(ints + at, i64x2.sub(f64x2.add(n3, magic), magicBits), 48);
        lo = f64x2.pmin(lo, n3);
        hi = f64x2.pmax(hi, n3);
        const d3 = f64x2.sub(n3, v128.shuffle<f64>(previous, n3, 1, 2));
        previous = n3;
        const twice3 = f64x2.add(d3, d3);
        const z3 = f64x2.pmax(twice3, f64x2.sub(minusOne, twice3));
        zlo = f64x2.pmin(zlo, z3);
        zhi = f64x2.pmax(zhi, z3);
        const eight = i16x8.narrow_i32x4_s(v128.shuffle<i32>(ok0, ok1, 0, 2, 4, 6), v128.shuffle<i32>(ok2, ok3, 0, 2, 4, 6));
        exact |= (<u64>i16x8.bitmask(eight)) << shift;
        shift += 8;
      }
    }
    for (; pair < end; pair++) {
      const at = (<usize>pair) << 4;
      const v = v128.load(src + at);
      const n = f64x2.add(f64x2.nearest(scaleUp<Scale>(v, pe, nf)), PLUS_ZERO);
      const decoded = scaleDown<Scale>(n, pf, ne);
      const ok = v128.and(i64x2.eq(v, decoded), f64x2.lt(f64x2.abs(n), range));
      v128.store(ints + at, i64x2.sub(f64x2.add(n, magic), magicBits));
      exact |= (<u64>i64x2.bitmask(ok)) << shift;
      shift += 2;
      lo = f64x2.pmin(lo, n);
      hi = f64x2.pmax(hi, n);
      const d = f64x2.sub(n, v128.shuffle<f64>(previous, n, 1, 2));
      previous = n;
      // zigzag(d) = 2d for d >= 0, -2d - 1 below: the larger of the two.
      const twice = f64x2.add(d, d);
      const z = f64x2.pmax(twice, f64x2.sub(minusOne, twice));
      zlo = f64x2.pmin(zlo, z);
      zhi = f64x2.pmax(zhi, z);
    }
    // The lanes this word holds (all 64 but in a vector's last word) that did not come out exact.
    const bits = ~exact & (shift == 64 ? u64.MAX_VALUE : ((<u64>1) << shift) - 1);
    store<u64>(misses + ((<usize>word) << 3), bits);
    missed |= bits;
  }
  let known = pairs > 0;
  // The scalar factors once (the loop's stores could alias the tables, so they would be reloaded
  // per exception); the products are the ones encodeInt and decodeInt take, in the same order.
  const upE = pow10(e);
  const downF = negPow10(f);
  const upF = pow10(f);
  const downE = negPow10(e);
  let exceptions = 0;
  if (missed != 0) {
    // Far exceptions before the first exact value take its code (any code decodes them, with their
    // distance; a code near the others keeps the frame and the deltas narrow).
    let lead: i64 = 0;
    for (let word = 0; word << 5 < pairs; word++) {
      const exact = ~load<u64>(misses + ((<usize>word) << 3));
      const i = (word << 6) + <i32>ctz(exact);
      if (exact != 0 && i < pairs << 1) {
        lead = load<i64>(ints + ((<usize>i) << 3));
        break;
      }
    }
    for (let word = 0; word << 5 < pairs; word++) {
      let bits = load<u64>(misses + ((<usize>word) << 3));
      while (bits != 0) {
        const i = (word << 6) + <i32>ctz(bits);
        bits &= bits - 1;
        // A lane whose code is below 2^51 in magnitude (the lanes' own range test) converted
        // exactly (a code past that range, NaN or an infinity converts to a pattern outside it,
        // or to -2^51 itself) and its decoding is the scalar one:
        // a float-noise tail keeps that code with its distance from the stored decoding, which is
        // not 0 as the lane missed.
        const lane = load<i64>(ints + ((<usize>i) << 3));
        if (<u64>(lane + (MAGIC_LIMIT - 1)) < <u64>((MAGIC_LIMIT << 1) - 1)) {
          // The lane's decoding again: the code is the lane's rounded double exactly (below 2^51),
          // so the same two products give the same bits (cheaper than storing every decoding).
          const near = exceptionDistance(load<f64>(src + ((<usize>i) << 3)), <f64>lane * upF * downE);
          if (near < NEAR) {
            store<u16>(exceptionPositions + ((<usize>exceptions) << 1), <u16>i);
            store<u64>(exceptionDistances + ((<usize>exceptions) << 3), near);
            exceptions++;
            continue;
          }
        }
        // The scalar rule of encodeScalar; the code before is final (misses go in order).
        const v = load<f64>(src + ((<usize>i) << 3));
        // encodeInt's rounded double (its saturating conversion is the code).
        const x = nearest(v * upE * downF);
        const n = <i64>x;
        const miss = exceptionDistance(v, <f64>n * upF * downE);
        const code = miss < NEAR ? n : i > 0 ? load<i64>(ints + ((<usize>(i - 1)) << 3)) : lead;
        store<i64>(ints + ((<usize>i) << 3), code);
        // The lanes took this value's rounded double (NaN drops out of them): they hold only when
        // that is its code and below 2^51.
        if (!(abs(x) < <f64>MAGIC_LIMIT) || <f64>code != x) known = false;
        if (miss == 0) continue;
        store<u16>(exceptionPositions + ((<usize>exceptions) << 1), <u16>i);
        store<u64>(exceptionDistances + ((<usize>exceptions) << 3), code == n ? miss : exceptionDistance(v, <f64>code * upF * downE));
        exceptions++;
      }
    }
  }
  if (m & 1) exceptions = encodeScalar(src, m - 1, m, e, f, exceptions);
  rangesKnown = known;
  if (known) {
    let l = <i64>min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
    let h = <i64>max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
    let dl = <u64>min(f64x2.extract_lane(zlo, 0), f64x2.extract_lane(zlo, 1));
    let dh = <u64>max(f64x2.extract_lane(zhi, 0), f64x2.extract_lane(zhi, 1));
    if (m & 1) {
      const last = load<i64>(ints + ((<usize>(m - 1)) << 3));
      const z = zigzag(last - load<i64>(ints + ((<usize>(m - 2)) << 3)));
      if (last < l) l = last;
      if (last > h) h = last;
      if (z < dl) dl = z;
      if (z > dh) dh = z;
    }
    codeLo = l;
    codeHi = h;
    deltaLoFound = dl;
    deltaHiFound = dh;
  }
  return exceptions;
}

/** The zigzagged deltas of the `m` codes in `ints` into `codes` (the first code zigzagged as it is). */
function zigzagDeltas(m: i32): void {
  store<u64>(codes, zigzag(load<i64>(ints)));
  let i = 1;
  for (; i + 2 <= m; i += 2) {
    const at = ints + ((<usize>i) << 3);
    const d = i64x2.sub(v128.load(at), v128.load(at - 8));
    v128.store(codes + ((<usize>i) << 3), v128.xor(i64x2.shl(d, 1), i64x2.lt_s(d, NO_LANES)));
  }
  for (; i < m; i++) {
    store<u64>(codes + ((<usize>i) << 3), zigzag(load<i64>(ints + ((<usize>i) << 3)) - load<i64>(ints + ((<usize>(i - 1)) << 3))));
  }
}

function encodeVector(src: usize, m: i32, dst: usize): usize {
  // Every vector takes the column's best pair (e, f), chosen once on samples of the whole column
  // (ALP's row-group sampling without its per-vector second level): re-ranking the finalists on 32
  // values of each vector cost ~12% of the encode for 0.04 bits per value over the benchmark's
  // real series (three NAB series of 43 changed).
  const e = load<i32>(candidateE);
  const f = load<i32>(candidateF);
  // Integer codes (see encodeScalar for the exceptions).
  const exceptions = encodeCodes(src, m, e, f);
  // Frame (signed) and zigzagged delta (unsigned, compared with the sign flipped) ranges, from the
  // code pass when it could take them; the delta codes are written when the deltas are chosen.
  let lo = codeLo;
  let hi = codeHi;
  let deltaLo = deltaLoFound;
  let deltaHi = deltaHiFound;
  const deltasWritten = !rangesKnown;
  if (!rangesKnown) {
    lo = i64.MAX_VALUE;
    hi = i64.MIN_VALUE;
    deltaLo = u64.MAX_VALUE;
    deltaHi = 0;
    const sign = i64x2.splat(<i64>SIGN);
    let lo2 = i64x2.splat(i64.MAX_VALUE);
    let hi2 = i64x2.splat(i64.MIN_VALUE);
    let dlo2 = i64x2.splat(i64.MAX_VALUE);
    let dhi2 = i64x2.splat(i64.MIN_VALUE);
    const first = load<i64>(ints);
    store<u64>(codes, zigzag(first));
    lo = first;
    hi = first;
    let i = 1;
    for (; i + 2 <= m; i += 2) {
      const at = ints + ((<usize>i) << 3);
      const c = v128.load(at);
      const d = i64x2.sub(c, v128.load(at - 8));
      const z = v128.xor(i64x2.shl(d, 1), i64x2.lt_s(d, NO_LANES));
      v128.store(codes + ((<usize>i) << 3), z);
      const zs = v128.xor(z, sign);
      lo2 = v128.bitselect(c, lo2, i64x2.lt_s(c, lo2));
      hi2 = v128.bitselect(c, hi2, i64x2.gt_s(c, hi2));
      dlo2 = v128.bitselect(zs, dlo2, i64x2.lt_s(zs, dlo2));
      dhi2 = v128.bitselect(zs, dhi2, i64x2.gt_s(zs, dhi2));
    }
    for (let lane = 0; lane < 2; lane++) {
      const l = lane == 0 ? i64x2.extract_lane(lo2, 0) : i64x2.extract_lane(lo2, 1);
      const h = lane == 0 ? i64x2.extract_lane(hi2, 0) : i64x2.extract_lane(hi2, 1);
      const dl = <u64>(lane == 0 ? i64x2.extract_lane(dlo2, 0) : i64x2.extract_lane(dlo2, 1)) ^ SIGN;
      const dh = <u64>(lane == 0 ? i64x2.extract_lane(dhi2, 0) : i64x2.extract_lane(dhi2, 1)) ^ SIGN;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
      if (dl < deltaLo) deltaLo = dl;
      if (dh > deltaHi) deltaHi = dh;
    }
    for (; i < m; i++) {
      const code = load<i64>(ints + ((<usize>i) << 3));
      const z = zigzag(code - load<i64>(ints + ((<usize>(i - 1)) << 3)));
      store<u64>(codes + ((<usize>i) << 3), z);
      if (code < lo) lo = code;
      if (code > hi) hi = code;
      if (z < deltaLo) deltaLo = z;
      if (z > deltaHi) deltaHi = z;
    }
  }
  const mode = m > 1 && bitWidth(deltaHi - deltaLo) < bitWidth(<u64>(hi - lo)) ? MODE_DELTA : MODE_FOR;
  store<u8>(dst, <u8>e);
  store<u8>(dst + 1, <u8>f);
  store<u8>(dst + 2, mode);
  let p = writeVarint(dst + 3, <u64>exceptions);
  if (mode == MODE_FOR) {
    // The block holds the codes with the sign flipped (unsigned order): their minimum is the
    // smallest code flipped, and code - lo is each offset, so the codes go in unflipped.
    p = pforEncodeFrom(ints, m, p, <u64>lo ^ SIGN, <u64>lo);
  } else {
    // Zigzagged deltas after the first code's own zigzag: the minimum of both.
    if (!deltasWritten) zigzagDeltas(m);
    p = pforEncodeFrom(codes, m, p, min(load<u64>(codes), deltaLo), min(load<u64>(codes), deltaLo));
  }
  // The u16 positions as they were collected (little-endian, as the decoder reads them).
  memory.copy(p, exceptionPositions, (<usize>exceptions) << 1);
  p += (<usize>exceptions) << 1;
  for (let k = 0; k < exceptions; k++) {
    const distance = load<u64>(exceptionDistances + ((<usize>k) << 3));
    // Float-noise distances usually take one byte: no varint loop for those.
    if (distance < 0x80) {
      store<u8>(p, <u8>distance);
      p++;
    } else {
      p = writeVarint(p, distance);
    }
  }
  return p;
}

/** Encodes `n` (>= 1) doubles at `src` as ALP vectors at `dst`; returns the end. */
export function alpEncode(src: usize, n: i32, dst: usize): usize {
  chooseCandidates(src, n);
  let p = dst;
  for (let start = 0; start < n; start += BLOCK) {
    p = encodeVector(src + ((<usize>start) << 3), min(BLOCK, n - start), p);
  }
  return p;
}

/** 2^52 + 2^51: adding an integer k (|k| < 2^51) to its bit pattern gives the double MAGIC + k exactly. */
const MAGIC: f64 = 6755399441055744.0;
/** Largest magnitude the MAGIC conversion of i64 to f64 is exact for. */
const MAGIC_LIMIT: i64 = 1 << 51;

/** Unpacks the current block's codes (width <= 32, either layout) as u32 offsets from its base into `narrowCodes`. */
function unpackNarrow(m: i32): void {
  const packed = blockPackedValues;
  if (packed > 0) unpackInterleaved32(blockPacked, packed >> PACK_SHIFT, blockWidth, narrowCodes);
  unpackBits32(blockTail, m - packed, blockWidth, narrowCodes + ((<usize>packed) << 2));
}

/**
 * Frame-of-reference integer codes to doubles. When every code is base + u32 * step and stays below
 * 2^53 in magnitude, every step of f64(base) + f64(u32) * f64(step) is exact, so wasm SIMD can do
 * it two lanes at a time with a result bit-identical to the scalar `decodeInt`; interleaved packs
 * are unpacked and converted in one pass. Otherwise the codes are converted as i64 (two lanes at a
 * time while they are below 2^51).
 */
function decodeFor(src: usize, end: usize, m: i32, dst: usize, scale: f64, unscale: f64): usize {
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

/**
 * Delta codes whose running sum provably stays within ±2^31 (every zigzagged delta is below
 * 2^32 / m), already unpacked (exceptions patched) as u32 offsets from the block base in
 * `narrowCodes`: undo the zigzag, take the running sum and convert four lanes at a time. i32 to f64 conversion is exact, so the result is bit-identical
 * to the scalar path.
 */
function decodeDeltaNarrow(m: i32, dst: usize, scale: f64, unscale: f64): void {
  const base = i32x4.splat(<i32>blockBase);
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let carry = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const z = i32x4.add(v128.load(narrowCodes + ((<usize>i) << 2)), base);
    let x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, one)));
    x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 4, 5, 6));
    x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 1, 4, 5));
    x = i32x4.add(x, carry);
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

/** `sumDeltasWide` over the whole vector, stepping over the `wide` exceptions (typically the first value). */
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
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  const s = f64x2.splat(scale);
  const u = f64x2.splat(unscale);
  let sum = code;
  let i = from;
  while (i + 4 <= to) {
    const stop = min(to, i + segment);
    const start = f64x2.splat(<f64>sum);
    let carry = i32x4.splat(0);
    for (; i + 4 <= stop; i += 4) {
      const z = i32x4.add(v128.load(narrowCodes + ((<usize>i) << 2)), base);
      let x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, one)));
      x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 4, 5, 6));
      x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 1, 4, 5));
      x = i32x4.add(x, carry);
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
function decodeDelta(src: usize, end: usize, m: i32, dst: usize, scale: f64, unscale: f64): usize {
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
    p = readBlockExceptions(p, end, m);
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
