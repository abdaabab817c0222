import type { SeriesShape } from './aggregate-batch.ts';
import { bucketSpan, kernelColumns, mappedSlots, type SeriesPlan } from './aggregate-chunks.ts';
import type { KeptRanges, RangeBatchResult, RangeTarget, RangeWants, WidthJob } from './codec.ts';
import { chunkRevision } from './data-revision.ts';
import { sameItems } from './same-items.ts';
import type { MemChunk, Series } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

// An aggregate scan's batch of range-pass jobs kept in the kernel between queries (see ChunkCodec.keepRanges):
// the same query shape over the same series and chunks (a dashboard refreshing, another time range) then
// hands the kernel its range and targets only, instead of working out, checking and writing every chunk's job.

/** How a batch sends its series to targets: series i into target targetOf[i], its request column c into slot slotMaps[i][c] (null: c). */
export interface TargetAssignment {
  readonly targetOf: ArrayLike<number>;
  readonly slotMaps: readonly (readonly number[] | null)[];
}

/** What a batch is kept for: these series (shapes, in order), the request's columns, width and wants, and the targets they go to. */
export interface BatchShape {
  readonly shapes: readonly SeriesShape[];
  readonly names: readonly string[];
  readonly width: bigint;
  readonly wants: RangeWants;
  readonly assignment: TargetAssignment;
  /** The shapes' series and plans as kept lists, when the shapes are a whole kept selection (see KeptScan). */
  readonly whole?: WholeSelection;
}

/** A kept selection's list of series and their kept plans: frozen lists, the same objects while they hold. */
export interface WholeSelection {
  readonly series: readonly Series[];
  readonly plans: readonly SeriesPlan[];
}

/** The lists a batch last matched whole: the same lists and assignment arrays again are the same series, plans and targets. */
interface WholeMatch {
  readonly selection: WholeSelection;
  readonly targetOf: ArrayLike<number>;
  readonly slotMaps: readonly (readonly number[] | null)[];
}

/** One kept batch: what it was built for, and the kernel's table of its jobs. */
interface KeptBatch {
  readonly names: readonly string[];
  readonly width: bigint;
  readonly wants: RangeWants;
  readonly series: readonly Series[];
  readonly plans: readonly SeriesPlan[];
  /** Every sealed chunk of the series, series after series, in their lists' order; series i's end before chunkEnds[i]. */
  readonly chunks: readonly MemChunk[];
  readonly chunkEnds: Int32Array;
  readonly targetOf: Int32Array;
  readonly slotMaps: readonly (readonly number[] | null)[];
  /** The kernel's table; null until the shape is met a second time (most one-off shapes never are). */
  ranges: KeptRanges | null;
  /** The chunk revision at which the series last held these very chunks (see data-revision.ts): no need to look again while it holds. */
  checkedAt: number;
  /** The kept lists it last matched, compared by identity before series by series. */
  matched: WholeMatch | null;
}

/**
 * Per table, the batches kept (with their kernel tables) and those met once (without): apart, so a stream of
 * one-off shapes (random hosts, say) never pushes out a dashboard's kept batches. Most recently used last.
 */
interface TableBatches {
  readonly kept: KeptBatch[];
  readonly seen: KeptBatch[];
}
const batchesOf = new WeakMap<TableState, TableBatches>();
/** Batches kept per table, and remembered once met: a dashboard's few panels each keep theirs. */
const KEPT_PER_TABLE = 4;
const SEEN_PER_TABLE = 4;
/** Kept batches built, reused and dropped as stale (for tests); `enabled` false keeps none. */
export const KEPT_BATCHES = { enabled: true, built: 0, reused: 0, stale: 0 };

/**
 * The kept jobs of these series (shapes, in order) under this assignment: found when a batch was kept for
 * the same columns, width, series, their plans and chunks and the same assignment, built when such a batch
 * was met once before (a shape met once is only remembered, and null is returned: building a table costs more
 * than a batch worked out for one range). Null when one cannot be kept: a series' chunks overlap or are out of
 * order, a chunk is not a job of the width for the range pass (NULLs, a non-double column, sparse rows, or one
 * bucket wide, which its header answers), the chunks do not fit the codec's resident budget, or the codec keeps none.
 */
export function keptRanges(table: TableState, wanted: BatchShape, cfg: TierConfig): KeptRanges | null {
  if (!cfg.codec.keepRanges || !KEPT_BATCHES.enabled || wanted.wants.edges) return null;
  let batches = batchesOf.get(table);
  if (!batches) {
    batches = { kept: [], seen: [] };
    batchesOf.set(table, batches);
  }
  const { kept, seen } = batches;
  const found = findBatch(kept, wanted);
  if (found !== null) {
    KEPT_BATCHES.reused++;
    return found.ranges;
  }
  const again = findBatch(seen, wanted);
  if (again === null) {
    dropStale(kept);
    dropStale(seen);
    const first = seenBatch(wanted);
    if (first !== null) pushBounded(seen, first, SEEN_PER_TABLE);
    return null;
  }
  // Met again: worth its table now. Never buildable (NULLs, overlaps, the budget): forgotten all the same, so
  // the next meeting does not try again at once.
  seen.pop();
  again.ranges = keptTable(again, cfg);
  if (again.ranges === null) return null;
  KEPT_BATCHES.built++;
  pushBounded(kept, again, KEPT_PER_TABLE);
  return again.ranges;
}

/** The batch in `list` for these shapes, moved to its end; null when none is. */
function findBatch(list: KeptBatch[], wanted: BatchShape): KeptBatch | null {
  for (let k = list.length - 1; k >= 0; k--) {
    const batch = list[k] as KeptBatch;
    if (!sameBatch(batch, wanted)) continue;
    if (k !== list.length - 1) list.push(...list.splice(k, 1));
    return batch;
  }
  return null;
}

/** Adds `batch` last, dropping (and freeing) the least recently used beyond `bound`. */
function pushBounded(list: KeptBatch[], batch: KeptBatch, bound: number): void {
  list.push(batch);
  if (list.length > bound) (list.shift() as KeptBatch).ranges?.dispose();
}

/** Drops a kept batch whose run found a chunk gone from the kernel (the next query builds it again). */
export function dropKept(table: TableState, ranges: KeptRanges): void {
  const list = batchesOf.get(table)?.kept;
  const at = list?.findIndex((k) => k.ranges === ranges) ?? -1;
  if (list && at >= 0) list.splice(at, 1);
  ranges.dispose();
}

/** The codec's table of the batch's jobs, or null when its chunks do not fit half its resident budget or one cannot be kept. */
function keptTable(batch: KeptBatch, cfg: TierConfig): KeptRanges | null {
  const keep = cfg.codec.keepRanges;
  const budget = cfg.codec.residentChunks?.().budget ?? 0;
  let bytes = 0;
  for (const c of batch.chunks) bytes += c.bytes.byteLength;
  // Half the budget at most: keeping every chunk of a long history would push out what other scans read.
  if (!keep || bytes > budget / 2) return null;
  return keep(batchJobs(batch));
}

/**
 * One job per chunk of the batch, in order, over the whole chunk (the table clamps it to each run's range). Made
 * when the table is built, not when a shape is first met: most are met once.
 */
function batchJobs(batch: KeptBatch): WidthJob[] {
  const jobs: WidthJob[] = [];
  let c = 0;
  for (let i = 0; i < batch.series.length; i++) {
    const plan = batch.plans[i] as SeriesPlan;
    const map = batch.slotMaps[i] ?? null;
    const target = batch.targetOf[i] as number;
    for (; c < (batch.chunkEnds[i] as number); c++) {
      const chunk = batch.chunks[c] as MemChunk;
      const h = chunk.header;
      const memo = kernelColumns(h, plan);
      jobs.push({
        bytes: chunk.bytes,
        header: h,
        columns: memo.names as readonly string[],
        slots: map === null ? memo.slots : mappedSlots(memo.slots, map),
        target,
        spec: null,
        width: batch.width,
        maxBuckets: bucketSpan(memo, h, batch.width),
        from: h.timeMin,
        to: h.timeMax,
        memo,
      });
    }
  }
  return jobs;
}

function sameBatch(kept: KeptBatch, wanted: BatchShape): boolean {
  const { shapes, names, width, wants, assignment, whole } = wanted;
  const n = shapes.length;
  if (kept.names !== names || kept.width !== width || kept.wants !== wants || kept.series.length !== n) return false;
  const { targetOf, slotMaps } = assignment;
  const match = kept.matched;
  // The lists it matched last (kept lists are never changed): the same series, plans and targets, none read again.
  const known =
    whole !== undefined &&
    match !== null &&
    match.selection.series === whole.series &&
    match.selection.plans === whole.plans &&
    match.targetOf === targetOf &&
    match.slotMaps === slotMaps;
  if (!known) {
    for (let i = 0; i < n; i++) {
      const { series, plan } = shapes[i] as SeriesShape;
      if (kept.series[i] !== series || kept.plans[i] !== plan || kept.targetOf[i] !== targetOf[i]) return false;
      if (!sameItems(kept.slotMaps[i] as readonly number[] | null, slotMaps[i] as readonly number[] | null)) return false;
    }
    kept.matched = whole === undefined ? null : { selection: whole, targetOf, slotMaps };
  }
  const revision = chunkRevision();
  if (kept.checkedAt === revision) return true;
  if (!sameChunks(kept)) return false;
  kept.checkedAt = revision;
  return true;
}

/**
 * Whether every series of the batch still holds the very chunks it was built from, in order, and nothing
 * magnetic (a rewritten chunk is a new object, so a list changed in any way fails).
 */
function sameChunks(batch: KeptBatch): boolean {
  let c = 0;
  for (let i = 0; i < batch.series.length; i++) {
    const s = batch.series[i] as Series;
    const sealed = s.sealed;
    if (s.magnetic.length > 0 || c + sealed.length !== batch.chunkEnds[i]) return false;
    for (let j = 0; j < sealed.length; j++) if (batch.chunks[c++] !== sealed[j]) return false;
  }
  return true;
}

/**
 * Drops (and frees) the batches whose chunks changed since: they can never be met again, and they hold those
 * chunks (and the kernel's copies of them) alive. Swept when a shape is missed, not on every query.
 */
function dropStale(list: KeptBatch[]): void {
  for (let k = list.length - 1; k >= 0; k--) {
    const batch = list[k] as KeptBatch;
    if (sameChunks(batch)) continue;
    list.splice(k, 1);
    batch.ranges?.dispose();
    KEPT_BATCHES.stale++;
  }
}

/**
 * The batch these shapes would keep, without a table yet (see batchJobs); null when it cannot be kept: a series'
 * chunks are magnetic, empty, overlapping or out of order, or one is not a job of the width for the range pass.
 */
function seenBatch(wanted: BatchShape): KeptBatch | null {
  const { shapes, names, width, wants, assignment } = wanted;
  const chunks: MemChunk[] = [];
  const chunkEnds = new Int32Array(shapes.length);
  for (let i = 0; i < shapes.length; i++) {
    const { series, plan } = shapes[i] as SeriesShape;
    if (series.magnetic.length > 0) return null;
    let reach: bigint | null = null;
    for (const c of series.sealed) {
      const h = c.header;
      // Sorted and disjoint, so each chunk stands alone whatever the range.
      if (h.count === 0 || h.timeMax < h.timeMin || (reach !== null && h.timeMin <= reach)) return null;
      reach = h.timeMax;
      const memo = kernelColumns(h, plan);
      if (memo.names === null) return null;
      const span = bucketSpan(memo, h, width);
      if (span <= 1 || span > h.count + 16) return null;
      chunks.push(c);
    }
    chunkEnds[i] = chunks.length;
  }
  if (chunks.length === 0) return null;
  return {
    names,
    width,
    wants,
    series: shapes.map((s) => s.series),
    plans: shapes.map((s) => s.plan),
    chunks,
    chunkEnds,
    targetOf: Int32Array.from(assignment.targetOf),
    slotMaps: assignment.slotMaps.map((m) => (m === null ? null : m.slice())),
    ranges: null,
    checkedAt: chunkRevision(),
    matched: null,
  };
}

/**
 * The sealed chunks in range of these shapes when a kept batch may answer them as the batched pass would
 * (no magnetic chunk in range, every piece standing alone), else -1.
 */
function keptChunksInRange(shapes: readonly SeriesShape[]): number {
  let chunks = 0;
  for (let i = 0; i < shapes.length; i++) {
    const { extent } = shapes[i] as SeriesShape;
    if (extent.magnetic > 0 || (!extent.disjoint && extent.pieces > 1)) return -1;
    chunks += extent.sealedEnd - extent.sealedFirst;
  }
  return chunks;
}

/** A batch's answer and what it read. */
export interface BatchRun {
  readonly result: RangeBatchResult;
  readonly chunks: number;
  readonly bytesRead: number;
}

/**
 * The targets' partials from the table's kept batch for these shapes (see keptRanges), or null when none can
 * answer as the batched pass would (then that pass answers).
 */
export function keptRun(
  kept: KeptScan,
  shapes: readonly SeriesShape[],
  width: bigint,
  wants: RangeWants,
  assignment: TargetAssignment,
  targets: readonly RangeTarget[],
  columns: number,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
): BatchRun | null {
  // A lone chunk is cheaper one by one (see aggregateBatch).
  if (keptChunksInRange(shapes) <= 1) return null;
  const whole = kept.whole;
  const ranges = keptRanges(kept.table, { shapes, names: kept.names, width, wants, assignment, ...(whole ? { whole } : {}) }, cfg);
  if (ranges === null) return null;
  const result = ranges.run(targets, columns, wants, from, to);
  if (result === null) {
    dropKept(kept.table, ranges);
    return null;
  }
  return { result, chunks: result.chunks, bytesRead: result.bytesRead };
}

/**
 * Where an aggregate scan may keep its batches: its table, and its request's columns (canonical); `whole` when its
 * shapes are every series of a kept selection, in order, with their kept plans.
 */
export interface KeptScan {
  readonly table: TableState;
  readonly names: readonly string[];
  readonly whole?: WholeSelection;
}
