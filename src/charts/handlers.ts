import type { ChartOptions, Threshold } from './types.ts';

/**
 * The parts of a chart that change without rebuilding the plot: callbacks, thresholds and
 * theme colours. The uPlot hooks read them through this object at the moment they fire.
 */
export interface ChartHandlers {
  onZoom: ChartOptions['onZoom'];
  onZoomOut: ChartOptions['onZoomOut'];
  thresholds: readonly Threshold[];
  xRange: ChartOptions['xRange'];
  theme: ChartTheme;
}

export interface ChartTheme {
  readonly axis: string;
  readonly grid: string;
  readonly text: string;
}

export const FALLBACK_THEME: ChartTheme = { axis: '#5b6675', grid: 'rgba(127,127,127,0.18)', text: '#1c2430' };
