/** One line (or area, bars, points) on a time chart. */
export interface ChartSeries {
  readonly label: string;
  /** One value per entry of ChartData.times; NaN is a gap, drawn as a gap (never bridged). */
  readonly values: Float64Array;
  readonly unit?: string;
  readonly axis?: 'left' | 'right';
  readonly color?: string;
  /**
   * 1 where this series has no sample at that time only because times were merged across series
   * (another series has a point there): the line runs through it. Absent: every entry is a sample.
   */
  readonly missing?: Uint8Array;
}

export interface ChartData {
  /** Epoch milliseconds, ascending. */
  readonly times: Float64Array;
  readonly series: readonly ChartSeries[];
}

export type ChartStyle = 'line' | 'area' | 'bars' | 'points';

export interface Threshold {
  readonly value: number;
  readonly color: string;
  readonly label?: string;
}

export interface ChartOptions {
  style?: ChartStyle;
  /** Unit of the left axis (and of series without their own unit). */
  unit?: string;
  /** Unit of the right axis (series with axis: 'right'). */
  rightUnit?: string;
  /** Drawn as horizontal lines on the left axis's scale. */
  thresholds?: readonly Threshold[];
  /** Charts with the same key share their crosshair and tooltip. */
  syncKey?: string;
  width: number;
  height: number;
  /** Called when the user drags across the plot; without it the chart zooms itself. */
  onZoom?: (fromMs: number, toMs: number) => void;
  /** Called on a double-click; without it the chart resets its own zoom. */
  onZoomOut?: () => void;
  title?: string;
  /**
   * The time span the x axis shows (epoch ms), e.g. the query's range, so a chart of data that
   * covers part of the range still shows the whole range. Without it the axis fits the data.
   */
  xRange?: { readonly fromMs: number; readonly toMs: number };
}
