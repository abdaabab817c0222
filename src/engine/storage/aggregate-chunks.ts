import type { BucketSpec } from '../../kernel/index.ts';
import { type Buckets, floorDiv } from './aggregate-buckets.ts';
import type { ColumnHeader as ChunkColumnHeader, ChunkHeader, RangeMemo, RangeWants } from './codec.ts';
import type { SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

// The ways an aggregate scan answers one chunk without decoding it to points: from its header's
// pre-aggregates, or through the kernel's range pass.

/** Per-series work: the requested columns as this series has them (-1 = absent or not double). */
export interface SeriesPlan {
  readonly wanted: SeriesColumn[];
  /** For each wanted column, its position in the request. */
  readonly slots: readonly number[];
  /** The wanted columns' names (what a chunk decode asks for). */
  readonly names: string[];
}

/** Each chunk header's columns by name, built once per header (a header is immutable and lives as long as its chunk). */
const columnsByName = new WeakMap<ChunkHeader, ReadonlyMap<string, ChunkColumnHeader>>();

/** The header's column named `name` (a map lookup instead of a scan of the header's columns per wanted column). */
function headerColumn(header: ChunkHeader, name: string): ChunkColumnHeader | undefined {
  let byName = columnsByName.get(header);
  if (!byName) {
    byName = new Map(header.columns.map((c) => [c.name, c]));
    columnsByName.set(header, byName);
  }
  return byName.get(name);
}

/** Whether every wanted column's header stats can stand for its values (no NaN: min/max skip it and sum hides it). */
export function headerColumnsUsable(header: ChunkHeader, plan: SeriesPlan): boolean {
  for (const w of plan.wanted) {
    const column = headerColumn(header, w.name);
    if (column?.type !== 'double') continue;
    if (column.stats && Number.isNaN(column.stats.sum)) return false;
  }
  return true;
}

export function addHeader(buckets: Buckets, header: ChunkHeader, plan: SeriesPlan): void {
  const b = buckets.addRows(buckets.numberOf(header.timeMin), header.count, header.timeMin, header.timeMax);
  for (let c = 0; c < plan.wanted.length; c++) {
    const column = headerColumn(header, (plan.wanted[c] as SeriesColumn).name);
    if (column?.type !== 'double' || !column.stats) {
      buckets.setEdges(b, plan.slots[c] as number, undefined, undefined);
      continue;
    }
    const s = column.stats;
    // first/last in the header are of present values: the value at the first row only when that row has one.
    buckets.setEdges(
      b,
      plan.slots[c] as number,
      s.firstTime === header.timeMin ? s.first : undefined,
      s.lastTime === header.timeMax ? s.last : undefined,
    );
    buckets.add(b, plan.slots[c] as number, header.count - column.nullCount, s.sum, s.min, s.max, false);
  }
}

/**
 * The wanted columns as one chunk hands them to the kernel's range pass (see kernelColumns), and the
 * batched pass's memo for the chunk and `names` (one object per chunk, not two, for a scan to touch).
 */
interface KernelColumns extends RangeMemo {
  /** The plan they were worked out for (kept by its series while unchanged), its wanted column names and slots. */
  readonly plan: SeriesPlan;
  readonly wantedNames: readonly string[];
  readonly wantedSlots: readonly number[];
  /** The chunk's columns to aggregate (null: a wanted column is not a NULL-free double here, so the pass cannot take the chunk). */
  readonly names: readonly string[] | null;
  /** Each name's slot in the request. */
  readonly slots: readonly number[];
  /** The buckets of width `spanWidth` the chunk's rows meet, from its first to its last (see bucketSpan). */
  spanWidth: bigint | null;
  span: number;
}

/** One array per distinct list of names or slots, cleared past INTERNED_KEPT lists (see interned). */
const internedLists = new Map<string, readonly (string | number)[]>();
const INTERNED_KEPT = 1024;

/**
 * The one kept array equal to `list`: the many series and chunks with the same columns share it, so a scan
 * over them reads one array (warm after the first) where it read one per series or chunk, each a cache miss.
 */
export function interned<T extends string | number>(list: readonly T[]): readonly T[] {
  const key = `${typeof list[0]}:${list.join('\u0000')}`;
  const known = internedLists.get(key) as readonly T[] | undefined;
  // Checked item by item: a name holding the separator could make two lists one key.
  if (known !== undefined && known.length === list.length && known.every((x, i) => x === list[i])) return known;
  if (internedLists.size >= INTERNED_KEPT) internedLists.clear();
  const kept = Object.freeze(list.slice());
  internedLists.set(key, kept);
  return kept;
}

/** Per chunk header, the last KernelColumns worked out (a header is immutable and lives as long as its chunk). */
const kernelColumnsOf = new WeakMap<ChunkHeader, KernelColumns>();

/**
 * Which of the plan's columns the chunk holds (a column it lacks is NULL at every row) and whether
 * all are NULL-free doubles. Kept on the header for the next plan with the same columns (the same
 * query shape runs again and again): looking them up anew would touch a dozen header objects per
 * chunk, cold by then, as a scan streams through far more memory than the caches hold.
 */
export function kernelColumns(header: ChunkHeader, plan: SeriesPlan): KernelColumns {
  const known = kernelColumnsOf.get(header);
  if (known && (known.plan === plan || sameColumns(known, plan))) return known;
  const names: string[] = [];
  const slots: number[] = [];
  let usable = true;
  for (let c = 0; c < plan.wanted.length; c++) {
    const name = (plan.wanted[c] as SeriesColumn).name;
    const column = headerColumn(header, name);
    if (!column) continue; // all NULL in this chunk
    if (column.type !== 'double' || column.nullCount > 0) usable = false;
    names.push(name);
    slots.push(plan.slots[c] as number);
  }
  const entry: KernelColumns = {
    plan,
    wantedNames: plan.wanted.map((w) => w.name),
    wantedSlots: plan.slots.slice(),
    names: usable ? interned(names) : null,
    slots: interned(slots),
    bytes: null,
    columns: null,
    entry: null,
    layout: null,
    resident: null,
    end: null,
    spanWidth: null,
    span: 0,
  };
  kernelColumnsOf.set(header, entry);
  return entry;
}

/**
 * Reads ahead what the batched range pass will read of these chunks' kept columns and memos (see
 * prefetchExtents: independent loads, many misses in flight): the kept entries first, then their
 * layouts, payload lists and resident entries. Returns a sum of what it read (unused).
 */
export function prefetchKernelColumns(headers: readonly ChunkHeader[]): number {
  let x = 0;
  const kept: KernelColumns[] = [];
  for (let i = 0; i < headers.length; i++) {
    const known = kernelColumnsOf.get(headers[i] as ChunkHeader);
    if (known) kept.push(known);
  }
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i] as KernelColumns;
    x += k.slots.length + (k.layout === null ? 0 : k.layout.spanTo) + (k.resident ? k.resident.address : 0);
  }
  for (let i = 0; i < kept.length; i++) {
    const layout = (kept[i] as KernelColumns).layout;
    if (layout !== null) x += layout.payloads.length;
  }
  return x;
}

function sameColumns(known: KernelColumns, plan: SeriesPlan): boolean {
  const n = plan.wanted.length;
  if (known.wantedNames.length !== n) return false;
  for (let c = 0; c < n; c++) {
    if (known.wantedNames[c] !== (plan.wanted[c] as SeriesColumn).name || known.wantedSlots[c] !== plan.slots[c]) return false;
  }
  return true;
}

/**
 * How many buckets of `width` the chunk's rows meet, first to last (kept on its memo for the width: a query
 * over any part of the chunk meets at most these, and its BigInt arithmetic is done once, not per query).
 */
export function bucketSpan(memo: KernelColumns, header: ChunkHeader, width: bigint): number {
  if (memo.spanWidth !== width) {
    memo.span = Number(floorDiv(header.timeMax, width) - floorDiv(header.timeMin, width)) + 1;
    memo.spanWidth = width;
  }
  return memo.span;
}

/** One chunk's range pass: the columns it holds (and their slots in the request), and the buckets its rows in range meet. */
export interface ChunkRangePlan {
  readonly names: readonly string[];
  readonly slots: readonly number[];
  readonly spec: BucketSpec;
  /** The batched pass's memo for the chunk and these names. */
  readonly memo: RangeMemo;
}

/**
 * How the kernel's range pass takes a chunk holding rows in [from, to) (`low` .. `high`, its first and
 * last time there, low <= high), or null when it cannot: the chunk is empty, a wanted column is not a
 * NULL-free double in it, or sparse data with a small width would make huge bucket arrays (decoding
 * is cheaper then).
 */
export function chunkRangePlan(
  width: bigint | null,
  header: ChunkHeader,
  plan: SeriesPlan,
  low: bigint,
  high: bigint,
): ChunkRangePlan | null {
  if (header.count === 0) return null;
  const firstBucket = width === null ? 0n : floorDiv(low, width);
  const span = width === null ? 1n : floorDiv(high, width) - firstBucket + 1n;
  // As a double: exact up to 2^53, and past it still far above any count.
  if (Number(span) > header.count + 16) return null;
  const memo = kernelColumns(header, plan);
  const { names, slots } = memo;
  if (names === null) return null;
  // Without a width the one bucket spans the chunk's rows in the range.
  const spec =
    width === null
      ? { origin: low, width: high - low + 1n, firstBucket: 0n, bucketCount: 1 }
      : { origin: 0n, width, firstBucket, bucketCount: Number(span) };
  return { names, slots, spec, memo };
}

/** The first time in range [from, ...) the chunk may hold a row at. */
export function rangeLow(header: ChunkHeader, from: bigint): bigint {
  return from > header.timeMin ? from : header.timeMin;
}

/** The last time in range [..., to) the chunk may hold a row at. */
export function rangeHigh(header: ChunkHeader, to: bigint): bigint {
  return to <= header.timeMax ? to - 1n : header.timeMax;
}

/**
 * The kernel's range pass over one chunk no other data of its series overlaps: the rows in
 * [from, to) of every wanted column (which must hold no NULLs), the times decoded once, reduced
 * per bucket without materialising points. Returns false when the chunk does not qualify (the
 * caller decodes it instead).
 */
export function addRangeInKernel(
  buckets: Buckets,
  bytes: Uint8Array,
  header: ChunkHeader,
  plan: SeriesPlan,
  cfg: TierConfig,
  from: bigint,
  to: bigint,
  wants: RangeWants,
): boolean {
  const aggregate = cfg.codec.aggregateRange;
  if (!aggregate || header.count === 0) return false;
  const low = rangeLow(header, from);
  const high = rangeHigh(header, to);
  if (high < low) return true; // no row in the range
  const range = chunkRangePlan(buckets.width, header, plan, low, high);
  if (range === null) return false;
  const { names, slots, spec } = range;
  // Read at once (addRanged below), so the answer may share one buffer across chunks.
  const { cells, times, offset } = aggregate(bytes, names, spec, from, to, true, wants);
  const b0 = Number(spec.firstBucket - buckets.firstBucket);
  buckets.addRanged(b0, spec.bucketCount, cells, times, offset, slots, plan.slots, wants.minMax);
  return true;
}

/** Per map (a grouping's), the last slot list mapped through it and the mapped list: a map meets one list, mostly. */
const mapped = new WeakMap<readonly number[], { slots: readonly number[]; list: readonly number[] }>();

/** `slots` through `map` (each slot s becomes map[s]), one array per pair of arrays while the pair repeats (jobs share it). */
export function mappedSlots(slots: readonly number[], map: readonly number[]): readonly number[] {
  const known = mapped.get(map);
  if (known !== undefined && known.slots === slots) return known.list;
  const list = slots.map((s) => map[s] as number);
  mapped.set(map, { slots, list });
  return list;
}
