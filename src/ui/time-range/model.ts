/**
 * Time ranges as Grafana's picker has them: relative ("last 1h", sliding with now) or absolute
 * (fixed epoch-millisecond bounds, as a drag-to-zoom produces), and the auto-refresh choices.
 */

export const RELATIVE_RANGES = ['5m', '15m', '1h', '6h', '24h', '7d', '30d'] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];

export type TimeRange =
  | { readonly kind: 'relative'; readonly last: RelativeRange }
  | { readonly kind: 'absolute'; readonly fromMs: number; readonly toMs: number };

export interface ResolvedTimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RELATIVE_MS: Readonly<Record<RelativeRange, number>> = {
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
};

const RELATIVE_LABELS: Readonly<Record<RelativeRange, string>> = {
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '1h': 'Last 1 hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

export const DEFAULT_TIME_RANGE: TimeRange = { kind: 'relative', last: '1h' };

export function isRelativeRange(value: string): value is RelativeRange {
  return (RELATIVE_RANGES as readonly string[]).includes(value);
}

/** The range's bounds at `nowMs`: a relative range ends now. */
export function resolveTimeRange(range: TimeRange, nowMs: number): ResolvedTimeRange {
  if (range.kind === 'absolute') return { fromMs: range.fromMs, toMs: range.toMs };
  return { fromMs: nowMs - RELATIVE_MS[range.last], toMs: nowMs };
}

export function relativeLabel(last: RelativeRange): string {
  return RELATIVE_LABELS[last];
}

/** A short local date-time, "2024-05-01 13:45:00". */
export function formatLocal(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'invalid time';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function describeTimeRange(range: TimeRange): string {
  return range.kind === 'relative' ? relativeLabel(range.last) : `${formatLocal(range.fromMs)} to ${formatLocal(range.toMs)}`;
}

/** An absolute range, checked: finite bounds with from before to. Returns null otherwise. */
export function absoluteRange(fromMs: number, toMs: number): TimeRange | null {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || !(fromMs < toMs)) return null;
  return { kind: 'absolute', fromMs, toMs };
}

/** Zoom out as Grafana does (Ctrl+Z, double-click): the same centre, twice the span, never past now. */
export function zoomOut(range: TimeRange, nowMs: number): TimeRange {
  const { fromMs, toMs } = resolveTimeRange(range, nowMs);
  const span = toMs - fromMs;
  let to = toMs + span / 2;
  let from = fromMs - span / 2;
  if (to > nowMs && toMs <= nowMs) {
    from -= to - nowMs;
    to = nowMs;
  }
  return { kind: 'absolute', fromMs: Math.round(from), toMs: Math.round(to) };
}

const NICE_INTERVALS_MS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  1000,
  2000,
  5000,
  10_000,
  15_000,
  30_000,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
];

/**
 * The `$__interval` for a range drawn across `pixels` columns: the span per pixel rounded up to a
 * round duration (as Grafana does), so a bin() query returns about one point per pixel.
 */
export function autoIntervalMs(range: ResolvedTimeRange, pixels: number, minIntervalMs = 1): number {
  const perPixel = (range.toMs - range.fromMs) / Math.max(1, Math.floor(pixels));
  const wanted = Math.max(minIntervalMs, perPixel);
  return NICE_INTERVALS_MS.find((n) => n >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

/** Auto-refresh choices. */
export const REFRESH_CHOICES = ['off', '1s', '5s', '10s', '30s', '1m'] as const;
export type RefreshEvery = (typeof REFRESH_CHOICES)[number];

export function isRefreshEvery(value: string): value is RefreshEvery {
  return (REFRESH_CHOICES as readonly string[]).includes(value);
}

/** Milliseconds between refreshes, or null when off. */
export function refreshMs(every: RefreshEvery): number | null {
  switch (every) {
    case 'off':
      return null;
    case '1m':
      return MINUTE;
    default:
      return Number.parseInt(every, 10) * 1000;
  }
}
