import { TidemarkError } from '../../errors/index.ts';
import { checkAttributeName, checkDimensionName, checkDimensionValue, checkMeasureName, utf8Length } from '../model/names.ts';
import type { NormalizedCell, NormalizedRecord } from '../model/normalize-record.ts';
import { msToNs } from '../model/time.ts';
import { columnTypeOf, type ScalarMeasureType } from '../model/types.ts';
import type { CellValue } from '../model/values.ts';
import { appendSorted, sliceColumns } from './append.ts';
import type { Catalog } from './catalog.ts';
import { lowerBound } from './chunk-ops.ts';
import type { ChunkColumnInput, SharedTimes } from './codec.ts';
import { singleColumnName } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';
import { WalCollector, type WalSeriesPut } from './wal-entry.ts';
import { applyRecords, checkBindings, seriesFor, type WriteTally, writeWindow } from './write-records.ts';

/** Values of one column: DOUBLE Float64Array, BIGINT BigInt64Array, TIMESTAMP BigInt64Array (ns), BOOLEAN Uint8Array (0/1), VARCHAR strings. */
export type ColumnValues = Float64Array | BigInt64Array | Uint8Array | readonly (string | null)[];

/** One attribute of a columnar MULTI write. `validity` (1 byte per row, 1 = present) marks missing values. */
export interface WriteColumn {
  readonly name: string;
  readonly type: ScalarMeasureType;
  readonly values: ColumnValues;
  readonly validity?: Uint8Array;
}

/**
 * The columnar fast path: one series (a dimension set and a measure name), its times and its
 * values as typed arrays. Give `values` (and `type`, default DOUBLE) for a single measure, or
 * `columns` for a MULTI measure. Rows follow every rule writeRecords applies; a rejected row's
 * RecordIndex is its row index.
 */
export interface WriteColumnsRequest {
  readonly database: string;
  readonly table: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly measureName: string;
  /** Float64Array of ms since the epoch, or BigInt64Array of ns. */
  readonly times: Float64Array | BigInt64Array;
  readonly type?: ScalarMeasureType;
  readonly values?: ColumnValues;
  readonly columns?: readonly WriteColumn[];
  /** Per-row record versions (default 1). */
  readonly versions?: BigInt64Array;
}

function invalid(message: string, field: string): TidemarkError {
  return new TidemarkError('VALIDATION', message, { details: { field } });
}

export interface Shape {
  readonly dims: (readonly [string, string])[];
  readonly multi: boolean;
  readonly columns: readonly WriteColumn[];
}

/** Checks the parts of the request that are the same for every row (names, shapes, lengths). */
export function checkShape(req: WriteColumnsRequest): Shape {
  const n = req.times?.length;
  if (!(req.times instanceof Float64Array || req.times instanceof BigInt64Array))
    throw invalid('times must be a Float64Array (ms) or a BigInt64Array (ns).', 'times');
  const entries = Object.entries(req.dimensions ?? {});
  if (entries.length === 0) throw invalid('At least one dimension is required for a record (dimensions is empty).', 'dimensions');
  let bytes = 0;
  for (const [name, value] of entries) {
    const reason = checkDimensionName(name, `dimensions["${name}"] name`) ?? checkDimensionValue(value, `dimensions["${name}"]`);
    if (reason) throw invalid(reason, 'dimensions');
    bytes += utf8Length(name) + utf8Length(value);
  }
  if (bytes > 2048) throw invalid(`dimensions total ${bytes} bytes of names and values; the limit is 2048 bytes per series.`, 'dimensions');
  const nameReason = checkMeasureName(req.measureName, 'measureName');
  if (nameReason) throw invalid(nameReason, 'measureName');
  const dims = entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let columns: WriteColumn[];
  let multi = false;
  if (req.columns !== undefined) {
    if (req.values !== undefined) throw invalid('Give either values (single measure) or columns (MULTI), not both.', 'columns');
    if (req.columns.length === 0) throw invalid('columns must not be empty.', 'columns');
    multi = true;
    const seen = new Set<string>();
    columns = req.columns.map((c, i) => {
      const reason = checkAttributeName(c.name, `columns[${i}].name`);
      if (reason) throw invalid(reason, `columns[${i}].name`);
      if (seen.has(c.name)) throw invalid(`columns[${i}].name "${c.name}" appears more than once.`, `columns[${i}].name`);
      if (req.dimensions[c.name] !== undefined)
        throw invalid(
          `columns[${i}].name "${c.name}" is also a dimension name; a dimension name cannot equal a measure attribute name.`,
          `columns[${i}].name`,
        );
      seen.add(c.name);
      return c;
    });
  } else {
    if (req.values === undefined) throw invalid('values (or columns for MULTI) is required.', 'values');
    const type =
      req.type ??
      (req.values instanceof BigInt64Array
        ? 'BIGINT'
        : req.values instanceof Uint8Array
          ? 'BOOLEAN'
          : Array.isArray(req.values)
            ? 'VARCHAR'
            : 'DOUBLE');
    columns = [{ name: singleColumnName(columnTypeOf(type)), type, values: req.values }];
  }
  for (const [i, c] of columns.entries()) {
    const field = multi ? `columns[${i}].values` : 'values';
    const ok =
      (c.type === 'DOUBLE' && c.values instanceof Float64Array) ||
      ((c.type === 'BIGINT' || c.type === 'TIMESTAMP') && c.values instanceof BigInt64Array) ||
      (c.type === 'BOOLEAN' && c.values instanceof Uint8Array) ||
      (c.type === 'VARCHAR' && Array.isArray(c.values));
    if (!ok)
      throw invalid(
        `${field} has the wrong array type for ${c.type} (DOUBLE: Float64Array, BIGINT/TIMESTAMP: BigInt64Array, BOOLEAN: Uint8Array, VARCHAR: string array).`,
        field,
      );
    if (c.values.length !== n) throw invalid(`${field} has ${c.values.length} rows but times has ${n}.`, field);
    if (c.validity && c.validity.length !== n) throw invalid(`${field} validity has ${c.validity.length} rows but times has ${n}.`, field);
  }
  if (req.versions && req.versions.length !== n) throw invalid(`versions has ${req.versions.length} rows but times has ${n}.`, 'versions');
  return { dims, multi, columns };
}

/** The last ms whose ns still fits a signed 64-bit integer (2262-04-11). */
const MAX_MS = 9_223_372_036_854;

/**
 * Converts ms to ns into `out` with double arithmetic in 32-bit halves (no BigInt per point). Returns false if
 * a time is not a whole ms in [0, MAX_MS] (NaN and the infinities fail the range test).
 */
function msToNsInto(ms: Float64Array, out: BigInt64Array): boolean {
  const words = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
  const TWO32 = 4294967296;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i] as number;
    if (!(m >= 0 && m <= MAX_MS) || m !== Math.floor(m)) return false;
    const hiMs = Math.floor(m / TWO32);
    const loNs = (m - hiMs * TWO32) * 1e6;
    const carry = Math.floor(loNs / TWO32);
    words[2 * i] = (loNs - carry * TWO32) | 0;
    words[2 * i + 1] = hiMs * 1e6 + carry;
  }
  return true;
}

/** Writes up to this many rows convert their ms times into one reused buffer. */
const SCRATCH_ROWS = 1 << 16;
let scratch = new BigInt64Array(0);

/**
 * A buffer for a write's ns times. applyColumns runs synchronously and keeps nothing of them (the head, the
 * encoder and the log copy what they keep; records take the values), so one buffer serves every write and a
 * bulk load does not allocate (and zero) a fresh array per request.
 */
function scratchNs(n: number): BigInt64Array {
  if (n > SCRATCH_ROWS) return new BigInt64Array(n);
  if (scratch.length < n) scratch = new BigInt64Array(Math.max(n, Math.min(SCRATCH_ROWS, scratch.length * 2)));
  return scratch.subarray(0, n);
}

/** Times as ns, and whether they are strictly ascending. */
export function toNsTimes(times: Float64Array | BigInt64Array): { ns: BigInt64Array; ascending: boolean } {
  let ns: BigInt64Array;
  // Read only (the head and the encoder copy what they keep), so ns times are used as given.
  if (times instanceof BigInt64Array) ns = times;
  else {
    ns = scratchNs(times.length);
    if (!msToNsInto(times, ns)) {
      // One by one (fractions of a ms are kept). A time that is not a non-negative finite number is rejected by
      // its row (rowsOf reads the ms), and one past 2262 by the write window: neither may take the fast path.
      let valid = true;
      for (let i = 0; i < times.length; i++) {
        const m = times[i] as number;
        if (m >= 0 && m <= MAX_MS) ns[i] = msToNs(m);
        else {
          ns[i] = m > MAX_MS && m !== Number.POSITIVE_INFINITY ? 2n ** 63n - 1n : 0n;
          valid = false;
        }
      }
      if (!valid) return { ns, ascending: false };
    }
  }
  // Compare the 64-bit words as doubles: exact enough to prove strict ascent (ties fall to the slow path).
  const words = new Int32Array(ns.buffer, ns.byteOffset, ns.length * 2);
  let prev = -Infinity;
  let ascending = true;
  for (let i = 0; i < ns.length; i++) {
    const v = (words[2 * i + 1] as number) * 4294967296 + ((words[2 * i] as number) >>> 0);
    if (!(v > prev)) {
      ascending = false;
      break;
    }
    prev = v;
  }
  return { ns, ascending };
}

/**
 * Whether no value is NaN or ±Infinity. Branch-free: v * 0 is 0 (or -0) for a finite v and NaN otherwise, and
 * a NaN survives every sum. Four sums keep the additions independent; a bulk write's first read of its values
 * runs here, so this pass is memory-bound and about twice as fast as a compare and branch per value.
 */
export function allFinite(values: Float64Array): boolean {
  const n = values.length;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    a += (values[i] as number) * 0;
    b += (values[i + 1] as number) * 0;
    c += (values[i + 2] as number) * 0;
    d += (values[i + 3] as number) * 0;
  }
  for (; i < n; i++) a += (values[i] as number) * 0;
  return a + b + c + d === 0;
}

/** Applies a columnar write; falls back to per-row upserts when the fast path's conditions do not hold. */
export function applyColumns(
  catalog: Catalog,
  table: TableState,
  req: WriteColumnsRequest,
  nowNs: bigint,
  cfg: TierConfig,
  collect = true,
): { tally: WriteTally; log: WalCollector } {
  const shape = checkShape(req);
  const { ns, ascending } = toNsTimes(req.times);
  return applyShaped(catalog, table, req, shape, ns, ascending, nowNs, cfg, new WalCollector(table.id, collect));
}

/**
 * Applies a write whose shape is checked and whose times are converted (`ns`, read only), logging into `log`.
 * A batch (write-columns-batch.ts) checks every series first and converts its shared times once.
 */
export function applyShaped(
  catalog: Catalog,
  table: TableState,
  req: WriteColumnsRequest,
  shape: Shape,
  ns: BigInt64Array,
  ascending: boolean,
  nowNs: bigint,
  cfg: TierConfig,
  log: WalCollector,
  /** The batch's encoded time slices, shared by its series (their chunks are cut at the same rows). */
  sharedTimes?: SharedTimes,
): { tally: WriteTally; log: WalCollector } {
  const n = ns.length;
  const window = writeWindow(table, nowNs);
  const first = n > 0 ? (ns[0] as bigint) : 0n;
  const last = n > 0 ? (ns[n - 1] as bigint) : 0n;
  const existing = table.series.get(seriesKeyOf(req.measureName, shape.dims));
  const fast =
    n > 0 &&
    ascending &&
    // Backfills older than the memory retention take the fast path too when magnetic writes are on.
    first >= (table.options.enableMagneticStoreWrites ? window.magneticStart : window.memoryStart) &&
    last <= window.futureLimit &&
    (!existing || first > existing.maxTime) &&
    (!req.versions || req.versions.every((v) => v === 1n)) &&
    shape.columns.every((c) => c.type !== 'DOUBLE' || allFinite(c.values as Float64Array));
  if (fast) {
    const probe: NormalizedRecord = {
      index: 0,
      dimensions: shape.dims,
      measureName: req.measureName,
      measureValueType: shape.multi ? 'MULTI' : ((shape.columns[0] as WriteColumn).type as ScalarMeasureType),
      time: first,
      version: 1n,
      cells: shape.columns.map((c) => ({
        name: shape.multi ? c.name : singleColumnName(columnTypeOf(c.type)),
        type: columnTypeOf(c.type),
        measureType: c.type,
        value: 0,
      })),
    };
    const reason = checkBindings(table, probe);
    if (!reason) return appendFast(catalog, table, shape, probe, ns, cfg, log, lowerBound(ns, window.memoryStart), sharedTimes);
  }
  return applyRecords(catalog, table, rowsOf(req, shape, ns), nowNs, cfg, log.logging, log);
}

function seriesKeyOf(measureName: string, dims: readonly (readonly [string, string])[]): string {
  let key = measureName;
  for (const [name, value] of dims) key += `\u0000${name}\u0001${value}`;
  return key;
}

function appendFast(
  catalog: Catalog,
  table: TableState,
  shape: Shape,
  probe: NormalizedRecord,
  ns: BigInt64Array,
  cfg: TierConfig,
  log: WalCollector,
  /** Rows older than the memory retention (the first ones, times being ascending). */
  magneticRows: number,
  sharedTimes: SharedTimes | undefined,
): { tally: WriteTally; log: WalCollector } {
  const series = seriesFor(
    catalog,
    table,
    probe.measureName,
    shape.dims,
    shape.multi ? 'multi' : 'single',
    shape.multi ? [] : [{ name: probe.cells[0]?.name ?? '', type: probe.cells[0]?.type ?? 'double' }],
    log,
  );
  for (const cell of probe.cells) {
    if (series.columnIndex(cell.name) < 0) {
      series.addColumn({ name: cell.name, type: cell.type });
      log.seriesChanged(series);
    }
  }
  table.bindSeriesTypes(series);
  // Columns aligned with the series. The caller's arrays are only read (into the head, or by the encoder),
  // never kept: the log takes the sealed chunks and copies of the head's rows.
  const columns: ChunkColumnInput[] = series.columns.map((sc) => {
    const at = probe.cells.findIndex((c) => c.name === sc.name);
    const source = shape.columns[at];
    if (!source) return nullColumn(sc.name, sc.type, ns.length);
    return {
      name: sc.name,
      type: sc.type,
      values: source.values,
      ...(source.validity ? { validity: source.validity } : {}),
    } as ChunkColumnInput;
  });
  const pieces = appendSorted(series, ns, columns, null, cfg, sharedTimes);
  if (log.logging) {
    for (const piece of pieces) {
      if (piece.kind === 'chunk') log.putChunk(series.id, piece.chunk.bytes);
      else if (piece.to - piece.from >= ENCODED_LOG_ROWS)
        log.putChunk(series.id, rowsChunk(cfg, ns, columns, piece.from, piece.to, sharedTimes), true);
      else log.putColumns(rowsCopy(series.id, ns, columns, piece.from, piece.to));
    }
  }
  const tally: WriteTally = { memory: ns.length - magneticRows, magnetic: magneticRows, rejected: [] };
  return { tally, log };
}

/**
 * From this many rows, rows that stay in the head are logged encoded, as a chunk replay turns back into rows:
 * a bulk write's tail (TSBS's last 448 rows of a day per host, an import batch's rows per series) is then a
 * few KiB in the log instead of 8 bytes per value, so IndexedDB serialises and stores a fraction of the bytes,
 * and the log reaches its checkpoint size (checkpointBytes) that much later. Below it, raw rows are cheaper.
 */
const ENCODED_LOG_ROWS = 256;

/** Rows [from, to) encoded as a chunk for the log (the encoder copies what it reads). */
function rowsChunk(
  cfg: TierConfig,
  ns: BigInt64Array,
  columns: readonly ChunkColumnInput[],
  from: number,
  to: number,
  sharedTimes: SharedTimes | undefined,
): Uint8Array {
  const input = { times: ns.subarray(from, to), columns: sliceColumns(columns, from, to) };
  return cfg.codec.encode(sharedTimes ? { ...input, sharedTimes } : input);
}

/** Rows [from, to) as a log put of their own (copies: a log entry must not share a buffer with anything). */
function rowsCopy(seriesId: number, ns: BigInt64Array, columns: readonly ChunkColumnInput[], from: number, to: number): WalSeriesPut {
  return {
    seriesId,
    times: ns.slice(from, to),
    columns: columns.map(
      (c) =>
        ({
          name: c.name,
          type: c.type,
          values: c.values.slice(from, to),
          ...(c.validity ? { validity: c.validity.slice(from, to) } : {}),
        }) as ChunkColumnInput,
    ),
    versions: null,
  };
}

function nullColumn(name: string, type: ChunkColumnInput['type'], n: number): ChunkColumnInput {
  const validity = new Uint8Array(n);
  switch (type) {
    case 'double':
      return { name, type, values: new Float64Array(n), validity };
    case 'boolean':
      return { name, type, values: new Uint8Array(n), validity };
    case 'varchar':
      return { name, type, values: new Array<string | null>(n).fill(null) };
    default:
      return { name, type, values: new BigInt64Array(n), validity };
  }
}

/** Turns the columns into per-row records for the general path (rejections keep their row index). */
function rowsOf(req: WriteColumnsRequest, shape: Shape, ns: BigInt64Array): (NormalizedRecord | string)[] {
  const out: (NormalizedRecord | string)[] = [];
  for (let i = 0; i < ns.length; i++) {
    const t = req.times[i] as number | bigint;
    if (typeof t === 'number' && !(Number.isFinite(t) && t >= 0)) {
      out.push(`times[${i}] ${t} is not a non-negative finite number of ms.`);
      continue;
    }
    const time = ns[i] as bigint;
    if (time < 0n) {
      out.push(`times[${i}] ${time} is negative; times before 1970-01-01 are not supported.`);
      continue;
    }
    const version = req.versions ? (req.versions[i] as bigint) : 1n;
    if (version < 1n) {
      out.push(`versions[${i}] ${version} must be at least 1.`);
      continue;
    }
    const cells: NormalizedCell[] = [];
    let reason: string | undefined;
    for (const [c, col] of shape.columns.entries()) {
      if (col.validity && col.validity[i] === 0) continue;
      const raw = col.values[i] as CellValue | null | undefined;
      if (raw === null || raw === undefined) continue;
      if (col.type === 'DOUBLE' && !Number.isFinite(raw as number)) {
        reason = `${shape.multi ? `columns[${c}]` : 'values'}[${i}] is ${String(raw)}; DOUBLE values cannot be NaN or Infinity.`;
        break;
      }
      if (col.type === 'VARCHAR' && utf8Length(raw as string) > 2048) {
        reason = `${shape.multi ? `columns[${c}]` : 'values'}[${i}] is longer than 2048 bytes.`;
        break;
      }
      const value = col.type === 'BOOLEAN' ? ((raw as number) ? 1 : 0) : raw;
      cells.push({
        name: shape.multi ? col.name : singleColumnName(columnTypeOf(col.type)),
        type: columnTypeOf(col.type),
        measureType: col.type,
        value,
      });
    }
    if (reason) {
      out.push(reason);
      continue;
    }
    if (cells.length === 0) {
      out.push(
        shape.multi ? `Row ${i} has no values (every column is null).` : `values[${i}] is null; a single-measure record needs a value.`,
      );
      continue;
    }
    out.push({
      index: i,
      dimensions: shape.dims,
      measureName: req.measureName,
      measureValueType: shape.multi ? 'MULTI' : ((shape.columns[0] as WriteColumn).type as ScalarMeasureType),
      time,
      version,
      cells,
    });
  }
  return out;
}
