// The sample of a column that ALP's (e, f) search works on, and the cost estimates taken on it: the
// quick estimate every pair gets, the finer one for the finalists, and the per-digit-count lower
// bounds that let most pairs be skipped unsampled. The search itself (./alp-search.ts) decides which
// pairs to estimate and keeps the best.

import { bitWidth } from '../bits';
import { varintSize } from '../varint';
import {
  decodeInt,
  encodeInt,
  exceptionDistance,
  MAGIC,
  MAGIC_LIMIT,
  MAX_EXPONENT,
  NO_LANES,
  negPow10,
  PLUS_ZERO,
  pow10,
  scaleDown,
  scaleUp,
} from './alp-format';

const sampleCodes = memory.data(64 * 8);
/** Counts of the sampled codes' frame widths (0..64), for `detailedCost`. */
const sampleHistogram = memory.data(68 * 4);
/** Four partial histograms (68 slots each, whole v128s) summed into `sampleHistogram`: consecutive codes
 * usually share a width, and one counter would chain every increment through a store-to-load round trip. */
const sampleHistograms = memory.data(4 * 68 * 4);
/** The sampled values, gathered contiguously so the estimates run two lanes at a time. */
export const sample = memory.data(64 * 8 + 16);

/** 2^62: codes below it in magnitude convert between f64 and i64 exactly and subtract without overflow. */
const CODE_RANGE: f64 = <f64>((<i64>1) << 62);

/** Copies `count` values `stride` apart from `src` into `sample`. */
export function gatherSample(src: usize, count: i32, stride: i32): void {
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
export function sampleCost(count: i32, e: i32, f: i32, limit: i64 = i64.MAX_VALUE): i64 {
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
export function detailedCost(count: i32, e: i32, f: i32, limit: i64 = i64.MAX_VALUE): i64 {
  if (f != 0) return detailedCostWith<f64>(count, e, f, limit);
  return e == 0 ? detailedCostWith<i32>(count, e, f, limit) : detailedCostWith<i64>(count, e, f, limit);
}

/** Per digit count d (0..18): bits that the sampled values no pair with e - f = d can encode cost at least. */
export const hopeless = memory.data((MAX_EXPONENT + 1) * 8);
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
export function countHopeless(count: i32): void {
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
 * Moves the least and the largest of the `count` sampled values to the front. A pair's cost depends
 * only on the set of sampled values, but `sampleCost` stops as soon as the frame seen so far costs
 * more than the limit: with the extremes first (whose codes, when exact, are the frame's ends, as
 * rounding v * 10^e / 10^f is monotonic) most losing pairs stop on their first two values.
 */
export function extremesFirst(count: i32): void {
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
