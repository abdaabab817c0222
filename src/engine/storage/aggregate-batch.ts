import { partialsBytes, regionOf } from '../model/bucket-partials.ts';
import { Buckets } from './aggregate-buckets.ts';
import {
  bucketSpan,
  chunkRangePlan,
  headerColumnsUsable,
  kernelColumns,
  mappedSlots,
  prefetchKernelColumns,
  rangeHigh,
  rangeLow,
  type SeriesPlan,
} from './aggregate-chunks.ts';
import { headerAnswers, type SeriesExtent, standsAlone } from './aggregate-extent.ts';
import { type BatchRun, type KeptScan, keptRun } from './aggregate-kept.ts';
import type { ChunkHeader, RangeBatchResult, RangeJob, RangeTarget, RangeWants } from './codec.ts';
import { overlaps } from './scan.ts';
import type { MemChunk, Series } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/** A series an aggregate scan is about to answer: its data in range, its plan and its buckets. */
export interface SeriesShape {
  readonly series: Series;
  readonly extent: SeriesExtent;
  readonly plan: SeriesPlan;
  readonly firstBucket: bigint;
  readonly bucketCount: number;
}

/** The series the batch answered (null: the others, answered one by one) and what it read. */
export interface BatchAnswer {
  /** Per shape, its buckets with every chunk merged in (the head, if any, still to add), or null. */
  readonly buckets: readonly (Buckets | null)[];
  readonly chunks: number;
  readonly bytesRead: number;
}

/**
 * `partialBytes`: the partials one batch holds in the kernel at most. The kernel's memory never
 * shrinks, so a query with many small buckets is answered in several batches (and a series whose
 * own partials are larger, one by one in JavaScript) rather than growing it by the whole answer.
 * Tests lower it to reach those paths.
 */
export const BATCH_LIMITS = { partialBytes: 4 << 20 };

/**
 * Answers in the kernel's batched range pass every series whose chunks in range all go through
 * the range pass (each stands alone, none is answered from its header, and none is magnetic):
 * one kernel call for many chunks, each merged in the kernel into its series' partials, instead
 * of a call, an answer and a JavaScript merge per chunk. A series' jobs keep its chunks' order, so
 * its sums add up as the one-by-one path adds them. Null when no series qualifies or the codec
 * has no batched pass.
 */
export function aggregateBatch(
  shapes: readonly SeriesShape[],
  width: bigint | null,
  columns: number,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  wants: RangeWants,
  signal?: AbortSignal,
  release?: (() => void)[],
  kept?: KeptScan,
): BatchAnswer | null {
  const run = cfg.codec.aggregateRanges;
  // One series with at most two pieces (a chunk and the head, say): at most one job, cheaper one by one (see below).
  if (!run || (shapes.length === 1 && (shapes[0] as SeriesShape).extent.pieces <= 2)) return null;
  const partialLimit = BATCH_LIMITS.partialBytes;
  const buckets = new Array<Buckets | null>(shapes.length).fill(null);
  const answered = (result: RangeBatchResult, members: readonly number[]): void => {
    release?.push(result.release);
    // One set of whole-buffer views shared by every target's partials (see PartialsBlock).
    const { buffer, offsets } = result;
    const whole = regionOf(buffer, 0);
    members.forEach((i, t) => {
      const shape = shapes[i] as SeriesShape;
      const region = { buffer, words: whole.words, f64: whole.f64, u8: whole.u8, at: offsets[t] as number };
      buckets[i] = new Buckets(width, columns, shape.firstBucket, shape.bucketCount, wants.edges, region, wants.minMax);
    });
  };
  // Every series in one batch kept from an earlier query of the same shape, when one can answer.
  const keptAnswer = kept && width !== null ? keptSeriesRun(shapes, width, columns, from, to, cfg, wants, kept) : null;
  if (keptAnswer) {
    answered(
      keptAnswer.result,
      shapes.map((_, i) => i),
    );
    return { buckets, chunks: keptAnswer.chunks, bytesRead: keptAnswer.bytesRead };
  }
  prefetchJobs(shapes, from, to);
  let chunks = 0;
  let bytesRead = 0;
  // The batch being gathered: its jobs, its targets and the shape of each target.
  let jobs: RangeJob[] = [];
  let targets: RangeTarget[] = [];
  let members: number[] = [];
  let held = 0;
  const flush = (): void => {
    if (jobs.length === 0) return;
    answered(run(targets, jobs, columns, wants), members);
    chunks += jobs.length;
    jobs = [];
    targets = [];
    members = [];
    held = 0;
  };
  for (let i = 0; i < shapes.length; i++) {
    // Stops between batches once aborted (the caller drops the answer).
    if (signal?.aborted) return null;
    const shape = shapes[i] as SeriesShape;
    const size = partialsBytes(shape.bucketCount, columns, wants.edges);
    if (size > partialLimit) continue;
    if (held + size > partialLimit) flush();
    const before = jobs.length;
    const bytes = seriesJobs(shape, width, from, to, targets.length, 0, null, jobs);
    if (bytes <= 0) {
      jobs.length = before;
      continue;
    }
    members.push(i);
    targets.push({ bytes: size, buckets: shape.bucketCount, slots: shape.plan.slots, firstBucket: shape.firstBucket });
    held += size;
    bytesRead += bytes;
  }
  // A lone chunk is cheaper through the one-by-one pass (it reuses a kept kernel block; a batch
  // allocates its own), and its partials come out the same.
  if (chunks === 0 && jobs.length === 1) return null;
  flush();
  return chunks === 0 ? null : { buckets, chunks, bytesRead };
}

/**
 * Every series (its own target) from the table's kept batch (see keptRun), when all fit one batch: as
 * aggregateBatch would answer them, one series at a time in order. Null otherwise.
 */
function keptSeriesRun(
  shapes: readonly SeriesShape[],
  width: bigint,
  columns: number,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  wants: RangeWants,
  kept: KeptScan,
): BatchRun | null {
  const targets: RangeTarget[] = new Array(shapes.length);
  let held = 0;
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i] as SeriesShape;
    const bytes = partialsBytes(shape.bucketCount, columns, wants.edges);
    held += bytes;
    targets[i] = { bytes, buckets: shape.bucketCount, slots: shape.plan.slots, firstBucket: shape.firstBucket };
  }
  if (held > BATCH_LIMITS.partialBytes) return null;
  const assignment = { targetOf: identityTargets(shapes.length), slotMaps: noSlotMaps(shapes.length) };
  return keptRun(kept, shapes, width, wants, assignment, targets, columns, from, to, cfg);
}

/** 0 .. n - 1, kept (the same series count meets it again and again). */
let identity = new Int32Array(0);
function identityTargets(n: number): Int32Array {
  if (identity.length !== n) identity = Int32Array.from({ length: n }, (_, i) => i);
  return identity;
}

/** n nulls (each series' columns into its own slots), kept as identityTargets is: a kept batch then knows the assignment by identity. */
let noMaps: readonly null[] = Object.freeze([]);
function noSlotMaps(n: number): readonly null[] {
  if (noMaps.length !== n) noMaps = Object.freeze(new Array<null>(n).fill(null));
  return noMaps;
}

/** What the last read-ahead summed (kept so the reads are not optimised away). */
const readAhead = { sum: 0 };

/**
 * Reads ahead the chunks the batch will make jobs of (their kept columns and memos), all series' at once:
 * see prefetchExtents. Not their bytes objects: a resident chunk's are never read, only compared (see the
 * kernel's resident chunks), and their lengths are in the headers.
 */
export function prefetchJobs(shapes: readonly SeriesShape[], from: bigint, to: bigint): void {
  const headers: ChunkHeader[] = [];
  let x = 0;
  for (let i = 0; i < shapes.length; i++) {
    const { series, extent } = shapes[i] as SeriesShape;
    if (extent.magnetic > 0) continue;
    const sealed = series.sealed;
    for (let j = extent.sealedFirst; j < extent.sealedEnd; j++) {
      const c = sealed[j] as MemChunk;
      if (!overlaps(c.header, from, to)) continue;
      x += c.header.count;
      headers.push(c.header);
    }
  }
  readAhead.sum = x + prefetchKernelColumns(headers);
}

/**
 * Adds the series' range-pass jobs (its chunks in range, in order) for target `target`, its bucket 0 at the
 * target's bucket `shift`, its request column c into the target's column slotMap[c] (null: c); returns
 * their chunks' bytes (0: no chunk in range), or -1 when some piece of the series cannot go through the
 * batch (a magnetic chunk, one that overlaps other data, one its header answers, one the pass cannot take).
 */
export function seriesJobs(
  shape: SeriesShape,
  width: bigint | null,
  from: bigint,
  to: bigint,
  target: number,
  shift: number,
  slotMap: readonly number[] | null,
  jobs: RangeJob[],
): number {
  const { series: s, extent, plan } = shape;
  if (extent.magnetic > 0) return -1;
  // Pieces known pairwise disjoint (the usual case) each stand alone: no walk of the lists per chunk to tell.
  const disjoint = extent.disjoint;
  const sealed = s.sealed;
  let bytes = 0;
  for (let i = extent.sealedFirst; i < extent.sealedEnd; i++) {
    const c = sealed[i] as MemChunk;
    const h = c.header;
    if (!overlaps(h, from, to)) continue;
    if (!disjoint && !standsAlone(s, extent, from, to, h.timeMin, h.timeMax)) return -1;
    if (width !== null && h.count > 0) {
      // The chunk's bucket span, kept per width: one bucket wholly in range is its header's to answer; a span
      // its rows fill well enough (as chunkRangePlan asks of the part in range) goes as a WidthJob.
      const memo = kernelColumns(h, plan);
      if (memo.names === null) return -1;
      const span = bucketSpan(memo, h, width);
      if (span === 1 && h.timeMin >= from && h.timeMax < to && headerColumnsUsable(h, plan)) return -1;
      if (span <= h.count + 16) {
        jobs.push({
          bytes: c.bytes,
          header: h,
          columns: memo.names,
          slots: slotMap === null ? memo.slots : mappedSlots(memo.slots, slotMap),
          target,
          spec: null,
          width,
          maxBuckets: span,
          from,
          to,
          memo,
        });
        bytes += h.totalLength;
        continue;
      }
    }
    if (headerAnswers(width, h, from, to) && headerColumnsUsable(h, plan)) return -1;
    const range = chunkRangePlan(width, h, plan, rangeLow(h, from), rangeHigh(h, to));
    if (range === null) return -1;
    jobs.push({
      bytes: c.bytes,
      header: h,
      columns: range.names,
      slots: slotMap === null ? range.slots : mappedSlots(range.slots, slotMap),
      target,
      targetBucket: Number(range.spec.firstBucket - shape.firstBucket) + shift,
      spec: range.spec,
      from,
      to,
      memo: range.memo,
    });
    // The chunk's length (its header's, checked against its bytes when read): the bytes object is not read.
    bytes += h.totalLength;
  }
  return bytes;
}
