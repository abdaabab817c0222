import { decodeColumn } from '../chunk/columns.ts';
import { decodeTimesAt, type LoadedChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { ChunkHeader, ColumnHeader, DecodedColumn } from '../chunk/types.ts';
import { decodeInt64At } from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { sameNames, verifiedChunk } from './range-buckets.ts';
import { residentChunks } from './resident-chunks.ts';

/** A comparison of a double column with a constant, as SQL writes it. */
export type ValueComparison = '<' | '<=' | '>' | '>=' | '=' | '<>';

/** `column op value` on a double column: null rows never pass; NaN passes only `<>` (IEEE, as SQL compares doubles). */
export interface ValueFilter {
  readonly column: string;
  readonly op: ValueComparison;
  readonly value: number;
}

/** filterF64's operator codes (assembly/filter.ts). */
const OPS: Record<ValueComparison, number> = { '<': 0, '<=': 1, '>': 2, '>=': 3, '=': 4, '<>': 5 };

/** One value against one filter, with IEEE comparisons. */
export function valuePasses(v: number, filter: ValueFilter): boolean {
  const c = filter.value;
  switch (filter.op) {
    case '<':
      return v < c;
    case '<=':
      return v <= c;
    case '>':
      return v > c;
    case '>=':
      return v >= c;
    case '=':
      return v === c;
    case '<>':
      return v !== c;
  }
}

/**
 * Whether a chunk may hold a row that passes every filter, from its header alone (the column's min and
 * max, which ignore NaN): false lets a scan skip the chunk without decoding it. A column the chunk lacks,
 * or holds only nulls, passes nothing.
 */
export function chunkMayPass(header: ChunkHeader, filters: readonly ValueFilter[]): boolean {
  for (const f of filters) {
    const column = header.columns.find((c) => c.name === f.column);
    if (column?.type !== 'double' || !column.stats) return false;
    const { min, max } = column.stats;
    // min and max are NaN only when every present value is NaN, which passes only <>.
    if (Number.isNaN(min)) {
      if (f.op !== '<>') return false;
      continue;
    }
    const c = f.value;
    switch (f.op) {
      case '<':
        if (!(min < c)) return false;
        break;
      case '<=':
        if (!(min <= c)) return false;
        break;
      case '>':
        if (!(max > c)) return false;
        break;
      case '>=':
        if (!(max >= c)) return false;
        break;
      case '=':
        if (!(min <= c && c <= max)) return false;
        break;
      case '<>':
        // A NaN row (not in min/max) would pass: never skipped.
        break;
    }
  }
  return true;
}

/** The rows of a chunk that passed: their times and the asked-for columns (undefined where the chunk lacks one). */
export interface FilteredRows {
  readonly times: BigInt64Array;
  readonly columns: (DecodedColumn | undefined)[];
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Chunks (by their bytes, as verifiedChunk keeps them) whose decoded times were found sorted and matching the
 * header, with their constant step when evenly spaced (0n otherwise): a later unfiltered range read of such a
 * chunk finds its rows and their times by arithmetic instead of decoding every time in it.
 */
const timesChecked = new WeakMap<Uint8Array, TimesMemo>();

/** A checked chunk's time step, and whether the last column list rangeRowCount was asked for is placeable in it. */
interface TimesMemo {
  readonly step: bigint;
  /** The names last asked for (a scan asks the same strings of a chunk query after query), null before. */
  names: readonly string[] | null;
  /** Whether each of `names` is a column of the chunk with 8-byte values and no NULLs. */
  placeable: boolean;
}

/**
 * How many rows an unfiltered read of [from, to) finds in the chunk, by arithmetic, when a range lookup of
 * readPointBatch can read them into a place sized for them: a chunk read before whose times are evenly spaced,
 * and every named column present with 8-byte values and no NULLs. -1 otherwise (the read then finds out itself).
 * `header` is the chunk's header as its owner read it from these bytes.
 */
export function rangeRowCount(bytes: Uint8Array, header: ChunkHeader, from: bigint, to: bigint, columns: readonly string[]): number {
  const memo = timesChecked.get(bytes);
  if (memo === undefined || memo.step <= 0n || !LITTLE_ENDIAN) return -1;
  const step = memo.step;
  // Checked again only for other names: the header's column list is another few objects to fetch per chunk.
  if (memo.names === null || !sameNames(memo.names, columns)) {
    memo.placeable = columns.every((name) => {
      const column = header.columns.find((c) => c.name === name);
      return column !== undefined && inKernel(column);
    });
    memo.names = columns.slice();
  }
  if (!memo.placeable) return -1;
  const count = header.count;
  const start = header.timeMin >= from ? 0 : rowByStep(header.timeMin, step, count, from);
  const end = header.timeMax < to ? count : rowByStep(header.timeMin, step, count, to);
  return Math.max(0, end - start);
}

/**
 * Late materialisation over one chunk: decodes the times and the first filter's column into kernel memory,
 * selects the rows in [from, to) that pass with the kernel's filter, refines the selection with the other
 * filters, and only then decodes the asked-for columns, gathering just the selected rows. Columns without
 * nulls never leave kernel memory whole. The chunk's checksums and its times' order are verified as decodeChunk
 * does, the first time these bytes are met (chunks are immutable: a rewrite is new bytes).
 */
export function filterChunkRows(
  kernel: Kernel,
  bytes: Uint8Array,
  from: bigint,
  to: bigint,
  filters: readonly ValueFilter[],
  columns: readonly string[],
  points?: BigInt64Array,
): FilteredRows {
  // Checked once per chunk (header and body checksum), as the range pass checks it; then only copied in
  // (a join back reads a chunk per series per query).
  const residents = residentChunks(kernel);
  residents.beginBatch();
  const { header: checked } = verifiedChunk(kernel, bytes);
  const resident = residents.address(bytes);
  const copied = resident !== 0 ? 0 : kernel.copyIn(bytes);
  const chunk: LoadedChunk = {
    header: checked,
    bytes,
    base: resident !== 0 ? resident : copied,
    release: () => {
      if (copied !== 0) kernel.free(copied);
    },
  };
  const { header, base } = chunk;
  const count = header.count;
  const blocks: number[] = [];
  try {
    const timesAt = kernel.alloc(count * 8 + 16);
    blocks.push(timesAt);
    const valuesAt = kernel.alloc(count * 8 + 16);
    blocks.push(valuesAt);
    const selectionAt = kernel.alloc(count * 4 + 16);
    blocks.push(selectionAt);
    const timeWords = (): Int32Array => new Int32Array(kernel.bytes().buffer, timesAt, count * 2);
    const known = timesChecked.get(bytes)?.step;
    // Evenly spaced times of a checked chunk, read in range without filters: no times decoded (see rangeByStep).
    const step = known !== undefined && known > 0n && !points && filters.length === 0 && LITTLE_ENDIAN ? known : 0n;
    if (step === 0n) {
      decodeTimesAt(kernel, chunk, timesAt);
      // The same verified bytes decode to the same times: their order is checked the first time only.
      if (known === undefined) recordTimes(kernel, bytes, header, timesAt);
    }
    const rowOf = (t: bigint): number => (step === 0n ? lowerBoundWords(timeWords(), count, t) : rowByStep(header.timeMin, step, count, t));
    const start = header.timeMin >= from ? 0 : rowOf(from);
    const end = header.timeMax < to ? count : rowOf(to);

    /**
     * A column's values as a JS array of the chunk's rows, or null when its first `rows` rows sit in kernel memory
     * at valuesAt (a double column is decoded only as far as the vector holding the last row wanted).
     */
    let atValues: string | null = null;
    let atRows = 0;
    /** Where a column's payload sits in kernel memory, once its first byte is checked against its codec. */
    const locate = (column: ColumnHeader) => {
      if (bytes[column.payloadOffset] !== column.codec || column.payloadLength < 1)
        throw corruptChunk(column.payloadOffset, `column "${column.name}" payload does not start with its codec id ${column.codec}`);
      return { address: base + column.payloadOffset, length: column.payloadLength, baseAddress: base };
    };
    /** The error for a payload the kernel found corrupt, at the byte where it stopped. */
    const invalid = (column: ColumnHeader) =>
      corruptChunk(Math.max(0, kernel.exports.lastErrorAddress() - base), `column "${column.name}" payload is invalid`);
    const load = (column: ColumnHeader, rows: number): DecodedColumn | null => {
      if (column.name === atValues && atRows >= rows) return null;
      atValues = null;
      if (inKernel(column)) {
        const location = locate(column);
        if (column.type === 'double') {
          if (kernel.exports.decodeFloat64Prefix(location.address, location.length, count, rows, valuesAt) !== 1) throw invalid(column);
        } else decodeInt64At(kernel, location, count, valuesAt, `column "${column.name}"`);
        atValues = column.name;
        atRows = column.type === 'double' ? rows : count;
        return null;
      }
      locate(column);
      return decodeColumn(
        kernel,
        bytes,
        base,
        {
          ...column,
          trueCount: column.type === 'boolean' ? (column.stats?.trueCount ?? 0) : 0,
          distinctCount: column.type === 'varchar' ? column.distinctCount : 0,
        },
        count,
      );
    };
    const find = (name: string) => header.columns.find((c) => c.name === name);

    if (!points && filters.length === 0) {
      // The rows in range, unfiltered, copied out as runs next to the times' run: a double column gathered from
      // only the vectors holding those rows (into timesAt, free once the times are out), an integer column
      // decoded whole, as the selection path does.
      const k = Math.max(0, end - start);
      const wanted = columns.map(find);
      let used = 0;
      const slots = wanted.map((c) => (c && inKernel(c) ? ++used : 0));
      if (k === 0) return { times: new BigInt64Array(0), columns: wanted.map((c) => c && emptyColumn(c)) };
      const { buffer, offset } = reserve(k * 8 * (1 + used));
      // Slot s's rows: side by side in a buffer of this chunk's own.
      const slotAt = (slot: number) => offset + slot * k * 8;
      const copyRun = (from: number, slot: number) =>
        new Uint8Array(buffer, slotAt(slot), k * 8).set(new Uint8Array(kernel.bytes().buffer, from, k * 8));
      if (step === 0n) copyRun(timesAt + start * 8, 0);
      else timesByStep(new Int32Array(buffer, slotAt(0), k * 2), header.timeMin + BigInt(start) * step, step);
      let selected = false;
      const out = wanted.map((column, i): DecodedColumn | undefined => {
        if (!column) return undefined;
        const slot = slots[i] as number;
        if (slot === 0) return takeRows(load(column, end) as DecodedColumn, rangeSelection(start, end));
        const location = locate(column);
        if (column.type === 'double') {
          if (!selected) {
            const selection = new Int32Array(kernel.bytes().buffer, selectionAt, k);
            for (let r = 0; r < k; r++) selection[r] = start + r;
            selected = true;
          }
          if (kernel.exports.gatherFloat64Rows(location.address, location.length, count, selectionAt, k, timesAt, valuesAt) !== 1)
            throw invalid(column);
          copyRun(timesAt, slot);
        } else {
          decodeInt64At(kernel, location, count, valuesAt, `column "${column.name}"`);
          copyRun(valuesAt + start * 8, slot);
        }
        const at = slotAt(slot);
        const values = column.type === 'double' ? new Float64Array(buffer, at, k) : new BigInt64Array(buffer, at, k);
        return { name: column.name, type: column.type, values } as DecodedColumn;
      });
      return { times: new BigInt64Array(buffer, slotAt(0), k), columns: out };
    }

    let selection: Int32Array;
    let first: ValueFilter | undefined = filters[0];
    let rest: readonly ValueFilter[] = filters.slice(1);
    if (points) {
      // Point lookups: the rows at the given times (found in the kernel), then every filter row by row.
      selection = pointRows(kernel, timesAt, start, end, points, selectionAt, blocks);
      rest = filters;
      first = undefined;
    } else if (first === undefined || start >= end) selection = rangeSelection(start, Math.max(start, end));
    else {
      const column = find(first.column);
      if (column?.type !== 'double') selection = new Int32Array(0);
      else {
        const js = load(column, end);
        if (js === null) {
          const passed = kernel.exports.filterF64(valuesAt + start * 8, 0, end - start, OPS[first.op], first.value, 0, selectionAt);
          selection = scratchSelection(passed);
          const selected = new Int32Array(kernel.bytes().buffer, selectionAt, passed);
          for (let i = 0; i < passed; i++) selection[i] = (selected[i] as number) + start;
        } else selection = refine(rangeSelection(start, end), js, first);
      }
    }
    for (const f of rest) {
      if (selection.length === 0) break;
      const column = find(f.column);
      if (column?.type !== 'double') {
        selection = new Int32Array(0);
        break;
      }
      const js = load(column, lastRow(selection) + 1);
      if (js === null) {
        const values = new Float64Array(kernel.bytes().buffer, valuesAt, count);
        let k = 0;
        for (let i = 0; i < selection.length; i++) {
          const row = selection[i] as number;
          if (valuePasses(values[row] as number, f)) selection[k++] = row;
        }
        selection = selection.subarray(0, k);
      } else selection = refine(selection, js, f);
    }

    // The selection goes into the kernel once. The times and every column kept there (no nulls, 8-byte values)
    // are gathered side by side into one region and copied out as one buffer: a chunk's answer is one
    // allocation instead of one per column (a selective scan makes thousands of small answers per query).
    const k = selection.length;
    const wanted = columns.map(find);
    if (k === 0) return { times: new BigInt64Array(0), columns: wanted.map((c) => c && emptyColumn(c)) };
    new Int32Array(kernel.bytes().buffer, selectionAt, k).set(selection);
    // Slot 0 holds the times; slots[i] > 0 is column i's, 0 for a column the kernel does not hold.
    let used = 0;
    const slots = wanted.map((c) => (c && inKernel(c) ? ++used : 0));
    const regionAt = kernel.alloc(k * 8 * (1 + used) + 16);
    blocks.push(regionAt);
    kernel.exports.gather64(timesAt, selectionAt, k, regionAt);
    for (const [i, column] of wanted.entries()) {
      const slot = slots[i] as number;
      if (!column || slot === 0) continue;
      const dst = regionAt + slot * k * 8;
      if (column.name === atValues) {
        // The filter column, decoded past the last selected row.
        kernel.exports.gather64(valuesAt, selectionAt, k, dst);
        continue;
      }
      const location = locate(column);
      // valuesAt is the scratch of both paths below: what it held is gone.
      atValues = null;
      if (column.type === 'double') {
        // Only the vectors holding a selected row are decoded.
        if (kernel.exports.gatherFloat64Rows(location.address, location.length, count, selectionAt, k, dst, valuesAt) !== 1)
          throw invalid(column);
      } else {
        decodeInt64At(kernel, location, count, valuesAt, `column "${column.name}"`);
        kernel.exports.gather64(valuesAt, selectionAt, k, dst);
      }
    }
    const { buffer, offset } = copyOut(kernel, regionAt, k * 8 * (used + 1));
    const slotAt = (slot: number) => offset + slot * k * 8;
    const times = new BigInt64Array(buffer, slotAt(0), k);
    const out = wanted.map((column, i): DecodedColumn | undefined => {
      if (!column) return undefined;
      const slot = slots[i] as number;
      if (slot > 0) {
        const at = slotAt(slot);
        const values = column.type === 'double' ? new Float64Array(buffer, at, k) : new BigInt64Array(buffer, at, k);
        return { name: column.name, type: column.type, values } as DecodedColumn;
      }
      return takeRows(load(column, lastRow(selection) + 1) as DecodedColumn, selection);
    });
    return { times, columns: out };
  } finally {
    for (const block of blocks) kernel.free(block);
    chunk.release();
  }
}

/**
 * The rows in [start, end) of the decoded times at `timesAt` whose time is one of `points` (sorted), found by the
 * kernel (see assembly/point-rows.ts) into `selectionAt` (room for every row), and copied out: the filters after
 * it may narrow the selection before it goes back in. The points' kernel copy is freed with `blocks`.
 */
function pointRows(
  kernel: Kernel,
  timesAt: number,
  start: number,
  end: number,
  points: BigInt64Array,
  selectionAt: number,
  blocks: number[],
): Int32Array {
  if (start >= end || points.length === 0) return new Int32Array(0);
  const pointsAt = kernel.copyIn(points);
  blocks.push(pointsAt);
  const k = kernel.exports.pointRows(timesAt, start, end, pointsAt, points.length, selectionAt);
  const selection = scratchSelection(k);
  selection.set(new Int32Array(kernel.bytes().buffer, selectionAt, k));
  return selection;
}

/**
 * Checks a chunk's decoded times (at `timesAt`) as decodeChunk does, sorted and agreeing with the header, and
 * keeps their constant step (0n when uneven) for its bytes; returns the step.
 */
function recordTimes(kernel: Kernel, bytes: Uint8Array, header: ChunkHeader, timesAt: number): bigint {
  const count = header.count;
  const unsorted = kernel.exports.firstUnsortedI64(timesAt, count);
  if (unsorted < count) throw corruptChunk(header.timePayloadOffset, `row times are not sorted at row ${unsorted}`);
  checkEnds(header, new Int32Array(kernel.bytes().buffer, timesAt, count * 2));
  const step = count >= 2 ? BigInt.asIntN(64, kernel.exports.regularTimeStep(timesAt, count)) : 0n;
  timesChecked.set(bytes, { step, names: null, placeable: false });
  return step;
}

/**
 * The constant step of a verified chunk's times (0n when uneven), their order and ends checked the first time
 * these bytes are met (decoded from the chunk's copy at `base` in kernel memory; afterwards nothing is read).
 */
export function checkedTimeStep(kernel: Kernel, bytes: Uint8Array, header: ChunkHeader, base: number): bigint {
  const known = timesChecked.get(bytes);
  if (known !== undefined) return known.step;
  const timesAt = kernel.alloc(header.count * 8 + 16);
  try {
    decodeTimesAt(kernel, { header, bytes, base, release: () => {} }, timesAt);
    return recordTimes(kernel, bytes, header, timesAt);
  } finally {
    kernel.free(timesAt);
  }
}

/** Below this many ns (104 days) past a chunk's first time, rowByStep divides in doubles. */
const EXACT_IN_DOUBLES = 2n ** 53n;

/** The first of `count` evenly spaced times from timeMin by step that is >= t (count when none), as lowerBoundWords finds it. */
function rowByStep(timeMin: bigint, step: bigint, count: number, t: bigint): number {
  if (t <= timeMin) return 0;
  const d = t - timeMin;
  if (d < EXACT_IN_DOUBLES) {
    // d is exact as a double, and so is step (or step is past d and the answer 1). A quotient that is a whole
    // number comes out exact; another is at least 1 / step above the whole number k below it, more than half a
    // double's spacing there (k * step <= d < 2^53), so it never rounds down onto k: its ceiling is the row.
    // One BigInt made instead of five.
    return Math.min(count, Math.ceil(Number(d) / Number(step)));
  }
  const row = (d + step - 1n) / step;
  return row >= BigInt(count) ? count : Number(row);
}

/**
 * Writes first, first + step, ... into `words` as little-endian (low, high) 32-bit halves, adding with a carry
 * instead of a BigInt per row. Every value written is a time of the chunk, so the high half never overflows.
 */
function timesByStep(words: Int32Array, first: bigint, step: bigint): void {
  let lo = Number(BigInt.asUintN(32, first));
  let hi = Number(BigInt.asIntN(32, first >> 32n));
  const stepLo = Number(BigInt.asUintN(32, step));
  const stepHi = Number(step >> 32n);
  for (let i = 0; i < words.length; i += 2) {
    words[i] = lo;
    words[i + 1] = hi;
    lo += stepLo;
    hi += stepHi;
    if (lo >= 4294967296) {
      lo -= 4294967296;
      hi += 1;
    }
  }
}

/** Blocks small answers are copied into, one after another (see copyOut). */
const BLOCK_BYTES = 1 << 17;
/** Answers larger than this get a buffer of their own. */
const SHARED_BELOW = 1 << 14;
let block = new ArrayBuffer(0);
let blockUsed = 0;

/**
 * A chunk's answer copied out of kernel memory. Small answers (a window's few hundred rows of a chunk) go one
 * after another into a shared block instead of a buffer each: a buffer is an off-heap allocation the GC
 * tracks, which cost more than the copy. The views over a block are never transferred whole (transferables
 * takes only views that span their buffer), and a block lives as long as any answer in it.
 */
function copyOut(kernel: Kernel, from: number, bytes: number): { buffer: ArrayBuffer; offset: number } {
  if (bytes >= SHARED_BELOW) return { buffer: kernel.bytes().buffer.slice(from, from + bytes) as ArrayBuffer, offset: 0 };
  const place = reserve(bytes);
  new Uint8Array(place.buffer, place.offset, bytes).set(new Uint8Array(kernel.bytes().buffer, from, bytes));
  return place;
}

/** Room for an answer of `bytes` (a multiple of 8): in the shared block when small, else a buffer of its own. */
function reserve(bytes: number): { buffer: ArrayBuffer; offset: number } {
  if (bytes >= SHARED_BELOW) return { buffer: new ArrayBuffer(bytes), offset: 0 };
  if (blockUsed + bytes > block.byteLength) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const offset = blockUsed;
  // Every answer starts 8-byte aligned (its views are 64-bit arrays).
  blockUsed += bytes;
  return { buffer: block, offset };
}

/** Whether a column's values are decoded and gathered in kernel memory: 8-byte values without nulls. */
function inKernel(column: ColumnHeader): boolean {
  return column.nullCount === 0 && column.type !== 'boolean' && column.type !== 'varchar';
}

/** The last row of an ascending selection (-1 when empty). */
function lastRow(selection: Int32Array): number {
  return selection.length === 0 ? -1 : (selection[selection.length - 1] as number);
}

/**
 * The selection's storage, reused by every call: a selection lives only within one filterChunkRows (the rows
 * it returns are gathered into fresh arrays), and a typed array of its own per chunk is an off-heap allocation
 * that cost more than the loop filling it.
 */
let scratch = new Int32Array(8192);

function scratchSelection(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
  return scratch.subarray(0, n);
}

function rangeSelection(start: number, end: number): Int32Array {
  const out = scratchSelection(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** The selected rows whose (present) value passes `f`. */
function refine(selection: Int32Array, column: DecodedColumn, f: ValueFilter): Int32Array {
  if (column.type !== 'double') return new Int32Array(0);
  const { values, validity } = column;
  let k = 0;
  for (let i = 0; i < selection.length; i++) {
    const row = selection[i] as number;
    if ((!validity || validity[row] === 1) && valuePasses(values[row] as number, f)) selection[k++] = row;
  }
  return selection.subarray(0, k);
}

/** The value of the 8-byte element at `i` as a signed 64-bit integer, compared as (high signed, low unsigned). */
function compareAt(words: Int32Array, i: number, hi: number, lo: number): number {
  const h = words[2 * i + (LITTLE_ENDIAN ? 1 : 0)] as number;
  if (h !== hi) return h < hi ? -1 : 1;
  const l = (words[2 * i + (LITTLE_ENDIAN ? 0 : 1)] as number) >>> 0;
  return l === lo ? 0 : l < lo ? -1 : 1;
}

/** First row whose time is >= t, over the times as 32-bit halves (reading a BigInt64Array allocates a BigInt per read). */
function lowerBoundWords(words: Int32Array, count: number, t: bigint): number {
  const hi = Number(BigInt.asIntN(32, t >> 32n));
  const lo = Number(BigInt.asUintN(32, t));
  let a = 0;
  let b = count;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (compareAt(words, mid, hi, lo) < 0) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** The other checks decodeChunk makes on the times: the first and last agree with the header. */
function checkEnds(header: ChunkHeader, words: Int32Array): void {
  const n = header.count;
  if (n === 0) return;
  const H = LITTLE_ENDIAN ? 1 : 0;
  const at = (i: number) => BigInt.asIntN(64, (BigInt(words[2 * i + H] as number) << 32n) | BigInt((words[2 * i + 1 - H] as number) >>> 0));
  if (at(0) !== header.timeMin || at(n - 1) !== header.timeMax)
    throw corruptChunk(header.timePayloadOffset, 'row times disagree with the header time range');
}

function emptyColumn(column: ColumnHeader): DecodedColumn {
  switch (column.type) {
    case 'double':
      return { name: column.name, type: 'double', values: new Float64Array(0) };
    case 'bigint':
    case 'timestamp':
      return { name: column.name, type: column.type, values: new BigInt64Array(0) };
    case 'boolean':
      return { name: column.name, type: 'boolean', values: new Uint8Array(0) };
    case 'varchar':
      return { name: column.name, type: 'varchar', values: [] };
  }
}

/** The rows at `selection` of a decoded column. */
function takeRows(column: DecodedColumn, selection: Int32Array): DecodedColumn {
  const n = selection.length;
  if (column.type === 'varchar')
    return { name: column.name, type: 'varchar', values: Array.from(selection, (r) => column.values[r] ?? null) };
  const values = new (column.values.constructor as new (n: number) => Float64Array | BigInt64Array | Uint8Array)(n);
  const source = column.values as unknown as { [i: number]: number | bigint };
  const target = values as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < n; i++) target[i] = source[selection[i] as number] as number | bigint;
  let validity: Uint8Array | undefined;
  if (column.validity) {
    validity = new Uint8Array(n);
    for (let i = 0; i < n; i++) validity[i] = column.validity[selection[i] as number] as number;
  }
  return { name: column.name, type: column.type, values, ...(validity ? { validity } : {}) } as DecodedColumn;
}
