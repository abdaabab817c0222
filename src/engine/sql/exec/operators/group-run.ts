import { BucketPartialArrays, copyTime, timeLess } from '../../../model/bucket-partials.ts';
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
   * edge values follow them); without, merges skip them and they stay empty.
   */
  constructor(
    readonly keys: readonly (string | null)[],
    buckets: number,
    readonly slots: number,
    edges: boolean,
    readonly times: boolean,
  ) {
    super(buckets, slots, edges);
  }

  /**
   * Adds a series' buckets at bucket offset `at`: slot feed.slots[k] takes the series' column
   * feed.columns[k]; the other slots get nothing (and NULL edge values when this series holds a
   * group bucket's first or last row).
   */
  merge(p: SeriesPartials, at: number, columns: number, feed: Feed): void {
    const slots = this.slots;
    const times = this.times;
    // Times compared and copied as 32-bit words: reading them as BigInts would allocate per read.
    const own = this.words;
    const pMinWords = times ? bufferWords(p.timeMin) : own;
    const pMaxWords = times ? bufferWords(p.timeMax) : own;
    const pMinAt = p.timeMin.byteOffset >>> 3;
    const pMaxAt = p.timeMax.byteOffset >>> 3;
    const minAt = this.timeMinAt;
    const maxAt = this.timeMaxAt;
    for (let b = 0; b < p.bucketCount; b++) {
      const rows = p.rows[b]!;
      if (rows === 0) continue;
      const g = at + b;
      this.rows[g]! += rows;
      if (!times) {
        this.addCells(p, b, g, columns, feed);
        continue;
      }
      // The group's first / last row moves to this series only when strictly earlier / later: on a tie
      // the series met first keeps it, as min_by / max_by keep the first row they see.
      const newFirst = timeLess(pMinWords, pMinAt + b, own, minAt + g);
      const newLast = timeLess(own, maxAt + g, pMaxWords, pMaxAt + b);
      if (newFirst) copyTime(pMinWords, pMinAt + b, own, minAt + g);
      if (newLast) copyTime(pMaxWords, pMaxAt + b, own, maxAt + g);
      if (this.edges && (newFirst || newLast)) {
        const slotColumn = feed.all;
        for (let s = 0; s < slots; s++) {
          const c = slotColumn[s]!;
          const i = b * columns + c;
          const j = g * slots + s;
          // A series that does not feed the slot (another measure under a CASE) holds NULL there.
          if (newFirst) {
            this.firstValid[j] = c < 0 ? 0 : p.firstValid[i]!;
            this.first[j] = c < 0 ? 0 : p.first[i]!;
          }
          if (newLast) {
            this.lastValid[j] = c < 0 ? 0 : p.lastValid[i]!;
            this.last[j] = c < 0 ? 0 : p.last[i]!;
          }
        }
      }
      this.addCells(p, b, g, columns, feed);
    }
  }

  /** The series' bucket b into group bucket g, for the slots it feeds. */
  private addCells(p: SeriesPartials, b: number, g: number, columns: number, feed: Feed): void {
    const slots = this.slots;
    const feedSlots = feed.slots;
    const feedColumns = feed.columns;
    for (let k = 0; k < feedSlots.length; k++) {
      const i = b * columns + feedColumns[k]!;
      const n = p.count[i]!;
      if (n === 0) continue;
      const j = g * slots + feedSlots[k]!;
      this.count[j]! += n;
      this.sum[j]! += p.sum[i]!;
      if (p.min[i]! < this.min[j]!) this.min[j] = p.min[i]!;
      if (p.max[i]! > this.max[j]!) this.max[j] = p.max[i]!;
      if (p.nan[i]) this.nan[j] = 1;
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
  const all = slotColumn.map((c, slot) => (slotMeasure[slot] === null || slotMeasure[slot] === measureName ? c : -1));
  const fed = all.flatMap((c, slot) => (c >= 0 ? [slot] : []));
  return { all, slots: Int32Array.from(fed), columns: Int32Array.from(fed, (slot) => all[slot] as number) };
}

/** A whole buffer as 32-bit words, kept per buffer: a scan's partials share a few buffers, and a view per series would cost more than the merge. */
const wordsByBuffer = new WeakMap<ArrayBufferLike, Int32Array>();
function bufferWords(times: BigInt64Array): Int32Array {
  let words = wordsByBuffer.get(times.buffer);
  if (!words) {
    words = new Int32Array(times.buffer, 0, times.buffer.byteLength >>> 2);
    wordsByBuffer.set(times.buffer, words);
  }
  return words;
}
