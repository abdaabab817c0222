/** Explore: the SQL editor, the time range, and the result as a chart or a table. */
export { DEFAULT_QUERY } from './explore-state.ts';
export { ExploreView } from './explore-view.tsx';
