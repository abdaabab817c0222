import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  type DuckDBResultReader,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { QueryResult } from '../../../../../src/engine/sql/result/query-result.ts';
import type { SqlType } from '../../../../../src/engine/sql/types/sql-type.ts';

/**
 * Both engines' results in one comparable form. Column types are compared by family: Presto's
 * integer and bigint and DuckDB's INTEGER/BIGINT/HUGEINT (DuckDB sums bigints into HUGEINT) are all
 * "integer"; a NULL literal column ("unknown") matches any family.
 */
export type TypeFamily = 'integer' | 'double' | 'varchar' | 'boolean' | 'timestamp' | 'date' | 'unknown' | `other:${string}`;

export type Cell =
  | null
  | { readonly integer: bigint }
  | { readonly double: number }
  | { readonly text: string }
  | { readonly bool: boolean }
  | { readonly nanos: bigint }
  | { readonly days: number };

export interface NormalizedResult {
  readonly names: readonly string[];
  readonly families: readonly TypeFamily[];
  readonly rows: readonly (readonly Cell[])[];
}

function tidemarkFamily(type: SqlType): TypeFamily {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'double':
    case 'varchar':
    case 'boolean':
    case 'timestamp':
    case 'date':
    case 'unknown':
      return type.kind;
    default:
      return `other:${type.kind}`;
  }
}

function duckdbFamily(typeName: string): TypeFamily {
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'].includes(typeName)) return 'integer';
  if (typeName === 'DOUBLE') return 'double';
  if (typeName === 'VARCHAR') return 'varchar';
  if (typeName === 'BOOLEAN') return 'boolean';
  if (typeName === 'TIMESTAMP' || typeName === 'TIMESTAMP_NS') return 'timestamp';
  if (typeName === 'DATE') return 'date';
  if (typeName === 'NULL') return 'unknown';
  return `other:${typeName}`;
}

function cellOf(value: unknown, family: TypeFamily): Cell {
  if (value === null || value === undefined) return null;
  if (family === 'integer' && (typeof value === 'number' || typeof value === 'bigint')) return { integer: BigInt(value) };
  if (family === 'double' && typeof value === 'number') return { double: value };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { bool: value };
  if (family === 'timestamp' && typeof value === 'bigint') return { nanos: value };
  if (family === 'date' && typeof value === 'number') return { days: value };
  if (value instanceof DuckDBDateValue) return { days: value.days };
  if (value instanceof DuckDBTimestampNanosecondsValue) return { nanos: value.nanos };
  if (value instanceof DuckDBTimestampValue) return { nanos: value.micros * 1_000n };
  if (value instanceof DuckDBDecimalValue) return { text: `decimal ${value.toString()}` };
  return { text: `${family} ${String(value)}` };
}

export function normalizeTidemark(result: QueryResult): NormalizedResult {
  const families = result.columns.map((c) => tidemarkFamily(c.type));
  const rows: Cell[][] = [];
  for (let i = 0; i < result.rowCount; i++) {
    rows.push(result.vectors.map((vector, c) => cellOf(vector.get(i), families[c] as TypeFamily)));
  }
  return { names: result.columns.map((c) => c.name), families, rows };
}

export function normalizeDuckdb(reader: DuckDBResultReader): NormalizedResult {
  const families = reader.columnTypes().map((t) => duckdbFamily(String(t)));
  const rows = reader.getRows().map((row: DuckDBValue[]) => row.map((value, c) => cellOf(value, families[c] as TypeFamily)));
  return { names: reader.columnNames(), families, rows };
}

export function formatCell(cell: Cell): string {
  if (cell === null) return 'NULL';
  if ('integer' in cell) return `${cell.integer}`;
  if ('double' in cell) return `${cell.double}d`;
  if ('text' in cell) return JSON.stringify(cell.text);
  if ('bool' in cell) return String(cell.bool);
  if ('days' in cell) return `date:${new Date(cell.days * 86_400_000).toISOString().slice(0, 10)}`;
  return `ts:${new Date(Number(cell.nanos / 1_000_000n)).toISOString()}+${cell.nanos % 1_000_000n}ns`;
}
