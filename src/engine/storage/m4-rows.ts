import { type M4Result, type M4Spec, mergeM4Piece } from '../../kernel/index.ts';

/**
 * M4 of sorted rows on the JavaScript side, with the kernel's rules (first, last, min and max per
 * pixel; nulls skipped; min/max skip NaN and keep the earliest time among equal values; results
 * merge with what `m4` holds). Rows are cut at pixel boundaries by binary search, so a run of rows
 * inside one pixel costs one min/max pass and no per-row pixel arithmetic: a chunk crossing a
 * pixel edge is reduced at about the speed its values can be read.
 */

/** The first instant of pixel column `p` (the kernel's boundaries: from + p*q + ceil(p*r/W)). */
export function pixelStartOf(spec: M4Spec, p: number): bigint {
  const w = BigInt(spec.pixels);
  const span = spec.to - spec.from;
  const pb = BigInt(p);
  return spec.from + pb * (span / w) + (pb * (span % w) + w - 1n) / w;
}

/** The pixel column of a time inside [spec.from, spec.to). */
export function pixelIndexOf(spec: M4Spec, t: bigint): number {
  return Number(((t - spec.from) * BigInt(spec.pixels)) / (spec.to - spec.from));
}

/** The first index in [lo, hi) whose time is >= t (hi when none). */
export function lowerBoundIn(times: BigInt64Array, t: bigint, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((times[mid] as bigint) < t) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** The smallest and largest value of the rows (a chunk header's), to skip min/max passes that cannot change a pixel. */
export interface ValueBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Adds rows of sorted `times` (with `values`, optional validity: one byte per row, 0 = null) lying
 * in [from, to). With `bounds`, a run landing in a pixel whose min is already below bounds.min and
 * max above bounds.max (from the chunks answered by their headers) adds only its count, first and
 * last: none of its values can become the pixel's min or max.
 */
export function m4Rows(
  m4: M4Result,
  times: BigInt64Array,
  values: Float64Array,
  validity: Uint8Array | undefined,
  from: bigint,
  to: bigint,
  bounds?: ValueBounds,
): void {
  const { spec } = m4;
  const lo = from > spec.from ? from : spec.from;
  const hi = to < spec.to ? to : spec.to;
  const n = times.length;
  let i = lowerBoundIn(times, lo, 0, n);
  const end = lowerBoundIn(times, hi, i, n);
  while (i < end) {
    const p = pixelIndexOf(spec, times[i] as bigint);
    const e = p + 1 < spec.pixels ? lowerBoundIn(times, pixelStartOf(spec, p + 1), i + 1, end) : end;
    if (!validity && bounds && (m4.min[p] as number) < bounds.min && (m4.max[p] as number) > bounds.max) {
      const last = e - 1;
      mergePixel(
        m4,
        p,
        e - i,
        times[i] as bigint,
        values[i] as number,
        times[last] as bigint,
        values[last] as number,
        Number.NaN,
        0n,
        Number.NaN,
        0n,
      );
    } else addRun(m4, p, times, values, validity, i, e);
    i = e;
  }
}

/** Adds rows [a, b), all in pixel `p`. */
function addRun(
  m4: M4Result,
  p: number,
  times: BigInt64Array,
  values: Float64Array,
  validity: Uint8Array | undefined,
  a: number,
  b: number,
): void {
  let first = a;
  let last = b - 1;
  let count = b - a;
  let lo = -1;
  let hi = -1;
  if (validity) {
    while (first < b && validity[first] === 0) first++;
    if (first === b) return;
    while (validity[last] === 0) last--;
    count = 0;
    for (let k = first; k <= last; k++) {
      if (validity[k] === 0) continue;
      count++;
      const v = values[k] as number;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < (values[lo] as number)) lo = k;
      if (hi < 0 || v > (values[hi] as number)) hi = k;
    }
  } else {
    // Skip leading NaNs, then a tight pass: strict comparisons keep the earliest of equal values
    // and never take a NaN.
    let k = a;
    while (k < b && Number.isNaN(values[k] as number)) k++;
    if (k < b) {
      lo = k;
      hi = k;
      let mn = values[k] as number;
      let mx = mn;
      for (k++; k < b; k++) {
        const v = values[k] as number;
        if (v < mn) {
          mn = v;
          lo = k;
        } else if (v > mx) {
          mx = v;
          hi = k;
        }
      }
    }
  }
  mergePixel(
    m4,
    p,
    count,
    times[first] as bigint,
    values[first] as number,
    times[last] as bigint,
    values[last] as number,
    lo < 0 ? Number.NaN : (values[lo] as number),
    lo < 0 ? 0n : (times[lo] as bigint),
    hi < 0 ? Number.NaN : (values[hi] as number),
    hi < 0 ? 0n : (times[hi] as bigint),
  );
}

/** Merges one piece's first/last/min/max into pixel `p` as the kernel merges rows. */
export const mergePixel = mergeM4Piece;
