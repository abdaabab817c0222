// Many chunks' point lookups in one call, their rows written side by side: a semi-join's join back onto
// every measure of a host (high-cpu) looked up a few hundred times in each of hundreds of chunks, and one
// call per chunk (its arguments, selection copies and answer views in JavaScript) cost as much as the reads.
//
// The output is 1 + C regions of `room` rows each, region r at out + r * room * 8: the times, then each
// column (8-byte values). Jobs write their rows one after another from row 0, in the order given.
//
// A job (POINT_JOB_BYTES each) is one chunk's (or one run of raw rows') lookups: i64 from, to (the rows
// looked up have from <= time < to), timeMin, step at 0, 8, 16, 24; then i32 time address, time payload
// length, rows, points address, point count (ascending i64), column list address (per column u32 address,
// i32 payload length, i32 kind), column count, room at 60, and at 64 the rows the job wrote (set here).
// step > 0: row r's time is timeMin + r * step (times checked evenly spaced before: nothing decoded);
// step 0: the times are a payload to decode; step -1: `rows` raw ascending i64 times at the time address.
// A column's kind: KIND_DOUBLE a double payload, KIND_INT64 an i64 payload, KIND_RAW `rows` raw 8-byte values.
//
// A point count of -1 reads every row in [from, to) instead (a raw window read many series at a time): the
// points address is not read.
//
// A job whose room is >= 0 starts a series: it and the jobs after it with room -1 (the series' other
// chunks, then its raw rows) write at most `room` rows. A series that finds more (a time held twice)
// writes none: its jobs' rows are set to -1 and the next series starts where it started.

import { decodeInt64Column } from './codecs/int64';
import { decodeFloat64Range, gather64, gatherFloat64Rows } from './gather';
import { lowerBound, pointRows } from './point-rows';

/** Bytes per job record. */
export const POINT_JOB_BYTES: i32 = 72;

export const KIND_DOUBLE: i32 = 0;
export const KIND_INT64: i32 = 1;
export const KIND_RAW: i32 = 2;

/**
 * The rows of evenly spaced times (row r at timeMin + r * step, `rows` of them) at the points in [from, to),
 * written to `selection` (ascending) and their times to `times`; returns how many, or cap + 1 once more than
 * `cap` match (nothing is written past cap). A point's row is guessed as the one after the last match (runs
 * of consecutive points are the usual case), else estimated through the step's reciprocal in doubles and
 * checked exactly in i64 (an i64 division costs several times a multiplication). A point repeated is taken once.
 */
function stepRows(
  timeMin: i64,
  step: i64,
  rows: i32,
  from: i64,
  to: i64,
  points: usize,
  count: i32,
  selection: usize,
  times: usize,
  cap: i32,
): i32 {
  if (rows <= 0) return 0;
  const last = timeMin + <i64>(rows - 1) * step;
  let i = lowerBound(points, 0, count, from > timeMin ? from : timeMin);
  let k = 0;
  let row = -1;
  let next: i64 = 0; // the time of row + 1
  const inverse = 1.0 / <f64>step;
  for (; i < count; i++) {
    const p = load<i64>(points + ((<usize>i) << 3));
    if (p >= to || p > last) break;
    if (row >= 0 && p < next) continue;
    if (row >= 0 && p == next) row++;
    else {
      // d < rows * step (rows < 2^31): the estimate is d / step within far less than a row, so an exact
      // multiple's comes out one short when rounded below it (1 / 49, say, is held short); a point whose
      // estimate is over is no multiple either way.
      const d = p - timeMin;
      let r = <i64>(<f64>d * inverse);
      let e = d - r * step;
      if (e >= step) {
        r++;
        e -= step;
      }
      if (e != 0) continue;
      row = <i32>r;
    }
    next = p + step;
    if (k == cap) return cap + 1;
    store<i32>(selection + ((<usize>k) << 2), row);
    store<i64>(times + ((<usize>k) << 3), p);
    k++;
  }
  return k;
}

/**
 * Runs jobs `jobs` .. `jobs + jobCount - 1` (see the file's comment) into the regions at `out`, `room`
 * rows each. `selection` has room for the largest job's rows (i32), `timeScratch` and `valueScratch` for
 * its rows' 8-byte values. Returns how many jobs ran: fewer when the next one's payload is corrupt (see
 * lastErrorAddress); then the rows written are unspecified.
 */
export function readPointBatch(
  jobs: usize,
  jobCount: i32,
  out: usize,
  room: i32,
  selection: usize,
  timeScratch: usize,
  valueScratch: usize,
): i32 {
  const regionBytes = (<usize>room) << 3;
  let at = 0;
  let seriesStart = 0;
  let limit = 0;
  let failed = false;
  for (let j = 0; j < jobCount; j++) {
    const job = jobs + <usize>j * <usize>POINT_JOB_BYTES;
    const seriesRoom = load<i32>(job, 60);
    if (seriesRoom >= 0) {
      seriesStart = at;
      limit = at + seriesRoom;
      failed = false;
    }
    if (failed) {
      store<i32>(job, -1, 64);
      continue;
    }
    const from = load<i64>(job, 0);
    const to = load<i64>(job, 8);
    const step = load<i64>(job, 24);
    const timeAt = <usize>load<u32>(job, 32);
    const rows = load<i32>(job, 40);
    const points = <usize>load<u32>(job, 44);
    const count = load<i32>(job, 48);
    const timesOut = out + ((<usize>at) << 3);
    // A range job's rows are a run from rangeStart (-1: the selection's rows).
    let k = 0;
    rangeStart = -1;
    if (count < 0) {
      // Every row in range: found by arithmetic (even times) or by search.
      k = rangeRows(job, rows, timesOut, limit - at, timeScratch);
      if (k < 0) return j;
    } else if (step > 0) k = stepRows(load<i64>(job, 16), step, rows, from, to, points, count, selection, timesOut, limit - at);
    else {
      let times = timeAt;
      if (step == 0) {
        if (!decodeInt64Column(timeAt, <usize>load<i32>(job, 36), rows, timeScratch)) return j;
        times = timeScratch;
      }
      const start = lowerBound(times, 0, rows, from);
      const end = lowerBound(times, start, rows, to);
      k = pointRows(times, start, end, points, count, selection);
      if (k <= limit - at) gather64(times, selection, k, timesOut);
    }
    if (k > limit - at) {
      failed = true;
      at = seriesStart;
      store<i32>(job, -1, 64);
      continue;
    }
    const list = <usize>load<u32>(job, 52);
    const columns = load<i32>(job, 56);
    const start = rangeStart;
    for (let c = 0; c < columns; c++) {
      const entry = list + <usize>c * 12;
      const address = <usize>load<u32>(entry);
      const length = <usize>load<i32>(entry, 4);
      const kind = load<i32>(entry, 8);
      const dst = out + <usize>(c + 1) * regionBytes + ((<usize>at) << 3);
      if (kind == KIND_DOUBLE) {
        const done =
          start < 0
            ? gatherFloat64Rows(address, length, rows, selection, k, dst, valueScratch)
            : decodeFloat64Range(address, length, rows, start, k, dst, valueScratch);
        if (!done) return j;
      } else {
        if (k == 0) continue;
        let values = address;
        if (kind == KIND_INT64) {
          if (!decodeInt64Column(address, length, rows, valueScratch)) return j;
          values = valueScratch;
        }
        if (start < 0) gather64(values, selection, k, dst);
        else memory.copy(dst, values + ((<usize>start) << 3), (<usize>k) << 3);
      }
    }
    store<i32>(job, k, 64);
    at += k;
  }
  return jobCount;
}

/** The first row of a range job's run (see rangeRows); -1 for a job of point lookups. */
let rangeStart: i32 = -1;

/**
 * A range job's rows in [from, to): their times written at `timesOut` (unless more than `cap`), the first row left
 * in rangeStart; returns how many, or -1 when the times' payload is corrupt.
 */
function rangeRows(job: usize, rows: i32, timesOut: usize, cap: i32, timeScratch: usize): i32 {
  const from = load<i64>(job, 0);
  const to = load<i64>(job, 8);
  const timeMin = load<i64>(job, 16);
  const step = load<i64>(job, 24);
  const timeAt = <usize>load<u32>(job, 32);
  if (rows <= 0) return 0;
  if (step > 0) {
    const start = rowByStep(timeMin, step, rows, from);
    const k = rowByStep(timeMin, step, rows, to) - start;
    rangeStart = start;
    if (k <= 0) return 0;
    if (k > cap) return k;
    let t = timeMin + <i64>start * step;
    for (let i = 0; i < k; i++) {
      store<i64>(timesOut + ((<usize>i) << 3), t);
      t += step;
    }
    return k;
  }
  let times = timeAt;
  if (step == 0) {
    if (!decodeInt64Column(timeAt, <usize>load<i32>(job, 36), rows, timeScratch)) return -1;
    times = timeScratch;
  }
  const start = lowerBound(times, 0, rows, from);
  const k = lowerBound(times, start, rows, to) - start;
  rangeStart = start;
  if (k > 0 && k <= cap) memory.copy(timesOut, times + ((<usize>start) << 3), (<usize>k) << 3);
  return k;
}

/** The first of `rows` times timeMin + r * step that is >= t (rows when none). */
function rowByStep(timeMin: i64, step: i64, rows: i32, t: i64): i32 {
  if (t <= timeMin) return 0;
  // Past the last time: no subtraction that could overflow (t may be i64's largest).
  if (t > timeMin + <i64>(rows - 1) * step) return rows;
  return <i32>((t - timeMin + step - 1) / step);
}
