import { TidemarkError } from '../../errors/index.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { Kernel } from '../kernel.ts';
import {
  align,
  checkAligned,
  copyPartials,
  JOB_BYTES,
  memorisedLayout,
  type RangeBatchResult,
  type RangeTarget,
  type WidthJob,
  writeJobRecord,
} from './range-batch.ts';
import type { RangeWants } from './range-buckets.ts';
import { verifiedChunk } from './range-buckets.ts';
import { type ResidentEntry, residentChunks } from './resident-chunks.ts';

// A batched range pass whose job records stay in the kernel between queries: a query of the same shape
// over the same chunks (a dashboard's panel refreshing, another time range) hands over only its range and
// its targets, instead of checking, placing and writing a record for every chunk again.

/** A kept table's run: the targets' partials (as aggregateChunkRanges gives them) and what was read. */
export interface RangeTableRun extends RangeBatchResult {
  /** Jobs whose chunk held rows in the range, and those chunks' bytes. */
  readonly chunks: number;
  readonly bytesRead: number;
}

/** Bytes of a run's call record: i64 from and to, then the jobs run (i32) and their bytes (f64). */
const CALL_BYTES = 32;
/** Bytes per target in a run: address, bucket count, i64 first bucket. */
const TARGET_BYTES = 16;

/** Runs between two marks of a table's chunks as read (see stillResident). */
const TOUCH_RUNS = 16;

/** Frees the records of a table dropped without dispose. */
const dropped = new FinalizationRegistry<{ kernel: Kernel; block: number }>(({ kernel, block }) => kernel.free(block));

/**
 * Job records of bin(time, width) range passes, one per chunk, kept in the kernel: each covers its whole
 * chunk, and a run clamps them to its range there, skipping chunks without rows in it. Every chunk must
 * be resident (see ResidentChunks) and stay so: a run after one left the kernel answers null, and the
 * caller builds the table again or answers another way. Edge values are not kept (wants.edges false).
 */
export class RangeTable {
  private disposed = false;
  private runs = 0;
  /** The resident chunks' departures when every entry was last seen live (-1: not yet). */
  private departures = -1;

  private constructor(
    private readonly kernel: Kernel,
    private readonly block: number,
    private readonly jobCount: number,
    private readonly entries: readonly ResidentEntry[],
    /** Cells of the largest job's pass output (it sizes a run's scratch). */
    private readonly cells: number,
  ) {
    dropped.register(this, { kernel, block }, this);
  }

  /**
   * The jobs' table, in their order (a target's jobs merge in that order), or null when a chunk cannot be
   * kept resident. Each job's `from` and `to` are ignored (its chunk's own range is kept); `maxBuckets`
   * must be at least the buckets its chunk's rows meet. Corrupt chunks throw as aggregateChunkRanges does.
   */
  static build(kernel: Kernel, jobs: readonly WidthJob[]): RangeTable | null {
    const residents = residentChunks(kernel);
    residents.beginBatch();
    const entries: ResidentEntry[] = [];
    const layouts = [];
    const headers = [];
    let cells = 0;
    let lists = 0;
    for (const job of jobs) {
      if (job.width <= 0n) throw new TidemarkError('INVALID_ARGUMENT', `A bucket width must be positive; got ${job.width} ns.`);
      if (!Number.isInteger(job.maxBuckets) || job.maxBuckets < 1)
        throw new TidemarkError('INVALID_ARGUMENT', `A job's bucket count must be a positive integer; got ${job.maxBuckets}.`);
      const memo = job.memo;
      const known = memo && memo.bytes === job.bytes && memo.columns === job.columns ? memo : null;
      const entry = known?.entry ?? verifiedChunk(kernel, job.bytes, job.header);
      const layout = known?.layout ?? memorisedLayout(job, entry);
      const kept = memo && memo.bytes === job.bytes ? (memo.resident ?? null) : null;
      const resident = residents.residentEntry(job.bytes, kept);
      if (resident === null) return null;
      if (memo && memo.bytes === job.bytes) memo.resident = resident;
      entries.push(resident);
      layouts.push(layout);
      headers.push(entry.header);
      cells = Math.max(cells, (3 + 6 * job.columns.length) * job.maxBuckets);
      lists += align(job.columns.length * 12);
    }
    const recordsAt = 0;
    const listsAt = align(jobs.length * JOB_BYTES);
    const block = kernel.alloc(listsAt + lists + 8);
    checkAligned(block);
    const words = new Int32Array(kernel.bytes().buffer);
    const longs = kernel.int64();
    let list = block + listsAt;
    for (let q = 0; q < jobs.length; q++) {
      const header = headers[q]!;
      // Its whole chunk, [timeMin, timeMax + 1): each run clamps it to its range; targets are placed per run.
      list = writeJobRecord(
        words,
        longs,
        block + recordsAt + q * JOB_BYTES,
        list,
        jobs[q]!,
        header,
        layouts[q]!.payloads,
        entries[q]!.address,
        header.timeMin,
        header.timeMax + 1n,
        jobs[q]!.maxBuckets,
        0n,
        0,
        0,
      );
    }
    return new RangeTable(kernel, block, jobs.length, entries, cells);
  }

  /**
   * The targets' partials over the rows in [from, to) (each target cleared first; `columns` per target as
   * in aggregateChunkRanges), or null when a chunk left the kernel (or the table was disposed). Every
   * target needs its first bucket, and the buckets of its jobs' rows in range must lie in its own.
   */
  run(targets: readonly RangeTarget[], columns: number, wants: RangeWants, from: bigint, to: bigint): RangeTableRun | null {
    if (this.disposed || !this.stillResident()) return null;
    if (wants.edges) throw new TidemarkError('INVALID_ARGUMENT', 'A kept range table does not keep edge values.');
    const kernel = this.kernel;
    const offsets = new Array<number>(targets.length);
    let partialBytes = 0;
    for (let t = 0; t < targets.length; t++) {
      offsets[t] = partialBytes;
      partialBytes += align((targets[t] as RangeTarget).bytes);
    }
    const targetsAt = partialBytes;
    const callAt = targetsAt + align(targets.length * TARGET_BYTES);
    const outAt = callAt + CALL_BYTES;
    const head = kernel.alloc(outAt + this.cells * 8 + 8);
    try {
      checkAligned(head);
      const words = new Int32Array(kernel.bytes().buffer);
      const longs = kernel.int64();
      for (let t = 0; t < targets.length; t++) {
        const target = targets[t] as RangeTarget;
        if (target.firstBucket === undefined)
          throw new TidemarkError('INVALID_ARGUMENT', `Target ${t} of a kept range table needs its first bucket.`);
        const at = head + targetsAt + t * TARGET_BYTES;
        words[at / 4] = head + (offsets[t] as number);
        words[at / 4 + 1] = target.buckets;
        longs[at / 8 + 1] = target.firstBucket;
      }
      longs[(head + callAt) / 8] = from;
      longs[(head + callAt) / 8 + 1] = to;
      const bits = (wants.minMax ? 1 : 0) | (wants.edges ? 2 : 0);
      const status = kernel.exports.aggregateRangeTable(
        head + targetsAt,
        targets.length,
        this.block,
        this.jobCount,
        columns,
        head + outAt,
        bits,
        head + callAt,
      );
      if (status > 0) {
        const address = (this.entries[status - 1] as ResidentEntry).address;
        throw corruptChunk(
          Math.max(0, kernel.exports.lastErrorAddress() - address),
          'a column or the times cannot be decoded, or the times are not sorted',
        );
      }
      if (status < 0) throw new TidemarkError('INTERNAL', `Job ${-status - 1} of a kept range table has buckets outside its target.`);
      const chunks = new Int32Array(kernel.bytes().buffer, head + callAt + 16, 1)[0] as number;
      const bytesRead = new Float64Array(kernel.bytes().buffer, head + callAt + 24, 1)[0] as number;
      return { ...copyPartials(kernel.bytes(), head, partialBytes, targets, offsets, columns, wants), chunks, bytesRead };
    } finally {
      kernel.free(head);
    }
  }

  /**
   * Whether every chunk is still resident: no chunk left since the last check, or each entry live. Every
   * TOUCH_RUNS runs (and at the first) they are also marked read, so the budget keeps them as it keeps any
   * chunk a scan reads; in between, other scans may push some out, and the next run answers null.
   */
  private stillResident(): boolean {
    const residents = residentChunks(this.kernel);
    const touch = this.runs++ % TOUCH_RUNS === 0;
    if (!touch && residents.departures === this.departures) return true;
    if (!residents.keep(this.entries, touch)) return false;
    this.departures = residents.departures;
    return true;
  }

  /** Frees the records (a run afterwards answers null). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    dropped.unregister(this);
    this.kernel.free(this.block);
  }
}
