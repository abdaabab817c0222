import type { RefreshEvery, TimeRange } from '../../../time-range/index.ts';

/**
 * The dashboard model: plain data (JSON-serialisable), so it can be saved in IndexedDB,
 * exported, imported and compared without conversion. Modelled on Grafana's JSON model,
 * reduced to what Tidemark draws.
 */

/** The current model version; an import of another version is refused with a clear error. */
export const DASHBOARD_SCHEMA_VERSION = 1;

/** Grafana's grid: 24 columns; heights in rows of GRID_ROW_PX. */
export const GRID_COLUMNS = 24;
export const GRID_ROW_PX = 30;
export const GRID_MAX_ROWS = 200;

/** The dashboard's time range: the picker's (src/ui/time-range) relative or absolute range. */
export type DashboardTimeRange = TimeRange;

export type ChartStyle = 'line' | 'area' | 'bars' | 'points';
export const CHART_STYLES: readonly ChartStyle[] = ['line', 'area', 'bars', 'points'];

export type StatReducer = 'last' | 'min' | 'max' | 'mean';
export const STAT_REDUCERS: readonly StatReducer[] = ['last', 'min', 'max', 'mean'];

/** How a panel draws its query's result. */
export type Visualisation =
  | { readonly kind: 'timeseries'; readonly style: ChartStyle }
  | { readonly kind: 'stat'; readonly reducer: StatReducer }
  | { readonly kind: 'table' };

export interface GridPos {
  /** Column, 0..23. */
  readonly x: number;
  /** Row, from 0 at the top. */
  readonly y: number;
  /** Width in columns, 1..24. */
  readonly w: number;
  /** Height in rows, 2..GRID_MAX_ROWS. */
  readonly h: number;
}

/**
 * A threshold step, as Grafana has them: a value at or above `value` takes `color`. Charts
 * draw each as a horizontal line; stat panels colour the value by the highest step it reaches.
 */
export interface ThresholdStep {
  readonly value: number;
  /** A palette name (green, yellow, orange, red, blue, purple, grey) or a #rgb / #rrggbb colour. */
  readonly color: string;
}

export interface Panel {
  /** Unique within its dashboard. */
  readonly id: string;
  readonly title: string;
  /** Timestream SQL; may use $__timeFilter, $__interval and the dashboard's variables ($name). */
  readonly sql: string;
  readonly visual: Visualisation;
  /** Shown on the axis and after stat values, e.g. "%", "ms", "°C". Empty for none. */
  readonly unit: string;
  readonly thresholds: readonly ThresholdStep[];
  readonly grid: GridPos;
}

/**
 * A dashboard variable, shown as a drop-down and substituted into panel queries as `$name`
 * or `${name}`. Options come from a query's first column, or from a fixed list.
 */
export interface Variable {
  /** Letters, digits and _, not starting with a digit or with "__" (reserved for macros). */
  readonly name: string;
  readonly label: string;
  readonly source: { readonly kind: 'query'; readonly sql: string } | { readonly kind: 'custom'; readonly values: readonly string[] };
  /** Whether several values can be chosen at once (they substitute as 'a', 'b' for IN (...)). */
  readonly multi: boolean;
  /** The chosen values (one when not multi). Empty means "not chosen yet": every option (multi) or the first. */
  readonly current: readonly string[];
}

export interface Dashboard {
  readonly schemaVersion: typeof DASHBOARD_SCHEMA_VERSION;
  /** Letters, digits, - and _ (it appears in the URL). */
  readonly id: string;
  readonly title: string;
  readonly time: DashboardTimeRange;
  readonly refresh: RefreshEvery;
  /**
   * Live: with a relative range, each panel subscribes to its query and the worker pushes new
   * points as they land (only the changed tail), instead of the panel re-running on a timer.
   */
  readonly live: boolean;
  readonly variables: readonly Variable[];
  readonly panels: readonly Panel[];
  /** Epoch ms of the last save; informative only. */
  readonly updatedMs: number;
}
