import type { M4Result } from './m4.ts';

/**
 * Merges one run's first/last/min/max (with their times) into pixel `p` as the kernel's M4 merges rows:
 * the earliest first, the latest last, and the least min / greatest max at the earliest time (NaN skipped).
 */
export function mergeM4Piece(
  m4: M4Result,
  p: number,
  count: number,
  firstTime: bigint,
  first: number,
  lastTime: bigint,
  last: number,
  min: number,
  minTime: bigint,
  max: number,
  maxTime: bigint,
): void {
  if (count <= 0) return;
  const had = m4.count[p] as number;
  m4.count[p] = had + count;
  if (had === 0 || firstTime < (m4.firstTime[p] as bigint)) {
    m4.first[p] = first;
    m4.firstTime[p] = firstTime;
  }
  if (had === 0 || lastTime >= (m4.lastTime[p] as bigint)) {
    m4.last[p] = last;
    m4.lastTime[p] = lastTime;
  }
  const lo = m4.min[p] as number;
  if (!Number.isNaN(min) && (Number.isNaN(lo) || min < lo || (min === lo && minTime < (m4.minTime[p] as bigint)))) {
    m4.min[p] = min;
    m4.minTime[p] = minTime;
  }
  const hi = m4.max[p] as number;
  if (!Number.isNaN(max) && (Number.isNaN(hi) || max > hi || (max === hi && maxTime < (m4.maxTime[p] as bigint)))) {
    m4.max[p] = max;
    m4.maxTime[p] = maxTime;
  }
}
