import type { ChunkHeader } from './codec.ts';
import { lowerBoundIn } from './m4-rows.ts';
import type { MagneticRef, MemChunk, Series } from './series.ts';

/** A chunk of a series: in RAM (sealed) or in the magnetic tier (bytes read on demand). */
export type SummaryChunk = { readonly kind: 'sealed'; readonly chunk: MemChunk } | { readonly kind: 'magnetic'; readonly ref: MagneticRef };

/**
 * What the headers of a series' chunks say about one double column, in time order and in typed
 * arrays, so a pixel query finds the chunks lying inside a pixel column by binary search and takes
 * their min and max from a sparse table: O(pixels x log chunks) instead of a loop over every
 * header. Built once per series and column, and rebuilt when the series' chunk lists change
 * (chunks are immutable: a rewritten chunk is a new object with a new id). It keeps no chunk
 * bytes alive: chunks are named by their place in the lists it was built from (`chunkAt`).
 */
export class SeriesM4Summary {
  /** Per chunk in time order, where it is: index i of the sealed list, or -(j + 1) for index j of the magnetic list. */
  private readonly place: Int32Array;
  readonly timeMin: BigInt64Array;
  readonly timeMax: BigInt64Array;
  /** True when two chunks overlap in time (late writes): the summary must not be used. */
  readonly overlapping: boolean;
  /** 0 when the header cannot answer for the chunk (the column is not a double there): it is always decoded. */
  readonly answerable: Uint8Array;
  readonly anyUnanswerable: boolean;
  /** Non-null values of the column per chunk (0 when the column is absent or null throughout). */
  readonly count: Float64Array;
  /** Prefix sums of `count` (C + 1 entries). */
  private readonly countBefore: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly firstTime: BigInt64Array;
  readonly lastTime: BigInt64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** The first chunk at or after i with values (C when none), and the last at or before i (-1 when none). */
  private readonly nextWithValues: Int32Array;
  private readonly prevWithValues: Int32Array;
  /** Sparse tables: level k holds, per i, the chunk of [i, i + 2^k) with the smallest (largest) value. */
  private readonly minTable: Int32Array[];
  private readonly maxTable: Int32Array[];

  /** What the lists held when built: sealed chunk ids, and magnetic chunks' headers (small, no bytes). */
  private readonly sealedSeen: readonly number[];
  private readonly magneticSeen: readonly ChunkHeader[];

  constructor(
    sealed: readonly MemChunk[],
    magnetic: readonly MagneticRef[],
    readonly column: string,
  ) {
    this.sealedSeen = sealed.map((c) => c.id);
    this.magneticSeen = magnetic.map((r) => r.header);
    const headerOf = (k: number): ChunkHeader => (k >= 0 ? (sealed[k] as MemChunk).header : (magnetic[-k - 1] as MagneticRef).header);
    const places = [...magnetic.map((_, j) => -j - 1), ...sealed.map((_, i) => i)];
    places.sort((a, b) => {
      const x = headerOf(a).timeMin;
      const y = headerOf(b).timeMin;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const n = places.length;
    this.place = Int32Array.from(places);
    this.timeMin = new BigInt64Array(n);
    this.timeMax = new BigInt64Array(n);
    this.answerable = new Uint8Array(n);
    this.count = new Float64Array(n);
    this.countBefore = new Float64Array(n + 1);
    this.first = new Float64Array(n);
    this.last = new Float64Array(n);
    this.firstTime = new BigInt64Array(n);
    this.lastTime = new BigInt64Array(n);
    this.min = new Float64Array(n).fill(Number.NaN);
    this.max = new Float64Array(n).fill(Number.NaN);
    let overlapping = false;
    let anyUnanswerable = false;
    for (let i = 0; i < n; i++) {
      const h = headerOf(this.place[i] as number);
      this.timeMin[i] = h.timeMin;
      this.timeMax[i] = h.timeMax;
      if (i > 0 && (this.timeMax[i - 1] as bigint) >= h.timeMin) overlapping = true;
      const ch = h.columns.find((c) => c.name === column);
      if (!ch)
        this.answerable[i] = 1; // null throughout this chunk
      else if (ch.type === 'double') {
        this.answerable[i] = 1;
        const stats = ch.stats;
        const present = h.count - ch.nullCount;
        if (stats && present > 0) {
          this.count[i] = present;
          this.first[i] = stats.first;
          this.last[i] = stats.last;
          this.firstTime[i] = stats.firstTime;
          this.lastTime[i] = stats.lastTime;
          this.min[i] = stats.min;
          this.max[i] = stats.max;
        }
      } else anyUnanswerable = true;
      this.countBefore[i + 1] = (this.countBefore[i] as number) + (this.count[i] as number);
    }
    this.overlapping = overlapping;
    this.anyUnanswerable = anyUnanswerable;
    this.nextWithValues = new Int32Array(n + 1);
    this.nextWithValues[n] = n;
    for (let i = n - 1; i >= 0; i--) this.nextWithValues[i] = (this.count[i] as number) > 0 ? i : (this.nextWithValues[i + 1] as number);
    this.prevWithValues = new Int32Array(n);
    for (let i = 0; i < n; i++)
      this.prevWithValues[i] = (this.count[i] as number) > 0 ? i : i > 0 ? (this.prevWithValues[i - 1] as number) : -1;
    this.minTable = sparseTable(this.min, (a, b) => a < b);
    this.maxTable = sparseTable(this.max, (a, b) => a > b);
  }

  /** The first chunk whose last time is >= t (chunks do not overlap, so last times ascend). */
  firstEndingAtOrAfter(t: bigint, lo = 0): number {
    return lowerBoundIn(this.timeMax, t, lo, this.timeMax.length);
  }

  /** The first chunk whose first time is >= t. */
  firstStartingAtOrAfter(t: bigint, lo = 0): number {
    return lowerBoundIn(this.timeMin, t, lo, this.timeMin.length);
  }

  /** Non-null values in chunks [a, b). */
  countIn(a: number, b: number): number {
    return (this.countBefore[b] as number) - (this.countBefore[a] as number);
  }

  /** The first (last) chunk of [a, b) holding values, or -1. */
  firstWithValues(a: number, b: number): number {
    const i = this.nextWithValues[a] as number;
    return i < b ? i : -1;
  }
  lastWithValues(a: number, b: number): number {
    const i = this.prevWithValues[b - 1] as number;
    return i >= a ? i : -1;
  }

  /** The chunk of [a, b) with the smallest (largest) value, the earliest among equals; -1 when all are NaN. */
  minChunk(a: number, b: number): number {
    return query(this.minTable, this.min, a, b, (x, y) => x < y);
  }
  maxChunk(a: number, b: number): number {
    return query(this.maxTable, this.max, a, b, (x, y) => x > y);
  }

  /** The smallest and largest value of chunk i per its header (undefined when it has none). */
  boundsOf(i: number): { min: number; max: number } | undefined {
    const min = this.min[i] as number;
    const max = this.max[i] as number;
    return Number.isNaN(min) || Number.isNaN(max) ? undefined : { min, max };
  }

  /** Chunk i (in time order), from the lists the summary was built from (or lists it `matches`). */
  chunkAt(i: number, sealed: readonly MemChunk[], magnetic: readonly MagneticRef[]): SummaryChunk {
    const k = this.place[i] as number;
    return k >= 0 ? { kind: 'sealed', chunk: sealed[k] as MemChunk } : { kind: 'magnetic', ref: magnetic[-k - 1] as MagneticRef };
  }

  /** True when the summary still describes these chunk lists (the same chunks, in the same order). */
  matches(sealed: readonly MemChunk[], magnetic: readonly MagneticRef[]): boolean {
    if (sealed.length !== this.sealedSeen.length || magnetic.length !== this.magneticSeen.length) return false;
    for (let i = 0; i < sealed.length; i++) if ((sealed[i] as MemChunk).id !== this.sealedSeen[i]) return false;
    for (let j = 0; j < magnetic.length; j++) if ((magnetic[j] as MagneticRef).header !== this.magneticSeen[j]) return false;
    return true;
  }
}

/** The better of two chunks by value; NaN never wins, equal values keep the earlier chunk. */
function better(values: Float64Array, i: number, j: number, wins: (a: number, b: number) => boolean): number {
  if (i < 0) return j;
  if (j < 0) return i;
  const a = values[i] as number;
  const b = values[j] as number;
  if (Number.isNaN(b)) return i;
  if (Number.isNaN(a)) return j;
  if (wins(b, a)) return j;
  if (wins(a, b)) return i;
  return Math.min(i, j);
}

function sparseTable(values: Float64Array, wins: (a: number, b: number) => boolean): Int32Array[] {
  const n = values.length;
  const levels: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => (Number.isNaN(values[i] as number) ? -1 : i))];
  for (let k = 1; 1 << k <= n; k++) {
    const prev = levels[k - 1] as Int32Array;
    const half = 1 << (k - 1);
    const level = new Int32Array(n - (1 << k) + 1);
    for (let i = 0; i < level.length; i++) level[i] = better(values, prev[i] as number, prev[i + half] as number, wins);
    levels.push(level);
  }
  return levels;
}

function query(levels: Int32Array[], values: Float64Array, a: number, b: number, wins: (x: number, y: number) => boolean): number {
  if (b <= a) return -1;
  const k = 31 - Math.clz32(b - a);
  const level = levels[k] as Int32Array;
  return better(values, level[a] as number, level[b - (1 << k)] as number, wins);
}

const cache = new WeakMap<Series, Map<string, SeriesM4Summary>>();

/** The summary of `column` for a series, built when missing or stale. */
export function seriesM4Summary(series: Series, column: string): SeriesM4Summary {
  let perColumn = cache.get(series);
  if (!perColumn) {
    perColumn = new Map();
    cache.set(series, perColumn);
  }
  const cached = perColumn.get(column);
  if (cached?.matches(series.sealed, series.magnetic)) return cached;
  const built = new SeriesM4Summary(series.sealed, series.magnetic, column);
  perColumn.set(column, built);
  return built;
}
