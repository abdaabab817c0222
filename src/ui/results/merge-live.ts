import type { ColumnarColumn, ColumnarResult } from './result-types.ts';

/** What a live update carries (client.subscribe): the new rows and from when they replace the old ones. */
export interface LiveUpdateLike {
  readonly result: ColumnarResult;
  readonly replaceFromMs: number | null;
  readonly fromMs: number;
  readonly toMs: number;
}

function timeColumn(result: ColumnarResult): Float64Array | null {
  for (const c of result.columns) if (c.kind === 'bigint' && c.timeMs) return c.timeMs;
  return null;
}

function pick(column: ColumnarColumn, rows: readonly number[]): ColumnarColumn {
  const valid = 'valid' in column && column.valid ? Uint8Array.from(rows, (r) => column.valid![r]!) : undefined;
  const withValid = valid ? { valid } : {};
  switch (column.kind) {
    case 'number':
      return { ...column, data: Float64Array.from(rows, (r) => column.data[r]!), ...withValid };
    case 'bigint': {
      const data = new BigInt64Array(rows.length);
      rows.forEach((r, i) => {
        data[i] = column.data[r]!;
      });
      const timeMs = column.timeMs ? { timeMs: Float64Array.from(rows, (r) => column.timeMs![r]!) } : {};
      return { ...column, data, ...timeMs, ...withValid };
    }
    case 'boolean':
      return { ...column, data: Uint8Array.from(rows, (r) => column.data[r]!), ...withValid };
    case 'text':
      return { ...column, data: rows.map((r) => column.data[r] ?? null) };
  }
}

function concat(a: ColumnarColumn, b: ColumnarColumn): ColumnarColumn {
  const n = a.data.length;
  const m = b.data.length;
  const validOf = (c: ColumnarColumn, len: number) => ('valid' in c && c.valid ? c.valid : new Uint8Array(len).fill(1));
  const needsValid = ('valid' in a && a.valid) || ('valid' in b && b.valid);
  const valid = needsValid ? { valid: concatTyped(new Uint8Array(n + m), validOf(a, n), validOf(b, m)) } : {};
  if (a.kind === 'number' && b.kind === 'number') return { ...a, data: concatTyped(new Float64Array(n + m), a.data, b.data), ...valid };
  if (a.kind === 'bigint' && b.kind === 'bigint') {
    const timeMs = a.timeMs && b.timeMs ? { timeMs: concatTyped(new Float64Array(n + m), a.timeMs, b.timeMs) } : {};
    return { ...a, data: concatTyped(new BigInt64Array(n + m), a.data, b.data), ...timeMs, ...valid };
  }
  if (a.kind === 'boolean' && b.kind === 'boolean') return { ...a, data: concatTyped(new Uint8Array(n + m), a.data, b.data), ...valid };
  if (a.kind === 'text' && b.kind === 'text') return { ...a, data: [...a.data, ...b.data] };
  return b; // the shapes differ: nothing sensible to join, take the new one
}

function concatTyped<T extends Float64Array | BigInt64Array | Uint8Array>(out: T, a: T, b: T): T {
  (out as Float64Array).set(a as Float64Array, 0);
  (out as Float64Array).set(b as Float64Array, a.length);
  return out;
}

/**
 * The result a live chart holds after an update: the whole new result when `replaceFromMs` is
 * null; otherwise the held rows inside the window and before `replaceFromMs`, then the update's
 * rows (which cover `replaceFromMs` onwards). A result without a time column, or whose columns
 * changed, is replaced whole.
 */
export function mergeLiveUpdate(current: ColumnarResult | null, update: LiveUpdateLike): ColumnarResult {
  const next = update.result;
  if (!current || update.replaceFromMs === null) return next;
  const times = timeColumn(current);
  const sameShape =
    current.columns.length === next.columns.length &&
    current.columns.every((c, i) => c.name === next.columns[i]!.name && c.kind === next.columns[i]!.kind);
  if (!times || !sameShape || !timeColumn(next)) return next;
  const keep: number[] = [];
  for (let r = 0; r < current.rowCount; r++) {
    const t = times[r]!;
    if (t >= update.fromMs && t < update.replaceFromMs) keep.push(r);
  }
  const columns = current.columns.map((c, i) => concat(pick(c, keep), next.columns[i]!));
  return { columns, rowCount: keep.length + next.rowCount, statistics: next.statistics };
}
