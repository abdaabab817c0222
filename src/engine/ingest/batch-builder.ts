import type { ColumnarBatch, DictionaryColumn, IngestValueType, MeasureColumn } from './types.ts';

/**
 * The default number of rows per emitted batch. A batch of a monitoring export splits into a write per series,
 * whatever its size: 131,072 rows (about 7 MB of arrays) halve those writes against 65,536, which cost the
 * app's import ~10% of its CPU (Chromium, 64 MiB bench).
 */
export const DEFAULT_BATCH_ROWS = 131_072;

/**
 * The smallest batch tapering makes (see BatchBuilder.expectRows): half the default batch. A batch costs the
 * writer a write and a log entry per series whatever its rows (~10 ms of CPU over all threads in the Chromium
 * bench, and 150 of the 4,096 log entries between checkpoints), so the taper adds one batch to an import
 * (64 MiB bench: 116k, 66k and 51k rows for its last 233k instead of 131k and 101k).
 */
export const TAPER_MIN_ROWS = 65_536;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_POW_22 = 4_194_304;
const TWO_POW_32 = 4_294_967_296;

const NO_IDS = new Int32Array(0);

/**
 * One string column being filled: ids per row into a dictionary local to the batch. Its array is only
 * allocated when a row of the batch sets it, so a file with thousands of sparse tags or fields costs memory
 * for the columns each batch uses, not for every column ever seen.
 */
class DictionaryBuilder {
  ids: Int32Array = NO_IDS;
  used = false;
  dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  /** The bytes of the last value seen, so runs of the same value skip the decode and the Map lookup. */
  private lastBytes = new Uint8Array(64);
  private lastLength = -1;
  private lastId = -1;

  constructor(readonly name: string) {}

  use(capacity: number): void {
    this.ids = new Int32Array(capacity).fill(-1);
    this.used = true;
  }

  /** The last value given as a string, and its id: a constant dimension costs a compare per row. */
  private lastValue: string | undefined;
  private lastValueId = -1;

  idOf(value: string): number {
    if (value === this.lastValue) return this.lastValueId;
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, id);
    }
    this.lastValue = value;
    this.lastValueId = id;
    return id;
  }

  /** The id for `bytes[start, end)` when it equals the last value set through bytes, else -1. */
  lastIdFor(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length !== this.lastLength) return -1;
    const last = this.lastBytes;
    for (let k = 0; k < length; k++) if (last[k] !== bytes[start + k]) return -1;
    return this.lastId;
  }

  rememberBytes(bytes: Uint8Array, start: number, end: number, id: number): void {
    const length = end - start;
    if (length > this.lastBytes.length) this.lastBytes = new Uint8Array(Math.max(length, this.lastBytes.length * 2));
    this.lastBytes.set(bytes.subarray(start, end), 0);
    this.lastLength = length;
    this.lastId = id;
  }

  reset(): void {
    this.ids = NO_IDS;
    this.used = false;
    this.lastValue = undefined;
    this.dictionary = [];
    this.index.clear();
    this.lastLength = -1;
  }

  finish(rows: number, full: boolean): DictionaryColumn {
    return { name: this.name, ids: full ? this.ids : this.ids.slice(0, rows), dictionary: this.dictionary };
  }
}

/** One measure column being filled. */
class MeasureBuilder {
  doubles: Float64Array | undefined;
  bigints: BigInt64Array | undefined;
  /** A 32-bit view of `bigints` to store ns times without creating a BigInt per row. */
  bigintWords: Int32Array | undefined;
  booleans: Uint8Array | undefined;
  strings: (string | null)[] | undefined;
  present: Uint8Array = new Uint8Array(0);
  /** Allocated for this batch (a row set it); unused columns cost nothing and are left out of the batch. */
  used = false;

  constructor(
    readonly name: string,
    readonly type: IngestValueType,
  ) {}

  use(capacity: number): void {
    this.used = true;
    this.present = new Uint8Array(capacity);
    switch (this.type) {
      case 'DOUBLE':
        this.doubles = new Float64Array(capacity);
        break;
      case 'BIGINT':
      case 'TIMESTAMP':
        this.bigints = new BigInt64Array(capacity);
        this.bigintWords = new Int32Array(this.bigints.buffer);
        break;
      case 'BOOLEAN':
        this.booleans = new Uint8Array(capacity);
        break;
      case 'VARCHAR':
        this.strings = new Array<string | null>(capacity).fill(null);
        break;
    }
  }

  reset(): void {
    this.used = false;
    this.present = new Uint8Array(0);
    this.doubles = undefined;
    this.bigints = undefined;
    this.bigintWords = undefined;
    this.booleans = undefined;
    this.strings = undefined;
  }

  clearRow(row: number): void {
    if (!this.used) return;
    this.present[row] = 0;
    if (this.strings) this.strings[row] = null;
  }

  finish(rows: number, full: boolean): MeasureColumn {
    const present = full ? this.present : this.present.slice(0, rows);
    switch (this.type) {
      case 'DOUBLE': {
        const values = this.doubles!;
        return { name: this.name, type: 'DOUBLE', present, values: full ? values : values.slice(0, rows) };
      }
      case 'BIGINT':
      case 'TIMESTAMP': {
        const values = this.bigints!;
        return { name: this.name, type: this.type, present, values: full ? values : values.slice(0, rows) };
      }
      case 'BOOLEAN': {
        const values = this.booleans!;
        return { name: this.name, type: 'BOOLEAN', present, values: full ? values : values.slice(0, rows) };
      }
      case 'VARCHAR': {
        const values = this.strings!;
        return { name: this.name, type: 'VARCHAR', present, values: full ? values : values.slice(0, rows) };
      }
    }
  }
}

/** Writes ms + sub-ms ns as an int64 ns into two 32-bit words, exactly, for non-negative times. */
function storeNs(words: Int32Array, bigints: BigInt64Array, row: number, ms: number, subMsNs: number): void {
  if (ms >= 0 && LITTLE_ENDIAN) {
    // ns = ms * 1e6 + subMsNs, which exceeds 2^53: split ms so every partial product stays exact.
    const msHigh = Math.floor(ms / TWO_POW_22);
    const msLow = ms - msHigh * TWO_POW_22;
    const x = msHigh * 1_000_000;
    const xHigh = Math.floor(x / 1024);
    const xLow = x - xHigh * 1024;
    const low = xLow * TWO_POW_22 + msLow * 1_000_000 + subMsNs;
    const carry = Math.floor(low / TWO_POW_32);
    words[row * 2] = low - carry * TWO_POW_32;
    words[row * 2 + 1] = xHigh + carry;
    return;
  }
  bigints[row] = BigInt(ms) * 1_000_000n + BigInt(subMsNs);
}

/** Writes an integer of at most 2^53 in magnitude as an int64 into two 32-bit words (two's complement), without a BigInt. */
function storeSafeInteger(words: Int32Array, row: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  words[row * 2 + (LITTLE_ENDIAN ? 0 : 1)] = value - high * TWO_POW_32;
  words[row * 2 + (LITTLE_ENDIAN ? 1 : 0)] = high;
}

/** The shape of the rows a builder takes: fixed columns, or columns added as the data names them. */
export interface BatchShape {
  readonly batchRows: number;
  readonly multiMeasure: boolean;
  readonly measureName?: string;
  readonly withMeasureNames: boolean;
  readonly dimensions: readonly string[];
  readonly measures: readonly { readonly name: string; readonly type: IngestValueType }[];
}

/**
 * Fills columnar batches row by row. A parser writes the fields of the current row (`setTime`,
 * `setDimension…`, `setDouble`…), then either `commitRow(line)` or `discardRow()`. Full batches queue
 * up in `ready` until the importer takes them. Dimension and measure columns can be added mid-batch
 * (schema-less formats); earlier rows read as absent there.
 */
export class BatchBuilder {
  rows = 0;
  readonly ready: ColumnarBatch[] = [];
  private capacity: number;
  private times: BigInt64Array;
  private timeWords: Int32Array;
  private lines: Float64Array;
  private readonly dimensions: DictionaryBuilder[] = [];
  private readonly dimensionByName = new Map<string, number>();
  private readonly measures: MeasureBuilder[] = [];
  private readonly measureByName = new Map<string, number>();
  private readonly measureNames: DictionaryBuilder | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Measures set in the row being filled (a row without any cannot be written). */
  private measuresInRow = 0;
  /** Rows the import is expected to hold in all (estimated by the reader), for tapering; Infinity when unknown. */
  private expectedRows = Number.POSITIVE_INFINITY;
  /** Rows already moved into batches. */
  private rowsFlushed = 0;

  constructor(private readonly shape: BatchShape) {
    this.capacity = Math.max(1, shape.batchRows);
    this.times = new BigInt64Array(this.capacity);
    this.timeWords = new Int32Array(this.times.buffer);
    this.lines = new Float64Array(this.capacity);
    for (const name of shape.dimensions) this.dimensionIndex(name);
    for (const measure of shape.measures) this.measureIndex(measure.name, measure.type);
    if (shape.withMeasureNames) this.measureNames = new DictionaryBuilder('measure_name');
  }

  /** The index of a dimension column, adding it when new. */
  dimensionIndex(name: string): number {
    let index = this.dimensionByName.get(name);
    if (index === undefined) {
      index = this.dimensions.length;
      this.dimensions.push(new DictionaryBuilder(name));
      this.dimensionByName.set(name, index);
    }
    return index;
  }

  /** The type a measure column was first given, if it exists. */
  measureType(name: string): IngestValueType | undefined {
    const index = this.measureByName.get(name);
    return index === undefined ? undefined : this.measures[index]!.type;
  }

  /** The index of a measure column, adding it when new (a name keeps its first type: callers check `measureType`). */
  measureIndex(name: string, type: IngestValueType): number {
    let index = this.measureByName.get(name);
    if (index === undefined) {
      index = this.measures.length;
      this.measures.push(new MeasureBuilder(name, type));
      this.measureByName.set(name, index);
    }
    return index;
  }

  setTime(ms: number, subMsNs: number): void {
    storeNs(this.timeWords, this.times, this.rows, ms, subMsNs);
  }

  setDimension(index: number, value: string): void {
    const column = this.dimensions[index]!;
    if (!column.used) column.use(this.capacity);
    column.ids[this.rows] = column.idOf(value);
  }

  /**
   * Sets a dimension from UTF-8 bytes; returns false when they are not valid UTF-8. Repeated values
   * (the common case: a host name on every row) cost a byte compare, not a decode.
   */
  setDimensionBytes(index: number, bytes: Uint8Array, start: number, end: number): boolean {
    const column = this.dimensions[index]!;
    if (!column.used) column.use(this.capacity);
    let id = column.lastIdFor(bytes, start, end);
    if (id < 0) {
      const text = this.decodeUtf8(bytes, start, end);
      if (text === undefined) return false;
      id = column.idOf(text);
      column.rememberBytes(bytes, start, end, id);
    }
    column.ids[this.rows] = id;
    return true;
  }

  setMeasureName(value: string): void {
    const column = this.measureNames!;
    if (!column.used) column.use(this.capacity);
    column.ids[this.rows] = column.idOf(value);
  }

  setMeasureNameBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const column = this.measureNames!;
    if (!column.used) column.use(this.capacity);
    let id = column.lastIdFor(bytes, start, end);
    if (id < 0) {
      const text = this.decodeUtf8(bytes, start, end);
      if (text === undefined) return false;
      id = column.idOf(text);
      column.rememberBytes(bytes, start, end, id);
    }
    column.ids[this.rows] = id;
    return true;
  }

  /** The measure column at `index`, allocated on its first value (most files fill few of their columns). */
  private measureColumn(index: number): MeasureBuilder {
    const column = this.measures[index]!;
    if (!column.used) column.use(this.capacity);
    return column;
  }

  private markPresent(column: MeasureBuilder): void {
    column.present[this.rows] = 1;
    this.measuresInRow++;
  }

  setDouble(index: number, value: number): void {
    const column = this.measureColumn(index);
    column.doubles![this.rows] = value;
    this.markPresent(column);
  }

  setBigint(index: number, value: bigint): void {
    const column = this.measureColumn(index);
    column.bigints![this.rows] = value;
    this.markPresent(column);
  }

  /** Sets a BIGINT measure from a safe integer (|value| <= 2^53), skipping the BigInt allocation. */
  setBigintSafe(index: number, value: number): void {
    const column = this.measureColumn(index);
    storeSafeInteger(column.bigintWords!, this.rows, value);
    this.markPresent(column);
  }

  setTimestamp(index: number, ms: number, subMsNs: number): void {
    const column = this.measureColumn(index);
    storeNs(column.bigintWords!, column.bigints!, this.rows, ms, subMsNs);
    this.markPresent(column);
  }

  setBoolean(index: number, value: boolean): void {
    const column = this.measureColumn(index);
    column.booleans![this.rows] = value ? 1 : 0;
    this.markPresent(column);
  }

  setString(index: number, value: string): void {
    const column = this.measureColumn(index);
    column.strings![this.rows] = value;
    this.markPresent(column);
  }

  /** Whether any measure is set in the current row. */
  rowHasMeasure(): boolean {
    return this.measuresInRow > 0;
  }

  /** Decodes UTF-8 strictly (undefined when invalid); ASCII skips the decoder. */
  decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
    if (end - start <= 32) {
      let ascii = true;
      for (let k = start; k < end; k++) {
        if (bytes[k]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return end === start ? '' : String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    }
    try {
      return this.decoder.decode(bytes.subarray(start, end));
    } catch {
      return undefined;
    }
  }

  /**
   * Tells the builder how many rows the whole import is expected to hold (the reader's estimate from the bytes
   * left). Near the end, batches then shrink by halves, down to TAPER_MIN_ROWS: a writer on another thread
   * works on the batch before while the next is parsed, so the last batch, the one nothing overlaps, is small.
   * Applies from the next batch on; a batch is never smaller than TAPER_MIN_ROWS (or batchRows, when that is
   * smaller) nor larger than batchRows, so only the last rows' batching changes, never which rows are written.
   */
  expectRows(total: number): void {
    this.expectedRows = total;
  }

  /** Rows committed so far, in batches and in the one being filled. */
  get rowsCommitted(): number {
    return this.rowsFlushed + this.rows;
  }

  /** Rows of the next batch: batchRows, or half the rows expected to be left when that is less. */
  private nextCapacity(): number {
    const full = Math.max(1, this.shape.batchRows);
    const left = this.expectedRows - this.rowsFlushed;
    if (!(left < 2 * full)) return full;
    return Math.min(full, Math.max(Math.min(TAPER_MIN_ROWS, full), Math.ceil(left / 2)));
  }

  commitRow(line: number): void {
    this.measuresInRow = 0;
    this.lines[this.rows] = line;
    this.rows++;
    if (this.rows === this.capacity) this.flush();
  }

  discardRow(): void {
    this.measuresInRow = 0;
    const row = this.rows;
    for (const column of this.dimensions) if (column.used) column.ids[row] = -1;
    if (this.measureNames?.used) this.measureNames.ids[row] = -1;
    for (const column of this.measures) column.clearRow(row);
  }

  /** Moves the rows so far into a batch on `ready` (nothing when empty). */
  flush(): void {
    const rows = this.rows;
    if (rows === 0) return;
    const full = rows === this.capacity;
    const lines = full ? this.lines : this.lines.slice(0, rows);
    const batch: ColumnarBatch = {
      rowCount: rows,
      times: full ? this.times : this.times.slice(0, rows),
      lines,
      // Columns no row of this batch set are left out (their arrays were never allocated).
      dimensions: this.dimensions.filter((column) => column.used).map((column) => column.finish(rows, full)),
      multiMeasure: this.shape.multiMeasure,
      measures: this.measures.filter((column) => column.used).map((column) => column.finish(rows, full)),
      ...(this.measureNames?.used ? { measureNames: this.measureNames.finish(rows, full) } : {}),
      ...(this.shape.measureName !== undefined ? { measureName: this.shape.measureName } : {}),
    };
    this.ready.push(batch);
    this.rows = 0;
    this.rowsFlushed += rows;
    this.capacity = this.nextCapacity();
    this.times = new BigInt64Array(this.capacity);
    this.timeWords = new Int32Array(this.times.buffer);
    this.lines = new Float64Array(this.capacity);
    for (const column of this.dimensions) column.reset();
    this.measureNames?.reset();
    for (const column of this.measures) column.reset();
  }
}
