import { BucketPartialArrays, copyTime, type PartialsBlock, timeLess } from '../../../model/bucket-partials.ts';
import type { SeriesPartials } from '../../catalog.ts';

// A pushed-down aggregate's groups of several series: their buckets merged per query bucket and slot.

/**
 * The groups sharing one value of the series keys (dimensions, measure_name), dense over the
 * query's buckets: per bucket rows and time range; per bucket b and slot s (index b * slots + s)
 * count/sum/min/max/NaN.
 */
export class GroupRun extends BucketPartialArrays {
  /**
   * `times`: whether the buckets' time ranges are kept (an aggregate of time reads them, and the
   * edge values follow them); without, merges skip them and they stay empty. `minMax`: whether min
   * and max are kept (without, the series' min/max are unspecified and merges skip them).
   */
  constructor(
    readonly keys: readonly (string | null)[],
    buckets: number,
    readonly slots: number,
    edges: boolean,
    readonly times: boolean,
    minMax = true,
  ) {
    super(buckets, slots, edges, undefined, minMax);
  }

  /**
   * Adds a series' buckets at bucket offset `at`: slot feed.slots[k] takes the series' column
   * feed.columns[k]; the other slots get nothing (and NULL edge values when this series holds a
   * group bucket's first or last row). Both sides are read through their blocks (see
   * PartialsBlock): no typed-array view per series.
   */
  merge(p: SeriesPartials, at: number, columns: number, feed: Feed): void {
    const slots = this.slots;
    const pb = p.block;
    const pf = pb.f64;
    const pu = pb.u8;
    const f = this.f64;
    const u = this.u8;
    // Times compared and copied as 32-bit words: reading them as BigInts would allocate per read.
    const own = this.words;
    const pw = pb.words;
    const pRowsAt = pb.rowsAt;
    const pMinAt = pb.timeMinAt;
    const pMaxAt = pb.timeMaxAt;
    const rowsAt = this.rowsAt;
    const minAt = this.timeMinAt;
    const maxAt = this.timeMaxAt;
    const times = this.times;
    const edges = this.edges;
    for (let b = 0; b < p.bucketCount; b++) {
      const rows = pf[pRowsAt + b] as number;
      if (rows === 0) continue;
      const g = at + b;
      f[rowsAt + g] = (f[rowsAt + g] as number) + rows;
      if (times) {
        // The group's first / last row moves to this series only when strictly earlier / later: on a tie
        // the series met first keeps it, as min_by / max_by keep the first row they see.
        const newFirst = timeLess(pw, pMinAt + b, own, minAt + g);
        const newLast = timeLess(own, maxAt + g, pw, pMaxAt + b);
        if (newFirst) copyTime(pw, pMinAt + b, own, minAt + g);
        if (newLast) copyTime(pw, pMaxAt + b, own, maxAt + g);
        if (edges && (newFirst || newLast)) {
          const slotColumn = feed.all;
          for (let s = 0; s < slots; s++) {
            const c = slotColumn[s] as number;
            const i = b * columns + c;
            const j = g * slots + s;
            // A series that does not feed the slot (another measure under a CASE) holds NULL there.
            if (newFirst) {
              u[this.firstValidAt + j] = c < 0 ? 0 : (pu[pb.firstValidAt + i] as number);
              f[this.firstAt + j] = c < 0 ? 0 : (pf[pb.firstAt + i] as number);
            }
            if (newLast) {
              u[this.lastValidAt + j] = c < 0 ? 0 : (pu[pb.lastValidAt + i] as number);
              f[this.lastAt + j] = c < 0 ? 0 : (pf[pb.lastAt + i] as number);
            }
          }
        }
      }
      this.addCells(pb, b, g, columns, feed);
    }
  }

  /** The series' bucket b into group bucket g, for the slots it feeds. */
  private addCells(pb: PartialsBlock, b: number, g: number, columns: number, feed: Feed): void {
    const slots = this.slots;
    const feedSlots = feed.slots;
    const feedColumns = feed.columns;
    const pf = pb.f64;
    const f = this.f64;
    const minMax = this.minMax;
    for (let k = 0; k < feedSlots.length; k++) {
      const i = b * columns + (feedColumns[k] as number);
      const n = pf[pb.countAt + i] as number;
      if (n === 0) continue;
      const j = g * slots + (feedSlots[k] as number);
      f[this.countAt + j] = (f[this.countAt + j] as number) + n;
      f[this.sumAt + j] = (f[this.sumAt + j] as number) + (pf[pb.sumAt + i] as number);
      if (minMax) {
        const min = pf[pb.minAt + i] as number;
        const max = pf[pb.maxAt + i] as number;
        if (min < (f[this.minAt + j] as number)) f[this.minAt + j] = min;
        if (max > (f[this.maxAt + j] as number)) f[this.maxAt + j] = max;
      }
      if (pb.u8[pb.nanAt + i]) this.u8[this.nanAt + j] = 1;
    }
  }
}

/**
 * Which slots a series feeds, by its measure name (a CASE on measure_name reads only its own
 * measure's series): `all[s]` is the series column feeding slot s or -1; `slots` / `columns` list
 * only the fed ones, so a merge touches just those.
 */
export interface Feed {
  readonly all: readonly number[];
  readonly slots: Int32Array;
  readonly columns: Int32Array;
}

/** The feed of series of one measure name, given each slot's column and measure (null: any). */
export function feedFor(measureName: string, slotColumn: readonly number[], slotMeasure: readonly (string | null)[]): Feed {
  // Plain loops: a query asks once per measure name, and array callbacks cost more than the work here.
  const all = new Array<number>(slotColumn.length);
  let fed = 0;
  for (let slot = 0; slot < slotColumn.length; slot++) {
    const measure = slotMeasure[slot];
    const c = measure === null || measure === measureName ? (slotColumn[slot] as number) : -1;
    all[slot] = c;
    if (c >= 0) fed++;
  }
  const slots = new Int32Array(fed);
  const columns = new Int32Array(fed);
  let k = 0;
  for (let slot = 0; slot < all.length; slot++) {
    const c = all[slot] as number;
    if (c < 0) continue;
    slots[k] = slot;
    columns[k++] = c;
  }
  return { all, slots, columns };
}
