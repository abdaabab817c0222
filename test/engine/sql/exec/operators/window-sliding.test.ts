import { describe, expect, it } from 'vitest';
import type { SlidingPartition } from '../../../../../src/engine/sql/exec/operators/sliding-partition.ts';
import { slidingForm } from '../../../../../src/engine/sql/exec/operators/window-sliding.ts';
import { approxPercentileFullAggregate } from '../../../../../src/engine/sql/functions/aggregate-approx.ts';
import {
  avgAggregate,
  countAggregate,
  maxAggregate,
  maxByAggregate,
  minAggregate,
  stddevAggregate,
  sumAggregate,
} from '../../../../../src/engine/sql/functions/aggregate-basic.ts';
import {
  stddevPopAggregate,
  stddevSampAggregate,
  varianceAggregate,
  varPopAggregate,
  varSampAggregate,
} from '../../../../../src/engine/sql/functions/aggregate-statistics.ts';
import type { AggregateFunction, WindowPartition } from '../../../../../src/engine/sql/functions/index.ts';
import type { BoundWindowFunction } from '../../../../../src/engine/sql/plan/plan-nodes.ts';
import { type SqlType, T } from '../../../../../src/engine/sql/types/sql-type.ts';
import type { SqlValue } from '../../../../../src/engine/sql/values/sql-value.ts';
import { NumberVector } from '../../../../../src/engine/sql/vector/index.ts';
import { TidemarkError } from '../../../../../src/errors/index.ts';
import { random } from '../../../../helpers/seeded-random.ts';

function windowCall(fn: AggregateFunction, argTypes: readonly SqlType[]): BoundWindowFunction {
  return windowOf(fn, argTypes, argTypes.map(column));
}

function column(type: SqlType): BoundWindowFunction['args'][number] {
  return { kind: 'Column', index: 0, type };
}

/** approx_percentile(x, p) over a frame, p a literal. */
function percentileCall(type: SqlType, p: number): BoundWindowFunction {
  return windowOf(approxPercentileFullAggregate, [type, T.double], [column(type), { kind: 'Literal', value: p, type: T.double }]);
}

/** `fn` resolved for `argTypes`, over `args`, as a window aggregate (the frame: whatever the partition says). */
function windowOf(fn: AggregateFunction, argTypes: readonly SqlType[], args: BoundWindowFunction['args']): BoundWindowFunction {
  const impl = fn.resolve(argTypes);
  return {
    name: fn.name.toUpperCase(), // names are matched whatever their case
    function: { kind: 'aggregate', impl },
    args,
    partitionBy: [],
    orderBy: [],
    frame: { unit: 'ROWS', start: { kind: 'UnboundedPreceding' }, end: { kind: 'CurrentRow' } },
    ignoreNulls: false,
    type: impl.returnType,
  } as BoundWindowFunction;
}

/** The one-pass values at every row, or null when the one-pass form leaves the partition to the caller (then it wrote nothing). */
function slidingAggregate(call: BoundWindowFunction, partition: SlidingPartition): SqlValue[] | null {
  const written: SqlValue[] = [];
  const handled =
    slidingForm(call)?.(partition, {
      set: (row, value) => {
        written[row] = value;
      },
    }) ?? false;
  if (!handled) {
    expect(written).toEqual([]);
    return null;
  }
  expect(written.length).toBe(partition.size);
  return Array.from(written, (v) => v);
}

function partitionOf(
  values: readonly SqlValue[],
  starts: Int32Array,
  ends: Int32Array,
  constants: readonly SqlValue[] = [],
): SlidingPartition {
  return {
    size: values.length,
    ignoreNulls: false,
    // Argument 0 is the values; later ones (approx_percentile's p) the same at every row.
    argument: (arg, row) => (arg === 0 ? (values[row] ?? null) : (constants[arg - 1] ?? null)),
    peerStart: (row) => row,
    peerEnd: (row) => row + 1,
    frameStart: (row) => starts[row] as number,
    frameEnd: (row) => ends[row] as number,
    rows: Int32Array.from(values, (_, row) => row),
    frames: { start: starts, end: ends },
    doubles: null,
  };
}

/**
 * The same partition with its doubles in a column, as the operator gives them: the partition's rows at shuffled
 * input positions among other rows (whose values must never be read), NULL through the validity bytes.
 */
function columnPartitionOf(
  values: readonly SqlValue[],
  starts: Int32Array,
  ends: Int32Array,
  rand: () => number,
  constants: readonly SqlValue[] = [],
): SlidingPartition {
  const width = values.length * 2;
  const positions = Array.from({ length: width }, (_, i) => i);
  for (let i = width - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [positions[i], positions[j]] = [positions[j] as number, positions[i] as number];
  }
  const rows = Int32Array.from(positions.slice(0, values.length));
  const data = new Float64Array(width).fill(1e6);
  const valid = new Uint8Array(width).fill(1);
  for (const [row, value] of values.entries()) {
    const at = rows[row] as number;
    if (value === null) {
      valid[at] = 0;
      data[at] = 12345;
    } else data[at] = value as number;
  }
  return { ...partitionOf(values, starts, ends, constants), rows, doubles: new NumberVector(T.double, data, valid) };
}

/** What the window operator computes without the one-pass forms: the aggregate's own accumulator over each frame. */
function frameByFrame(call: BoundWindowFunction, partition: WindowPartition): SqlValue[] {
  if (call.function.kind !== 'aggregate') throw new Error('not an aggregate');
  const impl = call.function.impl;
  return Array.from({ length: partition.size }, (_, row) => {
    const accumulator = impl.create();
    for (let r = partition.frameStart(row); r < partition.frameEnd(row); r++) {
      const args = call.args.map((_a, i) => partition.argument(i, r));
      if (impl.skipNullRows && args.some((a) => a === null)) continue;
      accumulator.add(args);
    }
    return accumulator.result();
  });
}

/** Frames whose edges never move back, with empty frames, frames ahead of the row and runs where one edge stays. */
function slidingFrames(rand: () => number, n: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let start = 0;
  let end = Math.floor(rand() * 4);
  for (let row = 0; row < n; row++) {
    if (rand() < 0.6) start += Math.floor(rand() * 3);
    if (rand() < 0.7) end += Math.floor(rand() * 4);
    start = Math.min(start, n);
    end = Math.min(Math.max(end, start), n);
    starts[row] = start;
    ends[row] = end;
  }
  // The start must move somewhere (frames that only grow are the caller's).
  if (n > 1 && starts[n - 1] === starts[0]) {
    starts[n - 1] = (starts[n - 1] as number) + 1;
    ends[n - 1] = Math.max(ends[n - 1] as number, starts[n - 1] as number);
  }
  return { starts, ends };
}

const DOUBLE_SPECIALS = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e300, 5e-324];

function doubleValue(rand: () => number): SqlValue {
  const r = rand();
  if (r < 0.2) return null;
  if (r < 0.3) return DOUBLE_SPECIALS[Math.floor(rand() * DOUBLE_SPECIALS.length)] as number;
  // Few distinct values, so ties are common.
  if (r < 0.6) return Math.floor(rand() * 5) - 2;
  return (rand() - 0.5) * 10 ** Math.floor(rand() * 8);
}

/** Sums equal as summation order allows: the same class (NaN, infinities, NULL) and within rounding of the frame's magnitudes. */
function expectSumsClose(actual: SqlValue[], expected: SqlValue[], magnitudes: number[], seed: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number | null;
    const e = expected[i] as number | null;
    const where = `seed ${seed}, row ${i}: ${a} vs ${e}`;
    if (e === null || a === null || !Number.isFinite(e) || !Number.isFinite(a)) expect(Object.is(a, e) || a === e, where).toBe(true);
    else expect(Math.abs(a - e), where).toBeLessThanOrEqual(1e-12 * (magnitudes[i] as number) + 1e-300);
  }
}

describe('sliding window aggregates', () => {
  it('give what the accumulator gives frame by frame: count, min and max exactly, sums of doubles within rounding', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const n = 2 + Math.floor(rand() * 60);
      const values = Array.from({ length: n }, () => doubleValue(rand));
      const { starts, ends } = slidingFrames(rand, n);
      const partition = partitionOf(values, starts, ends);
      for (const fn of [countAggregate, minAggregate, maxAggregate]) {
        const call = windowCall(fn, [T.double]);
        const fast = slidingAggregate(call, partition);
        expect(fast, `${fn.name} seed ${seed}`).not.toBeNull();
        const expected = frameByFrame(call, partition);
        for (const [i, v] of (fast as SqlValue[]).entries())
          expect(Object.is(v, expected[i]), `${fn.name} seed ${seed} row ${i}: ${String(v)} vs ${String(expected[i])}`).toBe(true);
      }
      const countStar = windowCall(countAggregate, []);
      expect(slidingAggregate(countStar, partition)).toEqual(frameByFrame(countStar, partition));
      const magnitudes = Array.from({ length: n }, (_, row) => {
        let m = 0;
        for (let r = starts[row] as number; r < (ends[row] as number); r++) m += Math.abs((values[r] as number | null) ?? 0);
        return m;
      });
      for (const fn of [sumAggregate, avgAggregate]) {
        const call = windowCall(fn, [T.double]);
        const fast = slidingAggregate(call, partition);
        expect(fast, `${fn.name} seed ${seed}`).not.toBeNull();
        expectSumsClose(fast as SqlValue[], frameByFrame(call, partition), magnitudes, seed);
      }
      // Read from the column's arrays: the same values bit for bit (the same sums in the same order).
      const column = columnPartitionOf(values, starts, ends, rand);
      for (const fn of [countAggregate, sumAggregate, avgAggregate]) {
        const call = windowCall(fn, [T.double]);
        const fromColumn = slidingAggregate(call, column) as SqlValue[];
        const fromValues = slidingAggregate(call, partition) as SqlValue[];
        for (const [i, v] of fromColumn.entries()) expect(Object.is(v, fromValues[i]), `${fn.name} seed ${seed} row ${i}`).toBe(true);
      }
    }
  });

  it('sum bigints exactly, and min / max any orderable type (strings, timestamps) with the same ties', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = random(seed);
      const n = 2 + Math.floor(rand() * 40);
      const { starts, ends } = slidingFrames(rand, n);
      const bigints = Array.from({ length: n }, () => (rand() < 0.2 ? null : BigInt(Math.floor((rand() - 0.5) * 2 ** 48)) * 100n));
      const sum = windowCall(sumAggregate, [T.bigint]);
      const bigintPartition = partitionOf(bigints, starts, ends);
      expect(slidingAggregate(sum, bigintPartition)).toEqual(frameByFrame(sum, bigintPartition));
      const strings = Array.from({ length: n }, () =>
        rand() < 0.2 ? null : ['b', 'a', 'ab', '\u{1F600}', '\uE000', ''][Math.floor(rand() * 6)]!,
      );
      const stringPartition = partitionOf(strings, starts, ends);
      const times = Array.from({ length: n }, () => (rand() < 0.2 ? null : BigInt(Math.floor(rand() * 4)) * 1_000_000_000n));
      const timePartition = partitionOf(times, starts, ends);
      for (const fn of [minAggregate, maxAggregate]) {
        const onStrings = windowCall(fn, [T.varchar]);
        expect(slidingAggregate(onStrings, stringPartition)).toEqual(frameByFrame(onStrings, stringPartition));
        const onTimes = windowCall(fn, [T.timestamp]);
        expect(slidingAggregate(onTimes, timePartition)).toEqual(frameByFrame(onTimes, timePartition));
      }
    }
  });

  it('keeps the earliest of equal extremes, as the running min / max does (0 and -0)', () => {
    const values = [-0, 0, -0, 1, 0];
    const starts = Int32Array.from([0, 1, 2, 2, 4]);
    const ends = Int32Array.from([2, 3, 3, 5, 5]);
    const partition = partitionOf(values, starts, ends);
    const max = slidingAggregate(windowCall(maxAggregate, [T.double]), partition) as number[];
    const min = slidingAggregate(windowCall(minAggregate, [T.double]), partition) as number[];
    expect(max.map((v) => Object.is(v, -0))).toEqual([true, false, true, false, false]);
    expect(min.map((v) => Object.is(v, -0))).toEqual([true, false, true, true, false]);
  });

  it('fails a bigint sum whose frame overflows 64 bits, as the running sum does', () => {
    const max = 2n ** 63n - 1n;
    const partition = partitionOf([max, 1n, 5n], Int32Array.from([0, 1, 1]), Int32Array.from([2, 3, 3]));
    const error = (() => {
      try {
        slidingAggregate(windowCall(sumAggregate, [T.bigint]), partition);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TidemarkError);
    expect((error as TidemarkError).code).toBe('SQL_SEMANTIC');
  });

  it('give approx_percentile with a literal percentile exactly as a sort of each frame does (ties, -0, NaN, NULL)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const n = 2 + Math.floor(rand() * 80);
      const values = Array.from({ length: n }, () => doubleValue(rand));
      // Frames that slide, or (every third seed) that only grow: a running percentile takes the form too.
      const sliding = slidingFrames(rand, n);
      const starts = seed % 3 === 0 ? new Int32Array(n) : sliding.starts;
      const ends = seed % 3 === 0 ? Int32Array.from({ length: n }, (_, row) => Math.min(n, row + (seed % 2))) : sliding.ends;
      const p = [0, 1, 0.5, 0.95, 0.25, rand()][seed % 6] as number;
      for (const type of [T.double, T.integer]) {
        const typed =
          type === T.integer ? values.map((v) => (v === null ? null : Number.isFinite(v) ? Math.trunc(v as number) : 7)) : values;
        const call = percentileCall(type, p);
        const partition = partitionOf(typed, starts, ends, [p]);
        const expected = frameByFrame(call, partition);
        for (const from of [partition, columnPartitionOf(typed, starts, ends, rand, [p])]) {
          const fast = slidingAggregate(call, from);
          expect(fast, `seed ${seed}`).not.toBeNull();
          for (const [i, v] of (fast as SqlValue[]).entries())
            expect(Object.is(v, expected[i]), `seed ${seed} p ${p} row ${i}: ${String(v)} vs ${String(expected[i])}`).toBe(true);
        }
      }
    }
  });

  it('leave approx_percentile to the aggregate when its percentile is not a valid literal, so its error stays', () => {
    const partition = partitionOf([1, 2, 3], Int32Array.from([0, 1, 2]), Int32Array.from([1, 2, 3]), [1.5]);
    expect(slidingAggregate(percentileCall(T.double, 1.5), partition)).toBeNull();
    const perRow = { ...percentileCall(T.double, 0.5), args: [column(T.double), column(T.double)] } as BoundWindowFunction;
    expect(slidingAggregate(perRow, partition)).toBeNull();
    // Another aggregate of a number and a literal is not a percentile.
    const maxBy = windowOf(maxByAggregate, [T.double, T.double], [column(T.double), { kind: 'Literal', value: 0.5, type: T.double }]);
    expect(slidingAggregate(maxBy, partition)).toBeNull();
  });

  it('give the variance family within rounding of the running update, and NaN / infinity as it gives them', () => {
    const functions = [stddevAggregate, stddevSampAggregate, stddevPopAggregate, varianceAggregate, varSampAggregate, varPopAggregate];
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const n = 2 + Math.floor(rand() * 60);
      // Moderate magnitudes around an offset (what cancels in sums of squares), NULLs, and a few non-finite values.
      const offset = [0, 1e6, -3e9][seed % 3] as number;
      const values = Array.from({ length: n }, (): SqlValue => {
        const r = rand();
        if (r < 0.15) return null;
        if (r < 0.2) return [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][Math.floor(rand() * 3)] as number;
        return offset + (r < 0.5 ? Math.floor(rand() * 3) : (rand() - 0.5) * 100);
      });
      const { starts, ends } = slidingFrames(rand, n);
      const partition = partitionOf(values, starts, ends);
      const column = columnPartitionOf(values, starts, ends, rand);
      for (const fn of functions) {
        const call = windowCall(fn, [T.double]);
        const expected = frameByFrame(call, partition);
        for (const from of [partition, column]) {
          const fast = slidingAggregate(call, from) as SqlValue[];
          expect(fast, `${fn.name} seed ${seed}`).not.toBeNull();
          for (const [i, v] of fast.entries()) {
            const e = expected[i] as number | null;
            const where = `${fn.name} seed ${seed} row ${i}: ${String(v)} vs ${String(e)}`;
            if (e === null || v === null || !Number.isFinite(e)) expect(Object.is(v, e), where).toBe(true);
            // Both lose the digits of x that the offset pushes out: about eps * offset / spread, relatively.
            else
              expect(Math.abs((v as number) - e), where).toBeLessThanOrEqual((1e-9 + 1e-14 * Math.abs(offset)) * Math.max(1, Math.abs(e)));
          }
        }
      }
    }
  });

  it('leaves frames that only grow, or move back, and other aggregates to the caller', () => {
    const values = [1, 2, 3, 4];
    const growing = partitionOf(values, Int32Array.from([0, 0, 0, 0]), Int32Array.from([1, 2, 3, 4]));
    expect(slidingAggregate(windowCall(sumAggregate, [T.double]), growing)).toBeNull();
    const back = partitionOf(values, Int32Array.from([0, 1, 0, 2]), Int32Array.from([1, 2, 3, 4]));
    expect(slidingAggregate(windowCall(maxAggregate, [T.double]), back)).toBeNull();
    const endBack = partitionOf(values, Int32Array.from([0, 1, 2, 3]), Int32Array.from([4, 3, 4, 4]));
    expect(slidingAggregate(windowCall(countAggregate, [T.double]), endBack)).toBeNull();
    const sliding = partitionOf(values, Int32Array.from([0, 1, 2, 3]), Int32Array.from([1, 2, 3, 4]));
    expect(slidingAggregate(windowCall(sumAggregate, [T.double]), sliding)).toEqual([1, 2, 3, 4]);
  });
});
