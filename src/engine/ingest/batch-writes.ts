import { checkDimensionValue, utf8Length, type WriteRecordsResponse } from '../model/index.ts';
import type { ColumnValues, WriteColumn, WriteColumnsRequest } from '../storage/index.ts';
import type { ColumnarBatch, MeasureColumn, Rejection } from './types.ts';

/** One columnar write (one series) of a batch, and the batch row of each of its rows. */
export interface SeriesWrite {
  readonly request: WriteColumnsRequest;
  /** `rows[i]` is the batch row of request row i (a rejected RecordIndex maps back through it). */
  readonly rows: Int32Array;
}

/** How a batch becomes columnar writes, and the rows that cannot be written at all. */
export interface BatchWritePlan {
  readonly writes: readonly SeriesWrite[];
  readonly unwritable: readonly { readonly row: number; readonly reason: string }[];
}

/** A row of a batch the database did not take, with where it came from. */
export interface WriteRejection {
  readonly row: number;
  readonly line: number;
  readonly reason: string;
}

/** What writing one batch did. */
export interface BatchWriteResult {
  /** Records written (a single-measure row with several measures is several records). */
  readonly recordsIngested: number;
  readonly rejected: readonly WriteRejection[];
}

const NO_DIMENSION = 'At least one dimension is required for a record (this row has no dimension value).';
const MAX_EXACT = 2 ** 53;

function gather(column: MeasureColumn, rows: Int32Array): ColumnValues {
  const n = rows.length;
  switch (column.type) {
    case 'DOUBLE': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = column.values[rows[i]!]!;
      return out;
    }
    case 'BIGINT':
    case 'TIMESTAMP': {
      // Copy the 64-bit words as two 32-bit halves: no BigInt per value.
      const out = new BigInt64Array(n);
      const to = new Int32Array(out.buffer);
      const from = new Int32Array(column.values.buffer, column.values.byteOffset, column.values.length * 2);
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        to[2 * i] = from[2 * r]!;
        to[2 * i + 1] = from[2 * r + 1]!;
      }
      return out;
    }
    case 'BOOLEAN': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = column.values[rows[i]!]!;
      return out;
    }
    case 'VARCHAR':
      return Array.from(rows, (r) => column.values[r] ?? null);
  }
}

function gatherTimes(times: BigInt64Array, rows: Int32Array): BigInt64Array {
  const out = new BigInt64Array(rows.length);
  const to = new Int32Array(out.buffer);
  const from = new Int32Array(times.buffer, times.byteOffset, times.length * 2);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    to[2 * i] = from[2 * r]!;
    to[2 * i + 1] = from[2 * r + 1]!;
  }
  return out;
}

/**
 * Each row's series key (mixed radix over dictionary ids and the measure name id), or -1 for a row with no
 * dimension at all.
 */
function numericRowKeys(
  dimIds: readonly Int32Array[],
  multipliers: readonly number[],
  nameIds: Int32Array | undefined,
  nameMultiplier: number,
  out: Float64Array,
): void {
  const n = out.length;
  for (let row = 0; row < n; row++) {
    let key = 0;
    let any = false;
    for (let k = 0; k < dimIds.length; k++) {
      const id = dimIds[k]![row]!;
      if (id >= 0) any = true;
      key += (id + 1) * multipliers[k]!;
    }
    if (nameIds) key += (nameIds[row]! + 1) * nameMultiplier;
    out[row] = any ? key : -1;
  }
}

/**
 * The groups of a multi-measure batch's rows by their numeric series keys (pass 1 of the split, the common
 * shape): `entryGroup[row]` gets the row's group, -1 for a row with no dimension (listed in `unwritable`).
 * Rows of one series tend to come in runs (a host's readings together), so the last group is tried before the
 * map. A top-level function, not a closure made per batch: an import splits only a few dozen batches, and
 * closures made anew each time keep a function's loops from being optimised (a new call target each batch).
 */
function groupRowsByKey(
  keys: Float64Array,
  entryGroup: Int32Array,
  groupIds: Map<number | string, number>,
  groupColumn: number[],
  groupSize: number[],
  unwritable: { row: number; reason: string }[],
): void {
  let lastKey = Number.NaN;
  let lastGroup = -1;
  let run = 0;
  const n = keys.length;
  for (let row = 0; row < n; row++) {
    const key = keys[row]!;
    if (key === lastKey) {
      run++;
      entryGroup[row] = lastGroup;
      continue;
    }
    if (lastGroup >= 0) groupSize[lastGroup]! += run;
    run = 0;
    if (key < 0) {
      unwritable.push({ row, reason: NO_DIMENSION });
      lastKey = Number.NaN;
      lastGroup = -1;
      continue;
    }
    let group = groupIds.get(key) ?? -1;
    if (group < 0) {
      group = groupColumn.length;
      groupIds.set(key, group);
      groupColumn.push(-1);
      groupSize.push(0);
    }
    lastKey = key;
    lastGroup = group;
    run = 1;
    entryGroup[row] = group;
  }
  if (lastGroup >= 0) groupSize[lastGroup]! += run;
}

/** Pass 2 of the split: a counting sort that lays each group's rows out contiguously, in row order. */
function orderRows(entryGroup: Int32Array, rowCount: number, passes: number, groupStart: Int32Array, groups: number): Int32Array {
  const fill = groupStart.slice(0, groups);
  const ordered = new Int32Array(groupStart[groups]!);
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * rowCount;
    for (let row = 0; row < rowCount; row++) {
      const group = entryGroup[base + row]!;
      if (group >= 0) ordered[fill[group]!++] = row;
    }
  }
  return ordered;
}

/** How many of `rows` have the column present. */
function countPresent(present: Uint8Array, rows: Int32Array): number {
  let count = 0;
  for (let i = 0; i < rows.length; i++) count += present[rows[i]!]!;
  return count;
}

/** How many rows of the batch have the column present. */
function countAllPresent(present: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < present.length; i++) count += present[i]!;
  return count;
}

/** The column's presence for `rows`, in their order. */
function gatherPresent(present: Uint8Array, rows: Int32Array): Uint8Array {
  const validity = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) validity[i] = present[rows[i]!]!;
  return validity;
}

/**
 * Splits a batch into per-series columnar writes (the storage engine's `writeColumns` takes one series:
 * one dimension set and one measure name). Rows are grouped by their dimension ids and measure name
 * (and, single-measure, by measure column); each group becomes one request with its times and values
 * gathered into typed arrays. Multi-measure groups carry every attribute present in them, with a
 * validity mask where some rows lack it. Rows with no dimension at all cannot be written.
 */
export function planBatchWrites(batch: ColumnarBatch, target: { readonly database: string; readonly table: string }): BatchWritePlan {
  const dims = batch.dimensions;
  const names = batch.measureNames;
  // A series key as one number (mixed radix over dictionary ids) when it fits, else as text.
  let radix = 1;
  const multipliers: number[] = [];
  for (const d of dims) {
    multipliers.push(radix);
    radix *= d.dictionary.length + 1;
  }
  const nameMultiplier = radix;
  radix *= (names?.dictionary.length ?? 0) + 1;
  const columnMultiplier = radix;
  radix *= batch.measures.length + 1;
  const numericKeys = radix < MAX_EXACT;
  const keyOf = (row: number, column: number): number | string => {
    if (numericKeys) {
      let key = 0;
      for (let k = 0; k < dims.length; k++) key += (dims[k]!.ids[row]! + 1) * multipliers[k]!;
      key += ((names?.ids[row] ?? -1) + 1) * nameMultiplier;
      return key + (column + 1) * columnMultiplier;
    }
    let key = `${names?.ids[row] ?? -1}:${column}`;
    for (const d of dims) key += `,${d.ids[row]}`;
    return key;
  };

  // Pass 1: each (row, column) entry gets a group id; rows of one series tend to come in runs (a host's
  // readings together), so the last group is tried before the map.
  const groupIds = new Map<number | string, number>();
  const groupColumn: number[] = [];
  const groupSize: number[] = [];
  const unwritable: { row: number; reason: string }[] = [];
  const noDimension = (row: number): boolean => {
    for (const d of dims) if (d.ids[row]! >= 0) return false;
    return true;
  };
  const passes = batch.multiMeasure ? 1 : batch.measures.length;
  const entryGroup = new Int32Array(batch.rowCount * passes).fill(-1);
  let lastKey: number | string | undefined;
  let lastGroup = -1;
  const groupOf = (key: number | string, column: number): number => {
    let group = key === lastKey ? lastGroup : (groupIds.get(key) ?? -1);
    if (group < 0) {
      group = groupColumn.length;
      groupIds.set(key, group);
      groupColumn.push(column);
      groupSize.push(0);
    }
    lastKey = key;
    lastGroup = group;
    groupSize[group]!++;
    return group;
  };
  if (numericKeys && batch.multiMeasure) {
    // The common shape (a multi-measure import with dictionary-coded dimensions), in a small function of its
    // own so the engine optimises its loop early.
    const keys = new Float64Array(batch.rowCount);
    numericRowKeys(
      dims.map((d) => d.ids),
      multipliers,
      names?.ids,
      nameMultiplier,
      keys,
    );
    groupRowsByKey(keys, entryGroup, groupIds, groupColumn, groupSize, unwritable);
  } else {
    for (let row = 0; row < batch.rowCount; row++) {
      if (noDimension(row)) {
        unwritable.push({ row, reason: NO_DIMENSION });
        continue;
      }
      for (let pass = 0; pass < passes; pass++) {
        const column = batch.multiMeasure ? -1 : pass;
        if (column >= 0 && batch.measures[column]!.present[row] !== 1) continue;
        entryGroup[pass * batch.rowCount + row] = groupOf(keyOf(row, column), column);
      }
    }
  }
  // Pass 2: a counting sort lays each group's rows out contiguously, in row order, without a JS array per group.
  const groupStart = new Int32Array(groupColumn.length + 1);
  for (let g = 0; g < groupColumn.length; g++) groupStart[g + 1] = groupStart[g]! + groupSize[g]!;
  const ordered = orderRows(entryGroup, batch.rowCount, passes, groupStart, groupColumn.length);
  const groups = groupColumn.map((column, g) => ({ column, rows: ordered.subarray(groupStart[g]!, groupStart[g + 1]!) }));
  // Multi-measure, every group takes every column it has values in: each column is gathered once for all the
  // groups, in `ordered`'s order, and a group's values are a view of its range. One array a column, not one a
  // series and column (a batch of a monitoring export has hundreds of series): fewer allocations, and fewer
  // buffers to hand to another thread.
  const shared = batch.multiMeasure && groups.length > 1;
  let allTimes: BigInt64Array | undefined;
  const allValues = new Map<MeasureColumn, ColumnValues>();
  const rangeOf = (values: ColumnValues, g: number): ColumnValues =>
    ArrayBuffer.isView(values) ? values.subarray(groupStart[g]!, groupStart[g + 1]!) : values.slice(groupStart[g]!, groupStart[g + 1]!);

  // A column present in every row of the batch (the usual measure) is present in every row of each group: its
  // groups need no count of their own (one pass over the batch's flags instead of one per group).
  const presentEverywhere = new Set<MeasureColumn>();
  if (batch.multiMeasure && groups.length > 1) {
    for (const column of batch.measures) if (countAllPresent(column.present) === batch.rowCount) presentEverywhere.add(column);
  }
  const writes: SeriesWrite[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const first = group.rows[0]!;
    const dimensions: Record<string, string> = {};
    for (const d of dims) {
      const id = d.ids[first]!;
      if (id >= 0) dimensions[d.name] = d.dictionary[id]!;
    }
    // A series the storage would refuse as a whole (a dimension value over 2 KB) is refused here, row by
    // row, so one bad value cannot fail the import's write.
    let seriesProblem: string | undefined;
    let seriesBytes = 0;
    for (const [name, value] of Object.entries(dimensions)) {
      seriesProblem ??= checkDimensionValue(value, `The value of dimension "${name}"`);
      seriesBytes += utf8Length(name) + utf8Length(value);
    }
    if (seriesProblem === undefined && seriesBytes > 2048)
      seriesProblem = `The dimensions total ${seriesBytes} bytes; the limit is 2048 bytes per series.`;
    if (seriesProblem !== undefined) {
      for (const row of group.rows) unwritable.push({ row, reason: seriesProblem });
      continue;
    }
    const nameId = names?.ids[first] ?? -1;
    const single = group.column >= 0 ? batch.measures[group.column]! : undefined;
    const measureName = nameId >= 0 ? names!.dictionary[nameId]! : (batch.measureName ?? single?.name ?? 'metrics');
    // One series for the whole batch (a NAB file, a single host's export): its arrays are the batch's own.
    const whole = group.rows.length === batch.rowCount;
    const take = (column: MeasureColumn): ColumnValues => {
      if (whole) return column.values;
      if (!shared) return gather(column, group.rows);
      let all = allValues.get(column);
      if (all === undefined) {
        all = gather(column, ordered);
        allValues.set(column, all);
      }
      return rangeOf(all, g);
    };
    let times: BigInt64Array;
    if (whole) times = batch.times;
    else if (shared) {
      allTimes ??= gatherTimes(batch.times, ordered);
      times = allTimes.subarray(groupStart[g]!, groupStart[g + 1]!);
    } else times = gatherTimes(batch.times, group.rows);
    let request: WriteColumnsRequest;
    if (single !== undefined) {
      request = {
        database: target.database,
        table: target.table,
        dimensions,
        measureName,
        times,
        type: single.type,
        values: take(single),
      };
    } else {
      const columns: WriteColumn[] = [];
      for (const column of batch.measures) {
        const present = presentEverywhere.has(column) ? group.rows.length : countPresent(column.present, group.rows);
        if (present === 0) continue;
        const values = take(column);
        if (present === group.rows.length) columns.push({ name: column.name, type: column.type, values });
        else if (whole) columns.push({ name: column.name, type: column.type, values, validity: column.present });
        else columns.push({ name: column.name, type: column.type, values, validity: gatherPresent(column.present, group.rows) });
      }
      request = { database: target.database, table: target.table, dimensions, measureName, times, columns };
    }
    writes.push({ request, rows: group.rows });
  }
  unwritable.sort((a, b) => a.row - b.row);
  return { writes, unwritable };
}

/**
 * Writes a batch through a columnar write function (the Database's `writeColumns`), series by series, and
 * maps every rejected record back to its batch row and source line, so rejections after the parse land
 * in the same report as parse rejections.
 */
export async function writeBatch(
  batch: ColumnarBatch,
  target: { readonly database: string; readonly table: string },
  write: (request: WriteColumnsRequest) => Promise<WriteRecordsResponse>,
): Promise<BatchWriteResult> {
  const planned = batch.planned;
  const plan =
    planned && planned.target.database === target.database && planned.target.table === target.table
      ? planned.plan
      : planBatchWrites(batch, target);
  const rejected: WriteRejection[] = plan.unwritable.map(({ row, reason }) => ({ row, line: batch.lines[row]!, reason }));
  let recordsIngested = 0;
  // The series of a batch are independent, so their writes are issued together: a store that group-commits
  // (one write-ahead log flush for many requests) can then take the batch in one go.
  const responses = await Promise.all(plan.writes.map(({ request }) => write(request)));
  responses.forEach((response, w) => {
    const rows = plan.writes[w]!.rows;
    recordsIngested += response.RecordsIngested.Total;
    for (const r of response.RejectedRecords) {
      const row = rows[r.RecordIndex] ?? -1;
      rejected.push({ row, line: row >= 0 ? batch.lines[row]! : 0, reason: r.Reason });
    }
  });
  rejected.sort((a, b) => a.row - b.row);
  return { recordsIngested, rejected };
}

/**
 * Write rejections as report entries, so they sit beside the parse rejections in one downloadable report.
 * The raw text is not kept after parsing (batches hold values, not lines), so it is empty.
 */
export function rejectionsOfWrites(file: string, rejected: readonly WriteRejection[]): Rejection[] {
  return rejected.map((r) => ({ file, line: r.line, column: 1, reason: r.reason, raw: '' }));
}
