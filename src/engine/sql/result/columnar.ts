import { formatType } from '../types/sql-type.ts';
import { valueToText } from '../values/cast.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { BigIntVector, BooleanVector, ConstantVector, DictionaryVector, NumberVector, ValueVector, type Vector } from '../vector/index.ts';
import { freshColumn } from './batched-result.ts';
import type { QueryResult, QueryStatistics } from './query-result.ts';

/**
 * One result column as plain typed data, ready to cross to the UI thread as a transferable and
 * to feed a chart: numbers in Float64Array (double, integer, date as days), 64-bit values in
 * BigInt64Array (bigint, and timestamp as ns, with `timeMs` alongside for charts), booleans in
 * Uint8Array, everything else as text. `valid` is present when some row is NULL (1 = present).
 */
export type ColumnarColumn =
  | { readonly name: string; readonly type: string; readonly kind: 'number'; readonly data: Float64Array; readonly valid?: Uint8Array }
  | {
      readonly name: string;
      readonly type: string;
      readonly kind: 'bigint';
      readonly data: BigInt64Array;
      /** For timestamp columns: the same instants in milliseconds (fractional), which charts plot. */
      readonly timeMs?: Float64Array;
      readonly valid?: Uint8Array;
    }
  | { readonly name: string; readonly type: string; readonly kind: 'boolean'; readonly data: Uint8Array; readonly valid?: Uint8Array }
  | {
      readonly name: string;
      readonly type: string;
      readonly kind: 'text';
      readonly data: readonly (string | null)[];
      /** Only with ColumnarOptions.packText: the rows as codes into distinct values, `data` then empty. */
      readonly packed?: PackedColumnText;
    };

/** A text column as codes into its distinct values: the worker's wire form, which the client unpacks into `data`. */
export interface PackedColumnText {
  readonly codes: Uint32Array;
  readonly dictionary: readonly (string | null)[];
}

export interface ColumnarOptions {
  /**
   * Large dictionary-coded text columns (dimensions and measure_name of coalesced series) come packed, their
   * codes reused rather than a string per row made here and coded again for the wire (the worker asks this).
   */
  readonly packText?: boolean;
}

/** Packed only from this many rows, and when the values take at most rows / PACK_MAX_SHARE codes (as the wire packs). */
const PACK_MIN_ROWS = 1024;
const PACK_MAX_SHARE = 8;

export interface ColumnarResult {
  readonly columns: readonly ColumnarColumn[];
  readonly rowCount: number;
  readonly statistics: QueryStatistics;
}

function validity(vector: Vector, n: number): Uint8Array | undefined {
  let valid: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    if (vector.isNull(i)) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return valid;
}

/**
 * Milliseconds (fractional, to the microsecond) of ns timestamps, as `Number(ns / 1000n) / 1000`, reading the
 * 32-bit halves instead of a BigInt per row: for 0 <= ns < 2^62, µs = hi * 4294967 + floor((hi * 296 + lo) /
 * 1000) (2^32 = 4294967 * 1000 + 296), every term exact in a double. Other rows take the BigInt way.
 */
export function timestampMs(data: BigInt64Array): Float64Array {
  const n = data.length;
  const out = new Float64Array(n);
  const words = new Uint32Array(data.buffer, data.byteOffset, n * 2);
  const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  const H = littleEndian ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + H]!;
    if (hi < 0x40000000) {
      const lo = words[2 * i + 1 - H]!;
      out[i] = (hi * 4294967 + Math.floor((hi * 296 + lo) / 1000)) / 1000;
    } else out[i] = Number(data[i]! / 1000n) / 1000;
  }
  return out;
}

/**
 * One column of the result; `fresh` when nothing else holds the vector's storage, so its arrays are handed over
 * as they are. Otherwise typed vectors copy whole (the copy may be transferred; the vector may share the storage's
 * arrays).
 */
function toColumn(name: string, vector: Vector, n: number, fresh: boolean, options: ColumnarOptions = {}): ColumnarColumn {
  if (options.packText && vector instanceof DictionaryVector && vector.codes.length === n && n >= PACK_MIN_ROWS) {
    const packed = packedText(vector, n, fresh);
    if (packed) return { name, type: formatType(vector.type), kind: 'text', data: [], packed };
  }
  if (vector instanceof NumberVector && vector.data.length === n) {
    const valid = vector.valid?.includes(0) ? { valid: fresh ? vector.valid : vector.valid.slice() } : {};
    const data = fresh ? vector.data : vector.data.slice();
    if (valid.valid) for (let i = 0; i < n; i++) if (valid.valid[i] === 0) data[i] = 0;
    return { name, type: formatType(vector.type), kind: 'number', data, ...valid };
  }
  if (vector instanceof BigIntVector && vector.data.length === n) {
    const valid = vector.valid?.includes(0) ? { valid: fresh ? vector.valid : vector.valid.slice() } : {};
    const data = fresh ? vector.data : vector.data.slice();
    if (valid.valid) for (let i = 0; i < n; i++) if (valid.valid[i] === 0) data[i] = 0n;
    if (vector.type.kind === 'timestamp')
      return { name, type: formatType(vector.type), kind: 'bigint', data, timeMs: timestampMs(data), ...valid };
    return { name, type: formatType(vector.type), kind: 'bigint', data, ...valid };
  }
  const type = formatType(vector.type);
  const kind = vector.type.kind;
  // Text holds its NULLs inline: the validity pass (a call per row) is for the typed kinds only.
  const typed =
    vector instanceof NumberVector ||
    vector instanceof BigIntVector ||
    vector instanceof BooleanVector ||
    (vector instanceof ConstantVector &&
      (kind === 'double' || kind === 'integer' || kind === 'date' || kind === 'bigint' || kind === 'timestamp'));
  const valid = typed ? validity(vector, n) : undefined;
  const withValid = valid ? { valid } : {};
  if (
    vector instanceof NumberVector ||
    (vector instanceof ConstantVector && (kind === 'double' || kind === 'integer' || kind === 'date'))
  ) {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = (vector.get(i) as number | null) ?? 0;
    return { name, type, kind: 'number', data, ...withValid };
  }
  if (vector instanceof BigIntVector || (vector instanceof ConstantVector && (kind === 'bigint' || kind === 'timestamp'))) {
    const data = new BigInt64Array(n);
    for (let i = 0; i < n; i++) data[i] = (vector.get(i) as bigint | null) ?? 0n;
    if (kind === 'timestamp') {
      const timeMs = new Float64Array(n);
      for (let i = 0; i < n; i++) timeMs[i] = Number(data[i]! / 1000n) / 1000;
      return { name, type, kind: 'bigint', data, timeMs, ...withValid };
    }
    return { name, type, kind: 'bigint', data, ...withValid };
  }
  if (vector instanceof BooleanVector) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = vector.get(i) === true ? 1 : 0;
    return { name, type, kind: 'boolean', data, ...withValid };
  }
  // Text of varchar values is the values: copied natively, then anything else fixed up. Otherwise grown by
  // push (`new Array(n)` past about 100 k elements makes a slow dictionary-mode array).
  const varchar = vector.type.kind === 'varchar';
  let data: (string | null)[];
  if (vector instanceof DictionaryVector && vector.codes.length === n) {
    // Each distinct value made text once; the rows are a lookup per code into a packed array.
    const text = vector.dictionary.map((value) =>
      value === null ? null : varchar && typeof value === 'string' ? value : valueToText(value, vector.type),
    );
    const codes = vector.codes;
    data = new Array<string | null>(n).fill(null);
    for (let i = 0; i < n; i++) data[i] = text[codes[i]!] ?? null;
  } else if (varchar && vector instanceof ValueVector && vector.values.length === n) {
    data = (fresh ? vector.values : vector.values.slice()) as (string | null)[];
    for (let i = 0; i < n; i++) {
      const value = data[i];
      if (typeof value !== 'string' && value !== null) data[i] = value === undefined ? null : valueToText(value, vector.type);
    }
  } else {
    data = [];
    for (let i = 0; i < n; i++) {
      const value: SqlValue = vector.get(i);
      data.push(value === null ? null : varchar && typeof value === 'string' ? value : valueToText(value, vector.type));
    }
  }
  return { name, type, kind: 'text', data };
}

/**
 * A dictionary column as the wire's packed text when its values take at most n / PACK_MAX_SHARE codes, else null:
 * its codes as they are when its dictionary is that small (fresh ones handed over, shared ones copied: the copy
 * may be transferred; codes are never negative), or, for a dictionary that repeats values (a coalesced batch's holds
 * each series' value), recoded onto its distinct texts in one pass over the rows, then few (at most PACK_MAX_SHARE
 * per dictionary entry).
 */
function packedText(vector: DictionaryVector, n: number, fresh: boolean): PackedColumnText | null {
  const limit = Math.max(1, Math.floor(n / PACK_MAX_SHARE));
  const { codes, dictionary, type } = vector;
  const varchar = type.kind === 'varchar';
  const text = (value: SqlValue | undefined): string | null =>
    value === null || value === undefined ? null : varchar && typeof value === 'string' ? value : valueToText(value, type);
  if (dictionary.length <= limit)
    return { codes: fresh ? new Uint32Array(codes.buffer, codes.byteOffset, n) : new Uint32Array(codes), dictionary: dictionary.map(text) };
  const distinct: (string | null)[] = [];
  const index = new Map<string | null, number>();
  const remap = new Uint32Array(dictionary.length);
  for (let d = 0; d < dictionary.length; d++) {
    const t = text(dictionary[d]);
    let code = index.get(t);
    if (code === undefined) {
      if (distinct.length === limit) return null;
      code = distinct.length;
      index.set(t, code);
      distinct.push(t);
    }
    remap[d] = code;
  }
  const packed = new Uint32Array(n);
  for (let i = 0; i < n; i++) packed[i] = remap[codes[i]!]!;
  return { codes: packed, dictionary: distinct };
}

/** A query result as typed columns (copied out of the engine's vectors, so they can be transferred). */
export function toColumnarResult(result: QueryResult, options: ColumnarOptions = {}): ColumnarResult {
  return {
    columns: result.columns.map((c, i) => {
      const fresh = freshColumn(result, i);
      return fresh
        ? toColumn(c.name, fresh, result.rowCount, true, options)
        : toColumn(c.name, result.vectors[i]!, result.rowCount, false, options);
    }),
    rowCount: result.rowCount,
    statistics: result.statistics,
  };
}
