import type { RefreshEvery } from './types.ts';

const REFRESH_MS: Record<RefreshEvery, number | null> = { off: null, '1s': 1_000, '5s': 5_000, '10s': 10_000, '30s': 30_000, '1m': 60_000 };

/** The refresh period in milliseconds, or null when refresh is off. */
export function refreshMs(every: RefreshEvery): number | null {
  return REFRESH_MS[every];
}

const NICE_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
];

/**
 * The `$__interval` for a panel: the time one pixel spans, rounded up to a round step (as
 * Grafana does), so a query returns about one bucket per pixel and never more.
 */
export function niceInterval(rangeMs: number, pixels: number): number {
  const raw = rangeMs / Math.max(1, Math.floor(pixels));
  return NICE_STEPS_MS.find((step) => step >= raw) ?? NICE_STEPS_MS[NICE_STEPS_MS.length - 1]!;
}
