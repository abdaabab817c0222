import type { LiveUpdate } from '../../../../client/index.ts';
import type { ColumnarColumn, ColumnarResult } from '../../../results/result-types.ts';

function timeColumn(result: ColumnarResult): Extract<ColumnarColumn, { kind: 'bigint' }> | undefined {
  return result.columns.find((c): c is Extract<ColumnarColumn, { kind: 'bigint' }> => c.kind === 'bigint' && c.timeMs !== undefined);
}

function sameShape(a: ColumnarResult, b: ColumnarResult): boolean {
  return a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i]!.name && c.kind === b.columns[i]!.kind);
}

/** The rows of `column` at `rows`, then all of `tail`'s rows. */
function concat(column: ColumnarColumn, rows: readonly number[], tail: ColumnarColumn): ColumnarColumn {
  const n = rows.length;
  const m = tail.kind === 'text' ? tail.data.length : tail.data.length;
  const validOf = (c: ColumnarColumn, i: number) => (c.kind === 'text' ? 1 : (c.valid?.[i] ?? 1));
  const anyNull = (column.kind !== 'text' && column.valid !== undefined) || (tail.kind !== 'text' && tail.valid !== undefined);
  let valid: Uint8Array | undefined;
  if (anyNull) {
    valid = new Uint8Array(n + m);
    rows.forEach((r, i) => {
      valid![i] = validOf(column, r);
    });
    for (let i = 0; i < m; i++) valid[n + i] = validOf(tail, i);
  }
  const withValid = valid ? { valid } : {};
  if (column.kind === 'text' && tail.kind === 'text')
    return { ...column, data: [...rows.map((r) => column.data[r] ?? null), ...tail.data] };
  if (column.kind === 'number' && tail.kind === 'number') {
    const data = new Float64Array(n + m);
    rows.forEach((r, i) => {
      data[i] = column.data[r]!;
    });
    data.set(tail.data, n);
    return { name: column.name, type: column.type, kind: 'number', data, ...withValid };
  }
  if (column.kind === 'boolean' && tail.kind === 'boolean') {
    const data = new Uint8Array(n + m);
    rows.forEach((r, i) => {
      data[i] = column.data[r]!;
    });
    data.set(tail.data, n);
    return { name: column.name, type: column.type, kind: 'boolean', data, ...withValid };
  }
  if (column.kind === 'bigint' && tail.kind === 'bigint') {
    const data = new BigInt64Array(n + m);
    rows.forEach((r, i) => {
      data[i] = column.data[r]!;
    });
    data.set(tail.data, n);
    let timeMs: Float64Array | undefined;
    if (column.timeMs && tail.timeMs) {
      timeMs = new Float64Array(n + m);
      const t = column.timeMs;
      rows.forEach((r, i) => {
        timeMs![i] = t[r]!;
      });
      timeMs.set(tail.timeMs, n);
    }
    return { name: column.name, type: column.type, kind: 'bigint', data, ...(timeMs ? { timeMs } : {}), ...withValid };
  }
  return tail;
}

/**
 * Applies a live update to what a panel holds: rows of the previous result still inside the
 * window and before `replaceFromMs` are kept, and the update's rows (all at or after it)
 * follow. A whole-result update (replaceFromMs null), a first update, or a result whose columns
 * changed replaces everything.
 */
export function mergeLiveUpdate(previous: ColumnarResult | null, update: LiveUpdate): ColumnarResult {
  if (previous === null || update.replaceFromMs === null || !sameShape(previous, update.result)) return update.result;
  const time = timeColumn(previous);
  if (!time?.timeMs) return update.result;
  const keep: number[] = [];
  for (let row = 0; row < previous.rowCount; row++) {
    const t = time.timeMs[row]!;
    if (t >= update.fromMs && t < update.replaceFromMs) keep.push(row);
  }
  return {
    columns: previous.columns.map((c, i) => concat(c, keep, update.result.columns[i]!)),
    rowCount: keep.length + update.result.rowCount,
    statistics: update.result.statistics,
  };
}
