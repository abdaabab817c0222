import { partialsBytes, regionOf } from '../model/bucket-partials.ts';
import type { SeriesGrouping } from '../model/series-grouping.ts';
import { BATCH_LIMITS, prefetchJobs, type SeriesShape, seriesJobs } from './aggregate-batch.ts';
import { addHead, Buckets } from './aggregate-buckets.ts';
import type { SeriesPlan } from './aggregate-chunks.ts';
import { mappedSlots } from './aggregate-chunks.ts';
import { type BatchRun, type KeptScan, keptRun, type WholeSelection } from './aggregate-kept.ts';
import type { RangeJob, RangeTarget, RangeWants } from './codec.ts';
import type { TierConfig } from './series-ops.ts';

// A query's groups of series merged as the kernel aggregates them: no partials, copy or merge per series.

/** The groups' partials (by group index) and what was read. */
export interface GroupsAnswer {
  readonly groups: readonly Buckets[];
  readonly chunks: number;
  readonly bytesRead: number;
}

/** Grouped answers given; `enabled` false answers per series (for tests). */
export const GROUPED_ANSWERS = { enabled: true, count: 0 };

/** A series' slots through its map; null when one feeds no slot. */
function seriesSlots(slots: readonly number[], map: readonly number[]): readonly number[] | null {
  for (let k = 0; k < slots.length; k++) if ((map[slots[k] as number] ?? -1) < 0) return null;
  return mappedSlots(slots, map);
}

/** A grouping's slots per series, worked out for a whole selection's kept plans (null: some column feeds no slot). */
const keptSlots = new WeakMap<
  SeriesGrouping,
  { readonly plans: readonly SeriesPlan[]; readonly slots: readonly (readonly number[])[] | null }
>();

/**
 * Each series' slots in its group (see seriesSlots), or null when one of its columns feeds no slot. Kept per grouping
 * for a whole selection's plans (a grouping is only read, and kept plans change only as new lists).
 */
function groupSlots(
  shapes: readonly SeriesShape[],
  grouping: SeriesGrouping,
  whole: WholeSelection | undefined,
): readonly (readonly number[])[] | null {
  const known = whole ? keptSlots.get(grouping) : undefined;
  if (known !== undefined && known.plans === whole?.plans) return known.slots;
  let slots: (readonly number[])[] | null = new Array<readonly number[]>(shapes.length);
  for (let i = 0; i < shapes.length; i++) {
    const own = seriesSlots((shapes[i] as SeriesShape).plan.slots, grouping.columnSlots[i] as readonly number[]);
    if (own === null) {
      slots = null;
      break;
    }
    slots[i] = own;
  }
  if (whole) keptSlots.set(grouping, { plans: whole.plans, slots });
  return slots;
}

/**
 * The groups' partials (each group's chunks through the batched range pass, then its heads), or null (the
 * caller answers per series) unless every piece of every series goes through the pass or is a head standing
 * alone, the groups are dense enough and fit one batch, and no edges are wanted.
 */
export function aggregateGroups(
  shapes: readonly SeriesShape[],
  grouping: SeriesGrouping,
  width: bigint | null,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  wants: RangeWants,
  release?: (() => void)[],
  kept?: KeptScan,
): GroupsAnswer | null {
  const run = cfg.codec.aggregateRanges;
  const n = shapes.length;
  const groupCount = grouping.groupCount;
  if (!run || wants.edges || n === 0 || grouping.groupOf.length !== n || !GROUPED_ANSWERS.enabled) return null;
  const { groupOf, shared, slots } = grouping;
  // Bucket numbers as offsets from the earliest first bucket.
  let base = (shapes[0] as SeriesShape).firstBucket;
  for (let i = 1; i < n; i++) {
    const first = (shapes[i] as SeriesShape).firstBucket;
    if (first < base) base = first;
  }
  const at = new Array<number>(n);
  const groupFirst = new Array<number>(groupCount).fill(Number.POSITIVE_INFINITY);
  const groupEnd = new Array<number>(groupCount).fill(0);
  let seriesCells = 0;
  // Most series share their first bucket (the same BigInt, see aggregateSeries): its offset once (a BigInt difference allocates).
  let lastFirst: bigint | null = null;
  let lastAt = 0;
  for (let i = 0; i < n; i++) {
    const shape = shapes[i] as SeriesShape;
    const g = groupOf[i] as number;
    if (g < 0 || g >= groupCount || shape.extent.magnetic > 0) return null;
    // Series sharing a slot meet in chunk order, heads last: not the series' order.
    if (shared[g] === 1 && shape.extent.headEnd > 0) return null;
    if (shape.firstBucket !== lastFirst) {
      lastFirst = shape.firstBucket;
      lastAt = Number(lastFirst - base);
    }
    const a = lastAt;
    at[i] = a;
    if (a < (groupFirst[g] as number)) groupFirst[g] = a;
    if (a + shape.bucketCount > (groupEnd[g] as number)) groupEnd[g] = a + shape.bucketCount;
    seriesCells += shape.bucketCount;
  }
  const targets: RangeTarget[] = new Array(groupCount);
  let cells = 0;
  let held = 0;
  // As above: most groups start at one offset, whose bucket number is made once.
  let lastOffset = -1;
  let lastNumber = base;
  for (let g = 0; g < groupCount; g++) {
    const span = (groupEnd[g] as number) - (groupFirst[g] as number);
    if (!(span > 0)) return null;
    cells += span;
    const bytes = partialsBytes(span, slots, false);
    held += bytes;
    if (groupFirst[g] !== lastOffset) {
      lastOffset = groupFirst[g] as number;
      lastNumber = base + BigInt(lastOffset);
    }
    targets[g] = { bytes, buckets: span, slots: NO_SLOTS, firstBucket: lastNumber };
  }
  if (cells > 4 * seriesCells + 65_536 || held > BATCH_LIMITS.partialBytes) return null;
  const ownSlots = groupSlots(shapes, grouping, kept?.whole);
  if (ownSlots === null) return null;
  const assignment = { targetOf: groupOf, slotMaps: grouping.columnSlots };
  // No chunk in range (a live table's recent hours lie in its heads): the groups' partials start empty in JavaScript.
  const headsOnly = shapes.every((s) => s.extent.pieces === (s.extent.headEnd > 0 ? 1 : 0));
  const answer = headsOnly
    ? null
    : ((kept && width !== null ? keptRun(kept, shapes, width, wants, assignment, targets, slots, from, to, cfg) : null) ??
      batchedRun(shapes, grouping, width, from, to, at, groupFirst, targets, slots, wants, run));
  if (answer === null && !headsOnly) return null;
  const groups = new Array<Buckets>(groupCount);
  if (answer === null) {
    for (let g = 0; g < groupCount; g++) {
      const { firstBucket, buckets } = targets[g] as RangeTarget;
      groups[g] = new Buckets(width, slots, firstBucket as bigint, buckets, false, undefined, wants.minMax);
    }
  } else {
    release?.push(answer.result.release);
    const { buffer, offsets } = answer.result;
    const whole = regionOf(buffer, 0);
    for (let g = 0; g < groupCount; g++) {
      const region = { buffer, words: whole.words, f64: whole.f64, u8: whole.u8, at: offsets[g] as number };
      const { firstBucket, buckets } = targets[g] as RangeTarget;
      groups[g] = new Buckets(width, slots, firstBucket as bigint, buckets, false, region, wants.minMax);
    }
  }
  // Heads after their series' chunks (a slot's only series: its rows in order).
  for (let i = 0; i < n; i++) {
    const { series, extent, plan } = shapes[i] as SeriesShape;
    if (extent.headEnd <= 0) continue;
    addHead(groups[groupOf[i] as number] as Buckets, series, extent.headStart, extent.headEnd, plan, ownSlots[i] as readonly number[]);
  }
  GROUPED_ANSWERS.count++;
  return { groups, chunks: answer?.chunks ?? 0, bytesRead: answer?.bytesRead ?? 0 };
}

/** The groups' partials through the batched range pass, each series' jobs worked out for this range; null when one cannot go. */
function batchedRun(
  shapes: readonly SeriesShape[],
  grouping: SeriesGrouping,
  width: bigint | null,
  from: bigint,
  to: bigint,
  at: readonly number[],
  groupFirst: readonly number[],
  targets: readonly RangeTarget[],
  slots: number,
  wants: RangeWants,
  run: NonNullable<TierConfig['codec']['aggregateRanges']>,
): BatchRun | null {
  prefetchJobs(shapes, from, to);
  const jobs: RangeJob[] = [];
  let bytesRead = 0;
  for (let i = 0; i < shapes.length; i++) {
    const g = grouping.groupOf[i] as number;
    const map = grouping.columnSlots[i] as readonly number[];
    const bytes = seriesJobs(shapes[i] as SeriesShape, width, from, to, g, (at[i] as number) - (groupFirst[g] as number), map, jobs);
    if (bytes < 0) return null;
    bytesRead += bytes;
  }
  // A lone chunk is cheaper one by one (see aggregateBatch).
  if (jobs.length <= 1) return null;
  return { result: run(targets, jobs, slots, wants), chunks: jobs.length, bytesRead };
}

const NO_SLOTS: readonly number[] = Object.freeze([]);
