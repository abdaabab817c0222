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
}
