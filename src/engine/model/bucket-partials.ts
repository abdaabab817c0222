import { MAX_TIME_NS } from './time.ts';

/**
 * Partial aggregates of double columns over consecutive time buckets, the unit the storage answers
 * pushed-down aggregates in and the query engine merges into groups. Per bucket b: `rows` and the
 * time range of those rows; per bucket b and column c (index b * columns + c): the count of present
 * values, their sum (NaN included), min and max (NaN skipped; `nan` says one was seen), and when
 * edges are kept the value at the bucket's first and last row (`firstValid`/`lastValid` 0: NULL
 * there; without edges these four are empty). Rows 0 means an empty bucket.
 */
export interface BucketPartials {
  readonly rows: Float64Array;
  readonly timeMin: BigInt64Array;
  readonly timeMax: BigInt64Array;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly nan: Uint8Array;
  readonly first: Float64Array;
  readonly firstValid: Uint8Array;
  readonly last: Float64Array;
  readonly lastValid: Uint8Array;
}

/** Whether typed arrays are little-endian here (then an i64's low 32-bit word comes first). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The 32-bit words of an i64 array, to compare and copy times without reading them as BigInts
 * (every BigInt64Array read allocates one).
 */
export function timeWords(times: BigInt64Array): Int32Array {
  return new Int32Array(times.buffer, times.byteOffset, times.length * 2);
}

/** Whether the i64 at index i of words `a` is less than the one at index j of words `b` (see timeWords). */
export function timeLess(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  const hi = LITTLE_ENDIAN ? 1 : 0;
  const ah = a[2 * i + hi] as number;
  const bh = b[2 * j + hi] as number;
  if (ah !== bh) return ah < bh;
  return (a[2 * i + 1 - hi] as number) >>> 0 < (b[2 * j + 1 - hi] as number) >>> 0;
}

/** Copies the i64 at index i of words `from` to index j of words `to` (see timeWords). */
export function copyTime(from: Int32Array, i: number, to: Int32Array, j: number): void {
  to[2 * j] = from[2 * i] as number;
  to[2 * j + 1] = from[2 * i + 1] as number;
}

/** The smallest 64-bit time, which every real time exceeds (the start of an empty bucket's max). */
const MIN = -(2n ** 63n);

const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);

/**
 * Partials are carved out of shared 64 KiB slabs: a scan makes one set per series and bucket run,
 * and a separate ArrayBuffer for each of its small arrays (twelve per set) made allocation and the
 * collector's tracking of those buffers a large part of a many-series aggregate. A carved region is
 * never handed out twice (fresh buffers are zeroed); a slab lives while any view of it does.
 */
const SLAB_BYTES = 1 << 16;
let slab = new ArrayBuffer(SLAB_BYTES);
/** The slab as 32-bit words, shared by every set carved from it (see BucketPartialArrays.words). */
let slabWords = new Int32Array(slab);
let slabUsed = 0;

/** A zeroed region of `bytes` (a multiple of 8), its buffer and that buffer as 32-bit words. */
function carve(bytes: number): { buffer: ArrayBuffer; words: Int32Array; at: number } {
  if (bytes > SLAB_BYTES / 4) {
    const buffer = new ArrayBuffer(bytes);
    return { buffer, words: new Int32Array(buffer), at: 0 };
  }
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabWords = new Int32Array(slab);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += bytes;
  return { buffer: slab, words: slabWords, at };
}

/** Bytes of one set of partials for `buckets` buckets of `columns` columns (the layout the constructor carves). */
export function partialsBytes(buckets: number, columns: number, edges: boolean): number {
  const n = buckets * columns;
  return (3 * buckets + (edges ? 6 : 4) * n) * 8 + (((edges ? 3 : 1) * n + 7) & ~7);
}

/**
 * Partials already laid out in a buffer at byte `at` (a multiple of 8), `words` the buffer as 32-bit
 * words: the kernel fills many series' partials in one block (see the storage's aggregate scan).
 */
export interface PartialsRegion {
  readonly buffer: ArrayBuffer;
  readonly words: Int32Array;
  readonly at: number;
}

/**
 * Empty partials (the identity of every merge) for `buckets` buckets of `columns` columns;
 * accumulators extend it. With a region, views of partials already there (nothing is reset).
 */
export class BucketPartialArrays implements BucketPartials {
  readonly rows: Float64Array;
  readonly timeMin: BigInt64Array;
  readonly timeMax: BigInt64Array;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly nan: Uint8Array;
  readonly first: Float64Array;
  readonly firstValid: Uint8Array;
  readonly last: Float64Array;
  readonly lastValid: Uint8Array;
  /**
   * The whole buffer as 32-bit words (shared with the other sets of its slab, so making a set costs
   * no view of its own for this), for merges that compare and copy times without BigInts (see
   * timeWords): bucket b's timeMin is the i64 at index timeMinAt + b, its timeMax at timeMaxAt + b.
   */
  readonly words: Int32Array;
  readonly timeMinAt: number;
  readonly timeMaxAt: number;

  constructor(
    buckets: number,
    columns: number,
    readonly edges: boolean,
    region?: PartialsRegion,
  ) {
    const n = buckets * columns;
    // 8-byte arrays first (3 of `buckets`, 4 or 6 of n), then the byte arrays (1 or 3 of n), padded to 8.
    const { buffer, words, at } = region ?? carve(partialsBytes(buckets, columns, edges));
    const fresh = region === undefined;
    // Offsets written out (no helper closures: a scan makes one set per series).
    this.words = words;
    this.timeMinAt = at / 8 + buckets;
    this.timeMaxAt = at / 8 + 2 * buckets;
    this.rows = new Float64Array(buffer, at, buckets);
    this.timeMin = new BigInt64Array(buffer, at + buckets * 8, buckets);
    this.timeMax = new BigInt64Array(buffer, at + buckets * 16, buckets);
    let offset = at + buckets * 24;
    this.count = new Float64Array(buffer, offset, n);
    this.sum = new Float64Array(buffer, offset + n * 8, n);
    this.min = new Float64Array(buffer, offset + n * 16, n);
    this.max = new Float64Array(buffer, offset + n * 24, n);
    if (fresh) {
      this.timeMin.fill(MAX_TIME_NS);
      this.timeMax.fill(MIN);
      this.min.fill(Number.POSITIVE_INFINITY);
      this.max.fill(Number.NEGATIVE_INFINITY);
    }
    offset += n * 32;
    // Without edges the four are empty, and one shared empty array each will do (nothing writes them).
    if (edges) {
      this.first = new Float64Array(buffer, offset, n);
      this.last = new Float64Array(buffer, offset + n * 8, n);
      offset += n * 16;
    } else {
      this.first = NO_F64;
      this.last = NO_F64;
    }
    this.nan = new Uint8Array(buffer, offset, n);
    this.firstValid = edges ? new Uint8Array(buffer, offset + n, n) : NO_U8;
    this.lastValid = edges ? new Uint8Array(buffer, offset + 2 * n, n) : NO_U8;
  }

  /** The arrays alone (not the accumulator's own state), to hand on. */
  partials(): BucketPartials {
    const { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid } = this;
    return { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid };
  }
}
