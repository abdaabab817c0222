import type { BlockPartials } from '../model/bucket-partials.ts';
import type { GroupAggregate, SeriesGrouping, SeriesKeys } from '../model/series-grouping.ts';
import type { PlanColumn, ScanPushdown, TableHandle } from './plan/plan-nodes.ts';
import type { SqlType } from './types/sql-type.ts';
import type { Batch } from './vector/index.ts';

/** What a column is in Timestream's model, as DESCRIBE reports it. */
export type ColumnRole = 'DIMENSION' | 'MEASURE_NAME' | 'TIMESTAMP' | 'MEASURE_VALUE' | 'MULTI';

export interface SqlTableColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly role: ColumnRole;
}

export interface SqlTableSchema {
  readonly database: string;
  readonly table: string;
  readonly columns: readonly SqlTableColumn[];
}

/** One row of SHOW MEASURES: a measure name, its type, and the dimensions its series carry. */
export interface MeasureDescription {
  readonly measureName: string;
  /** `double`, `bigint`, `varchar`, `boolean`, `timestamp`, or `multi`. */
  readonly dataType: string;
  readonly dimensions: readonly { readonly name: string; readonly type: string }[];
}

/** Statistics a scan reports, for EXPLAIN ANALYZE. */
export interface ScanStatistics {
  chunksTotal: number;
  chunksPruned: number;
  chunksDecoded: number;
  chunksAnsweredFromHeaders: number;
  /** Chunks an aggregate pushdown ran through the kernel's fused decode + bucket pass (never materialised). */
  chunksAggregatedInKernel?: number;
  bytesDecoded: number;
  rowsProduced: number;
}

/**
 * The query engine's view of the storage: names, schemas and a scan. The storage engine
 * implements it; tests implement it over plain arrays. Nothing in src/engine/sql knows more.
 */
export interface SqlCatalog {
  /**
   * True when scan() returns exactly the rows its pushdown allows (nothing outside the time range,
   * series and measures): a Filter then skips the conjuncts the pushdown holds.
   */
  readonly exactPushdown?: boolean;
  /**
   * Identifies everything binding reads of this catalog (databases, tables, their columns and roles):
   * two answers with the same owner and version mean the same names and schemas. Plan templates are kept
   * only while it holds; a catalog without it is bound afresh for every query.
   */
  bindingVersion?(): { readonly owner: object; readonly version: number };
  listDatabases(): readonly string[];
  listTables(database: string): readonly string[];
  getTable(database: string, table: string): SqlTableSchema | undefined;
  listMeasures(database: string, table: string): readonly MeasureDescription[];
  /**
   * Reads the named columns of a table as batches, honouring the pushdown where it can (a scan
   * may return rows the pushdown would exclude: the plan filters again). Stops when `signal` aborts.
   */
  scan(
    table: TableHandle,
    columns: readonly PlanColumn[],
    pushdown: ScanPushdown,
    signal: AbortSignal,
    statistics: ScanStatistics,
  ): AsyncIterable<Batch>;
  /**
   * Removes a table's points in the pushdown's time range, series and measure names (DELETE FROM);
   * resolves to how many points were removed. A catalog without it refuses DELETE.
   */
  deletePoints?(table: TableHandle, pushdown: ScanPushdown): Promise<number>;
  /**
   * Optional: answers a bucketed aggregate per series inside the storage (see AggregateScanRequest).
   * Returns null when it cannot, and the plan runs the aggregate over a scan instead.
   */
  aggregateScan?(
    request: AggregateScanRequest,
    signal: AbortSignal,
    statistics: ScanStatistics,
  ): Promise<readonly SeriesPartials[] | GroupedPartials | null>;
  /**
   * Optional: each series' last row in the pushdown's range (its time and the value `columns` there, NULL
   * when absent), for a table joined back onto its own max(time). Null when it cannot.
   */
  lastRows?(request: LastRowsRequest, signal: AbortSignal, statistics: ScanStatistics): Promise<LastRows | null>;
}

/** What lastRows reads: a table, the series and time range of a scan pushdown, and value columns. */
export interface LastRowsRequest {
  readonly table: TableHandle;
  readonly pushdown: ScanPushdown;
  readonly columns: readonly string[];
}

/**
 * Each series' last row, column by column (typed arrays, no object per row): series i (with a row in range) has
 * its time at times[i] and requested column c's value at values[i * columns + c] when it is a DOUBLE, else at
 * others[i * columns + c] (BIGINT and TIMESTAMP as bigint, BOOLEAN, VARCHAR), where columns is the request's
 * column count; valid[i * columns + c] is 0 when that value is NULL or absent.
 */
export interface LastRows {
  readonly series: readonly LastRowSeries[];
  readonly times: BigInt64Array;
  readonly values: Float64Array;
  readonly others: readonly (bigint | boolean | string | undefined)[];
  readonly valid: Uint8Array;
}

/** A series of LastRows: its series columns, and its value columns by name and type (a non-DOUBLE one is not in `values`). */
export interface LastRowSeries {
  readonly measureName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * What an aggregate pushdown asks of the storage: the scan's pushdown (which must be the whole
 * WHERE clause), bin(time, width) buckets from the epoch (or one bucket per series when null), and
 * the DOUBLE value columns whose count/sum/min/max are needed.
 */
export interface AggregateScanRequest {
  readonly table: TableHandle;
  readonly pushdown: ScanPushdown;
  readonly bucketWidth: bigint | null;
  readonly columns: readonly string[];
  /** Whether SeriesPartials' first/last (values at each bucket's edge rows) are needed; else they may be empty. */
  readonly edges?: boolean;
  /** Whether SeriesPartials' min/max of the columns are needed (unset: they are); false lets them hold anything. */
  readonly minMax?: boolean;
  /**
   * Whether only each series' last row matters (no buckets; the aggregates are max(time) and last values):
   * the partials may then hold rows > 0, the time and the value at that row, and nothing else.
   */
  readonly lastRowOnly?: boolean;
  /**
   * Only the `count` newest (or oldest) buckets holding data matter (ORDER BY the bucket LIMIT n):
   * the answer may leave out older (newer) buckets, but every bucket it has is complete.
   */
  readonly topBuckets?: { readonly count: number; readonly newest: boolean };
  /**
   * A list the catalog may add to: each entry hands buffers of the answer back for later scans to reuse.
   * The caller calls them all once it reads the answer no more (or never).
   */
  readonly release?: (() => void)[];
  /**
   * Optional: how the query groups the series (see SeriesGrouping), asked with the series holding data in range.
   * The answer is then either per series, or these groups' partials (GroupedPartials). Not with edges or lastRowOnly.
   */
  readonly grouping?: (series: readonly SeriesKeys[]) => SeriesGrouping | null;
}

/** A pushed aggregate's groups' partials, by group index of the request's grouping. */
export interface GroupedPartials {
  readonly groups: readonly GroupAggregate[];
}

/**
 * One series' buckets, dense over bucket numbers firstBucket .. firstBucket + bucketCount - 1
 * (bucket k starts at k * bucketWidth ns; with no width, one bucket numbered 0). Per bucket: rows
 * and time range; per bucket b and requested column c (index b * columns + c): count of present
 * values, sum, min and max (NaN skipped by min/max and flagged in nan). Rows 0 means no bucket.
 */
export interface SeriesPartials extends BlockPartials {
  readonly measureName: string;
  /** The series' dimensions; never changed once handed out (a query may know a series again by this object). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly firstBucket: bigint;
  readonly bucketCount: number;
}

export function emptyScanStatistics(): ScanStatistics {
  return {
    chunksTotal: 0,
    chunksPruned: 0,
    chunksDecoded: 0,
    chunksAnsweredFromHeaders: 0,
    chunksAggregatedInKernel: 0,
    bytesDecoded: 0,
    rowsProduced: 0,
  };
}
