// Many chunks' range passes in one call, each merged at once into its series' partials: the
// storage's aggregate scan of many series made one call per chunk and merged each answer in
// JavaScript, and that per-chunk work (the call with its i64 arguments, the answer's views, the
// merge loop) cost as much as the pass itself on one or a few columns.
//
// A target is one series' partials, laid out as BucketPartialArrays lays them out
// (src/engine/model/bucket-partials.ts), for B buckets and C columns (n = B * C): rows f64[B],
// time min i64[B], time max i64[B], count f64[n], sum f64[n], min f64[n], max f64[n], with edges
// first f64[n] and last f64[n], then nan u8[n], with edges first valid u8[n] and last valid u8[n];
// cell (b, c) at index b * C + c. Targets: per target two i32, its address and B.
//
// A job (JOB_BYTES each) is one chunk's range pass: i64 from, to, origin, width, firstBucket at 0,
// 8, 16, 24, 32; then i32 time payload address, time payload length, rows, column list address
// (per column u32 payload address and length), column count, bucket count, target index, the
// target bucket of the pass's bucket 0, slot list address (i32 per column: its column in the
// target), and the address and length of the series' slot list (every column the series has:
// those the chunk lacks are NULL at its rows, the edge values included), then at 88 the target's first
// bucket number (i64). A job whose bucket count is -1 has its buckets derived here: its rows' range [from,
// to) in bin(time, width) buckets (origin 0): first bucket floor(from / width), bucket count up to the
// bucket of to - 1, the target bucket the first bucket less the target's first (the caller sized its
// partials and this call's output for them).

import { aggregateChunkRange, floorDiv, WANT_EDGES, WANT_MIN_MAX } from './range-aggregate';

/** Bytes per job record. */
export const JOB_BYTES: i32 = 96;

/** Arrays per column in aggregateChunkRange's output. */
const PER_COLUMN = 6;

/**
 * Sets every target's partials empty (rows 0, time min i64 max, time max i64 min, min +Infinity,
 * max -Infinity, everything else 0). `columns` is C, `edges` whether the edge arrays are there.
 */
function clearTargets(targets: usize, targetCount: i32, columns: i32, edges: bool, stride: usize = 3): void {
  for (let t = 0; t < targetCount; t++) {
    const base = <usize>load<u32>(targets + ((<usize>t) << stride));
    const B = <usize>load<i32>(targets + ((<usize>t) << stride), 4);
    const n = B * <usize>columns;
    const wide: usize = 3 * B + <usize>(edges ? 6 : 4) * n;
    const narrow: usize = <usize>(edges ? 3 : 1) * n;
    memory.fill(base, 0, (wide << 3) + narrow);
    for (let b: usize = 0; b < B; b++) {
      store<i64>(base + ((B + b) << 3), i64.MAX_VALUE);
      store<i64>(base + ((2 * B + b) << 3), i64.MIN_VALUE);
    }
    const min = base + ((3 * B + 2 * n) << 3);
    for (let i: usize = 0; i < n; i++) {
      store<f64>(min + (i << 3), Infinity);
      store<f64>(min + ((n + i) << 3), -Infinity);
    }
  }
}

/**
 * Runs jobs `jobs` .. `jobs + jobCount - 1` (see the file's comment), each into `out` (room for
 * the largest job's aggregateChunkRange output) and then merged into its target as the storage
 * merges one pass's buckets (strictly earlier / later rows move a bucket's first / last row; sums
 * add the pass's bucket sums). With `clear`, the targets are set empty first. `wants` as for
 * aggregateChunkRange; its WANT_EDGES bit also says whether the targets hold edge arrays. Returns
 * how many jobs ran: fewer than jobCount when the next one's chunk is corrupt (see lastErrorAddress).
 */
export function aggregateChunkRanges(
  targets: usize,
  targetCount: i32,
  clear: i32,
  jobs: usize,
  jobCount: i32,
  columns: i32,
  out: usize,
  wants: i32,
): i32 {
  const edges = (wants & WANT_EDGES) != 0;
  const minMax = (wants & WANT_MIN_MAX) != 0;
  if (clear) clearTargets(targets, targetCount, columns, edges);
  for (let j = 0; j < jobCount; j++) {
    const job = jobs + <usize>j * <usize>JOB_BYTES;
    if (load<i32>(job, 60) == -1) {
      const width = load<i64>(job, 24);
      const first = floorDiv(load<i64>(job, 0), width);
      store<i64>(job, first, 32);
      store<i32>(job, <i32>(floorDiv(load<i64>(job, 8) - 1, width) - first + 1), 60);
      store<i32>(job, <i32>(first - load<i64>(job, 88)), 68);
    }
    const count = load<i32>(job, 60);
    const columnCount = load<i32>(job, 56);
    const ok = aggregateChunkRange(
      <usize>load<u32>(job, 40),
      <usize>load<u32>(job, 44),
      load<i32>(job, 48),
      load<i64>(job, 0),
      load<i64>(job, 8),
      <usize>load<u32>(job, 52),
      columnCount,
      load<i64>(job, 16),
      load<i64>(job, 24),
      load<i64>(job, 32),
      count,
      out,
      wants,
    );
    if (!ok) return j;
    const target = targets + ((<usize>load<i32>(job, 64)) << 3);
    mergeRange(
      out,
      count,
      columnCount,
      <usize>load<u32>(target),
      <usize>load<i32>(target, 4),
      <usize>columns,
      <usize>load<i32>(job, 68),
      <usize>load<u32>(job, 72),
      <usize>load<u32>(job, 76),
      load<i32>(job, 80),
      edges,
      minMax,
    );
  }
  return jobCount;
}

/**
 * Runs a kept table of jobs over the rows in [from, to): the job records of aggregateChunkRanges, read
 * but never written, so a caller keeps them across queries and only the range and the targets change.
 * Each record's from and to (at 0 and 8) are its chunk's own first time and last time + 1, its width at
 * 24, its bucket count (at 60) the most buckets its chunk's rows meet (it sizes `out`), and its chunk's
 * byte length at 84; its buckets are derived as for a bucket count of -1 there, placed by its target's
 * first bucket. Targets (16 bytes each): u32 address, i32 bucket count, i64 first bucket number; every
 * target is cleared first. `call` (32 bytes): i64 from at 0 and to at 8 (in); jobs with rows in range
 * (i32 at 16) and their chunks' bytes (f64 at 24) (out). Returns 0; j + 1 when job j's chunk is corrupt
 * (see lastErrorAddress); -(j + 1) when job j's buckets fall outside its target or its record's count.
 */
export function aggregateRangeTable(
  targets: usize,
  targetCount: i32,
  jobs: usize,
  jobCount: i32,
  columns: i32,
  out: usize,
  wants: i32,
  call: usize,
): i32 {
  const edges = (wants & WANT_EDGES) != 0;
  const minMax = (wants & WANT_MIN_MAX) != 0;
  clearTargets(targets, targetCount, columns, edges, 4);
  const from = load<i64>(call);
  const to = load<i64>(call, 8);
  let ran = 0;
  let bytes: f64 = 0;
  for (let j = 0; j < jobCount; j++) {
    const job = jobs + <usize>j * <usize>JOB_BYTES;
    const chunkFrom = load<i64>(job, 0);
    const chunkTo = load<i64>(job, 8);
    const low = max<i64>(from, chunkFrom);
    const high = min<i64>(to, chunkTo);
    if (high <= low) continue;
    const width = load<i64>(job, 24);
    const first = floorDiv(low, width);
    const count = <i32>(floorDiv(high - 1, width) - first + 1);
    const t = load<i32>(job, 64);
    if (t < 0 || t >= targetCount) return -(j + 1);
    const target = targets + ((<usize>t) << 4);
    const B = load<i32>(target, 4);
    const at = first - load<i64>(target, 8);
    if (count > load<i32>(job, 60) || at < 0 || at + <i64>count > <i64>B) return -(j + 1);
    const columnCount = load<i32>(job, 56);
    const ok = aggregateChunkRange(
      <usize>load<u32>(job, 40),
      <usize>load<u32>(job, 44),
      load<i32>(job, 48),
      low,
      high,
      <usize>load<u32>(job, 52),
      columnCount,
      0,
      width,
      first,
      count,
      out,
      wants,
    );
    if (!ok) return j + 1;
    mergeRange(
      out,
      count,
      columnCount,
      <usize>load<u32>(target),
      <usize>B,
      <usize>columns,
      <usize>at,
      <usize>load<u32>(job, 72),
      <usize>load<u32>(job, 76),
      load<i32>(job, 80),
      edges,
      minMax,
    );
    ran++;
    bytes += <f64>load<i32>(job, 84);
  }
  store<i32>(call, ran, 16);
  store<f64>(call, bytes, 24);
  return 0;
}

/**
 * Adds one pass's `count` buckets (aggregateChunkRange's output at `out`, columnCount columns) to
 * the target's buckets from `b0` on: what the storage's Buckets.addRanged does, in the same order
 * of operations (so the sums come out the same, bit for bit).
 */
function mergeRange(
  out: usize,
  count: i32,
  columnCount: i32,
  base: usize,
  B: usize,
  C: usize,
  b0: usize,
  slots: usize,
  allSlots: usize,
  allCount: i32,
  edges: bool,
  minMax: bool,
): void {
  const N = <usize>count;
  const n = B * C;
  const rowsAt = base;
  const minTimeAt = base + (B << 3);
  const maxTimeAt = base + (B << 4);
  const countAt = base + ((3 * B) << 3);
  const sumAt = countAt + (n << 3);
  const minAt = sumAt + (n << 3);
  const maxAt = minAt + (n << 3);
  const firstAt = maxAt + (n << 3);
  const lastAt = firstAt + (n << 3);
  const nanAt = edges ? lastAt + (n << 3) : firstAt;
  const firstValidAt = nanAt + n;
  const lastValidAt = firstValidAt + n;
  for (let b: usize = 0; b < N; b++) {
    const rows = load<f64>(out + (b << 3));
    if (rows == 0) continue;
    const at = b0 + b;
    const first = load<i64>(out + ((N + b) << 3));
    const last = load<i64>(out + ((2 * N + b) << 3));
    let newFirst = true;
    let newLast = true;
    if (load<f64>(rowsAt + (at << 3)) == 0) {
      store<i64>(minTimeAt + (at << 3), first);
      store<i64>(maxTimeAt + (at << 3), last);
    } else {
      newFirst = first < load<i64>(minTimeAt + (at << 3));
      newLast = last > load<i64>(maxTimeAt + (at << 3));
      if (newFirst) store<i64>(minTimeAt + (at << 3), first);
      if (newLast) store<i64>(maxTimeAt + (at << 3), last);
    }
    store<f64>(rowsAt + (at << 3), load<f64>(rowsAt + (at << 3)) + rows);
    if (edges && columnCount < allCount) {
      // Columns this chunk lacks are NULL at every row, the edges included.
      for (let s = 0; s < allCount; s++) {
        const i = at * C + <usize>load<i32>(allSlots + ((<usize>s) << 2));
        if (newFirst) store<u8>(firstValidAt + i, 0);
        if (newLast) store<u8>(lastValidAt + i, 0);
      }
    }
    for (let k = 0; k < columnCount; k++) {
      const o = out + ((3 * N + <usize>k * PER_COLUMN * N + b) << 3);
      const i = at * C + <usize>load<i32>(slots + ((<usize>k) << 2));
      if (edges) {
        if (newFirst) {
          store<f64>(firstAt + (i << 3), load<f64>(o + ((3 * N) << 3)));
          store<u8>(firstValidAt + i, 1);
        }
        if (newLast) {
          store<f64>(lastAt + (i << 3), load<f64>(o + ((4 * N) << 3)));
          store<u8>(lastValidAt + i, 1);
        }
      }
      store<f64>(countAt + (i << 3), load<f64>(countAt + (i << 3)) + rows);
      store<f64>(sumAt + (i << 3), load<f64>(sumAt + (i << 3)) + load<f64>(o));
      // Without min/max asked for, the pass left those cells unspecified (and so they stay here).
      if (minMax) {
        const lo = load<f64>(o + (N << 3));
        const hi = load<f64>(o + ((2 * N) << 3));
        if (lo < load<f64>(minAt + (i << 3))) store<f64>(minAt + (i << 3), lo);
        if (hi > load<f64>(maxAt + (i << 3))) store<f64>(maxAt + (i << 3), hi);
      }
      if (load<f64>(o + ((5 * N) << 3)) == 1) store<u8>(nanAt + i, 1);
    }
  }
}
