import { TidemarkError } from '../../errors/index.ts';
import { loadChunk, verifyBody } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import { readChunkHeader } from '../chunk/header.ts';
import type { ChunkHeader, ColumnHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import type { BucketSpec } from './buckets.ts';
import { residentChunks } from './resident-chunks.ts';

/** Arrays per column in {@link ChunkRangeAggregates.cells}. */
const PER_COLUMN = 6;

/** Column c's array f starts at cells[3n + (c * 6 + f) * n] (see ChunkRangeAggregates). */
export const RANGE_FIELD = { sum: 0, min: 1, max: 2, first: 3, last: 4, nan: 5 } as const;

/**
 * Which of the per-bucket aggregates a range pass's caller reads beyond rows, times, sums and NaN
 * flags (see aggregateChunkRange's `wants`): the pass may leave the others unspecified and skip their work.
 */
export interface RangeWants {
  /** min and max of each column. */
  readonly minMax: boolean;
  /** The values at each bucket's first and last row. */
  readonly edges: boolean;
}

/** Every aggregate of the range pass. */
export const RANGE_WANTS_ALL: RangeWants = { minMax: true, edges: true };

/**
 * Per-bucket aggregates of several NULL-free double columns of one chunk over the rows in a time
 * range. Bucket b (0 .. n - 1, n = spec.bucketCount) is bucket number spec.firstBucket + b.
 * `cells[b]` rows fall in it (0: empty), from `times[n + b]` to `times[2n + b]` (`times` views the
 * same buffer as i64). Column c's array f (RANGE_FIELD) for bucket b is
 * `cells[3n + (c * 6 + f) * n + b]`: sum (NaN included), min and max (NaN skipped; +/-Infinity when
 * empty), the value at the bucket's first and last row, and 1 when a NaN was seen.
 */
export interface ChunkRangeAggregates {
  readonly spec: BucketSpec;
  readonly cells: Float64Array;
  readonly times: BigInt64Array;
  /**
   * Index in `cells` and `times` of the layout's first cell: 0, except for `reuse` answers, which
   * view the kernel's memory where the pass wrote them (no copy).
   */
  readonly offset: number;
}

/** Zeroed bytes after the copy in the kernel (decoders read whole words past a payload's end). */
const SLACK = 16;

/**
 * Headers of chunks whose body checksum has been verified, by their bytes (a rewritten chunk is a
 * new bytes object). A chunk is checked once, the first time this pass reads it; afterwards only
 * the payloads the pass needs are copied into the kernel. Weak: it holds nothing alive.
 */
const verified = new WeakMap<Uint8Array, VerifiedChunk>();

export interface VerifiedChunk {
  readonly header: ChunkHeader;
  /** The header's columns by name. */
  readonly columns: ReadonlyMap<string, ColumnHeader>;
  /** The column names of the last range pass over this chunk and their payloads (see rangeLayout). */
  lastNames: readonly string[] | null;
  lastLayout: RangeLayout | null;
}

/** Where a range pass's columns sit in the chunk: per column its payload offset and length, and the span covering them and the times. */
export interface RangeLayout {
  readonly payloads: Int32Array;
  readonly spanFrom: number;
  readonly spanTo: number;
}

/**
 * The chunk's header, its bytes validated and body checksum verified the first time they are met (see
 * `verified`). The check runs on the chunk's resident copy when it gets one (no copy made only to be
 * checked); call it after the batch's `beginBatch`. `header`: the chunk's header as its owner already read
 * it from these bytes, spared a second read.
 */
export function verifiedChunk(kernel: Kernel, bytes: Uint8Array, header?: ChunkHeader): VerifiedChunk {
  const known = verified.get(bytes);
  if (known) return known;
  const residents = residentChunks(kernel);
  let checked: ChunkHeader;
  const resident = residents.address(bytes);
  if (resident !== 0) {
    checked = header ?? readChunkHeader(bytes);
    try {
      verifyBody(kernel, checked, resident);
    } catch (error) {
      residents.forget(bytes);
      throw error;
    }
  } else {
    const chunk = loadChunk(kernel, bytes);
    chunk.release();
    checked = chunk.header;
  }
  const entry: VerifiedChunk = {
    header: checked,
    columns: new Map(checked.columns.map((c) => [c.name, c])),
    lastNames: null,
    lastLayout: null,
  };
  verified.set(bytes, entry);
  return entry;
}

/** Whether two name lists hold the same names (the storage passes the same strings for every chunk of a query). */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The payloads of the named columns (each must be a double column without NULLs), kept on the
 * chunk's entry for the next pass with the same names: a scan passes the same names for every
 * chunk, query after query, and looking the columns up again would touch a dozen header objects
 * per chunk (cold by then: a scan streams through far more memory than the caches hold).
 */
export function rangeLayout(entry: VerifiedChunk, names: readonly string[]): RangeLayout {
  if (entry.lastNames !== null && entry.lastLayout !== null && sameNames(entry.lastNames, names)) return entry.lastLayout;
  const { header, columns: byName } = entry;
  const payloads = new Int32Array(2 * names.length);
  let spanFrom = header.timePayloadOffset;
  let spanTo = header.timePayloadOffset + header.timePayloadLength;
  for (let c = 0; c < names.length; c++) {
    const name = names[c] as string;
    const found = byName.get(name);
    if (found === undefined) throw new TidemarkError('NOT_FOUND', `The chunk has no column "${name}".`);
    if (found.type !== 'double' || found.nullCount > 0)
      throw new TidemarkError('INVALID_ARGUMENT', `Column "${name}" is not a double column without NULLs; this kernel takes only those.`);
    payloads[2 * c] = found.payloadOffset;
    payloads[2 * c + 1] = found.payloadLength;
    if (found.payloadOffset < spanFrom) spanFrom = found.payloadOffset;
    if (found.payloadOffset + found.payloadLength > spanTo) spanTo = found.payloadOffset + found.payloadLength;
  }
  const layout = { payloads, spanFrom, spanTo };
  entry.lastNames = names.slice();
  entry.lastLayout = layout;
  return layout;
}

/** Largest block kept allocated between `reuse` passes (a larger pass allocates and frees its own). */
const SCRATCH_LIMIT = 1 << 20;

/** Per kernel, the block `reuse` passes run in (grown as needed, kept): their answers stay there for the caller to read. */
const scratch = new WeakMap<Kernel, { ptr: number; size: number }>();

/** A block of at least `size` bytes for a `reuse` pass, or 0 when that is beyond SCRATCH_LIMIT. */
function scratchBlock(kernel: Kernel, size: number): number {
  if (size > SCRATCH_LIMIT) return 0;
  const known = scratch.get(kernel);
  if (known && known.size >= size) return known.ptr;
  if (known) kernel.free(known.ptr);
  const grown = Math.min(SCRATCH_LIMIT, Math.max(size, (known?.size ?? 0) * 2, 64 * 1024));
  const ptr = kernel.alloc(grown);
  scratch.set(kernel, { ptr, size: grown });
  return ptr;
}

/**
 * Aggregates the rows with from <= time < to of the named double columns (none may hold a NULL)
 * into the spec's buckets in one kernel call: times decoded once, each column decoded once and
 * reduced bucket by bucket. Rows outside the spec's buckets are ignored. With `reuse`, the answer's
 * arrays view the kernel's memory (the layout starts at `offset`), which the next kernel call may
 * overwrite or move: read them at once. `wants` leaving out min/max or the edge values leaves those
 * cells unspecified, and lets the pass sum integer-valued columns without forming their running values.
 */
export function aggregateChunkRange(
  kernel: Kernel,
  bytes: Uint8Array,
  columns: readonly string[],
  spec: BucketSpec,
  from: bigint,
  to: bigint,
  reuse = false,
  wants: RangeWants = RANGE_WANTS_ALL,
): ChunkRangeAggregates {
  if (spec.width <= 0n) throw new TidemarkError('INVALID_ARGUMENT', `A bucket width must be positive; got ${spec.width} ns.`);
  if (!Number.isInteger(spec.bucketCount) || spec.bucketCount < 0 || spec.bucketCount > 1 << 24) {
    throw new TidemarkError('INVALID_ARGUMENT', `A bucket count must be an integer in 0..${1 << 24}; got ${spec.bucketCount}.`);
  }
  const residents = residentChunks(kernel);
  residents.beginBatch();
  const entry = verifiedChunk(kernel, bytes);
  const header = entry.header;
  const { payloads, spanFrom, spanTo } = rangeLayout(entry, columns);
  const n = spec.bucketCount;
  const total = (3 + PER_COLUMN * columns.length) * n;
  // Past the chunk's own times the range changes nothing; clamping keeps the kernel's bucket arithmetic in range.
  const low = from > header.timeMin ? from : header.timeMin;
  const high = to > header.timeMax ? header.timeMax + 1n : to;
  if (high <= low) {
    const cells = emptyCells(n, columns.length);
    return { spec, cells, times: new BigInt64Array(cells.buffer, 0, 3 * n), offset: 0 };
  }
  // One block: the output, the payload list, then one copy of the chunk's bytes from the first
  // payload needed to the end of the last (one copy beats one per payload), with zeroed slack.
  const align = (x: number) => (x + 15) & ~15;
  const listAt = align(total * 8);
  const copyAt = align(listAt + columns.length * 8);
  // A chunk the kernel keeps resident is read in place (placing it may grow the memory: before the block).
  const resident = residents.address(bytes);
  const size = resident !== 0 ? copyAt : copyAt + spanTo - spanFrom + SLACK;
  // A reusing pass runs in the kernel's scratch block and its answer is read where it was written.
  const kept = reuse ? scratchBlock(kernel, size) : 0;
  const block = kept !== 0 ? kept : kernel.alloc(size);
  // Kernel address of chunk byte i (inside the span).
  const shift = resident !== 0 ? resident : block + copyAt - spanFrom;
  try {
    const memory = kernel.bytes();
    if (resident === 0) {
      memory.set(bytes.subarray(spanFrom, spanTo), block + copyAt);
      memory.fill(0, shift + spanTo, shift + spanTo + SLACK);
    }
    for (let c = 0; c < columns.length; c++) {
      writeU32(memory, block + listAt + c * 8, shift + (payloads[2 * c] as number));
      writeU32(memory, block + listAt + c * 8 + 4, payloads[2 * c + 1] as number);
    }
    const out = block;
    const ok = kernel.exports.aggregateChunkRange(
      shift + header.timePayloadOffset,
      header.timePayloadLength,
      header.count,
      low,
      high,
      block + listAt,
      columns.length,
      spec.origin,
      spec.width,
      spec.firstBucket,
      n,
      out,
      (wants.minMax ? 1 : 0) | (wants.edges ? 2 : 0),
    );
    if (ok !== 1) {
      const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - shift);
      throw corruptChunk(byteOffset, 'a column or the times cannot be decoded, or the times are not sorted');
    }
    if (kept !== 0) return { spec, cells: kernel.float64(), times: kernel.int64(), offset: out >>> 3 };
    const cells = kernel.float64().slice(out >>> 3, (out >>> 3) + total);
    return { spec, cells, times: new BigInt64Array(cells.buffer, 0, 3 * n), offset: 0 };
  } finally {
    if (kept === 0) kernel.free(block);
  }
}

/** Writes a u32 little-endian (wasm's byte order) without making a view for it. */
function writeU32(memory: Uint8Array, at: number, value: number): void {
  memory[at] = value & 0xff;
  memory[at + 1] = (value >>> 8) & 0xff;
  memory[at + 2] = (value >>> 16) & 0xff;
  memory[at + 3] = value >>> 24;
}

/** The cells of empty buckets (no row in the range). */
function emptyCells(n: number, columns: number): Float64Array {
  const all = new Float64Array((3 + PER_COLUMN * columns) * n);
  for (let c = 0; c < columns; c++) {
    all.fill(Number.POSITIVE_INFINITY, 3 * n + (c * PER_COLUMN + 1) * n, 3 * n + (c * PER_COLUMN + 2) * n);
    all.fill(Number.NEGATIVE_INFINITY, 3 * n + (c * PER_COLUMN + 2) * n, 3 * n + (c * PER_COLUMN + 3) * n);
  }
  return all;
}
