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

/** The smallest 64-bit time, which every real time exceeds (the start of an empty bucket's max). */
const MIN = -(2n ** 63n);

const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);

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

  constructor(
    buckets: number,
    columns: number,
    readonly edges: boolean,
  ) {
    const n = buckets * columns;
    this.rows = new Float64Array(buckets);
    this.timeMin = new BigInt64Array(buckets).fill(MAX_TIME_NS);
    this.timeMax = new BigInt64Array(buckets).fill(MIN);
    this.count = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.min = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.nan = new Uint8Array(n);
    // Without edges the four are empty, and one shared empty array each will do (nothing writes them).
    this.first = edges ? new Float64Array(n) : NO_F64;
    this.firstValid = edges ? new Uint8Array(n) : NO_U8;
    this.last = edges ? new Float64Array(n) : NO_F64;
    this.lastValid = edges ? new Uint8Array(n) : NO_U8;
  }

  /** The arrays alone (not the accumulator's own state), to hand on. */
  partials(): BucketPartials {
    const { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid } = this;
    return { rows, timeMin, timeMax, count, sum, min, max, nan, first, firstValid, last, lastValid };
  }
}
