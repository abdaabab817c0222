import { useMemo, useState } from 'react';
import type { ChartData, Threshold } from '../../../../charts/index.ts';
import { ChartDataTable } from '../../../charts/chart-data-table.tsx';
import { TimeChartView } from '../../../charts/time-chart-view.tsx';
import { resultToChart } from '../../../results/result-to-chart.ts';
import type { ColumnarResult } from '../../../results/result-types.ts';
import type { ChartStyle, ThresholdStep } from '../model/types.ts';
import { cssColor } from '../model/validate.ts';
import { TablePanel } from './table-panel.tsx';

/** Room under the plot for uPlot's legend and the data-table disclosure. */
const CHART_CHROME_PX = 58;

/**
 * A time-series panel: the shared TimeChartView (one uPlot instance kept across refreshes) with
 * the dashboard's sync key, so every panel shares its crosshair and tooltip, and the panel's
 * thresholds as lines. A result that is not time-shaped is shown as a table instead.
 */
export function ChartPanel({
  result,
  xRange,
  style,
  unit,
  thresholds,
  syncKey,
  height,
  title,
  onZoom,
  onZoomOut,
}: {
  result: ColumnarResult;
  /** The query's window: every panel's x axis spans the dashboard's range, so shared crosshairs line up. */
  xRange: { readonly fromMs: number; readonly toMs: number } | null;
  style: ChartStyle;
  unit: string;
  thresholds: readonly ThresholdStep[];
  syncKey: string;
  width: number;
  height: number;
  title: string;
  onZoom: (fromMs: number, toMs: number) => void;
  onZoomOut: () => void;
}) {
  const mapping = useMemo(() => resultToChart(result), [result]);
  const lines: Threshold[] = useMemo(
    () => thresholds.map((t) => ({ value: t.value, color: cssColor(t.color), label: `${t.value}${unit}` })),
    [thresholds, unit],
  );
  if (!mapping) {
    return (
      <>
        <p className="dash-panel-note">This result has no time column and number column to chart, so it is shown as a table.</p>
        <TablePanel result={result} caption={title} />
      </>
    );
  }
  const times = mapping.data.times;
  return (
    // The newest time drawn, so a test (or a person with dev tools) can see a live chart move.
    <div className="dash-chart" data-last-ms={times.length > 0 ? times[times.length - 1] : ''}>
      <TimeChartView
        data={mapping.data}
        tableAlternative={false}
        options={{
          style,
          ...(unit ? { unit } : {}),
          thresholds: lines,
          syncKey,
          ...(xRange ? { xRange } : {}),
          height: Math.max(60, height - CHART_CHROME_PX),
          onZoom,
          onZoomOut,
        }}
      />
      {mapping.droppedSeries > 0 && <p className="dash-panel-note">{mapping.droppedSeries} more series not drawn.</p>}
      <LazyDataTable data={mapping.data} unit={unit} title={title} />
    </div>
  );
}

/**
 * The chart's accessible table alternative, rendered only while it is open: twelve panels
 * refreshing every second would otherwise rebuild twelve hidden tables every second.
 */
function LazyDataTable({ data, unit, title }: { data: ChartData; unit: string; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="time-chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Data table ({data.series.length} series)</summary>
      {open && <ChartDataTable data={data} unitOf={(i) => data.series[i]?.unit ?? (unit || undefined)} caption={title} />}
    </details>
  );
}
