import uPlot from 'uplot';
import type { ChartHandlers } from './handlers.ts';
import { keyboardCursorPlugin } from './keyboard-cursor.ts';
import { legendKeyboardPlugin } from './legend-keyboard.ts';
import { seriesColor, withAlpha } from './palette.ts';
import { rangeWithThresholds, thresholdsPlugin } from './thresholds.ts';
import { tooltipPlugin } from './tooltip.ts';
import type { ChartData, ChartOptions, ChartSeries, ChartStyle } from './types.ts';
import { formatValue } from './units.ts';
import { selectionToRange } from './zoom.ts';

const AXIS_SIZE = 64;

/** The unit a series is shown in: its own, else its axis's. */
export function unitOfSeries(series: ChartSeries, options: ChartOptions): string | undefined {
  return series.unit ?? (series.axis === 'right' ? options.rightUnit : options.unit);
}

function seriesConfig(series: ChartSeries, index: number, options: ChartOptions): uPlot.Series {
  const color = series.color ?? seriesColor(index);
  const unit = unitOfSeries(series, options);
  const style: ChartStyle = options.style ?? 'line';
  const base: uPlot.Series = {
    label: series.label,
    stroke: color,
    width: 1.5,
    scale: series.axis === 'right' ? 'y2' : 'y',
    spanGaps: false, // a gap (null) stays a gap
    value: (_u, v) => (v === null || v === undefined ? '—' : formatValue(v, unit)),
  };
  switch (style) {
    case 'area':
      return { ...base, fill: withAlpha(color, 0.18) };
    case 'bars':
      return {
        ...base,
        fill: withAlpha(color, 0.75),
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.7, 80], align: 0 }),
        points: { show: false },
      };
    case 'points':
      return { ...base, paths: () => null, points: { show: true, size: 5, fill: color, stroke: color } };
    default:
      return base;
  }
}

/** Builds uPlot's options for a chart's options and its data's series (pure but for the DOM hooks it installs). */
export function buildUplotOptions(options: ChartOptions, data: ChartData, handlers: ChartHandlers): uPlot.Options {
  const hasRight = data.series.some((s) => s.axis === 'right');
  const units = data.series.map((s) => unitOfSeries(s, options));
  const axisStroke = () => handlers.theme.axis;
  const gridStroke = () => handlers.theme.grid;
  const axes: uPlot.Axis[] = [
    { stroke: axisStroke, grid: { stroke: gridStroke, width: 1 }, ticks: { stroke: gridStroke, width: 1 } },
    {
      scale: 'y',
      stroke: axisStroke,
      size: AXIS_SIZE,
      grid: { stroke: gridStroke, width: 1 },
      ticks: { stroke: gridStroke, width: 1 },
      values: (_u, splits) => splits.map((v) => formatValue(v, options.unit)),
    },
  ];
  const scales: uPlot.Scales = {
    x: {
      time: true,
      range: (_u, min, max) => {
        const r = handlers.xRange;
        return r && r.toMs > r.fromMs ? [r.fromMs, r.toMs] : [min, max];
      },
    },
    y: {
      auto: true,
      range: (_u, min, max) => {
        const [lo, hi] = rangeWithThresholds(min, max, handlers.thresholds);
        if (lo === null || hi === null) return [0, 1];
        return uPlot.rangeNum(lo, hi, 0.1, true);
      },
    },
  };
  if (hasRight) {
    scales.y2 = { auto: true };
    axes.push({
      scale: 'y2',
      side: 1,
      stroke: axisStroke,
      size: AXIS_SIZE,
      grid: { show: false },
      ticks: { stroke: gridStroke, width: 1 },
      values: (_u, splits) => splits.map((v) => formatValue(v, options.rightUnit)),
    });
  }
  const cursor: uPlot.Cursor = {
    drag: { x: true, y: false, setScale: false },
    focus: { prox: 16 },
    bind: {
      dblclick: (_u, _target, handler) => (event) => {
        if (handlers.onZoomOut) handlers.onZoomOut();
        else handler(event);
        return null;
      },
    },
  };
  if (options.syncKey) cursor.sync = { key: options.syncKey, setSeries: false };
  return {
    ...(options.title ? { title: options.title } : {}),
    width: options.width,
    height: options.height,
    ms: 1,
    series: [
      { label: 'Time', value: (_u, v) => (v === null ? '—' : new Date(v).toISOString()) },
      ...data.series.map((s, i) => seriesConfig(s, i, options)),
    ],
    scales,
    axes,
    cursor,
    focus: { alpha: 0.35 },
    legend: { show: true, live: true },
    hooks: {
      setSelect: [
        (u) => {
          const range = selectionToRange(u.select, (px) => u.posToVal(px, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if (!range) return;
          if (handlers.onZoom) handlers.onZoom(range[0], range[1]);
          else u.setScale('x', { min: range[0], max: range[1] });
        },
      ],
    },
    plugins: [
      tooltipPlugin((i) => units[i - 1]),
      thresholdsPlugin(handlers),
      legendKeyboardPlugin(),
      keyboardCursorPlugin((i) => units[i - 1]),
    ],
  };
}
