import type { ColumnarColumn, ColumnarResult } from '../../../src/ui/results/result-types.ts';

/** Test helper: a columnar result from plain columns (times in ms become a timestamp column). */
export function timeColumn(name: string, ms: readonly number[]): ColumnarColumn {
  return {
    name,
    type: 'timestamp',
    kind: 'bigint',
    data: BigInt64Array.from(ms.map((m) => BigInt(m) * 1_000_000n)),
    timeMs: Float64Array.from(ms),
  };
}

export function numberColumn(name: string, values: readonly (number | null)[]): ColumnarColumn {
  const valid = values.some((v) => v === null) ? Uint8Array.from(values.map((v) => (v === null ? 0 : 1))) : undefined;
  return { name, type: 'double', kind: 'number', data: Float64Array.from(values.map((v) => v ?? 0)), ...(valid ? { valid } : {}) };
}

export function bigintColumn(name: string, values: readonly bigint[]): ColumnarColumn {
  return { name, type: 'bigint', kind: 'bigint', data: BigInt64Array.from(values) };
}

export function textColumn(name: string, values: readonly (string | null)[]): ColumnarColumn {
  return { name, type: 'varchar', kind: 'text', data: values };
}

export function booleanColumn(name: string, values: readonly boolean[]): ColumnarColumn {
  return { name, type: 'boolean', kind: 'boolean', data: Uint8Array.from(values.map((v) => (v ? 1 : 0))) };
}

export function makeResult(columns: ColumnarColumn[]): ColumnarResult {
  const first = columns[0];
  const rowCount = first ? first.data.length : 0;
  return { columns, rowCount, statistics: { elapsedMs: 1, scan: {} } } as unknown as ColumnarResult;
}
