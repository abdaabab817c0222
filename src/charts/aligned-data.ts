import type uPlot from 'uplot';
import type { ChartData } from './types.ts';

/**
 * ChartData as uPlot's aligned arrays. NaN becomes null, which uPlot draws as a gap (spanGaps is
 * off); an entry marked missing becomes undefined, which uPlot steps over, so merging the times
 * of several series does not cut the others' lines into dots.
 */
export function toAlignedData(data: ChartData): uPlot.AlignedData {
  const n = data.times.length;
  const out: (number | null | undefined)[][] = [];
  for (const s of data.series) {
    const ys: (number | null | undefined)[] = new Array(n);
    const { values, missing } = s;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      ys[i] = missing?.[i] === 1 ? undefined : v === undefined || Number.isNaN(v) ? null : v;
    }
    out.push(ys);
  }
  return [data.times, ...out] as uPlot.AlignedData;
}

/**
 * What decides the plot's structure: the series (label, axis, unit, colour). Data with the same
 * signature is swapped in with setData; a different one rebuilds the plot.
 */
export function seriesSignature(data: ChartData): string {
  return JSON.stringify(data.series.map((s) => [s.label, s.axis ?? 'left', s.unit ?? '', s.color ?? '']));
}

/** Checks the contract: times ascending and every series as long as times. Returns a problem or null. */
export function validateChartData(data: ChartData): string | null {
  const n = data.times.length;
  for (let i = 1; i < n; i++) {
    if (!(data.times[i]! >= data.times[i - 1]!)) return `times must ascend: entry ${i} (${data.times[i]}) follows ${data.times[i - 1]}`;
  }
  for (const s of data.series) {
    if (s.values.length !== n) return `series "${s.label}" has ${s.values.length} values for ${n} times`;
  }
  return null;
}
