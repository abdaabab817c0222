import { formatType } from '../types/sql-type.ts';
import { valueToText } from '../values/cast.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { BigIntVector, BooleanVector, ConstantVector, NumberVector, type Vector } from '../vector/index.ts';
import type { QueryResult, QueryStatistics } from './query-result.ts';

/**
 * One result column as plain typed data, ready to cross to the UI thread as a transferable and
 * to feed a chart: numbers in Float64Array (double, integer, date as days), 64-bit values in
 * BigInt64Array (bigint, and timestamp as ns, with `timeMs` alongside for charts), booleans in
 * Uint8Array, everything else as text. `valid` is present when some row is NULL (1 = present).
 */
export type ColumnarColumn =
  | { readonly name: string; readonly type: string; readonly kind: 'number'; readonly data: Float64Array; readonly valid?: Uint8Array }
  | {
      readonly name: string;
      readonly type: string;
      readonly kind: 'bigint';
      readonly data: BigInt64Array;
      /** For timestamp columns: the same instants in milliseconds (fractional), which charts plot. */
      readonly timeMs?: Float64Array;
      readonly valid?: Uint8Array;
    }
  | { readonly name: string; readonly type: string; readonly kind: 'boolean'; readonly data: Uint8Array; readonly valid?: Uint8Array }
  | { readonly name: string; readonly type: string; readonly kind: 'text'; readonly data: readonly (string | null)[] };

export interface ColumnarResult {
  readonly columns: readonly ColumnarColumn[];
  readonly rowCount: number;
  readonly statistics: QueryStatistics;
}

function validity(vector: Vector, n: number): Uint8Array | undefined {
  let valid: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    if (vector.isNull(i)) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return valid;
}

function toColumn(name: string, vector: Vector, n: number): ColumnarColumn {
  const type = formatType(vector.type);
  const valid = validity(vector, n);
  const withValid = valid ? { valid } : {};
  const kind = vector.type.kind;
  if (
    vector instanceof NumberVector ||
    (vector instanceof ConstantVector && (kind === 'double' || kind === 'integer' || kind === 'date'))
  ) {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = (vector.get(i) as number | null) ?? 0;
    return { name, type, kind: 'number', data, ...withValid };
  }
  if (vector instanceof BigIntVector || (vector instanceof ConstantVector && (kind === 'bigint' || kind === 'timestamp'))) {
    const data = new BigInt64Array(n);
    for (let i = 0; i < n; i++) data[i] = (vector.get(i) as bigint | null) ?? 0n;
    if (kind === 'timestamp') {
      const timeMs = new Float64Array(n);
      for (let i = 0; i < n; i++) timeMs[i] = Number(data[i]! / 1000n) / 1000;
      return { name, type, kind: 'bigint', data, timeMs, ...withValid };
    }
    return { name, type, kind: 'bigint', data, ...withValid };
  }
  if (vector instanceof BooleanVector) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = vector.get(i) === true ? 1 : 0;
    return { name, type, kind: 'boolean', data, ...withValid };
  }
  const data: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const value: SqlValue = vector.get(i);
    data[i] = value === null ? null : valueToText(value, vector.type);
  }
  return { name, type, kind: 'text', data };
}

/** A query result as typed columns (copied out of the engine's vectors, so they can be transferred). */
export function toColumnarResult(result: QueryResult): ColumnarResult {
  return {
    columns: result.columns.map((c, i) => toColumn(c.name, result.vectors[i]!, result.rowCount)),
    rowCount: result.rowCount,
    statistics: result.statistics,
  };
}
