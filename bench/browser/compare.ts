/**
 * Puts both engines' answers to one TSBS query in the same shape and compares them: the same rows, in the
 * same order where the query orders them, the same values (floats within a relative 1e-9, since the engines
 * may sum in a different order). Timestream's long answers over single-measure records (one row per host, time
 * and measure) are pivoted to DuckDB's wide rows first; answers over MULTI records are wide already. Times are compared as milliseconds since the epoch.
 */
import type { Table } from 'apache-arrow';
import type { TsbsLayout, TsbsQueryShape } from '../query/tsbs-queries.ts';
import { tidemarkAnswerIsLong, tsbsQueryFields } from '../query/tsbs-queries.ts';
import type { TidemarkResult } from './tidemark-side.ts';

export type Cell = string | number | null;

/** Rows of cells, by position. */
export interface Canon {
  readonly rows: readonly (readonly Cell[])[];
}

/** Both answers are column lists read by position; each column yields cells. */
type Columns = readonly { readonly name: string; readonly cell: (row: number) => Cell }[];

function tidemarkColumns(result: TidemarkResult): Columns {
  return result.columns.map((c) => {
    const valid = 'valid' in c ? c.valid : undefined;
    const present = (i: number) => valid === undefined || valid[i] === 1;
    switch (c.kind) {
      case 'number':
        return { name: c.name, cell: (i: number) => (present(i) ? (c.data[i] as number) : null) };
      case 'bigint': {
        const ms = c.timeMs;
        return { name: c.name, cell: (i: number) => (present(i) ? (ms ? (ms[i] as number) : Number(c.data[i])) : null) };
      }
      case 'boolean':
        return { name: c.name, cell: (i: number) => (present(i) ? (c.data[i] as number) : null) };
      default:
        return { name: c.name, cell: (i: number) => c.data[i] ?? null };
    }
  });
}

function duckdbColumns(table: Table): Columns {
  return table.schema.fields.map((field, index) => {
    const vector = table.getChildAt(index);
    if (!vector) throw new Error(`DuckDB's answer has no column ${index}.`);
    return {
      name: field.name,
      cell: (i: number) => {
        const v: unknown = vector.get(i);
        if (v === null || v === undefined) return null;
        // Arrow gives timestamps as ms numbers; BIGINTs would be bigint.
        if (typeof v === 'bigint') return Number(v);
        if (v instanceof Date) return v.getTime();
        return v as string | number;
      },
    };
  });
}

function rowsOf(columns: Columns, count: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < count; i++) rows.push(columns.map((c) => c.cell(i)));
  return rows;
}

const byHostThenTime = (a: readonly Cell[], b: readonly Cell[]) =>
  String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : (a[1] as number) - (b[1] as number);

/** Timestream's long rows (hostname, time, measure_name, value, in any column order) as wide rows [hostname, time, ...fields]. */
function pivot(columns: Columns, count: number, fields: readonly string[]): Cell[][] {
  const find = (name: string) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`Tidemark's answer has no column ${name} (it has ${columns.map((c) => c.name).join(', ')}).`);
    return column;
  };
  const [host, time, measure] = [find('hostname'), find('time'), find('measure_name')];
  const value = columns[columns.length - 1] as Columns[number];
  const wide = new Map<string, Cell[]>();
  for (let i = 0; i < count; i++) {
    const h = host.cell(i);
    const t = time.cell(i);
    const key = `${h}\u0000${t}`;
    let row = wide.get(key);
    if (!row) {
      row = [h, t, ...fields.map(() => null)];
      wide.set(key, row);
    }
    const f = fields.indexOf(String(measure.cell(i)));
    if (f < 0) throw new Error(`Tidemark's answer has an unexpected measure ${measure.cell(i)}.`);
    if (row[2 + f] !== null) throw new Error(`Tidemark's answer has ${measure.cell(i)} twice for ${h} at ${t}.`);
    row[2 + f] = value.cell(i);
  }
  return [...wide.values()];
}

/** high-cpu and lastpoint do not order their rows: both sides are sorted by host, then time. */
const unordered = (shape: TsbsQueryShape) => shape.kind === 'high-cpu' || shape.kind === 'lastpoint';

export function canonTidemark(shape: TsbsQueryShape, result: TidemarkResult, layout: TsbsLayout = 'single'): Canon {
  const columns = tidemarkColumns(result);
  if (tidemarkAnswerIsLong(shape, layout)) return { rows: pivot(columns, result.rowCount, tsbsQueryFields(shape)).sort(byHostThenTime) };
  const rows = rowsOf(columns, result.rowCount);
  return { rows: unordered(shape) ? rows.sort(byHostThenTime) : rows };
}

export function canonDuckdb(shape: TsbsQueryShape, table: Table): Canon {
  const rows = rowsOf(duckdbColumns(table), table.numRows);
  return { rows: unordered(shape) ? rows.sort(byHostThenTime) : rows };
}

function sameCell(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** Undefined when the answers agree, else what differs first. */
export function difference(tidemark: Canon, duckdb: Canon): string | undefined {
  if (tidemark.rows.length !== duckdb.rows.length) return `Tidemark has ${tidemark.rows.length} rows, DuckDB ${duckdb.rows.length}.`;
  for (const [i, t] of tidemark.rows.entries()) {
    const d = duckdb.rows[i] as readonly Cell[];
    if (t.length !== d.length || t.some((cell, j) => !sameCell(cell, d[j] as Cell)))
      return `row ${i} differs: Tidemark ${JSON.stringify(t)}, DuckDB ${JSON.stringify(d)}.`;
  }
  return undefined;
}
