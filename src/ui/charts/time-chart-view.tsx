import { useEffect, useRef, useState } from 'react';
import { type ChartData, type ChartOptions, TimeChart } from '../../charts/index.ts';
import { ChartDataTable } from './chart-data-table.tsx';
import './time-chart-view.css';

export type TimeChartViewOptions = Omit<ChartOptions, 'width' | 'height'> & { height?: number };

const STRUCTURAL: readonly (keyof TimeChartViewOptions & keyof ChartOptions)[] = [
  'style',
  'unit',
  'rightUnit',
  'syncKey',
  'title',
  'thresholds',
  'xRange',
];

/**
 * A TimeChart that fills its container's width and keeps one uPlot instance across data
 * updates (setData), so refreshes and live updates do not flicker. Below it, a disclosure with
 * the same data as a table (the chart's accessible alternative).
 */
export function TimeChartView({
  data,
  options,
  tableAlternative = true,
}: {
  data: ChartData;
  options: TimeChartViewOptions;
  tableAlternative?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<TimeChart | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const height = options.height ?? 300;
  const applied = useRef<Partial<ChartOptions>>({});
  const [error, setError] = useState<string | null>(null);
  const [tableOpen, setTableOpen] = useState(false);
  const hasZoom = options.onZoom !== undefined;
  const hasZoomOut = options.onZoomOut !== undefined;

  // One chart per mount; callbacks go through refs so changing them never rebuilds it.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(200, Math.floor(el.clientWidth));
    const structural = pick(latest.current);
    const initial: ChartOptions = { ...structural, width, height };
    if (hasZoom) initial.onZoom = (f, t) => latest.current.onZoom?.(f, t);
    if (hasZoomOut) initial.onZoomOut = () => latest.current.onZoomOut?.();
    const c = new TimeChart(el, initial);
    chart.current = c;
    applied.current = structural;
    const observer = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(el.clientWidth));
      c.resize(w, height);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.destroy();
      chart.current = null;
    };
    // Structural options are applied by the effect below; only the height and callback presence recreate.
  }, [height, hasZoom, hasZoomOut]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const next = pick(options);
    const patch: Partial<ChartOptions> = {};
    for (const key of STRUCTURAL) {
      if (!sameValue(next[key], applied.current[key])) Object.assign(patch, { [key]: next[key] });
    }
    if (Object.keys(patch).length > 0) {
      applied.current = next;
      c.setOptions(patch);
    }
  });

  useEffect(() => {
    try {
      chart.current?.setData(data);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [data]);

  const unitOf = (i: number) => {
    const s = data.series[i];
    return s?.unit ?? (s?.axis === 'right' ? options.rightUnit : options.unit);
  };
  return (
    <div
      className="time-chart-view"
      data-testid="time-chart"
      data-series-count={data.series.length}
      data-point-count={data.times.length}
      data-first-ms={data.times[0]}
      data-last-ms={data.times[data.times.length - 1]}
    >
      <div ref={host} className="time-chart-host" />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tableAlternative && (
        <details className="time-chart-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
          <summary>Data table ({data.series.length} series)</summary>
          {/* Rendered only while open, so a live chart does not rebuild a hidden table every update. */}
          {tableOpen && <ChartDataTable data={data} unitOf={unitOf} caption={options.title ?? 'Chart data'} />}
        </details>
      )}
    </div>
  );
}

function pick(options: TimeChartViewOptions): Partial<ChartOptions> {
  const out: Partial<ChartOptions> = {};
  const source = options as Partial<ChartOptions>;
  for (const key of STRUCTURAL) if (source[key] !== undefined) Object.assign(out, { [key]: source[key] });
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
