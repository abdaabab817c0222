import { checkedInt64 } from '../../functions/arithmetic-errors.ts';
import type { BoundWindowFunction } from '../../plan/plan-nodes.ts';
import type { SqlType } from '../../types/sql-type.ts';
import { compareValues } from '../../values/compare.ts';
import { argumentNumbers, type SlidingPartition } from './sliding-partition.ts';
import type { PartitionResults } from './window-results.ts';
import { slidingPercentile } from './window-sliding-percentile.ts';
import { slidingVariance } from './window-sliding-variance.ts';

// count, sum, avg, min and max over frames that slide (both edges only move forward, as every
// ROWS or RANGE frame with offsets does over an ordered partition): one pass over the partition
// instead of the frame re-aggregated at every row, which costs the frame's length per row (a
// 5-minute moving maximum over 1 s points: 300 adds per row).

/**
 * Whether the frames' two edges never move back (what the one-pass forms below need), and whether the start
 * moves too: frames that only grow at the end are aggregated row by row as they grow by the caller, which is
 * as cheap for the forms that subtract nothing (sums, extremes) and not for approx_percentile.
 */
function frameMotion(partition: SlidingPartition): 'back' | 'grows' | 'slides' {
  const { start, end } = partition.frames;
  let moves = false;
  for (let row = 1; row < partition.size; row++) {
    const a = start[row] as number;
    const before = start[row - 1] as number;
    if (a < before || (end[row] as number) < (end[row - 1] as number)) return 'back';
    if (a !== before) moves = true;
  }
  return moves ? 'slides' : 'grows';
}

/**
 * Writes the aggregate's value at every row of a partition into `out` and returns true, or returns false
 * (writing nothing) when the partition's frames do not slide (the caller then aggregates frame by frame,
 * or, while frames only grow, row by row).
 */
export type SlidingForm = (partition: SlidingPartition, out: PartitionResults) => boolean;

/**
 * The one-pass form of a window aggregate, or null when it is not one of count, sum, avg, min and max over
 * the argument types they are written for here, approx_percentile with a literal percentile (see
 * window-sliding-percentile.ts) or the variance family (window-sliding-variance.ts). Its values are those of the aggregate's own accumulator
 * over each frame: the same NULL rules and ties; sums of doubles are added in another order (a tree of
 * partial sums, as DuckDB's window sums are), so they may differ from a running sum in the last bits,
 * never by cancellation (a large value leaving the frame takes nothing with it).
 */
export function slidingForm(fn: BoundWindowFunction): SlidingForm | null {
  if (fn.function.kind !== 'aggregate') return null;
  const impl = fn.function.impl;
  const variance = slidingVariance(fn);
  const percentile = slidingPercentile(fn);
  const form =
    onePassForm(
      fn.name.toLowerCase(),
      fn.args.length === 1 ? (fn.args[0] as BoundWindowFunction['args'][number]).type : null,
      fn.args.length,
    ) ??
    percentile ??
    (variance &&
      ((partition: SlidingPartition, out: PartitionResults) =>
        variance(partition, out, (start, end) => {
          // The aggregate's own value over the frame (one argument; rows with NULL skipped, as it asks).
          const accumulator = impl.create();
          for (let row = start; row < end; row++) {
            const x = partition.argument(0, row);
            if (x !== null) accumulator.add([x]);
          }
          return accumulator.result();
        })));
  if (form === null) return null;
  return (partition, out) => {
    if (partition.size === 0) return false;
    const motion = frameMotion(partition);
    if (motion === 'back' || (motion === 'grows' && form !== percentile)) return false;
    form(partition, out);
    return true;
  };
}

function onePassForm(name: string, type: SqlType | null, argCount: number): ((p: SlidingPartition, o: PartitionResults) => void) | null {
  if (argCount === 0) return name === 'count' ? countRows : null;
  if (type === null) return null;
  switch (name) {
    case 'count':
      return countPresent;
    case 'sum':
      return type.kind === 'double' ? sumDoubles : type.kind === 'bigint' ? sumBigInts : null;
    case 'avg':
      return type.kind === 'double' ? averageDoubles : null;
    case 'min':
    case 'max': {
      const max = name === 'max';
      return (p, o) => extremes(p, type, max, o);
    }
    default:
      return null;
  }
}

function countRows(partition: SlidingPartition, out: PartitionResults): void {
  const { start, end } = partition.frames;
  for (let row = 0; row < partition.size; row++) out.set(row, BigInt((end[row] as number) - (start[row] as number)));
}

/** present[i]: how many of rows 0 .. i - 1 have a non-NULL argument. */
function presentPrefix(partition: SlidingPartition): Int32Array {
  const n = partition.size;
  const present = new Int32Array(n + 1);
  const doubles = partition.doubles;
  if (doubles !== null) {
    const { rows } = partition;
    const valid = doubles.valid;
    for (let row = 0; row < n; row++)
      present[row + 1] = (present[row] as number) + (valid === null || valid[rows[row] as number] === 1 ? 1 : 0);
    return present;
  }
  for (let row = 0; row < n; row++) present[row + 1] = (present[row] as number) + (partition.argument(0, row) === null ? 0 : 1);
  return present;
}

function countPresent(partition: SlidingPartition, out: PartitionResults): void {
  const present = presentPrefix(partition);
  const { start, end } = partition.frames;
  for (let row = 0; row < partition.size; row++)
    out.set(row, BigInt((present[end[row] as number] as number) - (present[start[row] as number] as number)));
}

/**
 * Sums (or averages) of doubles over each frame from a tree of partial sums (leaves: the values, 0
 * for NULL): log2(size) additions per row, and each frame's sum is one of its own values' sums, so
 * NaN and infinities come out as a running sum gives them (inf + -inf is NaN either way).
 */
function sumDoubles(partition: SlidingPartition, out: PartitionResults): void {
  frameSums(partition, out, false);
}

function averageDoubles(partition: SlidingPartition, out: PartitionResults): void {
  frameSums(partition, out, true);
}

function frameSums(partition: SlidingPartition, out: PartitionResults, average: boolean): void {
  const n = partition.size;
  let leaves = 1;
  while (leaves < n) leaves *= 2;
  const tree = new Float64Array(2 * leaves);
  const argument = argumentNumbers(partition);
  tree.set(argument.values, leaves);
  for (let node = leaves - 1; node >= 1; node--) tree[node] = (tree[2 * node] as number) + (tree[2 * node + 1] as number);
  // present[i]: how many of rows 0 .. i - 1 have a value.
  const present = new Int32Array(n + 1);
  for (let row = 0; row < n; row++) present[row + 1] = (present[row] as number) + (argument.present[row] as number);
  const frames = partition.frames;
  for (let row = 0; row < n; row++) {
    const start = frames.start[row] as number;
    const end = frames.end[row] as number;
    const count = (present[end] as number) - (present[start] as number);
    if (count === 0) {
      out.set(row, null);
      continue;
    }
    // Left to right: the left edge's nodes in order, the right edge's in reverse, met in the middle.
    let left = 0;
    let right = 0;
    for (let lo = start + leaves, hi = end + leaves; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) left += tree[lo++] as number;
      if (hi & 1) right = (tree[--hi] as number) + right;
    }
    const sum = left + right;
    out.set(row, average ? sum / count : sum);
  }
}

/**
 * Exact bigint sums: each frame's is the difference of two prefix sums (BigInt, unbounded), checked
 * to fit 64 bits as the running sum is. A running sum also fails when a partial sum overflows and
 * later values bring it back; here only a frame's own sum can.
 */
function sumBigInts(partition: SlidingPartition, out: PartitionResults): void {
  const n = partition.size;
  const prefix = new Array<bigint>(n + 1);
  prefix[0] = 0n;
  for (let row = 0; row < n; row++) {
    const x = partition.argument(0, row);
    prefix[row + 1] = (prefix[row] as bigint) + (x === null ? 0n : (x as bigint));
  }
  const present = presentPrefix(partition);
  for (let row = 0; row < n; row++) {
    const start = partition.frameStart(row);
    const end = partition.frameEnd(row);
    out.set(
      row,
      (present[end] as number) === (present[start] as number)
        ? null
        : checkedInt64((prefix[end] as bigint) - (prefix[start] as bigint), 'sum'),
    );
  }
}

/**
 * min / max over each frame from a queue of candidate rows (a monotonic deque): a row enters when
 * the frame's end passes it, after dropping the candidates it beats (strictly: of equal values the
 * earliest stays first, the one a running min / max keeps), and leaves when the frame's start does.
 */
function extremes(partition: SlidingPartition, type: SqlType, max: boolean, out: PartitionResults): void {
  const n = partition.size;
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let entered = 0;
  for (let row = 0; row < n; row++) {
    const start = partition.frameStart(row);
    const end = partition.frameEnd(row);
    for (; entered < end; entered++) {
      const x = partition.argument(0, entered);
      if (x === null) continue;
      while (tail > head) {
        const c = compareValues(x, partition.argument(0, queue[tail - 1] as number), type);
        if (max ? c > 0 : c < 0) tail--;
        else break;
      }
      queue[tail++] = entered;
    }
    while (tail > head && (queue[head] as number) < start) head++;
    out.set(row, tail > head ? partition.argument(0, queue[head] as number) : null);
  }
}
