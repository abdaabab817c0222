import { M4_BLOCK_RECORD_BYTES } from '../chunk/block-index.ts';
import { loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import { CODEC } from '../chunk/format.ts';
import type { ChunkHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import type { M4Result } from './m4.ts';

const PIECE_BYTES = 72;
/** Decoders may read a little past a vector's end (whole words): zeroed room after the payload copy. */
const SLACK = 64;

const PARAMS_BYTES = 64;
const align = (x: number) => (x + 7) & ~7;

/**
 * One scratch block per kernel, kept between calls and grown when a chunk needs more: an edge
 * chunk costs no allocation. Nothing else runs between taking and using it (single-threaded, no
 * callbacks), so it is never shared by two calls at once.
 */
const scratchOf = new WeakMap<Kernel, { address: number; bytes: number }>();
function scratch(kernel: Kernel, bytes: number): number {
  const held = scratchOf.get(kernel);
  if (held && held.bytes >= bytes) return held.address;
  if (held) kernel.free(held.address);
  const size = Math.max(bytes, 256 * 1024);
  const address = kernel.alloc(size);
  scratchOf.set(kernel, { address, bytes: size });
  return address;
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
  const c = header.columns.findIndex((x) => x.name === column);
  const entry = index.columns.find((e) => e.column === c);
  const col = header.columns[c];
  if (entry === undefined || col === undefined || col.type !== 'double' || col.nullCount !== 0) return false;
  const stats = col.stats;
  if (stats === undefined) return false;
  const n = header.count;
  if (n === 0) return true;
  if (!verified.has(bytes)) {
    const loaded = loadChunk(kernel, bytes);
    loaded.release();
    if (loaded.header.bodyChecksum !== header.bodyChecksum) throw corruptChunk(0, 'the chunk does not match the header given with it');
    verified.add(bytes);
  }
  const { spec } = into;
  const step = index.timeStep;
  if (step > 0n && header.timeMin + BigInt(n - 1) * step !== header.timeMax)
    throw corruptChunk(header.headerLength, 'the M4 time step disagrees with the header time range');
  const blocks = entry.blocks;
  const maxPieces = Math.min(n, spec.pixels);
  const timesBytes = step > 0n ? 0 : align(n * 8 + SLACK);
  const timePayloadBytes = step > 0n ? 0 : align(header.timePayloadLength + SLACK);
  const payloadLength = col.payloadLength;
  const recordBytes = entry.recordsBytes;
  // Layout of the scratch block: params | pieces | records | needs | times | time payload | values payload.
  const pieces = PARAMS_BYTES;
  const records = pieces + maxPieces * PIECE_BYTES;
  const needs = align(records + recordBytes);
  const timesAt = align(needs + blocks);
  const timePayloadAt = timesAt + timesBytes;
  const payloadAt = timePayloadAt + timePayloadBytes;
  const base = scratch(kernel, payloadAt + payloadLength + SLACK);
  const times = step > 0n ? 0 : base + timesAt;
  const timePayload = base + timePayloadAt;
  const payload = base + payloadAt;
  let memory = kernel.bytes();
  memory.set(bytes.subarray(entry.recordsOffset, entry.recordsOffset + recordBytes), base + records);
  memory.fill(0, base + needs, base + needs + blocks);
  // Only the blocks needed are copied in (below); the bytes between them are never decoded.
  memory.fill(0, payload + payloadLength, payload + payloadLength + SLACK);
  memory[payload] = bytes[col.payloadOffset] as number;
  if (times !== 0) {
    memory.set(bytes.subarray(header.timePayloadOffset, header.timePayloadOffset + header.timePayloadLength), timePayload);
    memory.fill(0, timePayload + header.timePayloadLength, timePayload + timePayloadBytes);
    if (kernel.exports.decodeInt64Column(timePayload, header.timePayloadLength, n, times) !== 1)
      throw corruptChunk(header.timePayloadOffset + kernel.exports.lastErrorAddress() - timePayload, 'the time payload does not decode');
    const view = new BigInt64Array(kernel.bytes().buffer, times, n);
    if (view[0] !== header.timeMin || view[n - 1] !== header.timeMax)
      throw corruptChunk(header.timePayloadOffset, 'row times disagree with the header time range');
  }
  const params = new BigInt64Array(kernel.bytes().buffer, base, 6);
  params[0] = header.timeMin;
  params[1] = step;
  params[2] = from;
  params[3] = to;
  params[4] = spec.from;
  params[5] = spec.to;
  const floats = new Float64Array(kernel.bytes().buffer, base + 48, 2);
  floats[0] = stats.first;
  floats[1] = stats.last;
  const run = (needsAt: number) =>
    kernel.exports.m4BlockPieces(
      base,
      times,
      n,
      payload,
      payloadLength,
      base + records,
      entry.blockRows,
      spec.pixels,
      base + pieces,
      needsAt,
    );
  const fail = () => {
    const at = kernel.exports.lastErrorAddress();
    const offset =
      at >= base + records && at < base + records + recordBytes
        ? entry.recordsOffset + (at - base - records)
        : col.payloadOffset + Math.max(0, at - payload);
    return corruptChunk(offset, `column "${col.name}" M4 blocks do not decode`);
  };
  if (run(base + needs) < 0) throw fail();
  // Copy in the blocks the runs cut, at their own offsets in the payload.
  memory = kernel.bytes();
  const gorilla = col.codec === CODEC.gorilla;
  const recordView = new DataView(bytes.buffer, bytes.byteOffset + entry.recordsOffset, recordBytes);
  for (let k = 0; k < blocks; k++) {
    if (memory[base + needs + k] === 0) continue;
    let start = recordView.getUint32(k * M4_BLOCK_RECORD_BYTES + 16, true);
    let end = k + 1 < blocks ? recordView.getUint32((k + 1) * M4_BLOCK_RECORD_BYTES + 16, true) : -1;
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
    memory.set(bytes.subarray(col.payloadOffset + start, col.payloadOffset + end), payload + start);
  }
  const count = run(0);
  if (count < 0) throw fail();
  const buffer = kernel.bytes().buffer;
  const ints = new Int32Array(buffer, base + pieces, count * (PIECE_BYTES / 4));
  const f64 = new Float64Array(buffer, base + pieces, count * (PIECE_BYTES / 8));
  const i64 = new BigInt64Array(buffer, base + pieces, count * (PIECE_BYTES / 8));
  for (let i = 0; i < count; i++) {
    const w = i * (PIECE_BYTES / 8);
    mergePiece(
      into,
      ints[i * (PIECE_BYTES / 4)] as number,
      ints[i * (PIECE_BYTES / 4) + 1] as number,
      i64[w + 5] as bigint,
      f64[w + 1] as number,
      i64[w + 6] as bigint,
      f64[w + 2] as number,
      f64[w + 3] as number,
      i64[w + 7] as bigint,
      f64[w + 4] as number,
      i64[w + 8] as bigint,
    );
  }
  return true;
}

/** Merges one run's first/last/min/max into pixel `p` as the kernel's M4 merges rows. */
function mergePiece(
  m4: M4Result,
  p: number,
  count: number,
  firstTime: bigint,
  first: number,
  lastTime: bigint,
  last: number,
  min: number,
  minTime: bigint,
  max: number,
  maxTime: bigint,
): void {
  if (count <= 0) return;
  const had = m4.count[p] as number;
  m4.count[p] = had + count;
  if (had === 0 || firstTime < (m4.firstTime[p] as bigint)) {
    m4.first[p] = first;
    m4.firstTime[p] = firstTime;
  }
  if (had === 0 || lastTime >= (m4.lastTime[p] as bigint)) {
    m4.last[p] = last;
    m4.lastTime[p] = lastTime;
  }
  const lo = m4.min[p] as number;
  if (!Number.isNaN(min) && (Number.isNaN(lo) || min < lo || (min === lo && minTime < (m4.minTime[p] as bigint)))) {
    m4.min[p] = min;
    m4.minTime[p] = minTime;
  }
  const hi = m4.max[p] as number;
  if (!Number.isNaN(max) && (Number.isNaN(hi) || max > hi || (max === hi && maxTime < (m4.maxTime[p] as bigint)))) {
    m4.max[p] = max;
    m4.maxTime[p] = maxTime;
  }
}
