import { M4_BLOCK_RECORD_BYTES, type M4BlockColumn, type M4BlockIndex } from '../chunk/block-index.ts';
import { loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import { CODEC } from '../chunk/format.ts';
import type { ChunkHeader, ColumnHeader, NumericStats } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import type { M4Result } from './m4.ts';
import { mergeM4Piece } from './m4-merge.ts';

const PIECE_BYTES = 72;
/** Decoders may read a little past a vector's end (whole words): zeroed room after the payload copy. */
const SLACK = 64;

const PARAMS_BYTES = 64;
/** Scratch blocks up to this size are kept between calls (an 8,192-row chunk on 1,000 pixels needs about 150 kB). */
const KEEP_SCRATCH_BYTES = 4 << 20;
const align = (x: number) => (x + 7) & ~7;

/**
 * One scratch block per kernel, kept between calls and grown when a chunk needs more (an edge chunk
 * costs no allocation), with views over the kernel's memory kept until it grows. Nothing else runs
 * between taking and using it (single-threaded, no callbacks), so two calls never share it.
 */
interface Scratch {
  address: number;
  bytes: number;
  buffer: ArrayBufferLike;
  u8: Uint8Array;
  i32: Int32Array;
  f64: Float64Array;
  i64: BigInt64Array;
}
const scratchOf = new WeakMap<Kernel, Scratch>();
function scratch(kernel: Kernel, bytes: number): Scratch {
  let held = scratchOf.get(kernel);
  if (held === undefined || held.bytes < bytes) {
    if (held) kernel.free(held.address);
    const size = Math.max(bytes, 256 * 1024);
    const address = kernel.alloc(size);
    held = {
      address,
      bytes: size,
      buffer: new ArrayBuffer(0),
      u8: new Uint8Array(0),
      i32: new Int32Array(0),
      f64: new Float64Array(0),
      i64: new BigInt64Array(0),
    };
    scratchOf.set(kernel, held);
  }
  return views(kernel, held);
}
function views(kernel: Kernel, held: Scratch): Scratch {
  const u8 = kernel.bytes();
  if (held.buffer !== u8.buffer) {
    held.buffer = u8.buffer;
    held.u8 = u8;
    held.i32 = new Int32Array(u8.buffer);
    held.f64 = new Float64Array(u8.buffer);
    held.i64 = new BigInt64Array(u8.buffer);
  }
  return held;
}

/** Chunk bytes whose body checksum was verified once (chunks are immutable once sealed). */
const verified = new WeakSet<Uint8Array>();

/**
 * Adds the rows of one double column of a chunk lying in [from, to) to `into` (M4, the kernel's
 * rules: the same result as `m4Values` over the decoded rows) from the chunk's M4 block index
 * (format 3): only the blocks a pixel edge cuts, plus the blocks holding each run's first and last
 * rows, are copied into the kernel and decoded; the blocks lying wholly inside a pixel give their
 * min and max from their records. Times are computed when the header says they are evenly
 * spaced, else decoded (times only, no values). Returns false, having done nothing, when the
 * chunk has no index for the column (older formats, nulls, other codecs): decode it whole then.
 *
 * `header` must be the chunk's own header (as read when it was sealed or loaded). The body
 * checksum is verified on the first call for a given `bytes` object, which must not change
 * afterwards (sealed chunks never do).
 */
export function m4ChunkBlocks(
  kernel: Kernel,
  bytes: Uint8Array,
  header: ChunkHeader,
  column: string,
  from: bigint,
  to: bigint,
  into: M4Result,
): boolean {
  const index = header.m4Blocks;
  if (index === undefined) return false;
  let c = -1;
  for (let k = 0; k < header.columns.length; k++) if ((header.columns[k] as ColumnHeader).name === column) c = k;
  let entry: M4BlockColumn | undefined;
  for (const e of index.columns) if (e.column === c) entry = e;
  const col = header.columns[c];
  if (entry === undefined || col === undefined || col.type !== 'double' || col.nullCount !== 0) return false;
  const stats = col.stats;
  if (stats === undefined) return false;
  const n = header.count;
  if (!verified.has(bytes)) {
    const loaded = loadChunk(kernel, bytes);
    loaded.release();
    if (loaded.header.bodyChecksum !== header.bodyChecksum) throw corruptChunk(0, 'the chunk does not match the header given with it');
    verified.add(bytes);
  }
  const { spec } = into;
  const step = index.timeStep;
  const even = step > 0n;
  if (even && header.timeMin + BigInt(n - 1) * step !== header.timeMax)
    throw corruptChunk(header.headerLength, 'the M4 time step disagrees with the header time range');
  const blocks = entry.blocks;
  const maxPieces = Math.min(n, spec.pixels);
  const timesBytes = even ? 0 : align(n * 8 + SLACK);
  const timePayloadBytes = even ? 0 : align(header.timePayloadLength + SLACK);
  const payloadLength = col.payloadLength;
  const recordBytes = entry.recordsBytes;
  // Layout of the scratch block: params | pieces | records | needs | times | time payload | values payload.
  const records = PARAMS_BYTES + maxPieces * PIECE_BYTES;
  const needs = align(records + recordBytes);
  const timesAt = align(needs + blocks);
  const timePayloadAt = timesAt + timesBytes;
  const payloadAt = timePayloadAt + timePayloadBytes;
  try {
    return blocksInto(kernel, bytes, header, col, stats, entry, from, to, into, {
      pieces: PARAMS_BYTES,
      records,
      needs,
      timesAt,
      timePayloadAt,
      payloadAt,
      size: payloadAt + payloadLength + SLACK,
    });
  } finally {
    // A scratch grown for an unusually big chunk or pixel width is not kept.
    const held = scratchOf.get(kernel);
    if (held && held.bytes > KEEP_SCRATCH_BYTES) {
      kernel.free(held.address);
      scratchOf.delete(kernel);
    }
  }
}

/** Where things go in the scratch block (byte offsets from its start), and its size. */
interface Layout {
  readonly pieces: number;
  readonly records: number;
  readonly needs: number;
  readonly timesAt: number;
  readonly timePayloadAt: number;
  readonly payloadAt: number;
  readonly size: number;
}

/** The work of `m4ChunkBlocks` once the chunk is known to carry an index for the column. */
function blocksInto(
  kernel: Kernel,
  bytes: Uint8Array,
  header: ChunkHeader,
  col: ColumnHeader & { readonly type: 'double' },
  stats: NumericStats<number>,
  entry: M4BlockColumn,
  from: bigint,
  to: bigint,
  into: M4Result,
  layout: Layout,
): boolean {
  const { pieces, records, needs, timesAt, timePayloadAt, payloadAt } = layout;
  const { spec } = into;
  const n = header.count;
  const step = (header.m4Blocks as M4BlockIndex).timeStep;
  const even = step > 0n;
  const blocks = entry.blocks;
  const payloadLength = col.payloadLength;
  const recordBytes = entry.recordsBytes;
  const timePayloadBytes = timePayloadAt === payloadAt ? 0 : payloadAt - timePayloadAt;
  let m = scratch(kernel, layout.size);
  const base = m.address;
  const times = even ? 0 : base + timesAt;
  const timePayload = base + timePayloadAt;
  const payload = base + payloadAt;
  m.u8.set(bytes.subarray(entry.recordsOffset, entry.recordsOffset + recordBytes), base + records);
  m.u8.fill(0, base + needs, base + needs + blocks);
  // Only the blocks needed are copied in (below); the bytes between them are never decoded.
  m.u8.fill(0, payload + payloadLength, payload + payloadLength + SLACK);
  m.u8[payload] = bytes[col.payloadOffset] as number;
  if (times !== 0) {
    m.u8.set(bytes.subarray(header.timePayloadOffset, header.timePayloadOffset + header.timePayloadLength), timePayload);
    m.u8.fill(0, timePayload + header.timePayloadLength, timePayload + timePayloadBytes);
    if (kernel.exports.decodeInt64Column(timePayload, header.timePayloadLength, n, times) !== 1)
      throw corruptChunk(header.timePayloadOffset + kernel.exports.lastErrorAddress() - timePayload, 'the time payload does not decode');
    m = views(kernel, m);
    if (m.i64[times >>> 3] !== header.timeMin || m.i64[(times >>> 3) + n - 1] !== header.timeMax)
      throw corruptChunk(header.timePayloadOffset, 'row times disagree with the header time range');
  }
  const p = base >>> 3;
  m.i64[p] = header.timeMin;
  m.i64[p + 1] = step;
  m.i64[p + 2] = from;
  m.i64[p + 3] = to;
  m.i64[p + 4] = spec.from;
  m.i64[p + 5] = spec.to;
  m.f64[p + 6] = stats.first;
  m.f64[p + 7] = stats.last;
  const fail = () => {
    const at = kernel.exports.lastErrorAddress();
    const offset =
      at >= base + records && at < base + records + recordBytes
        ? (entry as M4BlockColumn).recordsOffset + (at - base - records)
        : col.payloadOffset + Math.max(0, at - payload);
    return corruptChunk(offset, `column "${col.name}" M4 blocks do not decode`);
  };
  const { m4BlockPieces } = kernel.exports;
  if (m4BlockPieces(base, times, n, payload, payloadLength, base + records, entry.blockRows, spec.pixels, base + pieces, base + needs) < 0)
    throw fail();
  // Copy in the blocks the runs cut, at their own offsets in the payload (a block's start is in its record).
  const gorilla = col.codec === CODEC.gorilla;
  const startAt = (k: number) => {
    const at = (entry as M4BlockColumn).recordsOffset + k * M4_BLOCK_RECORD_BYTES + 16;
    return (
      ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>>
      0
    );
  };
  for (let k = 0; k < blocks; k++) {
    if (m.u8[base + needs + k] === 0) continue;
    let start = startAt(k);
    let end = k + 1 < blocks ? startAt(k + 1) : -1;
    if (gorilla) {
      // Bit offsets in the stream after the codec byte: the bytes holding them, and a word more for the reader.
      start = 1 + Math.floor(start / 8);
      end = end < 0 ? payloadLength : Math.min(payloadLength, 1 + Math.ceil(end / 8) + 8);
    } else if (end < 0) end = payloadLength;
    if (start < 1 || end <= start || end > payloadLength)
      throw corruptChunk(
        entry.recordsOffset + k * M4_BLOCK_RECORD_BYTES + 16,
        `column "${col.name}" M4 block ${k} has an impossible offset`,
      );
    m.u8.set(bytes.subarray(col.payloadOffset + start, col.payloadOffset + end), payload + start);
  }
  const count = m4BlockPieces(base, times, n, payload, payloadLength, base + records, entry.blockRows, spec.pixels, base + pieces, 0);
  if (count < 0) throw fail();
  m = views(kernel, m);
  for (let i = 0; i < count; i++) {
    const w = (base + pieces) / 8 + i * (PIECE_BYTES / 8);
    mergeM4Piece(
      into,
      m.i32[w * 2] as number,
      m.i32[w * 2 + 1] as number,
      m.i64[w + 5] as bigint,
      m.f64[w + 1] as number,
      m.i64[w + 6] as bigint,
      m.f64[w + 2] as number,
      m.f64[w + 3] as number,
      m.i64[w + 7] as bigint,
      m.f64[w + 4] as number,
      m.i64[w + 8] as bigint,
    );
  }
  return true;
}
