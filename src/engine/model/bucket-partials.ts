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
let slabUsed = 0;

/** A zeroed region of `bytes` (a multiple of 8) and its buffer. */
function carve(bytes: number): { buffer: ArrayBuffer; at: number } {
  if (bytes > SLAB_BYTES / 4) return { buffer: new ArrayBuffer(bytes), at: 0 };
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += bytes;
  return { buffer: slab, at };
}

/** Empty partials (the identity of every merge) for `buckets` buckets of `columns` columns; accumulators extend it. */
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
  /** timeMin and timeMax as 32-bit words (see timeWords), for merges that compare and copy times without BigInts. */
  readonly timeMinWords: Int32Array;
  readonly timeMaxWords: Int32Array;

  constructor(
    buckets: number,
    columns: number,
    readonly edges: boolean,
  ) {
    const n = buckets * columns;
    // 8-byte arrays first (3 of `buckets`, 4 or 6 of n), then the byte arrays (1 or 3 of n), padded to 8.
    const wide = 3 * buckets + (edges ? 6 : 4) * n;
    const narrow = (edges ? 3 : 1) * n;
    const { buffer, at } = carve(wide * 8 + ((narrow + 7) & ~7));
    let offset = at;
    const f64 = (length: number) => {
      const view = new Float64Array(buffer, offset, length);
      offset += length * 8;
      return view;
    };
    const i64 = (length: number) => {
      const view = new BigInt64Array(buffer, offset, length);
      offset += length * 8;
      return view;
    };
    const u8 = (length: number) => {
      const view = new Uint8Array(buffer, offset, length);
      offset += length;
      return view;
    };
    this.rows = f64(buckets);
    this.timeMin = i64(buckets).fill(MAX_TIME_NS);
    this.timeMax = i64(buckets).fill(MIN);
    this.count = f64(n);
    this.sum = f64(n);
    this.min = f64(n).fill(Number.POSITIVE_INFINITY);
    this.max = f64(n).fill(Number.NEGATIVE_INFINITY);
    // Without edges the four are empty, and one shared empty array each will do (nothing writes them).
    this.first = edges ? f64(n) : NO_F64;
    this.last = edges ? f64(n) : NO_F64;
    this.nan = u8(n);
    this.firstValid = edges ? u8(n) : NO_U8;
    this.lastValid = edges ? u8(n) : NO_U8;
    this.timeMinWords = timeWords(this.timeMin);
    this.timeMaxWords = timeWords(this.timeMax);
  }

  /** The arrays alone (not the accumulator's own state), to hand on. */
  partials(): BucketPartials {
    const { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid } = this;
    return { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid };
  }
}
