import type { BoundWindowFunction } from '../../plan/plan-nodes.ts';
import { argumentNumbers, type SlidingPartition } from './sliding-partition.ts';
import type { PartitionResults } from './window-results.ts';

// approx_percentile(x, p) over frames that slide, in O(log n) per row instead of a sort of every frame
// (a moving 95th percentile over 5 minutes of 1 s points sorted 300 values per row). Tidemark answers the
// aggregate exactly: the frame's values sorted, the one at rank round(p * (k - 1)) of k. Here the
// partition's values are ranked once, and the frame is a set of ranks in a Fenwick tree of counts, which
// finds the k-th smallest present rank by descending the tree.

/**
 * The one-pass form of approx_percentile(x, p) with p a literal between 0 and 1 and x stored as numbers,
 * or null (the caller re-aggregates each frame: a p per row, an invalid p, whose error must come from
 * the aggregate as it always does, or bigint values).
 */
export function slidingPercentile(fn: BoundWindowFunction): ((partition: SlidingPartition, out: PartitionResults) => void) | null {
  const [value, percentile] = fn.args;
  if (fn.name.toLowerCase() !== 'approx_percentile') return null;
  if (fn.args.length !== 2 || value === undefined || percentile?.kind !== 'Literal') return null;
  if (value.type.kind !== 'double' && value.type.kind !== 'integer') return null;
  const p = percentile.value;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) return null;
  return (partition, out) => framePercentiles(partition, p, out);
}

/** Orders numbers as compareValues does (NaN above everything, -0 equal to 0); equal values by row, as a stable sort of a frame keeps them. */
function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

function framePercentiles(partition: SlidingPartition, p: number, out: PartitionResults): void {
  const n = partition.size;
  const { values, present } = argumentNumbers(partition);
  // Ranks: position in (value, row) order of each present row.
  const order: number[] = [];
  for (let row = 0; row < n; row++) if (present[row] === 1) order.push(row);
  order.sort((a, b) => compareNumbers(values[a] as number, values[b] as number) || a - b);
  const m = order.length;
  const rank = new Int32Array(n);
  for (let r = 0; r < m; r++) rank[order[r] as number] = r;
  // Fenwick tree over ranks 1..m: counts of the ranks in the frame.
  const tree = new Int32Array(m + 1);
  let top = 1;
  while (top * 2 <= m) top *= 2;
  const change = (row: number, by: number) => {
    if (present[row] !== 1) return;
    for (let i = (rank[row] as number) + 1; i <= m; i += i & -i) tree[i] = (tree[i] as number) + by;
  };
  const frames = partition.frames;
  let from = 0;
  let to = 0;
  let count = 0;
  for (let row = 0; row < n; row++) {
    const start = frames.start[row] as number;
    const end = frames.end[row] as number;
    for (; to < end; to++) {
      change(to, 1);
      count += present[to] as number;
    }
    for (; from < start; from++) {
      change(from, -1);
      count -= present[from] as number;
    }
    if (count === 0) {
      out.set(row, null);
      continue;
    }
    // The smallest rank with more than k ranks at or below it (k = round(p * (count - 1)), from 0).
    let remaining = Math.round(p * (count - 1));
    let at = 0;
    for (let step = top; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= m && (tree[next] as number) <= remaining) {
        at = next;
        remaining -= tree[next] as number;
      }
    }
    out.set(row, values[order[at] as number] as number);
  }
}
