/**
 * Tidemark's time charts: a framework-free wrapper over uPlot shared by the app and the embed
 * widget. Lines, areas, bars or points; units; a legend that toggles series; tooltips; a second
 * y axis; threshold lines; drag-to-zoom and double-click zoom-out; gaps drawn as gaps; a
 * crosshair and tooltip shared by charts with the same syncKey.
 */
export { seriesSignature, toAlignedData, validateChartData } from './aligned-data.ts';
export { PALETTE, seriesColor } from './palette.ts';
export { TimeChart } from './time-chart.ts';
export type { ChartData, ChartOptions, ChartSeries, ChartStyle, Threshold } from './types.ts';
export { formatNumber, formatValue } from './units.ts';
