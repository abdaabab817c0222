import type { ColumnarColumn as Column, ColumnarResult } from '../../../results/result-types.ts';

/** One cell as text, for the table panel: times in ISO-8601 UTC, numbers as they are, NULL as empty. */
export function cellText(column: Column, row: number): string {
  if (column.kind === 'text') return column.data[row] ?? '';
  if (column.valid && column.valid[row] === 0) return '';
  if (column.kind === 'number') return formatNumberCell(column.data[row]!);
  if (column.kind === 'boolean') return column.data[row] === 1 ? 'true' : 'false';
  if (column.timeMs) {
    const ms = column.timeMs[row]!;
    return Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '';
  }
  return String(column.data[row]);
}

function formatNumberCell(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

/**
 * Named numeric columns of a result (not times), NULL as NaN: what a stat panel reduces when
 * the result is not time-shaped (e.g. `SELECT avg(x) AS cpu, max(x) AS peak FROM ...`).
 * With text columns (e.g. GROUP BY hostname) each row is labelled by them.
 */
export function numericColumns(result: ColumnarResult): { label: string; values: Float64Array }[] {
  const labelColumns = result.columns.filter((c) => c.kind === 'text');
  const out: { label: string; values: Float64Array }[] = [];
  for (const column of result.columns) {
    if (column.kind !== 'number' && !(column.kind === 'bigint' && !column.timeMs)) continue;
    if (labelColumns.length > 0) {
      // One stat per row, named by its text columns.
      for (let row = 0; row < result.rowCount; row++) {
        const names = labelColumns.map((c) => (c.kind === 'text' ? (c.data[row] ?? 'NULL') : '')).join(' ');
        out.push({ label: `${names} ${column.name}`.trim(), values: new Float64Array([valueAt(column, row)]) });
      }
    } else {
      const values = new Float64Array(result.rowCount);
      for (let row = 0; row < result.rowCount; row++) values[row] = valueAt(column, row);
      out.push({ label: column.name, values });
    }
  }
  return out;
}

function valueAt(column: Column, row: number): number {
  if (column.kind === 'text') return Number.NaN;
  if (column.valid && column.valid[row] === 0) return Number.NaN;
  return Number(column.data[row]);
}
