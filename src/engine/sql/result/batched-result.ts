import { type Batch, concatVectors, type Vector } from '../vector/index.ts';
import type { QueryResult, QueryStatistics, ResultColumn } from './query-result.ts';

/** Each result column's pieces, one per batch, for the results batchedResult made. */
const pieces = new WeakMap<QueryResult, readonly (readonly Vector[])[]>();

/**
 * A query result over the batches its plan produced. Its `vectors` are concatenated from them when first read;
 * until then toColumnarResult copies each column's pieces straight into the arrays it hands over (one copy of
 * every value instead of two: a concatenation, then a copy out of vectors the result still holds).
 */
export function batchedResult(columns: readonly ResultColumn[], batches: readonly Batch[], statistics: QueryStatistics): QueryResult {
  const rowCount = batches.reduce((n, b) => n + b.length, 0);
  const perColumn = columns.map((_, i) => batches.map((b) => b.columns[i] as Vector));
  let vectors: readonly Vector[] | undefined;
  const result: QueryResult = {
    columns,
    get vectors() {
      // One batch is its own answer (as concatBatches returns it); more are concatenated once.
      vectors ??= perColumn.map((parts, i) =>
        parts.length === 1 ? (parts[0] as Vector) : concatVectors((columns[i] as ResultColumn).type, parts),
      );
      return vectors;
    },
    rowCount,
    statistics,
  };
  pieces.set(result, perColumn);
  return result;
}

/**
 * Column `i` of a batchedResult as a vector whose storage nothing else holds (fresh arrays the caller may hand
 * over or change), or undefined for other results.
 */
export function freshColumn(result: QueryResult, i: number): Vector | undefined {
  const parts = pieces.get(result)?.[i];
  const column = result.columns[i];
  return parts && column ? concatVectors(column.type, parts) : undefined;
}
