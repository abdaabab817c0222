import type { TsbsLayout } from '../query/tsbs-queries.ts';

/** What the benchmark page hands to its driver (plain JSON). */

export interface BenchConfig {
  readonly hosts: number;
  readonly hours: number;
  /** Timed runs per query and engine, after one warm-up. */
  readonly runs: number;
  readonly seed: number;
  /** How Tidemark holds the points: single-measure series per host and field, or one MULTI series per host. */
  readonly layout: TsbsLayout;
  /** Only these TSBS queries (by name), for profiling one shape; all of them when absent. */
  readonly queries?: readonly string[];
}

export interface QueryFigures {
  readonly name: string;
  /** Medians over the timed runs. */
  readonly tidemark_ms: number;
  readonly duckdb_ms: number;
  /** duckdb_ms / tidemark_ms: above 1, Tidemark is faster. */
  readonly ratio: number;
  /** Rows in the last run's answer (DuckDB's wide rows). */
  readonly rows: number;
  readonly tidemark_runs_ms: readonly number[];
  readonly duckdb_runs_ms: readonly number[];
}

export interface PageReport {
  readonly scale: {
    readonly hosts: number;
    readonly hours: number;
    readonly interval_s: number;
    readonly rows: number;
    readonly values: number;
    readonly runs: number;
    readonly seed: number;
    readonly start: string;
    /** Tidemark's record layout (DuckDB always holds one wide row per host and time). */
    readonly layout: TsbsLayout;
  };
  readonly generate_ms: number;
  readonly ingest: { readonly tidemark_ms: number; readonly duckdb_ms: number };
  readonly memory: { readonly tidemark_bytes: number; readonly duckdb_bytes: number };
  readonly queries: readonly QueryFigures[];
  /** DuckDB's version, bundle and the column types it gave the table. */
  readonly duckdb: { readonly version: string; readonly schema: string };
}

/** A page opened with ?ready=<engine>: ms from navigation start until the engine answered its first query. */
export interface ReadyReport {
  readonly engine: 'tidemark' | 'duckdb';
  readonly ms: number;
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
