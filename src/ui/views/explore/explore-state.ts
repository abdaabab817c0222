import {
  hashParams,
  type RefreshEvery,
  readRefreshParam,
  readTimeRangeParams,
  type TimeRange,
  writeTimeRangeParams,
} from '../../time-range/index.ts';

/** Explore's default query (contracts.md): CPU per host over the sample DevOps table. */
export const DEFAULT_QUERY =
  'SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS cpu\n' +
  'FROM "sampleDB"."DevOps"\n' +
  "WHERE measure_name = 'cpu_utilization' AND $__timeFilter\n" +
  'GROUP BY 1, 2\n' +
  'ORDER BY 1';

export type ViewChoice = 'auto' | 'chart' | 'table';

export interface ExploreUrlState {
  readonly sql: string | null;
  readonly range: TimeRange | null;
  readonly refresh: RefreshEvery;
  readonly view: ViewChoice;
  readonly live: boolean;
}

/** Explore's state from a hash such as `#/explore?q=…&from=now-1h&to=now&refresh=5s&view=table`. */
export function readExploreHash(hash: string): ExploreUrlState {
  const params = hashParams(hash);
  const view = params.get('view');
  return {
    sql: params.get('q'),
    range: readTimeRangeParams(params),
    refresh: readRefreshParam(params),
    view: view === 'chart' || view === 'table' ? view : 'auto',
    live: params.get('live') === '1',
  };
}

export function writeExploreHash(state: {
  sql: string;
  range: TimeRange;
  refresh: RefreshEvery;
  view: ViewChoice;
  live?: boolean;
}): string {
  const params = new URLSearchParams();
  params.set('q', state.sql);
  writeTimeRangeParams(params, state.range, state.refresh);
  if (state.view !== 'auto') params.set('view', state.view);
  if (state.live) params.set('live', '1');
  return `#/explore?${params.toString()}`;
}
