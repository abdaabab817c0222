import type { AggregateImpl, WindowImpl } from '../functions/index.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { BoundExpression } from './bound-expression.ts';

/** A column of a plan node's output. `qualifier` is the table name or alias it can be reached by. */
export interface PlanColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly qualifier?: string;
  /** Hidden columns (ORDER BY keys not in the select list) are dropped before the result. */
  readonly hidden?: boolean;
  /**
   * Reachable only by its qualified name (`l.x`): a join's own copy of a USING column, whose bare
   * name (and place in SELECT *) belongs to the merged column.
   */
  readonly qualifiedOnly?: boolean;
}

/** A time range pushed into a scan: [from, to) in nanoseconds; either end may be open. */
export interface TimeRange {
  readonly from?: bigint;
  readonly to?: bigint;
}

/** What the planner can tell a scan so it reads less: a time range, dimension equalities, measure names. */
export interface ScanPushdown {
  readonly timeRange: TimeRange;
  /** dimension name -> allowed values (an IN list or a single equality). */
  readonly dimensions: ReadonlyMap<string, readonly string[]>;
  /** Allowed measure names, or null for all. */
  readonly measureNames: readonly string[] | null;
  /**
   * Comparisons of DOUBLE value columns with constants that every row must pass (null rows never do; NaN
   * passes only `<>`): the storage skips chunks by zone map and decodes the other columns only for passing rows.
   */
  readonly valueFilters?: readonly ValueFilterPushdown[];
  /**
   * Exact points a join's build side allows (a runtime filter): only rows whose series columns `keys`
   * (dimensions or measure_name), joined by NUL, map to a list holding the row's time (sorted ascending).
   */
  readonly pointTimes?: PointTimesPushdown;
}

/** Per series key (the `keys` columns' values joined by NUL) the sorted distinct times a row may have. */
export interface PointTimesPushdown {
  readonly keys: readonly string[];
  readonly times: ReadonlyMap<string, BigInt64Array>;
  /** The join takes the probe's rows as they come, many series in one batch (a semi-join; see withRuntimeFilter). */
  readonly batched?: boolean;
}

/** `column op value` over a DOUBLE value column (a MULTI attribute or measure_value::double). */
export interface ValueFilterPushdown {
  readonly column: string;
  readonly op: '<' | '<=' | '>' | '>=' | '=' | '<>';
  readonly value: number;
}

/**
 * An aggregate over one table that the storage can answer per series and time bucket (from chunk
 * headers, the kernel's fused aggregation, or decoded points) and the executor merges into groups:
 * GROUP BY bin(time, width) and/or dimension columns and measure_name; count/sum/avg/min/max and
 * min_by/max_by(_, time) of DOUBLE value columns (optionally `CASE WHEN measure_name = 'x' THEN
 * column END`), count(*), and min/max/count of time; a WHERE clause made only of what the scan pushdown holds exactly.
 */
export interface AggregatePushdown {
  readonly table: TableHandle;
  readonly scan: ScanPushdown;
  readonly bucketWidth: bigint | null;
  /** Per GROUP BY key: the bin bucket, or a series column (a dimension or measure_name). */
  readonly keys: readonly (
    | { readonly kind: 'bin' }
    | { readonly kind: 'series'; readonly column: string; readonly role: 'DIMENSION' | 'MEASURE_NAME' }
  )[];
  /** DOUBLE columns the storage aggregates. */
  readonly columns: readonly string[];
  /** Per aggregate: the function and its input. */
  readonly aggregates: readonly {
    /** first / last: min_by / max_by(value, time), the value at the group's first / last row. */
    readonly fn: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last';
    readonly input:
      | { readonly kind: 'rows' }
      | { readonly kind: 'time' }
      /** Column `columns[column]`, only in series whose measure is `measure` when set. */
      | { readonly kind: 'column'; readonly column: number; readonly measure: string | null };
  }[];
  /**
   * Set when a Sort on the bucket then a Limit sit above (ORDER BY bin DESC/ASC LIMIT n): only the
   * `count` newest (oldest) buckets with data can reach the result, so the storage may stop there.
   */
  readonly topBuckets?: { readonly count: number; readonly newest: boolean };
}

export interface BoundAggregate {
  readonly name: string;
  readonly impl: AggregateImpl;
  readonly args: readonly BoundExpression[];
  readonly distinct: boolean;
  readonly filter?: BoundExpression;
  readonly type: SqlType;
}

export interface SortKey {
  readonly expr: BoundExpression;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type FrameBoundKind = 'UnboundedPreceding' | 'Preceding' | 'CurrentRow' | 'Following' | 'UnboundedFollowing';

export interface BoundFrame {
  readonly unit: 'ROWS' | 'RANGE';
  readonly start: { readonly kind: FrameBoundKind; readonly offset?: BoundExpression };
  readonly end: { readonly kind: FrameBoundKind; readonly offset?: BoundExpression };
}

export interface BoundWindowFunction {
  readonly name: string;
  /** Either a window function or an aggregate used OVER a frame. */
  readonly function: { readonly kind: 'window'; readonly impl: WindowImpl } | { readonly kind: 'aggregate'; readonly impl: AggregateImpl };
  readonly args: readonly BoundExpression[];
  readonly partitionBy: readonly BoundExpression[];
  readonly orderBy: readonly SortKey[];
  readonly frame: BoundFrame;
  readonly ignoreNulls: boolean;
  readonly type: SqlType;
}

/** A table the scan reads, as the catalog names it. */
export interface TableHandle {
  readonly database: string;
  readonly table: string;
}

/**
 * The logical plan: a tree of relational operators, each with its output columns. The executor
 * runs it batch by batch; EXPLAIN prints it.
 */
export type PlanNode =
  | {
      readonly kind: 'Scan';
      readonly table: TableHandle;
      /** Which of the table's columns to read, by name, in output order. */
      readonly columnNames: readonly string[];
      readonly pushdown: ScanPushdown;
      readonly output: readonly PlanColumn[];
    }
  | { readonly kind: 'Values'; readonly rows: readonly (readonly BoundExpression[])[]; readonly output: readonly PlanColumn[] }
  | {
      readonly kind: 'Filter';
      readonly input: PlanNode;
      readonly predicate: BoundExpression;
      /**
       * Positions of the predicate's conjuncts (its AND arguments, or 0 for the whole predicate) that
       * scans below already enforce exactly (pushed time ranges, dimension and measure_name lists):
       * skipped when the catalog's scans are exact (SqlCatalog.exactPushdown).
       */
      readonly enforcedByScans?: readonly number[];
      readonly output: readonly PlanColumn[];
    }
  | {
      readonly kind: 'Project';
      readonly input: PlanNode;
      readonly exprs: readonly BoundExpression[];
      readonly output: readonly PlanColumn[];
    }
  | {
      readonly kind: 'Aggregate';
      readonly input: PlanNode;
      readonly groupBy: readonly BoundExpression[];
      readonly aggregates: readonly BoundAggregate[];
      /** Grouping sets as lists of group-key indices; absent means the single set of all keys. */
      readonly groupingSets?: readonly (readonly number[])[];
      /** Set when the storage can answer this aggregate itself (see AggregatePushdown); the input stays as the fallback. */
      readonly pushdown?: AggregatePushdown;
      readonly output: readonly PlanColumn[];
    }
  | {
      readonly kind: 'Window';
      readonly input: PlanNode;
      readonly functions: readonly BoundWindowFunction[];
      readonly output: readonly PlanColumn[];
    }
  | { readonly kind: 'Sort'; readonly input: PlanNode; readonly keys: readonly SortKey[]; readonly output: readonly PlanColumn[] }
  | {
      readonly kind: 'Limit';
      readonly input: PlanNode;
      readonly offset: number;
      readonly limit: number | null;
      readonly output: readonly PlanColumn[];
    }
  | { readonly kind: 'Distinct'; readonly input: PlanNode; readonly output: readonly PlanColumn[] }
  | {
      readonly kind: 'Join';
      readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';
      readonly left: PlanNode;
      readonly right: PlanNode;
      /** Equality keys (left expr over left columns, right expr over right columns) for a hash join. */
      readonly equiKeys: readonly { readonly left: BoundExpression; readonly right: BoundExpression; readonly type: SqlType }[];
      /** The rest of the ON condition, over the concatenated left + right columns. */
      readonly residual?: BoundExpression;
      readonly output: readonly PlanColumn[];
    }
  | {
      readonly kind: 'SetOperation';
      readonly operator: 'UNION' | 'INTERSECT' | 'EXCEPT';
      readonly all: boolean;
      readonly left: PlanNode;
      readonly right: PlanNode;
      readonly output: readonly PlanColumn[];
    }
  | {
      readonly kind: 'Unnest';
      readonly input: PlanNode;
      /** Arrays, timeseries or maps to expand, over the input's columns (a lateral reference). */
      readonly args: readonly BoundExpression[];
      readonly withOrdinality: boolean;
      /** Whether input rows whose arrays are all empty are kept with NULLs (a LEFT JOIN UNNEST). */
      readonly keepEmpty: boolean;
      readonly output: readonly PlanColumn[];
    };
