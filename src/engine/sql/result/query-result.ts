import type { ScanStatistics } from '../catalog.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { Vector } from '../vector/index.ts';

export interface ResultColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** A finished query: its columns, one vector per column, and what it cost. */
export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  readonly vectors: readonly Vector[];
  readonly rowCount: number;
  readonly statistics: QueryStatistics;
}

export interface QueryStatistics {
  readonly elapsedMs: number;
  readonly scan: ScanStatistics;
  /** Where the time went: parsing the text, binding and planning it, and running the plan (reading the catalog, for metadata statements). */
  readonly phases: QueryPhases;
}

/** A query's elapsed time by phase, in milliseconds; they add up to about `elapsedMs`. */
export interface QueryPhases {
  readonly parseMs: number;
  readonly planMs: number;
  readonly executeMs: number;
}
