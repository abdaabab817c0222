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

/**
 * The first row in lo .. hi (hi's time known to be >= t) with time >= t, searched on the times' 32-bit words
 * (see timeWords): reading a BigInt64Array allocates a BigInt per read. See firstAtOrAfterOffset.
 */
export function firstAtOrAfter(words: Int32Array, lo: number, hi: number, t: bigint): number {
  return firstAtOrAfterOffset(words, lo, hi, Number(BigInt.asIntN(32, t >> 32n)), Number(BigInt.asUintN(32, t)), 0);
}

/**
 * Row i's time minus an origin (its high word `originHigh`, its low word unsigned `originLow`) as a double:
 * exact while the difference is below 2^53 in magnitude, and of the right sign always (the high words' part
 * outweighs the low words' whenever they differ).
 */
export function timeOffset(words: Int32Array, i: number, originHigh: number, originLow: number): number {
  const hi = LITTLE_ENDIAN ? 1 : 0;
  return ((words[2 * i + hi] as number) - originHigh) * 4_294_967_296 + (((words[2 * i + 1 - hi] as number) >>> 0) - originLow);
}

/**
 * The first row in lo .. hi (hi's offset known to be >= target) whose time's offset from the origin (see
 * timeOffset) is at least `target`, an integer whose magnitude and the rows' offsets near it are below 2^53
 * (or 0: then only signs are compared). Points are usually evenly spaced, so the first probe is where the
 * target falls between lo's and hi's offsets; from there the search gallops to the side the answer lies on,
 * then halves: two probes on a regular series instead of a dozen, each of which may miss the cache on a long
 * head, and no BigInt made.
 */
export function firstAtOrAfterOffset(
  words: Int32Array,
  lo: number,
  hi: number,
  originHigh: number,
  originLow: number,
  target: number,
): number {
  if (hi - lo > 8) {
    const a = timeOffset(words, lo, originHigh, originLow);
    const span = timeOffset(words, hi, originHigh, originLow) - a;
    // Far from the origin the offsets lose their last bits: good enough for a guess, which is then checked.
    const guess = span > 0 ? lo + Math.floor(((target - a) / span) * (hi - lo)) : lo;
    const g = Math.min(Math.max(guess, lo), hi);
    let step = 1;
    if (timeOffset(words, g, originHigh, originLow) < target) {
      lo = g + 1;
      while (lo + step - 1 < hi) {
        const p = lo + step - 1;
        if (timeOffset(words, p, originHigh, originLow) >= target) {
          hi = p;
          break;
        }
        lo = p + 1;
        step *= 2;
      }
    } else {
      hi = g;
      while (hi - step >= lo) {
        const p = hi - step;
        if (timeOffset(words, p, originHigh, originLow) < target) {
          lo = p + 1;
          break;
        }
        hi = p;
        step *= 2;
      }
    }
  }
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (timeOffset(words, m, originHigh, originLow) < target) lo = m + 1;
    else hi = m;
  }
  return lo;
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
 * One set of partials read through whole-buffer views at computed offsets, so a consumer (a merge
 * of thousands of series' partials) needs no typed-array view per array and set: `f64` holds
 * rows/count/sum/min/max/first/last (element indices *At), `u8` nan/firstValid/lastValid (byte
 * indices), `words` the times as i64 index pairs (see timeWords: bucket b's timeMin is the i64 at
 * timeMinAt + b). `f64`, `u8` and `words` are shared by every set of the buffer.
 * minAt and maxAt are -1 in partials without min and max (see BucketPartialArrays), which none may read.
 */
export interface PartialsBlock {
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  readonly words: Int32Array;
  readonly rowsAt: number;
  readonly timeMinAt: number;
  readonly timeMaxAt: number;
  readonly countAt: number;
  readonly sumAt: number;
  readonly minAt: number;
  readonly maxAt: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly nanAt: number;
  readonly firstValidAt: number;
  readonly lastValidAt: number;
}

/** Partials with their block (see PartialsBlock): the named arrays and the offsets describe the same memory. */
export interface BlockPartials extends BucketPartials {
  readonly block: PartialsBlock;
}

/**
 * Partials are carved out of shared 64 KiB slabs: a scan makes one set per series and bucket run,
 * and a separate ArrayBuffer for each of its small arrays (twelve per set) made allocation and the
 * collector's tracking of those buffers a large part of a many-series aggregate. A carved region is
 * never handed out twice (fresh buffers are zeroed); a slab lives while any view of it does.
 */
const SLAB_BYTES = 1 << 16;
let slab = new ArrayBuffer(SLAB_BYTES);
/** The slab as 32-bit words, doubles and bytes, shared by every set carved from it (see PartialsBlock). */
let slabWords = new Int32Array(slab);
let slabF64 = new Float64Array(slab);
let slabU8 = new Uint8Array(slab);
let slabUsed = 0;

/** A zeroed region of `bytes` (a multiple of 8), its buffer and that buffer's whole views. */
function carve(bytes: number): PartialsRegion {
  if (bytes > SLAB_BYTES / 4) return regionOf(new ArrayBuffer(bytes), 0);
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabWords = new Int32Array(slab);
    slabF64 = new Float64Array(slab);
    slabU8 = new Uint8Array(slab);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += bytes;
  return { buffer: slab, words: slabWords, f64: slabF64, u8: slabU8, at };
}

/** A region at byte `at` of a buffer (its length a multiple of 8), with new whole-buffer views. */
export function regionOf(buffer: ArrayBuffer, at: number): PartialsRegion {
  return { buffer, words: new Int32Array(buffer), f64: new Float64Array(buffer), u8: new Uint8Array(buffer), at };
}

/** Bytes of one set of partials for `buckets` buckets of `columns` columns (the layout the constructor carves). */
export function partialsBytes(buckets: number, columns: number, edges: boolean, minMax = true): number {
  const n = buckets * columns;
  return (3 * buckets + (edges ? 4 : 2) * n + (minMax ? 2 * n : 0)) * 8 + (((edges ? 3 : 1) * n + 7) & ~7);
}

/**
 * Partials already laid out in a buffer at byte `at` (a multiple of 8), `words`, `f64` and `u8`
 * the whole buffer's views: the kernel fills many series' partials in one block (see the storage's
 * aggregate scan), and their sets share these views.
 */
export interface PartialsRegion {
  readonly buffer: ArrayBuffer;
  readonly words: Int32Array;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  readonly at: number;
}

/**
 * Empty partials (the identity of every merge) for `buckets` buckets of `columns` columns;
 * accumulators extend it. With a region, partials already there (nothing is reset). The named
 * arrays are views made on first use: a many-series scan whose consumer reads the block (see
 * PartialsBlock) makes none of them. Without `minMax` there are no min and max arrays (empty, and
 * minAt / maxAt -1, never to be read): the arrays after them follow the sums.
 */
export class BucketPartialArrays implements BucketPartials, PartialsBlock {
  readonly buffer: ArrayBuffer;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  readonly words: Int32Array;
  readonly rowsAt: number;
  readonly timeMinAt: number;
  readonly timeMaxAt: number;
  readonly countAt: number;
  readonly sumAt: number;
  readonly minAt: number;
  readonly maxAt: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly nanAt: number;
  readonly firstValidAt: number;
  readonly lastValidAt: number;
  private readonly bucketsN: number;
  private readonly cellsN: number;
  private rowsView: Float64Array | null = null;
  private timeMinView: BigInt64Array | null = null;
  private timeMaxView: BigInt64Array | null = null;
  private countView: Float64Array | null = null;
  private sumView: Float64Array | null = null;
  private minView: Float64Array | null = null;
  private maxView: Float64Array | null = null;
  private nanView: Uint8Array | null = null;
  private firstView: Float64Array | null = null;
  private firstValidView: Uint8Array | null = null;
  private lastView: Float64Array | null = null;
  private lastValidView: Uint8Array | null = null;

  constructor(
    buckets: number,
    columns: number,
    readonly edges: boolean,
    region?: PartialsRegion,
    readonly minMax = true,
  ) {
    const n = buckets * columns;
    // 8-byte arrays first (3 of `buckets`, 2 to 6 of n), then the byte arrays (1 or 3 of n), padded to 8.
    const { buffer, words, f64, u8, at } = region ?? carve(partialsBytes(buckets, columns, edges, minMax));
    this.buffer = buffer;
    this.f64 = f64;
    this.u8 = u8;
    this.words = words;
    this.bucketsN = buckets;
    this.cellsN = n;
    const base = at / 8;
    this.rowsAt = base;
    this.timeMinAt = base + buckets;
    this.timeMaxAt = base + 2 * buckets;
    this.countAt = base + 3 * buckets;
    this.sumAt = this.countAt + n;
    this.minAt = minMax ? this.sumAt + n : -1;
    this.maxAt = minMax ? this.sumAt + 2 * n : -1;
    // Without edges first/last are empty (offsets past the doubles, never read).
    this.firstAt = this.sumAt + (minMax ? 3 : 1) * n;
    this.lastAt = this.firstAt + (edges ? n : 0);
    this.nanAt = (this.lastAt + (edges ? n : 0)) * 8;
    this.firstValidAt = this.nanAt + n;
    this.lastValidAt = this.firstValidAt + (edges ? n : 0);
    if (region === undefined) {
      this.timeMin.fill(MAX_TIME_NS);
      this.timeMax.fill(MIN);
      if (minMax) {
        f64.fill(Number.POSITIVE_INFINITY, this.minAt, this.minAt + n);
        f64.fill(Number.NEGATIVE_INFINITY, this.maxAt, this.maxAt + n);
      }
    }
  }

  /** The offsets and whole-buffer views (this object itself). */
  get block(): PartialsBlock {
    return this;
  }

  get rows(): Float64Array {
    this.rowsView ??= new Float64Array(this.buffer, this.rowsAt * 8, this.bucketsN);
    return this.rowsView;
  }
  get timeMin(): BigInt64Array {
    this.timeMinView ??= new BigInt64Array(this.buffer, this.timeMinAt * 8, this.bucketsN);
    return this.timeMinView;
  }
  get timeMax(): BigInt64Array {
    this.timeMaxView ??= new BigInt64Array(this.buffer, this.timeMaxAt * 8, this.bucketsN);
    return this.timeMaxView;
  }
  get count(): Float64Array {
    this.countView ??= new Float64Array(this.buffer, this.countAt * 8, this.cellsN);
    return this.countView;
  }
  get sum(): Float64Array {
    this.sumView ??= new Float64Array(this.buffer, this.sumAt * 8, this.cellsN);
    return this.sumView;
  }
  // Without min/max (see the constructor) the shared empty array: writes to it are dropped.
  get min(): Float64Array {
    this.minView ??= this.minMax ? new Float64Array(this.buffer, this.minAt * 8, this.cellsN) : NO_F64;
    return this.minView;
  }
  get max(): Float64Array {
    this.maxView ??= this.minMax ? new Float64Array(this.buffer, this.maxAt * 8, this.cellsN) : NO_F64;
    return this.maxView;
  }
  get nan(): Uint8Array {
    this.nanView ??= new Uint8Array(this.buffer, this.nanAt, this.cellsN);
    return this.nanView;
  }
  // Without edges the four are empty, and one shared empty array each will do (nothing writes them).
  get first(): Float64Array {
    this.firstView ??= this.edges ? new Float64Array(this.buffer, this.firstAt * 8, this.cellsN) : NO_F64;
    return this.firstView;
  }
  get last(): Float64Array {
    this.lastView ??= this.edges ? new Float64Array(this.buffer, this.lastAt * 8, this.cellsN) : NO_F64;
    return this.lastView;
  }
  get firstValid(): Uint8Array {
    this.firstValidView ??= this.edges ? new Uint8Array(this.buffer, this.firstValidAt, this.cellsN) : NO_U8;
    return this.firstValidView;
  }
  get lastValid(): Uint8Array {
    this.lastValidView ??= this.edges ? new Uint8Array(this.buffer, this.lastValidAt, this.cellsN) : NO_U8;
    return this.lastValidView;
  }

  /** The arrays alone (not the accumulator's own state), to hand on. */
  partials(): BucketPartials {
    const { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid } = this;
    return { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid };
  }
}
