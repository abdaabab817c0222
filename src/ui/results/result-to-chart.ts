import type { ChartData, ChartSeries } from '../../charts/index.ts';
import type { ColumnarColumn, ColumnarResult } from './result-types.ts';

/** More series than this are not drawn (a legend of thousands helps nobody); the rest are counted. */
export const MAX_CHART_SERIES = 200;

export interface ChartMapping {
  readonly data: ChartData;
  /** Series left out beyond the limit. */
  readonly droppedSeries: number;
  readonly timeColumn: string;
  readonly valueColumns: readonly string[];
  /** For each series, the value column it draws (to put a column's series on the right axis). */
  readonly seriesColumns: readonly string[];
  readonly groupColumns: readonly string[];
}

function isTime(c: ColumnarColumn): c is Extract<ColumnarColumn, { kind: 'bigint' }> & { timeMs: Float64Array } {
  return c.kind === 'bigint' && c.timeMs !== undefined;
}

function isNumeric(c: ColumnarColumn): boolean {
  return c.kind === 'number' || (c.kind === 'bigint' && c.timeMs === undefined);
}

function numberAt(c: ColumnarColumn, row: number): number {
  if (c.kind === 'number') return c.valid?.[row] === 0 ? Number.NaN : c.data[row]!;
  if (c.kind === 'bigint') return c.valid?.[row] === 0 ? Number.NaN : Number(c.data[row]!);
  return Number.NaN;
}

/** Sorted distinct values. */
function distinctSorted(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (Number.isNaN(v)) continue;
    if (n === 0 || sorted[n - 1] !== v) sorted[n++] = v;
  }
  return sorted.slice(0, n);
}

function indexOf(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = sorted[mid]!;
    if (m < v) lo = mid + 1;
    else if (m > v) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Maps a time-shaped result to chart series: the first timestamp column is time, every numeric
 * column is a value, and each distinct combination of the text columns (e.g. GROUP BY hostname)
 * is its own series. NULL values become gaps; a time at which one group has no row is marked
 * missing (the line continues through it). Returns null when the result has no timestamp or no
 * numeric column.
 */
export function resultToChart(result: ColumnarResult, maxSeries = MAX_CHART_SERIES): ChartMapping | null {
  const time = result.columns.find(isTime);
  if (!time) return null;
  const values = result.columns.filter(isNumeric);
  if (values.length === 0) return null;
  const groups = result.columns.filter((c): c is Extract<ColumnarColumn, { kind: 'text' }> => c.kind === 'text');
  const n = result.rowCount;
  const times = distinctSorted(time.timeMs.subarray(0, n));

  // Group key per row, in first-seen order.
  const groupIndex = new Map<string, number>();
  const groupLabels: string[] = [];
  const rowGroup = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    let key = '';
    if (groups.length > 0) {
      const parts = groups.map((g) => g.data[row] ?? '(null)');
      key = parts.join(', ');
    }
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupLabels.length;
      groupIndex.set(key, g);
      groupLabels.push(key);
    }
    rowGroup[row] = g;
  }

  const groupCount = groupLabels.length;
  const total = groupCount * values.length;
  const keptGroups = Math.min(groupCount, Math.max(1, Math.floor(maxSeries / values.length)));
  const series: { label: string; values: Float64Array; missing: Uint8Array; any: boolean }[] = [];
  for (let g = 0; g < keptGroups; g++) {
    for (const v of values) {
      const label = groups.length === 0 ? v.name : values.length === 1 ? groupLabels[g]! : `${groupLabels[g]} · ${v.name}`;
      series.push({
        label,
        values: new Float64Array(times.length).fill(Number.NaN),
        missing: new Uint8Array(times.length).fill(1),
        any: false,
      });
    }
  }
  for (let row = 0; row < n; row++) {
    const g = rowGroup[row]!;
    if (g >= keptGroups) continue;
    const t = indexOf(times, time.timeMs[row]!);
    if (t < 0) continue; // a NULL time
    for (let v = 0; v < values.length; v++) {
      const s = series[g * values.length + v]!;
      s.values[t] = numberAt(values[v]!, row);
      s.missing[t] = 0;
    }
  }
  const out: ChartSeries[] = series.map((s) =>
    s.missing.includes(1) ? { label: s.label, values: s.values, missing: s.missing } : { label: s.label, values: s.values },
  );
  return {
    data: { times, series: out },
    droppedSeries: total - out.length,
    timeColumn: time.name,
    valueColumns: values.map((v) => v.name),
    seriesColumns: out.map((_, i) => values[i % values.length]!.name),
    groupColumns: groups.map((g) => g.name),
  };
}

/** The contract's form: the chart data, or null when the result is not time-shaped. */
export function resultToChartData(result: ColumnarResult): ChartData | null {
  return resultToChart(result)?.data ?? null;
}

export type ResultView = 'chart' | 'table';

/** Chart when the result draws as a line (time-shaped, at least two instants); table otherwise. */
export function chooseResultView(result: ColumnarResult): ResultView {
  const mapping = resultToChart(result);
  return mapping && mapping.data.times.length >= 2 ? 'chart' : 'table';
}
