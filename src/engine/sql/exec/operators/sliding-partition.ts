import type { WindowPartition } from '../../functions/index.ts';
import type { NumberVector } from '../../vector/index.ts';

/**
 * A partition as the one-pass forms read it: besides what a window function sees, its rows' input
 * positions, every row's frame, and the argument's column when it holds doubles (read straight from
 * its arrays rather than through `argument`, a call and a boxed value per read).
 */
export interface SlidingPartition extends WindowPartition {
  readonly rows: Int32Array;
  readonly frames: { readonly start: Int32Array; readonly end: Int32Array };
  readonly doubles: NumberVector | null;
}

/**
 * A numeric argument at every row of the partition (in window order), read once: its value (0 where NULL) and
 * whether it is present. From the column's arrays when it holds doubles, else through `argument`.
 */
export function argumentNumbers(partition: SlidingPartition): { readonly values: Float64Array; readonly present: Uint8Array } {
  const n = partition.size;
  const values = new Float64Array(n);
  const present = new Uint8Array(n);
  const doubles = partition.doubles;
  if (doubles !== null) {
    const { rows } = partition;
    const { data, valid } = doubles;
    for (let row = 0; row < n; row++) {
      const at = rows[row] as number;
      if (valid !== null && valid[at] !== 1) continue;
      values[row] = data[at] as number;
      present[row] = 1;
    }
  } else
    for (let row = 0; row < n; row++) {
      const x = partition.argument(0, row);
      if (x === null) continue;
      values[row] = x as number;
      present[row] = 1;
    }
  return { values, present };
}
