/** Time ranges for Explore and Dashboards: the model, URL parameters, and the pickers. */
export { fromLocalInputValue, toLocalInputValue } from './local-input.ts';
export {
  absoluteRange,
  autoIntervalMs,
  DEFAULT_TIME_RANGE,
  describeTimeRange,
  formatLocal,
  isRefreshEvery,
  isRelativeRange,
  REFRESH_CHOICES,
  RELATIVE_MS,
  RELATIVE_RANGES,
  type RefreshEvery,
  type RelativeRange,
  type ResolvedTimeRange,
  refreshMs,
  relativeLabel,
  resolveTimeRange,
  type TimeRange,
  zoomOut,
} from './model.ts';
export { RefreshPicker } from './refresh-picker.tsx';
export { TimeRangePicker } from './time-range-picker.tsx';
export { hashParams, readRefreshParam, readTimeRangeParams, withHashParams, writeTimeRangeParams } from './url.ts';
