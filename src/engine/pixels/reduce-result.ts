import { createM4Result, type Kernel, type M4Spec, m4Values } from '../../kernel/index.ts';
import type { QueryResult } from '../sql/result/query-result.ts';
import type { SqlValue } from '../sql/values/sql-value.ts';
import { BigIntVector, NumberVector, type Vector, vectorFromValues } from '../sql/vector/index.ts';
import { gapTimes } from './pixel-grid.ts';

const NUMERIC = new Set(['double', 'integer', 'bigint']);

/** Where a result's time, value and group columns are, when it is time-shaped. */
export interface TimeShape {
  readonly time: number;
  readonly numeric: readonly number[];
  readonly groups: readonly number[];
}

/** A result is time-shaped when it has one timestamp column, at least one numeric column, and otherwise only text columns. */
export function timeShape(result: Pick<QueryResult, 'columns'>): TimeShape | null {
  let time = -1;
  const numeric: number[] = [];
  const groups: number[] = [];
  for (const [i, c] of result.columns.entries()) {
    if (c.type.kind === 'timestamp') {
      if (time >= 0) return null;
      time = i;
    } else if (NUMERIC.has(c.type.kind)) numeric.push(i);
    else if (c.type.kind === 'varchar') groups.push(i);
    else return null;
  }
  return time >= 0 && numeric.length > 0 ? { time, numeric, groups } : null;
}

/** One output row: a row of the input, or a gap row (numbers null) at `time` in the group of `groupRow`. */
interface OutRow {
  readonly time: bigint;
  readonly row: number;
  readonly groupRow: number;
  readonly group: number;
}

/**
 * Reduces a time-shaped result to what a chart `pixels` wide can show: per series (one per
 * distinct combination of the text columns) and per numeric column, the rows holding the first,
 * last, minimum and maximum value of every pixel column (M4, computed by the kernel); a row is
 * kept whole, so every column keeps its real values. Where the series has a gap wider than
 * GAP_FACTOR times its typical spacing, a row with NULL numbers is added so a chart breaks the
 * line. Rows come out in time order. Other results are returned unchanged.
 */
export function reduceResultToPixels(kernel: Kernel, result: QueryResult, options: { spec?: M4Spec; pixels: number }): QueryResult {
  const shape = timeShape(result);
  if (!shape || result.rowCount === 0) return result;
  const timeVector = result.vectors[shape.time];
  if (!timeVector) return result;
  const n = result.rowCount;
  const { times, timeValid } = readTimes(timeVector, n);
  let lo: bigint | null = null;
  let hi: bigint | null = null;
  for (let i = 0; i < n; i++) {
    if (!timeValid[i]) continue;
    const t = times[i] as bigint;
    if (lo === null || t < lo) lo = t;
    if (hi === null || t > hi) hi = t;
  }
  if (lo === null || hi === null) return result;
  const spec = options.spec ?? { from: lo, to: hi + 1n, pixels: options.pixels };

  // Rows per series, in order of first appearance.
  const groupOf = new Map<string, number[]>();
  const groupVectors = shape.groups.map((g) => result.vectors[g]);
  for (let i = 0; i < n; i++) {
    if (!timeValid[i]) continue;
    const t = times[i] as bigint;
    if (t < spec.from || t >= spec.to) continue;
    let key = '';
    for (const vector of groupVectors) {
      const v = vector?.get(i);
      key += v === null || v === undefined ? '\u0001\u0000' : `\u0002${String(v)}\u0000`;
    }
    let rows = groupOf.get(key);
    if (!rows) {
      rows = [];
      groupOf.set(key, rows);
    }
    rows.push(i);
  }

  const out: OutRow[] = [];
  let group = 0;
  for (const rows of groupOf.values()) {
    const order = sortedByTime(rows, times);
    const m = order.length;
    const sortedTimes = new BigInt64Array(m);
    for (let k = 0; k < m; k++) sortedTimes[k] = times[order[k] as number] as bigint;
    const keep = new Uint8Array(m);
    const values = new Float64Array(m);
    const valid = new Uint8Array(m);
    for (const c of shape.numeric) {
      const anyNull = gatherNumbers(result.vectors[c], order, values, valid);
      const r = m4Values(kernel, sortedTimes, values, anyNull ? valid : undefined, spec);
      for (let p = 0; p < spec.pixels; p++) {
        if ((r.count[p] as number) === 0) continue;
        keep[pickRow(sortedTimes, values, valid, r.firstTime[p] as bigint, null, 'first')] = 1;
        keep[pickRow(sortedTimes, values, valid, r.lastTime[p] as bigint, null, 'last')] = 1;
        if (!Number.isNaN(r.min[p] as number))
          keep[pickRow(sortedTimes, values, valid, r.minTime[p] as bigint, r.min[p] as number, 'first')] = 1;
        if (!Number.isNaN(r.max[p] as number))
          keep[pickRow(sortedTimes, values, valid, r.maxTime[p] as bigint, r.max[p] as number, 'first')] = 1;
      }
    }
    const groupRow = order[0] as number;
    for (let k = 0; k < m; k++) if (keep[k]) out.push({ time: sortedTimes[k] as bigint, row: order[k] as number, groupRow, group });
    // Gaps are judged on the series' rows, whatever their values.
    const rowsPerPixel = m4Values(kernel, sortedTimes, new Float64Array(m), undefined, spec, createM4Result(spec));
    for (const t of gapTimes(rowsPerPixel.count, rowsPerPixel.firstTime, rowsPerPixel.lastTime))
      out.push({ time: t, row: -1, groupRow, group });
    group++;
  }
  out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.group - b.group || a.row - b.row));

  const vectors = result.columns.map((column, c) => {
    const vector = result.vectors[c];
    const isGroup = shape.groups.includes(c);
    const values: SqlValue[] = out.map((o) => {
      if (o.row >= 0) return vector?.get(o.row) ?? null;
      if (c === shape.time) return o.time;
      return isGroup ? (vector?.get(o.groupRow) ?? null) : null;
    });
    return vectorFromValues(column.type, values);
  });
  return { columns: result.columns, vectors, rowCount: out.length, statistics: result.statistics };
}

/** The time column as ns with a validity byte per row (typed storage is read directly). */
function readTimes(vector: Vector, n: number): { times: BigInt64Array; timeValid: Uint8Array } {
  if (vector instanceof BigIntVector && vector.data.length >= n) {
    const timeValid = vector.valid ? vector.valid.slice(0, n) : new Uint8Array(n).fill(1);
    return { times: vector.data, timeValid };
  }
  const times = new BigInt64Array(n);
  const timeValid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = vector.get(i);
    if (typeof t !== 'bigint') continue;
    times[i] = t;
    timeValid[i] = 1;
  }
  return { times, timeValid };
}

/** Values of `rows` of a numeric column as doubles, with validity; true when some is NULL. */
function gatherNumbers(vector: Vector | undefined, rows: readonly number[], values: Float64Array, valid: Uint8Array): boolean {
  let anyNull = false;
  const m = rows.length;
  if (vector instanceof NumberVector) {
    const data = vector.data;
    const v = vector.valid;
    for (let k = 0; k < m; k++) {
      const r = rows[k] as number;
      const ok = v === null || v[r] !== 0;
      valid[k] = ok ? 1 : 0;
      values[k] = ok ? (data[r] as number) : 0;
      if (!ok) anyNull = true;
    }
    return anyNull;
  }
  for (let k = 0; k < m; k++) {
    const x = vector?.get(rows[k] as number);
    if (x === null || x === undefined) {
      valid[k] = 0;
      values[k] = 0;
      anyNull = true;
    } else {
      valid[k] = 1;
      values[k] = Number(x as number | bigint);
    }
  }
  return anyNull;
}

/** Row indices sorted by time, stable (already-sorted input is detected and kept). */
function sortedByTime(rows: number[], times: BigInt64Array): number[] {
  let sorted = true;
  for (let k = 1; k < rows.length; k++) {
    if ((times[rows[k] as number] as bigint) < (times[rows[k - 1] as number] as bigint)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return rows;
  return rows
    .map((r, k) => [r, k] as const)
    .sort((a, b) => {
      const ta = times[a[0]] as bigint;
      const tb = times[b[0]] as bigint;
      return ta < tb ? -1 : ta > tb ? 1 : a[1] - b[1];
    })
    .map(([r]) => r);
}

/**
 * The sorted position of the point the kernel chose: among rows at time `t` with a value, the
 * first (or last) one, or the first whose value is `value`.
 */
function pickRow(
  times: BigInt64Array,
  values: Float64Array,
  valid: Uint8Array,
  t: bigint,
  value: number | null,
  which: 'first' | 'last',
): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as bigint) < t) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < times.length && times[end] === t) end++;
  if (which === 'last') {
    for (let k = end - 1; k >= lo; k--) if (valid[k]) return k;
    return end - 1;
  }
  for (let k = lo; k < end; k++) if (valid[k] && (value === null || values[k] === value)) return k;
  return lo;
}
