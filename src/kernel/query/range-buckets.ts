import { TidemarkError } from '../../errors/index.ts';
import { loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { ChunkHeader, ColumnHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import type { BucketSpec } from './buckets.ts';

/** Arrays per column in {@link ChunkRangeAggregates.cells}. */
const PER_COLUMN = 6;

/** Column c's array f starts at cells[3n + (c * 6 + f) * n] (see ChunkRangeAggregates). */
export const RANGE_FIELD = { sum: 0, min: 1, max: 2, first: 3, last: 4, nan: 5 } as const;

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
}

/** Zeroed bytes after the copy in the kernel (decoders read whole words past a payload's end). */
const SLACK = 16;

/**
 * Headers of chunks whose body checksum has been verified, by their bytes (a rewritten chunk is a
 * new bytes object). A chunk is checked once, the first time this pass reads it; afterwards only
 * the payloads the pass needs are copied into the kernel. Weak: it holds nothing alive.
 */
const verified = new WeakMap<Uint8Array, VerifiedChunk>();

interface VerifiedChunk {
  readonly header: ChunkHeader;
  /** The header's columns by name. */
  readonly columns: ReadonlyMap<string, ColumnHeader>;
}

/** The chunk's header, its bytes validated and body checksum verified the first time they are met (see `verified`). */
export function verifiedChunk(kernel: Kernel, bytes: Uint8Array): VerifiedChunk {
  const known = verified.get(bytes);
  if (known) return known;
  const chunk = loadChunk(kernel, bytes);
  chunk.release();
  const entry = { header: chunk.header, columns: new Map(chunk.header.columns.map((c) => [c.name, c])) };
  verified.set(bytes, entry);
  return entry;
}

/** The buffer `reuse` answers are copied into (grown as needed), so a scan over many chunks allocates none per chunk. */
let shared = new Float64Array(1024);
/** `shared` as i64 (the answer's `times`). */
let sharedTimes = new BigInt64Array(shared.buffer);

/**
 * Aggregates the rows with from <= time < to of the named double columns (none may hold a NULL)
 * into the spec's buckets in one kernel call: times decoded once, each column decoded once and
 * reduced bucket by bucket. Rows outside the spec's buckets are ignored. With `reuse`, the answer's
 * arrays view one buffer shared by every reusing call (and may be longer than the layout): read
 * them before the next call.
 */
export function aggregateChunkRange(
  kernel: Kernel,
  bytes: Uint8Array,
  columns: readonly string[],
  spec: BucketSpec,
  from: bigint,
  to: bigint,
  reuse = false,
): ChunkRangeAggregates {
  if (spec.width <= 0n) throw new TidemarkError('INVALID_ARGUMENT', `A bucket width must be positive; got ${spec.width} ns.`);
  if (!Number.isInteger(spec.bucketCount) || spec.bucketCount < 0 || spec.bucketCount > 1 << 24) {
    throw new TidemarkError('INVALID_ARGUMENT', `A bucket count must be an integer in 0..${1 << 24}; got ${spec.bucketCount}.`);
  }
  const { header, columns: byName } = verifiedChunk(kernel, bytes);
  const slots: ColumnHeader[] = [];
  for (const name of columns) {
    const found = byName.get(name);
    if (found === undefined) throw new TidemarkError('NOT_FOUND', `The chunk has no column "${name}".`);
    if (found.type !== 'double' || found.nullCount > 0)
      throw new TidemarkError('INVALID_ARGUMENT', `Column "${name}" is not a double column without NULLs; this kernel takes only those.`);
    slots.push(found);
  }
  const n = spec.bucketCount;
  const total = (3 + PER_COLUMN * columns.length) * n;
  // Past the chunk's own times the range changes nothing; clamping keeps the kernel's bucket arithmetic in range.
  const low = from > header.timeMin ? from : header.timeMin;
  const high = to > header.timeMax ? header.timeMax + 1n : to;
  // One block: the output, the payload list, then one copy of the chunk's bytes from the first
  // payload needed to the end of the last (one copy beats one per payload), with zeroed slack.
  const align = (x: number) => (x + 15) & ~15;
  const listAt = align(total * 8);
  let spanFrom = header.timePayloadOffset;
  let spanTo = header.timePayloadOffset + header.timePayloadLength;
  for (const slot of slots) {
    if (slot.payloadOffset < spanFrom) spanFrom = slot.payloadOffset;
    if (slot.payloadOffset + slot.payloadLength > spanTo) spanTo = slot.payloadOffset + slot.payloadLength;
  }
  const copyAt = align(listAt + slots.length * 8);
  const block = kernel.alloc(copyAt + spanTo - spanFrom + SLACK);
  // Kernel address of chunk byte i (inside the span).
  const shift = block + copyAt - spanFrom;
  try {
    const memory = kernel.bytes();
    memory.set(bytes.subarray(spanFrom, spanTo), block + copyAt);
    memory.fill(0, shift + spanTo, shift + spanTo + SLACK);
    for (let c = 0; c < slots.length; c++) {
      const slot = slots[c] as ColumnHeader;
      writeU32(memory, block + listAt + c * 8, shift + slot.payloadOffset);
      writeU32(memory, block + listAt + c * 8 + 4, slot.payloadLength);
    }
    const out = block;
    const ok =
      high <= low
        ? 1
        : kernel.exports.aggregateChunkRange(
            shift + header.timePayloadOffset,
            header.timePayloadLength,
            header.count,
            low,
            high,
            block + listAt,
            slots.length,
            spec.origin,
            spec.width,
            spec.firstBucket,
            n,
            out,
          );
    if (ok !== 1) {
      const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - shift);
      throw corruptChunk(byteOffset, 'a column or the times cannot be decoded, or the times are not sorted');
    }
    if (high <= low) {
      const cells = emptyCells(n, columns.length);
      return { spec, cells, times: new BigInt64Array(cells.buffer, 0, 3 * n) };
    }
    if (!reuse) {
      const cells = kernel.float64().slice(out >>> 3, (out >>> 3) + total);
      return { spec, cells, times: new BigInt64Array(cells.buffer, 0, 3 * n) };
    }
    if (shared.length < total) {
      shared = new Float64Array(Math.max(total, shared.length * 2));
      sharedTimes = new BigInt64Array(shared.buffer);
    }
    // A plain copy loop: the answer is small, and subarray views would allocate per chunk.
    const f64 = kernel.float64();
    const from64 = out >>> 3;
    for (let k = 0; k < total; k++) shared[k] = f64[from64 + k] as number;
    return { spec, cells: shared, times: sharedTimes };
  } finally {
    kernel.free(block);
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
