import type { SeriesPlan } from './aggregate-chunks.ts';
import { ExtentBuilder, type SeriesExtent } from './aggregate-extent.ts';
import { chunkRevision, headRevision } from './data-revision.ts';
import { sameItems } from './same-items.ts';
import type { MemChunk, Series } from './series.ts';
import type { TableState } from './table-state.ts';

// The chunk and head bounds of an aggregate scan's series, kept between queries while their chunks do not change
// (see data-revision.ts): a query over the same series (a panel refreshing, another range) then works out each
// series' extent from a few flat arrays, without reaching into every series, its chunk list, its chunks' headers and
// their BigInts. A large scan pushes those out of the caches between queries, and walking them again, one miss after
// another, cost as much as a fifth of such a query. Heads are read again only after some head changed (a live stream
// writing into them): the chunks' bounds stay kept.

/** Equal chunk times share one BigInt in the kept arrays, so they stay in a few cache lines. */
type SharedTime = (t: bigint) => bigint;

function sharedTimes(): SharedTime {
  const shared = new Map<bigint, bigint>();
  return (t) => {
    const known = shared.get(t);
    if (known !== undefined) return known;
    shared.set(t, t);
    return t;
  };
}

/**
 * The bounds of a list of series, each of whose sealed chunks are sorted and pairwise disjoint, with no magnetic
 * chunk and a head (if any) after its last chunk: then every piece stands alone whatever the range, and the
 * series' extent in a range follows from the bounds alone. Valid while the chunk revision is `chunksAt`; the heads'
 * bounds are those at head revision `headsAt` (see headsNow).
 */
export class KeptExtents {
  private last: SeriesExtent | null = null;
  /** The series' plans per list of column names (canonical): a plan changes only with the series' columns. */
  private readonly plansOf = new Map<readonly string[], readonly SeriesPlan[]>();
  private headsAt = -1;
  /** Each series' head: rows held, first and last time (0n when empty). */
  private readonly headLength: Int32Array;
  private readonly headFirst: bigint[];
  private readonly headLast: bigint[];

  private constructor(
    readonly chunksAt: number,
    readonly series: readonly Series[],
    /** Series i's sealed chunks are entries chunkStart[i] .. chunkStart[i + 1] - 1 of the arrays below. */
    private readonly chunkStart: Int32Array,
    /** Each chunk's first and last time and points. */
    private readonly lows: readonly bigint[],
    private readonly highs: readonly bigint[],
    private readonly points: Float64Array,
  ) {
    const n = series.length;
    this.headLength = new Int32Array(n);
    this.headFirst = new Array<bigint>(n).fill(0n);
    this.headLast = new Array<bigint>(n).fill(0n);
  }

  /**
   * The bounds of these series' chunks as they are now, their heads not read yet (see headsNow), or null when one
   * series' chunks do not qualify (see the class).
   */
  static of(series: readonly Series[]): KeptExtents | null {
    const n = series.length;
    const chunkStart = new Int32Array(n + 1);
    const lows: bigint[] = [];
    const highs: bigint[] = [];
    const points: number[] = [];
    const one = sharedTimes();
    for (let i = 0; i < n; i++) {
      const s = series[i] as Series;
      if (s.magnetic.length > 0) return null;
      let reach: bigint | null = null;
      for (const c of s.sealed as readonly MemChunk[]) {
        const h = c.header;
        if (h.timeMax < h.timeMin || (reach !== null && h.timeMin <= reach)) return null;
        reach = h.timeMax;
        lows.push(one(h.timeMin));
        highs.push(one(h.timeMax));
        points.push(h.count);
      }
      chunkStart[i + 1] = lows.length;
    }
    return new KeptExtents(chunkRevision(), ownList(series), chunkStart, lows, highs, Float64Array.from(points));
  }

  /**
   * Brings the heads' bounds up to date when some head changed since they were read (the heads changed since are
   * read again); false when a head now starts at or before its series' last chunk ends (its pieces may overlap:
   * these bounds can no longer answer).
   */
  headsNow(): boolean {
    const revision = headRevision();
    const at = this.headsAt;
    if (at === revision) return true;
    const { series, chunkStart, highs, headLength, headFirst, headLast } = this;
    // Heads alike (the same first and last times) share their BigInts, as in of().
    let lastFirst = 0n;
    let lastLast = 0n;
    for (let i = 0; i < series.length; i++) {
      const head = (series[i] as Series).head;
      // Unchanged since read: its bounds hold (a head's time BigInts allocate as they are read).
      if (head.changedAt <= at) continue;
      const m = head.length;
      headLength[i] = m;
      if (m === 0) continue;
      let first = head.times[0] as bigint;
      let last = head.times[m - 1] as bigint;
      if (first === lastFirst) first = lastFirst;
      else lastFirst = first;
      if (last === lastLast) last = lastLast;
      else lastLast = last;
      headFirst[i] = first;
      headLast[i] = last;
      const end = chunkStart[i + 1] as number;
      if (end > (chunkStart[i] as number) && first <= (highs[end - 1] as bigint)) return false;
    }
    this.headsAt = revision;
    return true;
  }

  /** The series' plans for `names` (canonical), made by `planOf` once while the bounds hold. */
  plans(names: readonly string[], planOf: (s: Series, names: readonly string[]) => SeriesPlan): readonly SeriesPlan[] {
    const known = this.plansOf.get(names);
    if (known !== undefined) return known;
    if (this.plansOf.size >= PLAN_LISTS) this.plansOf.clear();
    const plans = this.series.map((s) => planOf(s, names));
    this.plansOf.set(names, plans);
    return plans;
  }

  /**
   * Series i's extent in [from, to), as seriesExtent gives it (the same fields), counting chunks considered and
   * pruned into `counts`. Consecutive series with the same extent share one object (most series of a scan do).
   */
  extent(i: number, from: bigint, to: bigint, counts: { considered: number; pruned: number }): SeriesExtent {
    const start = this.chunkStart[i] as number;
    const end = this.chunkStart[i + 1] as number;
    counts.considered += end - start;
    const b = building.start();
    for (let j = start; j < end; j++) {
      const min = this.lows[j] as bigint;
      const max = this.highs[j] as bigint;
      if (max < from || min >= to) counts.pruned++;
      else b.sealedChunk(j - start, min, max, this.points[j] as number);
    }
    const n = this.headLength[i] as number;
    if (n > 0) b.head(this.series[i] as Series, n, this.headFirst[i] as bigint, this.headLast[i] as bigint, from, to);
    this.last = b.finish(from, to, this.last);
    return this.last;
  }
}

/** The kept extents' builder (one at a time: nothing between start and finish yields). */
const building = new ExtentBuilder();

/** Lists of column names whose plans one KeptExtents keeps. */
const PLAN_LISTS = 8;

/** The list itself when frozen (a kept selection cannot change), else a copy. */
function ownList(series: readonly Series[]): readonly Series[] {
  return Object.isFrozen(series) ? series : series.slice();
}

/** Per table, the bounds kept (most recently used last) and the series list met last without bounds. */
interface TableExtents {
  readonly kept: KeptExtents[];
  /**
   * The list met last without kept bounds, at which chunk revision, and why it has none: REFUSED_CHUNKS (its chunks
   * do not qualify while they hold), a head revision (a head overlapped its chunks then) or -1 (not refused).
   */
  met: readonly Series[] | null;
  metAt: number;
  refusedAt: number;
}
const extentsOf = new WeakMap<TableState, TableExtents>();
/** Lists of series kept per table: a dashboard's few panels each keep theirs. */
const KEPT_PER_TABLE = 4;
/** TableExtents.refusedAt when a list's chunks cannot have bounds (no head revision is negative). */
const REFUSED_CHUNKS = -2;
/** Bounds built and reused (for tests); `enabled` false keeps none. */
export const KEPT_EXTENTS = { enabled: true, built: 0, reused: 0 };

/**
 * The kept bounds of `series` (the scan's selection, in order) in `table`, or null. Bounds are built when the same
 * list is met twice in a row with no chunk changed between (a list met once is only remembered: building costs a
 * walk of every series); bounds from before a chunk changed are dropped, and heads read again after one changed.
 */
export function keptExtents(table: TableState, series: readonly Series[]): KeptExtents | null {
  if (!KEPT_EXTENTS.enabled || series.length === 0) return null;
  let state = extentsOf.get(table);
  if (!state) {
    state = { kept: [], met: null, metAt: -1, refusedAt: -1 };
    extentsOf.set(table, state);
  }
  const { kept } = state;
  const revision = chunkRevision();
  // All kept bounds were built at one chunk revision (a change drops them all).
  if (kept.length > 0 && (kept[0] as KeptExtents).chunksAt !== revision) kept.length = 0;
  for (let k = kept.length - 1; k >= 0; k--) {
    const found = kept[k] as KeptExtents;
    if (!sameItems(found.series, series)) continue;
    // A head now overlapping its chunks: dropped (met again, refused until a chunk or a head changes).
    if (!found.headsNow()) {
      kept.splice(k, 1);
      return null;
    }
    if (k !== kept.length - 1) kept.push(...kept.splice(k, 1));
    KEPT_EXTENTS.reused++;
    return found;
  }
  if (state.met !== null && state.metAt === revision && sameItems(state.met, series)) {
    if (state.refusedAt === REFUSED_CHUNKS || state.refusedAt === headRevision()) return null;
    const built = KeptExtents.of(series);
    if (built === null || !built.headsNow()) {
      state.refusedAt = built === null ? REFUSED_CHUNKS : headRevision();
      return null;
    }
    state.met = null;
    KEPT_EXTENTS.built++;
    kept.push(built);
    if (kept.length > KEPT_PER_TABLE) kept.shift();
    return built;
  }
  state.met = ownList(series);
  state.metAt = revision;
  state.refusedAt = -1;
  return null;
}
