/** Query results in the UI: result → chart mapping, the virtualised table, live merging, CSV. */
export { type LiveUpdateLike, mergeLiveUpdate } from './merge-live.ts';
export { ResultTable } from './result-table.tsx';
export {
  type ChartMapping,
  chooseResultView,
  MAX_CHART_SERIES,
  type ResultView,
  resultToChart,
  resultToChartData,
} from './result-to-chart.ts';
export type { ColumnarColumn, ColumnarResult } from './result-types.ts';
export { formatCell, type SortState, sortOrder, toCsvChunks } from './table-model.ts';
