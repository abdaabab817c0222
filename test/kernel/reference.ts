// Plain TypeScript references for the query kernels: obvious loops, BigInt arithmetic, no cleverness.

export interface RefBucket {
  count: number;
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  first: number;
  last: number;
  firstTime: bigint;
  lastTime: bigint;
  /** Sum of |v| and of v*v without cancellation: the scale for judging a reordered sum. */
  absSum: number;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Rows in time order; `present[i]` false means null. */
export function referenceBuckets(
  times: BigInt64Array,
  values: Float64Array,
  present: (i: number) => boolean,
  origin: bigint,
  width: bigint,
  firstBucket: bigint,
  bucketCount: number,
): RefBucket[] {
  const out: RefBucket[] = Array.from({ length: bucketCount }, () => ({
    count: 0,
    sum: 0,
    sumSquares: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    first: 0,
    last: 0,
    firstTime: 0n,
    lastTime: 0n,
    absSum: 0,
  }));
  for (let i = 0; i < times.length; i++) {
    if (!present(i)) continue;
    const t = times[i] as bigint;
    const k = Number(floorDiv(t - origin, width) - firstBucket);
    if (k < 0 || k >= bucketCount) continue;
    const b = out[k] as RefBucket;
    const v = values[i] as number;
    if (b.count === 0) {
      b.first = v;
      b.firstTime = t;
    }
    b.last = v;
    b.lastTime = t;
    b.count++;
    b.sum += v;
    b.sumSquares += v * v;
    b.absSum += Math.abs(v);
    if (v < b.min) b.min = v;
    if (v > b.max) b.max = v;
  }
  return out;
}

export interface RefPixel {
  count: number;
  first: number;
  last: number;
  min: number;
  max: number;
  firstTime: bigint;
  lastTime: bigint;
  minTime: bigint;
  maxTime: bigint;
}

export function referenceM4(
  times: BigInt64Array,
  values: Float64Array,
  present: (i: number) => boolean,
  from: bigint,
  to: bigint,
  pixels: number,
): RefPixel[] {
  const out: RefPixel[] = Array.from({ length: pixels }, () => ({
    count: 0,
    first: 0,
    last: 0,
    min: Number.NaN,
    max: Number.NaN,
    firstTime: 0n,
    lastTime: 0n,
    minTime: 0n,
    maxTime: 0n,
  }));
  const span = to - from;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as bigint;
    if (!present(i) || t < from || t >= to) continue;
    const p = out[Number(((t - from) * BigInt(pixels)) / span)] as RefPixel;
    const v = values[i] as number;
    if (p.count === 0) {
      p.first = v;
      p.firstTime = t;
    }
    p.last = v;
    p.lastTime = t;
    p.count++;
    if (Number.isNaN(v)) continue;
    // The first non-NaN value of a pixel is its min and max so far, even when it is infinite.
    if (Number.isNaN(p.min) || v < p.min) {
      p.min = v;
      p.minTime = t;
    }
    if (Number.isNaN(p.max) || v > p.max) {
      p.max = v;
      p.maxTime = t;
    }
  }
  return out;
}

/**
 * True when `got` equals the sequential `want` up to the rounding a different summation order can
 * cause (the kernel sums in SIMD lanes): |got - want| <= n * 2^-52 * scale, exact for NaN and infinities.
 */
export function closeSum(got: number, want: number, scale: number, n: number): boolean {
  if (Number.isNaN(want) || !Number.isFinite(want)) return Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
  return Math.abs(got - want) <= n * 2 ** -52 * scale + Number.MIN_VALUE;
}
