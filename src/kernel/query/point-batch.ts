import { TidemarkError } from '../../errors/index.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { ChunkHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import { checkedTimeStep } from './filter-chunk.ts';
import { type VerifiedChunk, verifiedChunk } from './range-buckets.ts';
import { type ResidentEntry, residentChunks } from './resident-chunks.ts';

/** A column a point batch reads: 8-byte values. */
export interface PointColumn {
  readonly name: string;
  readonly type: 'double' | 'bigint' | 'timestamp';
}

/** One series' point lookups in a batch (see readPointBatch), or its rows in range. */
export interface PointLookup {
  /** The times looked up, ascending; null: every row in range (a raw window read many series at a time). */
  readonly points: BigInt64Array | null;
  /** Its chunks that may hold a point, in time order, disjoint in time (their headers as the owner read them, optional). */
  readonly chunks: readonly Uint8Array[];
  readonly headers?: readonly ChunkHeader[];
  /**
   * Rows read after the chunks' (every time later than theirs): ascending times without repeats, and each
   * column's values (the batch's columns, in order).
   */
  readonly tail: { readonly times: BigInt64Array; readonly columns: readonly (Float64Array | BigInt64Array)[] } | null;
  /** The most rows it may find (a range lookup: a time held twice is two rows): its rows are placed within this many. */
  readonly room: number;
}

/**
 * The rows found, one region per column after the times' (region r's rows from byte r * room * 8 of `buffer`),
 * lookup after lookup: lookup i's `counts[i]` rows from row `starts[i]`. A count of -1: its rows were not read
 * here (a chunk lacking a column with its type or holding a NULL, or more rows than its room: a time held twice);
 * the caller reads those another way.
 */
export interface PointBatchResult {
  readonly buffer: ArrayBuffer;
  readonly room: number;
  readonly starts: Int32Array;
  readonly counts: Int32Array;
}

/** Bytes per job record (see assembly/point-batch.ts). */
const JOB_BYTES = 72;
const KIND_DOUBLE = 0;
const KIND_INT64 = 1;
const KIND_RAW = 2;
/** Zeroed bytes after each chunk copy (decoders read whole words past a payload's end). */
const SLACK = 16;
/** Bytes of chunk copies, points and raw rows per call at most (a larger batch takes several calls). */
const CALL_BYTES = 1 << 20;
/**
 * Bytes of output regions per call at most (one lookup larger than this takes a call of its own): a region this
 * small stays in cache between the kernel writing it and the copy out reading it. High-cpu's 5.8 MB in one call
 * took 30-37 ms beside DuckDB, in 1 MB calls 27-31 ms (three interleaved pairs).
 */
const OUT_BYTES = 1 << 20;

const align = (x: number) => (x + 15) & ~15;

/** A chunk of a lookup as a job needs it: its checked header, time step and where it is in the kernel (0: copied per call). */
interface ChunkJob {
  readonly bytes: Uint8Array;
  readonly header: ChunkHeader;
  readonly step: bigint;
  /** Per column: payload offset and length in the chunk, and the kind. */
  readonly payloads: readonly number[];
  readonly resident: number;
}

/**
 * What a batch worked out for a chunk, kept for the next batch over it with the same column list (the same query
 * shape runs again and again): its verified entry, time step, payloads and resident copy are then one lookup,
 * not four, each a cache miss on objects gone cold since (a scan streams through far more than the caches hold).
 */
interface PointMemo {
  readonly entry: VerifiedChunk;
  readonly step: bigint;
  readonly columns: readonly PointColumn[];
  /** Null: a column is missing, of another type, or holds a NULL. */
  readonly payloads: readonly number[] | null;
  resident: ResidentEntry | null;
}

const memos = new WeakMap<Uint8Array, PointMemo>();

/**
 * Many series' point lookups (a semi-join reading every measure of a host at the times its build side found) in
 * as few kernel calls as the copies allow: each chunk's rows at the points are found by arithmetic when its
 * times are evenly spaced (else decoded and searched), then only its columns' values at those rows are
 * decoded, all written side by side into regions copied out once per call. A lookup without points reads its
 * rows in range instead (many series' raw window): found by arithmetic or search in the same way, each column
 * decoded only in the vectors holding them. Chunks are verified as filterChunkRows verifies them; a corrupt
 * payload throws as there.
 */
export function readPointBatch(
  kernel: Kernel,
  lookups: readonly PointLookup[],
  columns: readonly PointColumn[],
  from: bigint,
  to: bigint,
): PointBatchResult {
  const regions = 1 + columns.length;
  const starts = new Int32Array(lookups.length);
  const counts = new Int32Array(lookups.length);
  const residents = residentChunks(kernel);
  residents.beginBatch();
  // Every chunk checked (its body, then its times the first time) before anything is placed: both use the kernel's memory.
  const plans: (ChunkJob[] | null)[] = [];
  let room = 0;
  for (const [i, lookup] of lookups.entries()) {
    if (!Number.isInteger(lookup.room) || lookup.room < 0)
      throw new TidemarkError('INVALID_ARGUMENT', `A point lookup's room must be a non-negative integer; got ${lookup.room}.`);
    room += lookup.room;
    const jobs: ChunkJob[] = [];
    for (let c = 0; c < lookup.chunks.length; c++) {
      const bytes = lookup.chunks[c] as Uint8Array;
      let memo = memos.get(bytes);
      if (memo === undefined || !sameColumns(memo.columns, columns)) {
        memo = pointMemo(kernel, bytes, lookup.headers?.[c], columns, memo);
        memos.set(bytes, memo);
      }
      if (memo.payloads === null) break;
      // Resident for the whole batch (a batch never evicts what it placed), else copied per call.
      memo.resident = residents.residentEntry(bytes, memo.resident);
      jobs.push({ bytes, header: memo.entry.header, step: memo.step, payloads: memo.payloads, resident: memo.resident?.address ?? 0 });
    }
    plans.push(jobs.length === lookup.chunks.length ? jobs : null);
    if (jobs.length < lookup.chunks.length) counts[i] = -1;
  }
  const buffer = new ArrayBuffer(room * regions * 8);
  let at = 0;
  for (let i = 0; i < lookups.length; ) {
    // The next lookups whose copies and output fit one call (always at least one).
    let end = i;
    let copies = 0;
    let rows = 0;
    let scratchRows = 0;
    let jobs = 0;
    const seen = new Set<BigInt64Array>();
    while (end < lookups.length) {
      const lookup = lookups[end] as PointLookup;
      const plan = plans[end];
      let bytes = 0;
      let most = 0;
      let count = 0;
      if (plan) {
        if (lookup.points !== null && !seen.has(lookup.points)) bytes += align(lookup.points.byteLength);
        for (const job of plan) {
          if (job.resident === 0) bytes += align(job.bytes.byteLength + SLACK);
          most = Math.max(most, job.header.count);
        }
        count = plan.length;
        if (lookup.tail) {
          bytes += regions * align(lookup.tail.times.byteLength);
          most = Math.max(most, lookup.tail.times.length);
          count++;
        }
      }
      if (end > i && (copies + bytes > CALL_BYTES || (rows + lookup.room) * regions * 8 > OUT_BYTES)) break;
      if (plan && lookup.points !== null) seen.add(lookup.points);
      copies += bytes;
      rows += plan ? lookup.room : 0;
      scratchRows = Math.max(scratchRows, most);
      jobs += count;
      end++;
    }
    at = runCall(
      kernel,
      { lookups, plans, columns, from, to, first: i, end, copies, rows, scratchRows, jobs },
      { buffer, room, at, starts, counts },
    );
    i = end;
  }
  return { buffer, room, starts, counts };
}

/** Whether two column lists name the same columns with the same types, in order. */
function sameColumns(a: readonly PointColumn[], b: readonly PointColumn[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if ((a[i] as PointColumn).name !== (b[i] as PointColumn).name || (a[i] as PointColumn).type !== (b[i] as PointColumn).type)
      return false;
  return true;
}

/** A chunk's memo for `columns`: verified, its times checked (the first time its bytes are met), its payloads found. */
function pointMemo(
  kernel: Kernel,
  bytes: Uint8Array,
  header: ChunkHeader | undefined,
  columns: readonly PointColumn[],
  known: PointMemo | undefined,
): PointMemo {
  const entry = known?.entry ?? verifiedChunk(kernel, bytes, header);
  const payloads = payloadsOf(entry, columns);
  let step = known?.step;
  if (step === undefined) {
    const resident = residentChunks(kernel).address(bytes);
    const copied = resident === 0 ? kernel.copyIn(bytes) : 0;
    try {
      step = checkedTimeStep(kernel, bytes, entry.header, resident || copied);
    } finally {
      if (copied !== 0) kernel.free(copied);
    }
  }
  return { entry, step, columns, payloads, resident: known?.resident ?? null };
}

/** Per column its payload offset, length and kind in the chunk; null when one is missing, of another type, or has NULLs. */
function payloadsOf(entry: VerifiedChunk, columns: readonly PointColumn[]): number[] | null {
  const out: number[] = [];
  for (const column of columns) {
    const found = entry.columns.get(column.name);
    if (!found || found.type !== column.type || found.nullCount > 0) return null;
    out.push(found.payloadOffset, found.payloadLength, column.type === 'double' ? KIND_DOUBLE : KIND_INT64);
  }
  return out;
}

interface Call {
  readonly lookups: readonly PointLookup[];
  readonly plans: readonly (ChunkJob[] | null)[];
  readonly columns: readonly PointColumn[];
  readonly from: bigint;
  readonly to: bigint;
  readonly first: number;
  readonly end: number;
  readonly copies: number;
  readonly rows: number;
  readonly scratchRows: number;
  readonly jobs: number;
}

interface Target {
  readonly buffer: ArrayBuffer;
  readonly room: number;
  readonly at: number;
  readonly starts: Int32Array;
  readonly counts: Int32Array;
}

/**
 * Lookups first .. end - 1 in one kernel call: one block holds the output regions, the job records, their column
 * lists, the copies (chunks not resident, points, raw rows) and the scratch. Returns the target's next free row.
 */
function runCall(kernel: Kernel, call: Call, target: Target): number {
  const { columns, rows } = call;
  const regions = 1 + columns.length;
  const outAt = 0;
  const jobsAt = align(rows * regions * 8);
  const listsAt = jobsAt + align(call.jobs * JOB_BYTES);
  const copiesAt = listsAt + align(call.jobs * columns.length * 12);
  const selectionAt = copiesAt + call.copies;
  const timesAt = selectionAt + align(call.scratchRows * 4);
  const valuesAt = timesAt + align(call.scratchRows * 8 + SLACK);
  const block = kernel.alloc(valuesAt + call.scratchRows * 8 + SLACK);
  try {
    if (block % 8 !== 0) throw new TidemarkError('INTERNAL', `The kernel returned a block at ${block}, not 8-byte aligned.`);
    const memory = kernel.bytes();
    const words = new Int32Array(memory.buffer);
    const longs = kernel.int64();
    const copiedPoints = new Map<BigInt64Array, number>();
    /** Per job, the address its chunk's offsets are from (to report a corrupt payload's offset). */
    const bases: number[] = [];
    let copy = block + copiesAt;
    let list = block + listsAt;
    let job = 0;
    const place = (view: ArrayBufferView, slack: number): number => {
      const address = copy;
      memory.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), address);
      memory.fill(0, address + view.byteLength, address + view.byteLength + slack);
      copy += align(view.byteLength + slack);
      return address;
    };
    const record = (fields: {
      step: bigint;
      timeMin: bigint;
      time: number;
      timeLength: number;
      count: number;
      points: number;
      pointCount: number;
      room: number;
    }): number => {
      const r = block + jobsAt + job * JOB_BYTES;
      longs[r / 8] = call.from;
      longs[r / 8 + 1] = call.to;
      longs[r / 8 + 2] = fields.timeMin;
      longs[r / 8 + 3] = fields.step;
      const w = r / 4 + 8;
      words[w] = fields.time;
      words[w + 1] = fields.timeLength;
      words[w + 2] = fields.count;
      words[w + 3] = fields.points;
      words[w + 4] = fields.pointCount;
      words[w + 5] = list;
      words[w + 6] = columns.length;
      words[w + 7] = fields.room;
      words[w + 8] = 0;
      job++;
      return r;
    };
    for (let i = call.first; i < call.end; i++) {
      const plan = call.plans[i];
      if (!plan) continue;
      const lookup = call.lookups[i] as PointLookup;
      // A range lookup's count of -1 tells the kernel to read every row in range (no points to copy).
      let points = 0;
      if (lookup.points !== null) {
        const copied = copiedPoints.get(lookup.points);
        points = copied ?? place(lookup.points, 0);
        if (copied === undefined) copiedPoints.set(lookup.points, points);
      }
      const pointCount = lookup.points === null ? -1 : lookup.points.length;
      let room = lookup.room;
      for (const chunk of plan) {
        const base = chunk.resident !== 0 ? chunk.resident : place(chunk.bytes, SLACK);
        bases.push(base);
        const { header, payloads } = chunk;
        for (let c = 0; c < columns.length; c++) {
          words[list / 4 + 3 * c] = base + (payloads[3 * c] as number);
          words[list / 4 + 3 * c + 1] = payloads[3 * c + 1] as number;
          words[list / 4 + 3 * c + 2] = payloads[3 * c + 2] as number;
        }
        record({
          step: chunk.step,
          timeMin: header.timeMin,
          time: base + header.timePayloadOffset,
          timeLength: header.timePayloadLength,
          count: header.count,
          points,
          pointCount,
          room,
        });
        list += columns.length * 12;
        room = -1;
      }
      const tail = lookup.tail;
      if (tail) {
        bases.push(0);
        const n = tail.times.length;
        const time = place(tail.times, 0);
        for (let c = 0; c < columns.length; c++) {
          const values = tail.columns[c] as Float64Array | BigInt64Array;
          if (values.length !== n)
            throw new TidemarkError('INVALID_ARGUMENT', `A point lookup's rows hold ${n} times but ${values.length} values of a column.`);
          words[list / 4 + 3 * c] = place(values, 0);
          words[list / 4 + 3 * c + 1] = n * 8;
          words[list / 4 + 3 * c + 2] = KIND_RAW;
        }
        record({ step: -1n, timeMin: 0n, time, timeLength: n * 8, count: n, points, pointCount, room });
        list += columns.length * 12;
      }
    }
    if (copy > block + selectionAt || job !== call.jobs)
      throw new TidemarkError(
        'INTERNAL',
        `A point batch call placed ${copy - block - copiesAt} bytes and ${job} jobs; ${call.copies} and ${call.jobs} were planned.`,
      );
    const done = kernel.exports.readPointBatch(
      block + jobsAt,
      job,
      block + outAt,
      rows,
      block + selectionAt,
      block + timesAt,
      block + valuesAt,
    );
    if (done < job) {
      const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - (bases[done] as number));
      throw corruptChunk(byteOffset, 'a column or the times cannot be decoded');
    }
    // Each lookup's rows (its jobs' sum, or -1 when one did not fit), and the regions copied out after the target's rows.
    const after = kernel.bytes();
    const found = new Int32Array(after.buffer, block + jobsAt, (job * JOB_BYTES) / 4);
    let start = target.at;
    let j = 0;
    for (let i = call.first; i < call.end; i++) {
      const plan = call.plans[i];
      if (!plan) continue;
      const lookup = call.lookups[i] as PointLookup;
      const jobs = plan.length + (lookup.tail ? 1 : 0);
      let n = 0;
      for (let q = 0; q < jobs; q++, j++) {
        const k = found[(j * JOB_BYTES) / 4 + 16] as number;
        n = k < 0 || n < 0 ? -1 : n + k;
      }
      target.starts[i] = n < 0 ? 0 : start;
      target.counts[i] = n;
      if (n > 0) start += n;
    }
    const written = start - target.at;
    for (let r = 0; r < regions; r++)
      new Uint8Array(target.buffer, (r * target.room + target.at) * 8, written * 8).set(
        after.subarray(block + outAt + r * rows * 8, block + outAt + (r * rows + written) * 8),
      );
    return start;
  } finally {
    kernel.free(block);
  }
}
