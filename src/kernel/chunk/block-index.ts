// The M4 block index of a chunk (format 3): per block of rows of a NULL-free double column (1,024 for
// ALP, one vector; 1,024 for raw values; 256 for Gorilla, which decodes value by value), the block's
// min and max with their rows and where the block starts in the values payload, so a pixel query
// decodes only the blocks a pixel edge cuts (assembly/m4-blocks.ts). It sits in the header, after
// the last column entry and before the header CRC (which covers it):
//
//   u16 index count k
//   when k > 0: i64 time step (rows are timeMin + i * step; 0 when the times are not evenly spaced)
//   per index: u16 column number | u16 block rows | u32 block count (= ceil(rows / block rows))
//     | block count x 24-byte records: f64 min | f64 max | u32 start | u16 row of the min
//       | u16 row of the max (0xffff for both when the block holds only NaN)
//     | Gorilla payloads only: block count x 12-byte resume states: u64 bits of the value before the
//       block | i8 window leading zeros (-1: none yet) | u8 window trailing zeros | u16 zero
//   The start is the byte offset of the block's vector (ALP) or values (raw) in the payload, or the
//   bit offset of its first value in a Gorilla stream (counted after the codec byte).
//
// Only columns of at least two blocks with no nulls and an ALP, raw or Gorilla payload get an
// index. Older chunks (formats 1 and 2) have no section and take the whole-chunk path.

import type { Kernel } from '../kernel.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import type { EncodedColumn } from './columns.ts';
import { corruptChunk } from './errors.ts';
import { CODEC } from './format.ts';
import type { ColumnHeader } from './types.ts';

/** Rows per block: one ALP vector (and raw values); fewer for Gorilla, whose blocks decode value by value. */
export const M4_BLOCK_ROWS = 1024;
export const M4_GORILLA_BLOCK_ROWS = 256;

/** Rows per block for a payload of `codec`. */
export function blockRowsFor(codec: number): number {
  return codec === CODEC.gorilla ? M4_GORILLA_BLOCK_ROWS : M4_BLOCK_ROWS;
}
export const M4_BLOCK_RECORD_BYTES = 24;
const RESUME_BYTES = 12;

/** Bytes of one column's records (and resume states) for a payload of `codec`. */
export function blockRecordsBytes(codec: number, blocks: number): number {
  return blocks * (M4_BLOCK_RECORD_BYTES + (codec === CODEC.gorilla ? RESUME_BYTES : 0));
}
/** Fewer blocks than this and the whole column is decoded anyway. */
const MIN_BLOCKS = 2;
/** Rows a column needs for an index. */
export const MIN_INDEXED_ROWS = MIN_BLOCKS * M4_BLOCK_ROWS;

/** One column's block records, as sealed (`records`) or as found in a header (`recordsOffset`). */
export interface M4BlockColumn {
  /** Index of the column in the header's column list. */
  readonly column: number;
  readonly blockRows: number;
  readonly blocks: number;
  /** Byte offset of the first record in the chunk, and bytes of the records and resume states. */
  readonly recordsOffset: number;
  readonly recordsBytes: number;
}

/** What a format-3 header says about M4 blocks (absent when no column has an index). */
export interface M4BlockIndex {
  /** The constant step between row times, or 0n when the times are not evenly spaced. */
  readonly timeStep: bigint;
  readonly columns: readonly M4BlockColumn[];
}

/** The section to write: the step and, per indexed column, its records. */
export interface M4BlockSection {
  readonly timeStep: bigint;
  readonly columns: readonly {
    readonly column: number;
    readonly blockRows: number;
    readonly blocks: number;
    readonly records: Uint8Array;
  }[];
}

/** Whether a column gets an index: doubles without nulls, at least two blocks, a per-block payload. */
export function wantsBlockIndex(column: EncodedColumn, rows: number): boolean {
  return (
    column.type === 'double' &&
    column.nullCount === 0 &&
    rows >= MIN_INDEXED_ROWS &&
    (column.codec === CODEC.alp || column.codec === CODEC.raw || column.codec === CODEC.gorilla)
  );
}

export function writeBlockSection(w: ByteWriter, section: M4BlockSection | undefined): void {
  const columns = section?.columns ?? [];
  w.u16(columns.length);
  if (section === undefined || columns.length === 0) return;
  w.i64(section.timeStep);
  for (const { column, blockRows, blocks, records } of columns) {
    w.u16(column);
    w.u16(blockRows);
    w.u32(blocks);
    w.bytes(records);
  }
}

/**
 * Reads the section (the reader stands after the last column entry) and checks its shape: known
 * block rows, each column named once, a NULL-free double, with ceil(rows / block rows) records.
 * The records themselves are checked where they are used (the kernel reports a bad one as corrupt).
 */
export function readBlockSection(r: ByteReader, columns: readonly ColumnHeader[], rows: number): M4BlockIndex | undefined {
  const countAt = r.offset;
  const count = r.u16('M4 block index count');
  if (count === 0) return undefined;
  if (count > columns.length) throw corruptChunk(countAt, `${count} M4 block indexes for ${columns.length} columns`);
  const stepAt = r.offset;
  const timeStep = r.i64('M4 time step');
  if (timeStep < 0n) throw corruptChunk(stepAt, 'a negative time step');
  const out: M4BlockColumn[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < count; k++) {
    const at = r.offset;
    const column = r.u16('M4 block column');
    const blockRows = r.u16('M4 block rows');
    const blocks = r.u32('M4 block count');
    const target = columns[column];
    if (target === undefined || seen.has(column))
      throw corruptChunk(at, `M4 block index for column ${column}, which is not there or named twice`);
    seen.add(column);
    if (target.type !== 'double' || target.nullCount !== 0)
      throw corruptChunk(at, `M4 block index for column "${target.name}", which is not a NULL-free double`);
    if (blockRows === 0 || blockRows > M4_BLOCK_ROWS) throw corruptChunk(at + 2, `M4 blocks of ${blockRows} rows`);
    if (blocks !== Math.ceil(rows / blockRows)) throw corruptChunk(at + 4, `${blocks} M4 blocks for ${rows} rows`);
    const recordsOffset = r.offset;
    r.slice(blockRecordsBytes(target.codec, blocks), 'M4 block records');
    out.push({ column, blockRows, blocks, recordsOffset, recordsBytes: blockRecordsBytes(target.codec, blocks) });
  }
  return { timeStep, columns: out };
}

/** Bytes the section takes in a header. */
export function blockSectionBytes(index: M4BlockIndex | undefined): number {
  if (index === undefined) return 2;
  let bytes = 2 + 8;
  for (const c of index.columns) bytes += 8 + c.recordsBytes;
  return bytes;
}

/**
 * The section for `n` sealed rows in time order with the times' constant step (0n when uneven):
 * records for each column that wants them (made by the encoder from the values for ALP and raw
 * payloads; otherwise the kernel walks the payload, decoding it, to find where blocks start and
 * their min and max).
 */
export function buildBlockSection(
  kernel: Kernel,
  n: number,
  timeStep: bigint,
  encoded: readonly EncodedColumn[],
): M4BlockSection | undefined {
  const columns: { column: number; blockRows: number; blocks: number; records: Uint8Array }[] = [];
  for (const [c, column] of encoded.entries()) {
    if (!wantsBlockIndex(column, n)) continue;
    const blockRows = blockRowsFor(column.codec);
    const blocks = Math.ceil(n / blockRows);
    // Made by the encoder from the values it held (ALP and raw payloads): nothing to decode.
    if (column.blockRecords !== undefined && blockRows === M4_BLOCK_ROWS) {
      columns.push({ column: c, blockRows, blocks, records: column.blockRecords });
      continue;
    }
    // A payload the encoder left in kernel memory is read where it is.
    const copied = column.payload instanceof Uint8Array;
    const payload = column.payload instanceof Uint8Array ? kernel.copyIn(column.payload) : column.payload.ptr;
    const bytes = blockRecordsBytes(column.codec, blocks);
    const out = kernel.alloc(bytes);
    try {
      if (kernel.exports.m4BlockIndex(n, payload, column.payload.length, blockRows, out) === 1)
        columns.push({ column: c, blockRows, blocks, records: kernel.copyOutBytes(out, bytes) });
    } finally {
      kernel.free(out);
      if (copied) kernel.free(payload);
    }
  }
  return columns.length === 0 ? undefined : { timeStep, columns };
}
