import { type Cell, formatCell, type NormalizedResult } from './cells.ts';

/** Doubles agree within 1e-9 relative (an absolute 1e-9 below magnitude 1): summation order differs between engines. */
const DOUBLE_TOLERANCE = 1e-9;

export function cellsEqual(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  if ('double' in a && 'double' in b) {
    if (Number.isNaN(a.double) || Number.isNaN(b.double)) return Number.isNaN(a.double) && Number.isNaN(b.double);
    if (a.double === b.double) return true;
    return Math.abs(a.double - b.double) <= DOUBLE_TOLERANCE * Math.max(1, Math.abs(a.double), Math.abs(b.double));
  }
  if ('integer' in a && 'integer' in b) return a.integer === b.integer;
  if ('text' in a && 'text' in b) return a.text === b.text;
  if ('bool' in a && 'bool' in b) return a.bool === b.bool;
  if ('nanos' in a && 'nanos' in b) return a.nanos === b.nanos;
  if ('days' in a && 'days' in b) return a.days === b.days;
  return false;
}

/**
 * A sort key for order-insensitive comparison. Doubles enter it rounded to 8 significant digits so
 * two values within tolerance almost always sort alike; the pairwise check afterwards is exact.
 */
function sortKey(row: readonly Cell[]): string {
  return row
    .map((cell) => {
      if (cell !== null && 'double' in cell) return `${Number(cell.double.toPrecision(8))}d`;
      return formatCell(cell);
    })
    .join('\u0001');
}

function sorted(rows: readonly (readonly Cell[])[]): (readonly Cell[])[] {
  return rows
    .map((row) => ({ row, key: sortKey(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.row);
}

function rowsEqual(a: readonly Cell[], b: readonly Cell[]): boolean {
  return a.length === b.length && a.every((cell, i) => cellsEqual(cell, b[i] as Cell));
}

const formatRow = (row: readonly Cell[]) => `(${row.map(formatCell).join(', ')})`;

/** Null when the results agree; otherwise a description of the first differences. */
export function compareResults(tidemark: NormalizedResult, duckdb: NormalizedResult, ordered: boolean): string | null {
  if (tidemark.families.length !== duckdb.families.length) {
    return `column count: tidemark ${tidemark.families.length} (${tidemark.names.join(', ')}), duckdb ${duckdb.families.length} (${duckdb.names.join(', ')})`;
  }
  const typeProblems = tidemark.families.flatMap((family, i) => {
    const other = duckdb.families[i];
    return family === other || family === 'unknown' || other === 'unknown'
      ? []
      : [`column ${i + 1} (${tidemark.names[i]}): tidemark ${family}, duckdb ${other}`];
  });
  if (typeProblems.length > 0) return `column types differ:\n  ${typeProblems.join('\n  ')}`;
  const left = ordered ? tidemark.rows : sorted(tidemark.rows);
  const right = ordered ? duckdb.rows : sorted(duckdb.rows);
  const lines: string[] = [];
  if (left.length !== right.length) lines.push(`row count: tidemark ${left.length}, duckdb ${right.length}`);
  let shown = 0;
  for (let i = 0; i < Math.max(left.length, right.length) && shown < 8; i++) {
    const a = left[i];
    const b = right[i];
    if (a && b && rowsEqual(a, b)) continue;
    lines.push(`row ${i}:\n  tidemark ${a ? formatRow(a) : '(none)'}\n  duckdb   ${b ? formatRow(b) : '(none)'}`);
    shown++;
  }
  return lines.length > 0 ? `${ordered ? 'ordered' : 'unordered (both sorted)'} rows differ:\n${lines.join('\n')}` : null;
}
