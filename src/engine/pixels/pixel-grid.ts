import { TidemarkError } from '../../errors/index.ts';
import type { M4Spec } from '../../kernel/index.ts';

/** How many times a series' typical spacing two neighbouring points may be apart before the line breaks. */
export const GAP_FACTOR = 3;

/** The widest picture a query may ask for. */
export const MAX_PIXELS = 1 << 16;

/** Checks a `pixels` option: an integer in 1..MAX_PIXELS. */
export function checkPixels(pixels: number): number {
  if (!Number.isInteger(pixels) || pixels < 1 || pixels > MAX_PIXELS) {
    throw new TidemarkError('INVALID_ARGUMENT', `pixels must be an integer in 1..${MAX_PIXELS} (got ${pixels}).`, {
      details: { field: 'pixels' },
    });
  }
  return pixels;
}

/** The pixel grid of an inclusive range in epoch ms: [fromMs, toMs + 1 ms) in ns across `pixels` columns. */
export function gridFor(range: { readonly fromMs: number; readonly toMs: number }, pixels: number): M4Spec {
  const from = BigInt(Math.floor(range.fromMs)) * 1_000_000n;
  const to = (BigInt(Math.floor(range.toMs)) + 1n) * 1_000_000n;
  return { from, to: to > from ? to : from + 1n, pixels: checkPixels(pixels) };
}

/** The pixel column a time falls in (times outside the grid give indices outside 0..pixels-1). */
export function pixelOf(spec: M4Spec, t: bigint): number {
  const d = t - spec.from;
  const p = (d * BigInt(spec.pixels)) / (spec.to - spec.from);
  return Number(d < 0n && (d * BigInt(spec.pixels)) % (spec.to - spec.from) !== 0n ? p - 1n : p);
}

/** The first instant of pixel column `p` (the same boundaries as the kernel's M4). */
export function pixelStart(spec: M4Spec, p: number): bigint {
  const w = BigInt(spec.pixels);
  const span = spec.to - spec.from;
  const q = span / w;
  const r = span % w;
  const pb = BigInt(p);
  return spec.from + pb * q + (pb * r + w - 1n) / w;
}

/**
 * Where a series' line must break: per pixel column its point count and first and last times
 * (pixels without points have count 0). The typical spacing is the median over pixels of their
 * mean spacing (or, when no pixel holds two points, the median distance between neighbouring
 * pixels' points); two neighbouring points in different pixels further apart than GAP_FACTOR times
 * that are a gap, reported as the instant halfway between them. A gap narrower than a pixel
 * cannot be drawn and is not reported.
 */
export function gapTimes(count: ArrayLike<number>, firstTime: BigInt64Array, lastTime: BigInt64Array): bigint[] {
  const spacings: number[] = [];
  const across: number[] = [];
  let prev = -1;
  for (let p = 0; p < count.length; p++) {
    const c = count[p] as number;
    if (c <= 0) continue;
    if (c >= 2) spacings.push(Number((lastTime[p] as bigint) - (firstTime[p] as bigint)) / (c - 1));
    if (prev >= 0) across.push(Number((firstTime[p] as bigint) - (lastTime[prev] as bigint)));
    prev = p;
  }
  const typical = median(spacings.length > 0 ? spacings : across);
  if (!(typical > 0)) return [];
  const limit = typical * GAP_FACTOR;
  const gaps: bigint[] = [];
  prev = -1;
  for (let p = 0; p < count.length; p++) {
    if ((count[p] as number) <= 0) continue;
    if (prev >= 0) {
      const a = lastTime[prev] as bigint;
      const b = firstTime[p] as bigint;
      if (Number(b - a) > limit) gaps.push(a + (b - a) / 2n);
    }
    prev = p;
  }
  return gaps;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
}
