// ALP's code pass: one vector's integer codes under its (e, f) into `ints`, its exceptions (positions
// and distances), and on the way the frame and delta ranges that the vector assembly (./alp-encode.ts)
// picks its mode from. Those range globals live here because only this pass writes them.

import { zigzag } from '../varint';
import { decodeInt, encodeInt, exceptionDistance, MAGIC, MAGIC_LIMIT, negPow10, PLUS_ZERO, pow10, scaleDown, scaleUp } from './alp-format';
import { BLOCK } from './pfor';

export const ints = memory.data(BLOCK * 8);
export const exceptionPositions = memory.data(BLOCK * 2);
/** Each exception's distance from the decoding of its code, as written after the positions. */
export const exceptionDistances = memory.data(BLOCK * 8);

/** Exceptions at most this far (in ulps) keep their own integer code; farther ones take the previous code. */
const NEAR: u64 = 1 << 24;

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
export let codeLo: i64 = 0;
export let codeHi: i64 = 0;
export let deltaLoFound: u64 = 0;
export let deltaHiFound: u64 = 0;
export let rangesKnown = false;

/** See `encodeCodesWith`: the products by 10^0 = 1 are left out for f = 0 and for e = f = 0. */
export function encodeCodes(src: usize, m: i32, e: i32, f: i32): i32 {
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
