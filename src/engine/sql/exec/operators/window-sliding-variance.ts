import type { BoundWindowFunction } from '../../plan/plan-nodes.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { argumentNumbers, type SlidingPartition } from './sliding-partition.ts';
import type { PartitionResults } from './window-results.ts';

// The variance family (stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop) over frames that
// slide, from a tree of partial moments (count, mean, sum of squared deviations) merged as Chan et al.
// merge them: log2(n) merges per row instead of the frame re-aggregated at every row. A merge stays as
// accurate as the aggregate's running (Welford) update: neither subtracts sums of squares. The results may
// differ from the running update in the last bits. A frame holding NaN or an infinity is aggregated by the
// aggregate itself: what the running update makes of them (NaN or infinity, by the order they come in) is
// not what a merge makes of them.

/** The variance from a frame's count and sum of squared deviations, per function; null below its count. */
const FINISH: Readonly<Record<string, (n: number, m2: number) => number | null>> = {
  stddev: (n, m2) => (n < 2 ? null : Math.sqrt(m2 / (n - 1))),
  stddev_samp: (n, m2) => (n < 2 ? null : Math.sqrt(m2 / (n - 1))),
  variance: (n, m2) => (n < 2 ? null : m2 / (n - 1)),
  var_samp: (n, m2) => (n < 2 ? null : m2 / (n - 1)),
  stddev_pop: (n, m2) => (n < 1 ? null : Math.sqrt(m2 / n)),
  var_pop: (n, m2) => (n < 1 ? null : m2 / n),
};

/**
 * The one-pass form of a variance-family window aggregate of a double, or null. `aggregate(start, end)`
 * is the aggregate's own value over rows [start, end) of the partition, for frames holding NaN or infinities.
 */
export function slidingVariance(
  fn: BoundWindowFunction,
): ((partition: SlidingPartition, out: PartitionResults, aggregate: (start: number, end: number) => SqlValue) => void) | null {
  const finish = FINISH[fn.name.toLowerCase()];
  if (finish === undefined || fn.args.length !== 1 || fn.args[0]?.type.kind !== 'double') return null;
  return (partition, out, aggregate) => frameVariances(partition, finish, out, aggregate);
}

function frameVariances(
  partition: SlidingPartition,
  finish: (n: number, m2: number) => number | null,
  out: PartitionResults,
  aggregate: (start: number, end: number) => SqlValue,
): void {
  const n = partition.size;
  let leaves = 1;
  while (leaves < n) leaves *= 2;
  const count = new Float64Array(2 * leaves);
  const mean = new Float64Array(2 * leaves);
  const m2 = new Float64Array(2 * leaves);
  // nonFinite[i]: how many of rows 0 .. i - 1 hold NaN or an infinity.
  const nonFinite = new Int32Array(n + 1);
  const { values, present } = argumentNumbers(partition);
  for (let row = 0; row < n; row++) {
    const x = values[row] as number;
    const finite = Number.isFinite(x);
    nonFinite[row + 1] = (nonFinite[row] as number) + (present[row] === 1 && !finite ? 1 : 0);
    if (present[row] !== 1 || !finite) continue;
    count[leaves + row] = 1;
    mean[leaves + row] = x;
  }
  for (let node = leaves - 1; node >= 1; node--) {
    merge(count[2 * node] as number, mean[2 * node] as number, m2[2 * node] as number, 2 * node + 1, count, mean, m2);
    count[node] = merged.n;
    mean[node] = merged.mean;
    m2[node] = merged.m2;
  }
  const frames = partition.frames;
  for (let row = 0; row < n; row++) {
    const start = frames.start[row] as number;
    const end = frames.end[row] as number;
    if ((nonFinite[end] as number) !== (nonFinite[start] as number)) {
      out.set(row, aggregate(start, end));
      continue;
    }
    // Left to right: the left edge's nodes merged in order, the right edge's in reverse, then the two.
    let ln = 0;
    let lm = 0;
    let l2 = 0;
    let rn = 0;
    let rm = 0;
    let r2 = 0;
    for (let lo = start + leaves, hi = end + leaves; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) {
        merge(ln, lm, l2, lo++, count, mean, m2);
        ln = merged.n;
        lm = merged.mean;
        l2 = merged.m2;
      }
      if (hi & 1) {
        --hi;
        mergeBefore(hi, rn, rm, r2, count, mean, m2);
        rn = merged.n;
        rm = merged.mean;
        r2 = merged.m2;
      }
    }
    combine(ln, lm, l2, rn, rm, r2);
    out.set(row, finish(merged.n, merged.m2));
  }
}

/** The last merge's result (no object per merge). */
const merged = { n: 0, mean: 0, m2: 0 };

/** Moments (an, am, a2) followed by tree node `node`'s. */
function merge(an: number, am: number, a2: number, node: number, count: Float64Array, mean: Float64Array, m2: Float64Array): void {
  combine(an, am, a2, count[node] as number, mean[node] as number, m2[node] as number);
}

/** Tree node `node`'s moments followed by (bn, bm, b2). */
function mergeBefore(node: number, bn: number, bm: number, b2: number, count: Float64Array, mean: Float64Array, m2: Float64Array): void {
  combine(count[node] as number, mean[node] as number, m2[node] as number, bn, bm, b2);
}

function combine(an: number, am: number, a2: number, bn: number, bm: number, b2: number): void {
  if (bn === 0) {
    merged.n = an;
    merged.mean = am;
    merged.m2 = a2;
    return;
  }
  if (an === 0) {
    merged.n = bn;
    merged.mean = bm;
    merged.m2 = b2;
    return;
  }
  const n = an + bn;
  const delta = bm - am;
  merged.n = n;
  merged.mean = am + (delta * bn) / n;
  merged.m2 = a2 + b2 + ((delta * delta * an) / n) * bn;
}
