import { memo, useMemo, useState } from 'react';
import type { ChartStyle } from '../../../charts/index.ts';
import { TimeChartView } from '../../charts/time-chart-view.tsx';
import { ResultTable } from '../../results/result-table.tsx';
import { resultToChart } from '../../results/result-to-chart.ts';
import type { ColumnarResult } from '../../results/result-types.ts';
import type { ViewChoice } from './explore-state.ts';

const STYLES: readonly ChartStyle[] = ['line', 'area', 'bars', 'points'];

export interface ResultsPanelProps {
  result: ColumnarResult;
  view: ViewChoice;
  onView: (view: ViewChoice) => void;
  style: ChartStyle;
  onStyle: (style: ChartStyle) => void;
  unit: string;
  onUnit: (unit: string) => void;
  onZoom: (fromMs: number, toMs: number) => void;
  onZoomOut: () => void;
  /** The range the result was queried for: the chart's x axis spans it. */
  xRange: { readonly fromMs: number; readonly toMs: number } | null;
}

/**
 * The result as a chart (time-shaped results) or a table, chosen automatically unless overridden.
 * Memoised: typing in the editor re-renders Explore, not the result.
 */
export const ResultsPanel = memo(function ResultsPanel({
  result,
  view,
  onView,
  style,
  onStyle,
  unit,
  onUnit,
  onZoom,
  onZoomOut,
  xRange,
}: ResultsPanelProps) {
  const mapping = useMemo(() => resultToChart(result), [result]);
  const [rightColumn, setRightColumn] = useState('');
  const [rightUnit, setRightUnit] = useState('');
  // Series of the chosen value column move to a second y axis on the right, with its own unit.
  const data = useMemo(() => {
    if (!mapping || !rightColumn || !mapping.valueColumns.includes(rightColumn)) return mapping?.data ?? null;
    return {
      ...mapping.data,
      series: mapping.data.series.map((s, i) => (mapping.seriesColumns[i] === rightColumn ? { ...s, axis: 'right' as const } : s)),
    };
  }, [mapping, rightColumn]);
  const chartable = mapping !== null && mapping.data.times.length >= 1;
  const shown =
    view === 'auto' ? (mapping && mapping.data.times.length >= 2 ? 'chart' : 'table') : view === 'chart' && !chartable ? 'table' : view;
  const options = useMemo(
    () => ({
      style,
      ...(unit.trim() ? { unit: unit.trim() } : {}),
      ...(xRange ? { xRange } : {}),
      syncKey: 'explore',
      onZoom,
      onZoomOut,
      height: 320,
    }),
    [style, unit, onZoom, onZoomOut, xRange],
  );
  return (
    <section className="results-panel" aria-label="Query result" data-shown={shown}>
      <div className="results-toolbar">
        <fieldset className="segmented" aria-label="Show the result as">
          {(['auto', 'chart', 'table'] as const).map((v) => (
            <label key={v} className={view === v ? 'on' : ''}>
              <input type="radio" name="result-view" value={v} checked={view === v} onChange={() => onView(v)} data-testid={`view-${v}`} />
              {v === 'auto' ? `Auto (${shown})` : v === 'chart' ? 'Chart' : 'Table'}
            </label>
          ))}
        </fieldset>
        {shown === 'chart' && (
          <>
            <label>
              Style{' '}
              <select value={style} onChange={(e) => onStyle(e.target.value as ChartStyle)} data-testid="chart-style">
                {STYLES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Unit{' '}
              <input
                className="unit-input"
                value={unit}
                onChange={(e) => onUnit(e.target.value)}
                placeholder="%, ms, bytes…"
                size={8}
                data-testid="chart-unit"
              />
            </label>
            {mapping && mapping.valueColumns.length > 1 && (
              <>
                <label>
                  Right axis{' '}
                  <select value={rightColumn} onChange={(e) => setRightColumn(e.target.value)} data-testid="right-axis-column">
                    <option value="">none</option>
                    {mapping.valueColumns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
                {rightColumn && (
                  <label>
                    Right unit{' '}
                    <input
                      className="unit-input"
                      value={rightUnit}
                      onChange={(e) => setRightUnit(e.target.value)}
                      size={8}
                      data-testid="chart-right-unit"
                    />
                  </label>
                )}
              </>
            )}
            <span className="dim">Drag across the chart to zoom in, double-click to zoom out.</span>
          </>
        )}
      </div>
      {view === 'chart' && !chartable && (
        <p className="dim">This result has no timestamp and numeric column to chart; it is shown as a table.</p>
      )}
      {shown === 'chart' && mapping && data ? (
        <>
          {mapping.droppedSeries > 0 && (
            <p className="warning-text" role="status">
              Showing {mapping.data.series.length} series; {mapping.droppedSeries.toLocaleString()} more are not drawn. Narrow the query to
              see them.
            </p>
          )}
          <TimeChartView data={data} options={options} />
        </>
      ) : (
        <ResultTable result={result} />
      )}
    </section>
  );
});
