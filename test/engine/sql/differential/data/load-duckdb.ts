import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance, timestampNanosValue } from '@duckdb/node-api';
import type { GeneratedRecord, GeneratedTable, MeasureType } from './dataset.ts';

/** A column of Tidemark's table view, as DESCRIBE shows it: name, SQL type and Timestream attribute kind. */
export interface ViewColumn {
  readonly name: string;
  readonly type: string;
  readonly kind: string;
}

const DUCKDB_TYPES: Readonly<Record<string, string>> = {
  varchar: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP_NS',
};

export function quoteDuckdb(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function openDuckdb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  return instance.connect();
}

/**
 * Creates `"database"."table"` in DuckDB with exactly the columns Tidemark's DESCRIBE lists (so the
 * same column names resolve on both sides) and appends one row per generated record.
 */
export async function loadIntoDuckdb(connection: DuckDBConnection, generated: GeneratedTable, view: readonly ViewColumn[]): Promise<void> {
  const columns = view.map((c) => {
    const type = DUCKDB_TYPES[c.type];
    if (!type) throw new Error(`no DuckDB type for ${c.name} ${c.type}`);
    return `${quoteDuckdb(c.name)} ${type}`;
  });
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteDuckdb(generated.database)}`);
  await connection.run(`CREATE TABLE ${quoteDuckdb(generated.database)}.${quoteDuckdb(generated.table)} (${columns.join(', ')})`);
  const appender = await connection.createAppender(generated.table, generated.database);
  for (const record of generated.records) appendRecord(appender, record, view);
  appender.closeSync();
}

function appendRecord(appender: DuckDBAppender, record: GeneratedRecord, view: readonly ViewColumn[]): void {
  const dimensions = new Map(record.dimensions);
  const values = new Map<string, { readonly type: MeasureType; readonly value: string }>();
  if (record.measure.kind === 'single') values.set(`measure_value::${record.measure.type.toLowerCase()}`, record.measure);
  else for (const v of record.measure.values) values.set(v.name, v);
  for (const column of view) {
    if (column.kind === 'DIMENSION') {
      const value = dimensions.get(column.name);
      if (value === undefined) appender.appendNull();
      else appender.appendVarchar(value);
    } else if (column.kind === 'MEASURE_NAME') {
      appender.appendVarchar(record.measureName);
    } else if (column.kind === 'TIMESTAMP') {
      appender.appendTimestampNanoseconds(timestampNanosValue(record.timeNs));
    } else {
      const value = values.get(column.name);
      if (value === undefined) appender.appendNull();
      else appendTyped(appender, value.type, value.value);
    }
  }
  appender.endRow();
}

function appendTyped(appender: DuckDBAppender, type: MeasureType, text: string): void {
  if (type === 'DOUBLE') appender.appendDouble(Number(text));
  else if (type === 'BIGINT') appender.appendBigInt(BigInt(text));
  else if (type === 'BOOLEAN') appender.appendBoolean(text === 'true');
  else if (type === 'TIMESTAMP') appender.appendTimestampNanoseconds(timestampNanosValue(BigInt(text)));
  else appender.appendVarchar(text);
}
