import { TidemarkError } from '../../errors/index.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { ChunkHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';
import type { BucketSpec } from './buckets.ts';
import { type RangeLayout, type RangeWants, rangeLayout, type VerifiedChunk, verifiedChunk } from './range-buckets.ts';
import { type ResidentEntry, residentChunks } from './resident-chunks.ts';

/** One chunk's range pass in a batch (see aggregateChunkRanges): its buckets given (SpecJob) or of a width (WidthJob). */
export type RangeJob = SpecJob | WidthJob;

/** A job whose buckets the caller worked out. */
export interface SpecJob extends RangeJobBase {
  /** The target's bucket that the pass's first bucket (spec.firstBucket) is. */
  readonly targetBucket: number;
  readonly spec: BucketSpec;
}

/**
 * A job in bin(time, width) buckets (from the epoch) whose first bucket and count the kernel derives from the
 * rows' range, placed in its target by the target's firstBucket (which it must have): no bucket arithmetic
 * per chunk here. `maxBuckets`: at least the buckets its rows in range meet (sizes the kernel's scratch).
 */
export interface WidthJob extends RangeJobBase {
  readonly spec: null;
  readonly width: bigint;
  readonly maxBuckets: number;
}

interface RangeJobBase {
  readonly bytes: Uint8Array;
  /** The chunk's header as the caller already read it from `bytes` (spares reading it again the first time the chunk is met). */
  readonly header?: ChunkHeader;
  /** The double columns to aggregate (each NULL-free in this chunk). */
  readonly columns: readonly string[];
  /** For each of `columns`, its column in the target's partials. */
  readonly slots: readonly number[];
  /** Index of the target (series) the pass merges into. */
  readonly target: number;
  readonly from: bigint;
  readonly to: bigint;
  /** The caller's memo for this chunk and `columns` (the same array, unchanged, each time): see RangeMemo. */
  readonly memo?: RangeMemo;
}

/**
 * The chunk's checked header and column layout, kept by the caller across queries (fields null at first;
 * the pass fills them) so a job needs no lookup of its chunk; trusted only for the bytes and list it holds.
 */
export interface RangeMemo {
  bytes: Uint8Array | null;
  columns: readonly string[] | null;
  entry: VerifiedChunk | null;
  layout: RangeLayout | null;
  /** The chunk's resident copy when the pass last placed it (see ResidentChunks.residentEntry). */
  resident?: ResidentEntry | null;
  /** Its header's timeMax + 1 (kept: a BigInt sum allocates). */
  end?: bigint | null;
}

/** One series' partials a batch fills (BucketPartialArrays' layout: src/engine/model/bucket-partials.ts). */
export interface RangeTarget {
  /** Bytes of its partials for `buckets` buckets of the request's columns. */
  readonly bytes: number;
  readonly buckets: number;
  /** Every column the series has among the request's (a chunk lacking one is NULL there, its edge values included). */
  readonly slots: readonly number[];
  /** The bucket number of its bucket 0: WidthJobs into it need it. */
  readonly firstBucket?: bigint;
}

/**
 * The targets' partials after the batch: target t's start at byte offsets[t] of `buffer` (8-byte aligned).
 * Without min/max wanted they lack the min and max arrays (the arrays after them follow the sums at once).
 */
export interface RangeBatchResult {
  readonly buffer: ArrayBuffer;
  readonly offsets: readonly number[];
  /**
   * Hands `buffer` back for a later batch to copy its partials into (see reusedBuffer): call it once nothing
   * reads these partials any more, or never (the buffer is then collected as any other).
   */
  readonly release: () => void;
}

/** Buffers handed back (RangeBatchResult.release), at most KEPT_BUFFERS of at most KEPT_BYTES. */
const handedBack: ArrayBuffer[] = [];
const KEPT_BUFFERS = 4;
const KEPT_BYTES = 4 << 20;

/**
 * A buffer of at least `bytes` for a batch's partials: one handed back when one fits (not much larger), else
 * a fresh one. A fresh buffer costs by its size, zeroed before the copy writes it again; every byte of the
 * partials is copied over, and what lies between them (alignment, absent min / max) is never read.
 */
function reusedBuffer(bytes: number): ArrayBuffer {
  for (let i = 0; i < handedBack.length; i++) {
    const buffer = handedBack[i] as ArrayBuffer;
    if (buffer.byteLength >= bytes && buffer.byteLength <= 2 * bytes + 4096) {
      handedBack.splice(i, 1);
      return buffer;
    }
  }
  return new ArrayBuffer(bytes);
}

function handBack(buffer: ArrayBuffer): void {
  if (buffer.byteLength > KEPT_BYTES || handedBack.includes(buffer)) return;
  if (handedBack.length >= KEPT_BUFFERS) handedBack.shift();
  handedBack.push(buffer);
}

/** Bytes per job record (see assembly/range-batch.ts). */
export const JOB_BYTES = 96;
/** A job record's bucket count when the kernel derives its buckets (see WidthJob). */
const DERIVED = -1;
const MAX_BUCKETS = 1 << 24;
/** Arrays per column in one pass's output. */
const PER_COLUMN = 6;
/** Zeroed bytes after each chunk copy (decoders read whole words past a payload's end). */
const SLACK = 16;
/** Chunk bytes copied into the kernel per call at most (a larger batch takes several calls): bounds the kernel's memory. */
const CALL_BYTES = 1 << 20;

export const align = (x: number) => (x + 15) & ~15;

/**
 * The jobs with rows in range, checked, as parallel lists (no object per job): the job, its chunk's
 * layout and header, and its rows' range clamped to the chunk.
 */
interface Prepared {
  readonly jobs: RangeJob[];
  readonly layouts: RangeLayout[];
  readonly headers: ChunkHeader[];
  /** Plain lists, not BigInt64Arrays: every read of one of those allocates a BigInt. */
  readonly lows: bigint[];
  readonly highs: bigint[];
  /** The chunk's address when it is resident in the kernel (see ResidentChunks), else 0: copied per call. */
  readonly residents: number[];
}
/**
 * Runs many chunks' range passes (aggregateChunkRange) in as few kernel calls as the copies allow,
 * each pass merged in the kernel into its target's partials, which start empty: the storage's
 * aggregate scan over many series then makes no call, answer views or merge loop per chunk. A
 * target's jobs merge in the order given (the sums add up in that order). `columns` is the
 * request's column count (each target's width); `wants.edges` also says whether the targets hold
 * edge arrays. Corrupt chunks throw as aggregateChunkRange does.
 */
export function aggregateChunkRanges(
  kernel: Kernel,
  targets: readonly RangeTarget[],
  jobs: readonly RangeJob[],
  columns: number,
  wants: RangeWants,
): RangeBatchResult {
  // Every chunk verified before any block is written (verifying uses the kernel's memory), on its resident copy when it has one.
  const residents = residentChunks(kernel);
  residents.beginBatch();
  const prepared: Prepared = {
    jobs: [],
    layouts: [],
    headers: [],
    lows: [],
    highs: [],
    residents: [],
  };
  for (const job of jobs) {
    const { spec } = job;
    const width = spec === null ? job.width : spec.width;
    const buckets = spec === null ? job.maxBuckets : spec.bucketCount;
    if (width <= 0n) throw new TidemarkError('INVALID_ARGUMENT', `A bucket width must be positive; got ${width} ns.`);
    if (!Number.isInteger(buckets) || buckets < 0 || buckets > MAX_BUCKETS)
      throw new TidemarkError('INVALID_ARGUMENT', `A bucket count must be an integer in 0..${MAX_BUCKETS}; got ${buckets}.`);
    if (spec === null && (targets[job.target] as RangeTarget | undefined)?.firstBucket === undefined)
      throw new TidemarkError('INVALID_ARGUMENT', `A job of a bucket width needs its target's first bucket (target ${job.target}).`);
    const memo = job.memo;
    const known = memo && memo.bytes === job.bytes && memo.columns === job.columns ? memo : null;
    const entry: VerifiedChunk = known?.entry ?? verifiedChunk(kernel, job.bytes, job.header);
    const header = entry.header;
    const from: bigint = job.from;
    const to: bigint = job.to;
    const low = from > header.timeMin ? from : header.timeMin;
    let high = to;
    if (to > header.timeMax) {
      // Kept on the memo (trusted for these bytes): a BigInt sum allocates.
      high = known?.end ?? header.timeMax + 1n;
      if (known) known.end = high;
    }
    // No row in the range: nothing to merge.
    if (high <= low || buckets === 0 || header.count === 0) continue;
    const layout = known?.layout ?? memorisedLayout(job, entry);
    prepared.jobs.push(job);
    prepared.layouts.push(layout);
    prepared.headers.push(header);
    prepared.lows.push(low);
    prepared.highs.push(high);
  }
  const count = prepared.jobs.length;
  // Chunks placed (or found) in the kernel's memory before any block is allocated: placing one may grow the memory.
  for (const job of prepared.jobs) {
    // The memo (trusted for these bytes, see above) keeps the resident entry: no lookup by bytes.
    const memo = job.memo;
    const kept = memo && memo.bytes === job.bytes ? (memo.resident ?? null) : null;
    const resident = residents.residentEntry(job.bytes, kept);
    if (memo && memo.bytes === job.bytes) memo.resident = resident;
    prepared.residents.push(resident === null ? 0 : resident.address);
  }
  // The targets' partials, then their table (address, buckets) and slot lists.
  // Plain lists here and below: a small typed array is a fresh buffer each, dearer than the list.
  const offsets = new Array<number>(targets.length);
  let partialBytes = 0;
  let slotCount = 0;
  for (let t = 0; t < targets.length; t++) {
    offsets[t] = partialBytes;
    partialBytes += align((targets[t] as RangeTarget).bytes);
    slotCount += (targets[t] as RangeTarget).slots.length;
  }
  const tableAt = partialBytes;
  const slotsAt = tableAt + targets.length * 8;
  const head = kernel.alloc(slotsAt + slotCount * 4 + 8);
  try {
    checkAligned(head);
    const targetSlots = new Array<number>(targets.length);
    const targetSlotCounts = new Array<number>(targets.length);
    {
      const words = new Int32Array(kernel.bytes().buffer);
      let s = (head + slotsAt) >>> 2;
      // Targets sharing one slot list (the same array: many series with the same columns) share its copy.
      let lastSlots: readonly number[] | null = null;
      let lastAt = 0;
      for (let t = 0; t < targets.length; t++) {
        const target = targets[t] as RangeTarget;
        words[(head + tableAt) / 4 + 2 * t] = head + (offsets[t] as number);
        words[(head + tableAt) / 4 + 2 * t + 1] = target.buckets;
        if (target.slots !== lastSlots) {
          lastSlots = target.slots;
          lastAt = s * 4;
          for (const slot of target.slots) words[s++] = slot;
        }
        targetSlots[t] = lastAt;
        targetSlotCounts[t] = target.slots.length;
      }
    }
    const bits = (wants.minMax ? 1 : 0) | (wants.edges ? 2 : 0);
    let clear = 1;
    for (let j = 0; j < count || clear === 1; ) {
      // The next jobs whose chunk copies fit in one call (always at least one).
      let k = j;
      let copies = 0;
      let cells = 0;
      let lists = 0;
      while (k < count) {
        const layout = prepared.layouts[k] as RangeLayout;
        const job = prepared.jobs[k] as RangeJob;
        const bytes = prepared.residents[k] !== 0 ? 0 : align(layout.spanTo - layout.spanFrom + SLACK);
        if (k > j && copies + bytes > CALL_BYTES) break;
        copies += bytes;
        cells = Math.max(cells, (3 + PER_COLUMN * job.columns.length) * (job.spec === null ? job.maxBuckets : job.spec.bucketCount));
        lists += align(job.columns.length * 12);
        k++;
      }
      runCall(kernel, prepared, j, k, {
        head,
        tableAt,
        targetCount: targets.length,
        targetSlots,
        targetSlotCounts,
        targets,
        clear,
        columns,
        bits,
        copies,
        cells,
        lists,
      });
      clear = 0;
      j = k;
    }
    return copyPartials(kernel.bytes(), head, partialBytes, targets, offsets, columns, wants);
  } finally {
    kernel.free(head);
  }
}

/** The job's columns' layout in its verified chunk, kept on its memo (if any) for the next time the same bytes and columns meet. */
export function memorisedLayout(job: RangeJob, entry: VerifiedChunk): RangeLayout {
  const layout = rangeLayout(entry, job.columns);
  const memo = job.memo;
  if (memo) {
    // A resident entry kept for other bytes is no hint for these.
    if (memo.bytes !== job.bytes) {
      memo.resident = null;
      memo.end = null;
    }
    memo.bytes = job.bytes;
    memo.columns = job.columns;
    memo.entry = entry;
    memo.layout = layout;
  }
  return layout;
}

/**
 * The targets' partials out of the kernel's memory (at `head`, target t at offsets[t]), into a buffer handed
 * back when there is one (see reusedBuffer). Without min/max wanted each target's are copied without those two
 * arrays (see RangeBatchResult): they are most of a sum-only answer.
 */
export function copyPartials(
  memory: Uint8Array,
  head: number,
  partialBytes: number,
  targets: readonly RangeTarget[],
  offsets: number[],
  columns: number,
  wants: RangeWants,
): RangeBatchResult {
  let bytes = partialBytes;
  let into = offsets;
  if (!wants.minMax) {
    into = new Array<number>(targets.length);
    bytes = 0;
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t] as RangeTarget;
      into[t] = bytes;
      bytes += align(target.bytes - 16 * target.buckets * columns);
    }
  }
  const buffer = reusedBuffer(bytes);
  const out = new Uint8Array(buffer, 0, bytes);
  if (wants.minMax) out.set(memory.subarray(head, head + partialBytes));
  else
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t] as RangeTarget;
      const from = head + (offsets[t] as number);
      const to = into[t] as number;
      // BucketPartialArrays' layout: rows, time min, time max (per bucket), then count, sum, min, max, ... (per cell).
      const minAt = (3 * target.buckets + 2 * target.buckets * columns) * 8;
      const rest = minAt + 16 * target.buckets * columns;
      out.set(memory.subarray(from, from + minAt), to);
      out.set(memory.subarray(from + rest, from + target.bytes), to + minAt);
    }
  return { buffer, offsets: into, release: () => handBack(buffer) };
}

/** The records are written through 32- and 64-bit views: a block must start on an 8-byte boundary (the kernel's allocator gives 16). */
export function checkAligned(ptr: number): void {
  if (ptr % 8 !== 0) throw new TidemarkError('INTERNAL', `The kernel returned a block at ${ptr}, not 8-byte aligned.`);
}

/** What one call needs beyond its jobs: where the targets are, and the sizes of its block's parts. */
interface CallPlan {
  readonly head: number;
  readonly tableAt: number;
  readonly targetCount: number;
  /** Per target, the address and length of its slot list. */
  readonly targetSlots: readonly number[];
  readonly targetSlotCounts: readonly number[];
  readonly targets: readonly RangeTarget[];
  readonly clear: number;
  readonly columns: number;
  readonly bits: number;
  readonly copies: number;
  readonly cells: number;
  readonly lists: number;
}

/**
 * Writes the job's record at `record` (JOB_BYTES, see assembly/range-batch.ts) and its column and slot lists at `list`,
 * its chunk at `shift` (its payloads' offsets in the chunk plus shift are their addresses); returns where the
 * next job's lists go. Beyond the job and its chunk: its rows' range [low, high); its bucket count (the spec's,
 * DERIVED, or for a kept table the most buckets the chunk meets); its target's first bucket number (jobs of a
 * width); the address and length of the target's slot list. Positional, not an object: it runs once per job.
 */
export function writeJobRecord(
  words: Int32Array,
  longs: BigInt64Array,
  record: number,
  list: number,
  job: RangeJob,
  header: ChunkHeader,
  payloads: Int32Array,
  shift: number,
  low: bigint,
  high: bigint,
  bucketCount: number,
  targetFirst: bigint,
  targetSlots: number,
  targetSlotCount: number,
): number {
  const n = job.columns.length;
  const payloadList = list;
  const slotList = list + n * 8;
  for (let c = 0; c < n; c++) {
    words[payloadList / 4 + 2 * c] = shift + (payloads[2 * c] as number);
    words[payloadList / 4 + 2 * c + 1] = payloads[2 * c + 1] as number;
    words[slotList / 4 + c] = job.slots[c] as number;
  }
  const at = record / 8;
  longs[at] = low;
  longs[at + 1] = high;
  const spec = job.spec;
  longs[at + 2] = spec === null ? 0n : spec.origin;
  longs[at + 3] = spec === null ? job.width : spec.width;
  longs[at + 4] = spec === null ? 0n : spec.firstBucket;
  longs[at + 11] = targetFirst;
  const w = record / 4 + 10;
  words[w] = shift + header.timePayloadOffset;
  words[w + 1] = header.timePayloadLength;
  words[w + 2] = header.count;
  words[w + 3] = payloadList;
  words[w + 4] = n;
  words[w + 5] = bucketCount;
  words[w + 6] = job.target;
  words[w + 7] = spec === null ? 0 : job.targetBucket;
  words[w + 8] = slotList;
  words[w + 9] = targetSlots;
  words[w + 10] = targetSlotCount;
  words[w + 11] = header.totalLength;
  return list + align(n * 12);
}

/** Jobs from .. to - 1 in one kernel call: one block holds the output scratch, the job records, their column and slot lists and the chunk copies. */
function runCall(kernel: Kernel, prepared: Prepared, from: number, to: number, plan: CallPlan): void {
  const count = to - from;
  const outAt = 0;
  const jobsAt = align(plan.cells * 8);
  const listsAt = jobsAt + align(count * JOB_BYTES);
  const copiesAt = listsAt + plan.lists;
  const block = kernel.alloc(copiesAt + plan.copies);
  try {
    checkAligned(block);
    const memory = kernel.bytes();
    const words = new Int32Array(memory.buffer);
    const longs = kernel.int64();
    // Each job's chunk address shift, to report a corrupt payload's offset in its chunk.
    const shifts = new Array<number>(count);
    let list = block + listsAt;
    let copy = block + copiesAt;
    for (let q = 0; q < count; q++) {
      const job = prepared.jobs[from + q] as RangeJob;
      const header = prepared.headers[from + q] as ChunkHeader;
      const { spanFrom, spanTo, payloads } = prepared.layouts[from + q] as RangeLayout;
      const resident = prepared.residents[from + q] as number;
      let shift = resident;
      if (resident === 0) {
        const length = spanTo - spanFrom;
        memory.set(spanFrom === 0 && spanTo === job.bytes.length ? job.bytes : job.bytes.subarray(spanFrom, spanTo), copy);
        // Zeroed slack (a loop: cheaper than a fill call for sixteen bytes).
        for (let z = copy + length; z < copy + length + SLACK; z++) memory[z] = 0;
        shift = copy - spanFrom;
        copy += align(length + SLACK);
      }
      shifts[q] = shift;
      const spec = job.spec;
      const record = block + jobsAt + q * JOB_BYTES;
      list = writeJobRecord(
        words,
        longs,
        record,
        list,
        job,
        header,
        payloads,
        shift,
        prepared.lows[from + q] as bigint,
        prepared.highs[from + q] as bigint,
        spec === null ? DERIVED : spec.bucketCount,
        spec === null ? ((plan.targets[job.target] as RangeTarget).firstBucket as bigint) : 0n,
        plan.targetSlots[job.target] as number,
        plan.targetSlotCounts[job.target] as number,
      );
    }
    const done = kernel.exports.aggregateChunkRanges(
      plan.head + plan.tableAt,
      plan.targetCount,
      plan.clear,
      block + jobsAt,
      count,
      plan.columns,
      block + outAt,
      plan.bits,
    );
    if (done < count) {
      const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - (shifts[done] as number));
      throw corruptChunk(byteOffset, 'a column or the times cannot be decoded, or the times are not sorted');
    }
  } finally {
    kernel.free(block);
  }
}
