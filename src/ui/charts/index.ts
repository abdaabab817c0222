/** The React face of src/charts: a TimeChart that follows its container, with its data table. */
export { ChartDataTable } from './chart-data-table.tsx';
export { TimeChartView, type TimeChartViewOptions } from './time-chart-view.tsx';
