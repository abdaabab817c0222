/**
 * The TSBS cpu-only query set (../shared/reference/benchmarks-and-compression.md section 2.3): what each
 * query computes, how TSBS draws its window and hosts, and its text in two dialects, so the Node query
 * benchmark and the browser benchmark (Tidemark against DuckDB-WASM) run the same queries on the same draws.
 *
 * - Timestream SQL over single-measure records (one record per host dimensions, time, measure_name and
 *   measure_value::double), as the TSBS Timestream loader writes them and its query generator reads them.
 * - Timestream SQL over multi-measure records (one MULTI record per host and time, measure_name `cpu`, the ten
 *   fields as DOUBLE attributes), Timestream's recommended layout for metrics that share a timestamp.
 * - DuckDB SQL over one wide row per host and time (`time TIMESTAMP, hostname VARCHAR, <tags>, <10 DOUBLE
 *   fields>`), the shape TSBS loads into TimescaleDB and ClickHouse, with time_bucket for the buckets.
 */
import { random, TSBS_FIELDS } from '../codecs/tsbs.ts';

export type TsbsQueryShape =
  | { readonly kind: 'single-groupby'; readonly metrics: number; readonly hosts: number; readonly hours: number }
  | { readonly kind: 'cpu-max-all'; readonly hosts: number }
  | { readonly kind: 'double-groupby'; readonly metrics: number }
  | { readonly kind: 'high-cpu'; readonly hosts: number | null }
  | { readonly kind: 'groupby-orderby-limit' }
  | { readonly kind: 'lastpoint' }
  /** Beyond TSBS: every row of a window, as Explore's table asks for raw points (`SELECT *`). */
  | { readonly kind: 'raw-window'; readonly hours: number }
  /** Beyond TSBS: a dashboard's smoothed line, usage_user averaged over each host's last `points` points, every row of a window. */
  | { readonly kind: 'moving-average'; readonly hours: number; readonly points: number };

export interface TsbsQuery {
  readonly name: string;
  readonly shape: TsbsQueryShape;
}

/** One drawn instance of a query: its window [from, to) in ms and its hosts (indexes), when it has them. */
export interface TsbsQueryParams {
  readonly from: number;
  readonly to: number;
  readonly hosts: readonly number[];
}

export const TSBS_CPU_ONLY_QUERIES: readonly TsbsQuery[] = [
  { name: 'single-groupby-1-1-1', shape: { kind: 'single-groupby', metrics: 1, hosts: 1, hours: 1 } },
  { name: 'single-groupby-1-1-12', shape: { kind: 'single-groupby', metrics: 1, hosts: 1, hours: 12 } },
  { name: 'single-groupby-1-8-1', shape: { kind: 'single-groupby', metrics: 1, hosts: 8, hours: 1 } },
  { name: 'single-groupby-5-1-1', shape: { kind: 'single-groupby', metrics: 5, hosts: 1, hours: 1 } },
  { name: 'single-groupby-5-1-12', shape: { kind: 'single-groupby', metrics: 5, hosts: 1, hours: 12 } },
  { name: 'single-groupby-5-8-1', shape: { kind: 'single-groupby', metrics: 5, hosts: 8, hours: 1 } },
  { name: 'cpu-max-all-1', shape: { kind: 'cpu-max-all', hosts: 1 } },
  { name: 'cpu-max-all-8', shape: { kind: 'cpu-max-all', hosts: 8 } },
  { name: 'double-groupby-1', shape: { kind: 'double-groupby', metrics: 1 } },
  { name: 'double-groupby-5', shape: { kind: 'double-groupby', metrics: 5 } },
  { name: 'double-groupby-all', shape: { kind: 'double-groupby', metrics: 10 } },
  { name: 'high-cpu-1', shape: { kind: 'high-cpu', hosts: 1 } },
  { name: 'high-cpu-all', shape: { kind: 'high-cpu', hosts: null } },
  { name: 'groupby-orderby-limit', shape: { kind: 'groupby-orderby-limit' } },
  { name: 'lastpoint', shape: { kind: 'lastpoint' } },
];

/** Queries beyond TSBS's set that the Node benchmark also runs (after TSBS's), on the same data and draws. */
export const BEYOND_TSBS_QUERIES: readonly TsbsQuery[] = [
  { name: 'raw-window-1h', shape: { kind: 'raw-window', hours: 1 } },
  { name: 'moving-average-1h', shape: { kind: 'moving-average', hours: 1, points: 30 } },
];

const HOUR = 3_600_000;

/**
 * How Tidemark holds the points: `single`, one single-measure series per host and field (TSBS's Timestream
 * loader); `multi`, one MULTI series per host, measure_name `cpu`, the ten fields as DOUBLE attributes.
 */
export type TsbsLayout = 'single' | 'multi';
export const TSBS_LAYOUTS: readonly TsbsLayout[] = ['single', 'multi'];
/** The measure_name of the MULTI records. */
export const TSBS_MULTI_MEASURE = 'cpu';

/** BENCH_LAYOUT's value as a layout (unset or empty: `fallback`); anything else is an error naming the choices. */
export function parseTsbsLayout(raw: string | undefined, fallback: TsbsLayout): TsbsLayout {
  if (raw === undefined || raw === '') return fallback;
  const layout = TSBS_LAYOUTS.find((l) => l === raw);
  if (!layout) throw new Error(`BENCH_LAYOUT must be ${TSBS_LAYOUTS.join(' or ')} (got ${raw}).`);
  return layout;
}

/**
 * Values a scan covered, from the rows it reports: a single-measure row holds one value; a MULTI row holds one
 * per field, of which the query reads those of tsbsQueryFields.
 */
export function tsbsValuesScanned(shape: TsbsQueryShape, layout: TsbsLayout, rowsCovered: number): number {
  return layout === 'multi' ? rowsCovered * tsbsQueryFields(shape).length : rowsCovered;
}

/** Whether Tidemark answers with one long row per host, time and field (single-measure high-cpu and lastpoint), to pivot before comparing. */
export function tidemarkAnswerIsLong(shape: TsbsQueryShape, layout: TsbsLayout): boolean {
  return layout === 'single' && (shape.kind === 'high-cpu' || shape.kind === 'lastpoint' || shape.kind === 'raw-window');
}

/**
 * Draws query instances as TSBS does: a window of fixed length whose start is uniform in [start, end - length)
 * (TSBS draws at ns resolution, this at ms; windows are not aligned, so edge buckets are partial), then `n`
 * distinct hosts uniformly from host_0..host_{hosts-1}.
 */
export function tsbsQueryDrawer(options: {
  hosts: number;
  startMs: number;
  endMs: number;
  seed?: number;
}): (shape: TsbsQueryShape) => TsbsQueryParams {
  const rand = random(options.seed ?? 42);
  const window = (hours: number): [number, number] => {
    const from = options.startMs + Math.floor(rand() * (options.endMs - hours * HOUR - options.startMs));
    return [from, from + hours * HOUR];
  };
  const pick = (n: number): number[] => {
    const picked = new Set<number>();
    while (picked.size < Math.min(n, options.hosts)) picked.add(Math.floor(rand() * options.hosts));
    return [...picked];
  };
  return (shape) => {
    switch (shape.kind) {
      case 'single-groupby': {
        const [from, to] = window(shape.hours);
        return { from, to, hosts: pick(shape.hosts) };
      }
      case 'cpu-max-all': {
        const [from, to] = window(8);
        return { from, to, hosts: pick(shape.hosts) };
      }
      case 'double-groupby': {
        const [from, to] = window(12);
        return { from, to, hosts: [] };
      }
      case 'high-cpu': {
        const [from, to] = window(12);
        return { from, to, hosts: shape.hosts === null ? [] : pick(shape.hosts) };
      }
      case 'groupby-orderby-limit':
        // Only the end of a random one-hour window is used: every row before it.
        return { from: options.startMs, to: window(1)[1], hosts: [] };
      case 'lastpoint':
        return { from: options.startMs, to: options.endMs, hosts: [] };
      case 'raw-window':
      case 'moving-average': {
        const [from, to] = window(shape.hours);
        return { from, to, hosts: [] };
      }
    }
  };
}

/** The fields a query reads, in TSBS's field order. */
export function tsbsQueryFields(shape: TsbsQueryShape): readonly string[] {
  switch (shape.kind) {
    case 'single-groupby':
    case 'double-groupby':
      return TSBS_FIELDS.slice(0, shape.metrics);
    case 'groupby-orderby-limit':
    case 'moving-average':
      return TSBS_FIELDS.slice(0, 1);
    default:
      return TSBS_FIELDS;
  }
}

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const hostList = (hosts: readonly number[]) => hosts.map((h) => `'host_${h}'`).join(', ');

/** The query in Timestream's dialect over `table` (e.g. `"bench"."cpu"`) holding the points in `layout`. */
export function timestreamSql(shape: TsbsQueryShape, p: TsbsQueryParams, table: string, layout: TsbsLayout = 'single'): string {
  return layout === 'multi' ? timestreamMultiSql(shape, p, table) : timestreamSingleSql(shape, p, table);
}

/** Over single-measure records: a CASE on measure_name per field, high-cpu and lastpoint joined back for every measure. */
function timestreamSingleSql(shape: TsbsQueryShape, p: TsbsQueryParams, table: string): string {
  const fields = tsbsQueryFields(shape);
  const names = fields.map((f) => `'${f}'`).join(', ');
  const agg = (fn: string) =>
    fields.map((f) => `${fn}(CASE WHEN measure_name = '${f}' THEN measure_value::double END) AS ${fn}_${f}`).join(', ');
  const range = (alias = '') => `${alias}time >= '${stamp(p.from)}' AND ${alias}time < '${stamp(p.to)}'`;
  switch (shape.kind) {
    case 'single-groupby':
      return `SELECT bin(time, 1m) AS minute, ${agg('max')} FROM ${table} WHERE measure_name IN (${names}) AND hostname IN (${hostList(p.hosts)}) AND ${range()} GROUP BY 1 ORDER BY 1`;
    case 'cpu-max-all':
      return `SELECT bin(time, 1h) AS hour, ${agg('max')} FROM ${table} WHERE hostname IN (${hostList(p.hosts)}) AND ${range()} GROUP BY 1 ORDER BY 1`;
    case 'double-groupby':
      return `SELECT bin(time, 1h) AS hour, hostname, ${agg('avg')} FROM ${table} WHERE measure_name IN (${names}) AND ${range()} GROUP BY 1, 2 ORDER BY 1, 2`;
    case 'high-cpu': {
      const hostFilter = shape.hosts === null ? '' : ` AND hostname IN (${hostList(p.hosts)})`;
      // Timestream's TSBS form: the rows where usage_user > 90, joined back on host and time for every measure.
      return `SELECT c.hostname, c.time, c.measure_name, c.measure_value::double FROM ${table} c JOIN (SELECT hostname, time FROM ${table}
      WHERE measure_name = 'usage_user' AND measure_value::double > 90.0 AND ${range()}${hostFilter}) h
      ON c.hostname = h.hostname AND c.time = h.time WHERE ${range('c.')}`;
    }
    case 'groupby-orderby-limit':
      return `SELECT bin(time, 1m) AS minute, max(measure_value::double) FROM ${table} WHERE measure_name = 'usage_user' AND time < '${stamp(p.to)}' GROUP BY 1 ORDER BY 1 DESC LIMIT 5`;
    case 'lastpoint':
      return `WITH latest AS (SELECT hostname, measure_name, max(time) AS t FROM ${table} GROUP BY hostname, measure_name)
       SELECT c.hostname, c.measure_name, c.time, c.measure_value::double FROM ${table} c JOIN latest l
       ON c.hostname = l.hostname AND c.measure_name = l.measure_name AND c.time = l.t`;
    case 'raw-window':
      return `SELECT * FROM ${table} WHERE ${range()}`;
    case 'moving-average':
      return `SELECT hostname, time, avg(measure_value::double) OVER (PARTITION BY hostname ORDER BY time ROWS BETWEEN ${shape.points - 1} PRECEDING AND CURRENT ROW) AS smoothed FROM ${table} WHERE measure_name = 'usage_user' AND ${range()}`;
  }
}

/**
 * Over MULTI records: every field is a column, so each query reads as it does over a wide table; the answers
 * have DuckDB's columns in DuckDB's order. lastpoint takes each host's last row from max(time) and
 * max_by(field, time), one pass and no join back (the edge values come from the chunks' last rows).
 */
function timestreamMultiSql(shape: TsbsQueryShape, p: TsbsQueryParams, table: string): string {
  const fields = tsbsQueryFields(shape);
  const agg = (fn: string) => fields.map((f) => `${fn}(${f}) AS ${fn}_${f}`).join(', ');
  const range = `time >= '${stamp(p.from)}' AND time < '${stamp(p.to)}'`;
  switch (shape.kind) {
    case 'single-groupby':
      return `SELECT bin(time, 1m) AS minute, ${agg('max')} FROM ${table} WHERE hostname IN (${hostList(p.hosts)}) AND ${range} GROUP BY 1 ORDER BY 1`;
    case 'cpu-max-all':
      return `SELECT bin(time, 1h) AS hour, ${agg('max')} FROM ${table} WHERE hostname IN (${hostList(p.hosts)}) AND ${range} GROUP BY 1 ORDER BY 1`;
    case 'double-groupby':
      return `SELECT bin(time, 1h) AS hour, hostname, ${agg('avg')} FROM ${table} WHERE ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
    case 'high-cpu': {
      const hostFilter = shape.hosts === null ? '' : ` AND hostname IN (${hostList(p.hosts)})`;
      return `SELECT hostname, time, ${fields.join(', ')} FROM ${table} WHERE usage_user > 90.0 AND ${range}${hostFilter}`;
    }
    case 'groupby-orderby-limit':
      return `SELECT bin(time, 1m) AS minute, max(usage_user) AS max_usage_user FROM ${table} WHERE time < '${stamp(p.to)}' GROUP BY 1 ORDER BY 1 DESC LIMIT 5`;
    case 'lastpoint':
      return `SELECT hostname, max(time) AS time, ${fields.map((f) => `max_by(${f}, time) AS ${f}`).join(', ')} FROM ${table} GROUP BY hostname`;
    case 'raw-window':
      return `SELECT * FROM ${table} WHERE ${range}`;
    case 'moving-average':
      return `SELECT hostname, time, avg(usage_user) OVER (PARTITION BY hostname ORDER BY time ROWS BETWEEN ${shape.points - 1} PRECEDING AND CURRENT ROW) AS smoothed FROM ${table} WHERE ${range}`;
  }
}

/** The query in DuckDB's dialect over one wide row per host and time in `table`. */
export function duckdbSql(shape: TsbsQueryShape, p: TsbsQueryParams, table: string): string {
  const fields = tsbsQueryFields(shape);
  const agg = (fn: string) => fields.map((f) => `${fn}(${f}) AS ${fn}_${f}`).join(', ');
  const range = `time >= TIMESTAMP '${stamp(p.from)}' AND time < TIMESTAMP '${stamp(p.to)}'`;
  switch (shape.kind) {
    case 'single-groupby':
      return `SELECT time_bucket(INTERVAL '1 minute', time) AS minute, ${agg('max')} FROM ${table} WHERE hostname IN (${hostList(p.hosts)}) AND ${range} GROUP BY minute ORDER BY minute`;
    case 'cpu-max-all':
      return `SELECT time_bucket(INTERVAL '1 hour', time) AS hour, ${agg('max')} FROM ${table} WHERE hostname IN (${hostList(p.hosts)}) AND ${range} GROUP BY hour ORDER BY hour`;
    case 'double-groupby':
      return `SELECT time_bucket(INTERVAL '1 hour', time) AS hour, hostname, ${agg('avg')} FROM ${table} WHERE ${range} GROUP BY hour, hostname ORDER BY hour, hostname`;
    case 'high-cpu': {
      const hostFilter = shape.hosts === null ? '' : ` AND hostname IN (${hostList(p.hosts)})`;
      // TSBS selects the whole row; the same facts as Timestream's answer are the host, the time and the fields.
      return `SELECT hostname, time, ${fields.join(', ')} FROM ${table} WHERE usage_user > 90.0 AND ${range}${hostFilter}`;
    }
    case 'groupby-orderby-limit':
      return `SELECT time_bucket(INTERVAL '1 minute', time) AS minute, max(usage_user) AS max_usage_user FROM ${table} WHERE time < TIMESTAMP '${stamp(p.to)}' GROUP BY minute ORDER BY minute DESC LIMIT 5`;
    case 'lastpoint':
      return `SELECT DISTINCT ON (hostname) hostname, time, ${fields.join(', ')} FROM ${table} ORDER BY hostname, time DESC`;
    case 'raw-window':
      return `SELECT * FROM ${table} WHERE ${range}`;
    case 'moving-average':
      return `SELECT hostname, time, avg(usage_user) OVER (PARTITION BY hostname ORDER BY time ROWS BETWEEN ${shape.points - 1} PRECEDING AND CURRENT ROW) AS smoothed FROM ${table} WHERE ${range}`;
  }
}
