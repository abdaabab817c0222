/**
 * Deterministic signal pieces for sample and demo data: a seeded PRNG, a hash of a name, and noise
 * that is a pure function of (seed, time), so the same instant always gets the same value.
 */

/** 32-bit FNV-1a of a string: a seed from a name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Mulberry32: a small, fast seeded PRNG returning [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Noise in [-1, 1) that depends only on the seed and the step number. */
export function noiseAt(seed: number, step: number): number {
  let h = (seed ^ Math.imul(step | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h / 4294967296) * 2 - 1;
}

/** Smooth noise: noise at coarse steps, interpolated (cosine) in between; `period` ms per step. */
export function smoothNoise(seed: number, timeMs: number, periodMs: number): number {
  const x = timeMs / periodMs;
  const i = Math.floor(x);
  const f = x - i;
  const w = (1 - Math.cos(f * Math.PI)) / 2;
  return noiseAt(seed, i) * (1 - w) + noiseAt(seed, i + 1) * w;
}

export const DAY_MS = 86_400_000;

/** A daily cycle in [-1, 1], peaking at `peakHourUtc`. */
export function dailyCycle(timeMs: number, peakHourUtc: number): number {
  return Math.cos(((timeMs - peakHourUtc * 3_600_000) / DAY_MS) * 2 * Math.PI);
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** Rounds to `digits` decimals, as a sensor or an agent would report. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
