import { useMemo } from 'react';
import { resultToChartData } from '../../../results/result-to-chart.ts';
import type { ColumnarResult } from '../../../results/result-types.ts';
import { formatStat, reduceSeries, thresholdColor } from '../model/stats.ts';
import type { StatReducer, ThresholdStep } from '../model/types.ts';
import { cssColor } from '../model/validate.ts';
import { numericColumns } from './result-values.ts';

/** At most this many stats are shown in one panel (a GROUP BY over many hosts); the rest are counted. */
const MAX_STATS = 24;

/** The values a stat panel shows: one per series of a time-shaped result, else one per numeric column. */
export function statValues(result: ColumnarResult, reducer: StatReducer): { label: string; value: number | null }[] {
  const chart = resultToChartData(result);
  const series = chart ? chart.series.map((s) => ({ label: s.label, values: s.values })) : numericColumns(result);
  return series.map((s) => ({ label: s.label, value: reduceSeries(s.values, reducer) }));
}

/** Big numbers, coloured by the thresholds they reach (Grafana's stat panel). */
export function StatPanel({
  result,
  reducer,
  unit,
  thresholds,
}: {
  result: ColumnarResult;
  reducer: StatReducer;
  unit: string;
  thresholds: readonly ThresholdStep[];
}) {
  // Recomputed per result, not per render: a dashboard re-renders every panel on each refresh tick.
  const stats = useMemo(() => statValues(result, reducer), [result, reducer]);
  if (stats.length === 0) return <p className="dash-panel-note">The query returned no numeric column to show.</p>;
  const shown = stats.slice(0, MAX_STATS);
  return (
    <div className="dash-stats" data-testid="stat-values">
      {shown.map((s, i) => {
        const color = s.value === null ? null : thresholdColor(s.value, thresholds);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the position is the identity
          <div key={i} className="dash-stat" data-color={color ?? ''}>
            <span className="dash-stat-value" style={color ? { color: cssColor(color) } : undefined}>
              {formatStat(s.value, unit)}
            </span>
            {stats.length > 1 && <span className="dash-stat-label">{s.label}</span>}
          </div>
        );
      })}
      {stats.length > MAX_STATS && <p className="dash-panel-note">{stats.length - MAX_STATS} more not shown.</p>}
    </div>
  );
}
