import type { SqlValue } from '../values/sql-value.ts';
import { BigIntVector, ConstantVector, NumberVector, type Vector } from '../vector/index.ts';
import type { GroupedAccumulator } from './function-types.ts';

// Columnar state for the hot aggregates. Each keeps per-group state in typed arrays and runs a
// tight loop over a vector's backing array; NULL rows (validity byte 0) are skipped. Vectors of
// other storage (constants, values) go through the generic get() path.

function grow<T extends Float64Array | Uint8Array | BigInt64Array>(
  array: T,
  size: number,
  make: (n: number) => T,
  fill?: number | bigint,
): T {
  if (array.length >= size) return array;
  const next = make(Math.max(size, array.length * 2, 16));
  next.set(array as never);
  if (fill !== undefined) (next as unknown as { fill(v: unknown, start: number): void }).fill(fill, array.length);
  return next;
}

/** Visits the non-null numeric values of rows [start, end) (bigint converted to number for double aggregates). */
function forEachNumber(vector: Vector, start: number, end: number, visit: (x: number) => void): void {
  if (vector instanceof NumberVector) {
    const data = vector.data;
    const valid = vector.valid;
    if (valid) {
      for (let i = start; i < end; i++) if (valid[i]) visit(data[i]!);
    } else {
      for (let i = start; i < end; i++) visit(data[i]!);
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const v = vector.get(i);
    if (v !== null) visit(typeof v === 'bigint' ? Number(v) : (v as number));
  }
}

function countValid(vector: Vector | undefined, start: number, end: number): number {
  if (!vector) return end - start;
  if (vector instanceof ConstantVector) return vector.value === null ? 0 : end - start;
  if ((vector instanceof NumberVector || vector instanceof BigIntVector) && !vector.valid) return end - start;
  let n = 0;
  for (let i = start; i < end; i++) if (!vector.isNull(i)) n++;
  return n;
}

/** count(*) (no argument) and count(x). */
export function groupedCount(): GroupedAccumulator {
  let counts = new Float64Array(16);
  return {
    resize: (n) => {
      counts = grow(counts, n, (m) => new Float64Array(m));
    },
    addRange: (group, args, start, end) => {
      counts[group]! += countValid(args[0], start, end);
    },
    addRows: (ids, args, length) => {
      const arg = args[0];
      for (let i = 0; i < length; i++) if (!arg?.isNull(i)) counts[ids[i]!]!++;
    },
    result: (group) => BigInt(counts[group]!),
  };
}

type DoubleKind = 'sum' | 'avg' | 'min' | 'max';

/** sum, avg, min and max of doubles (and avg of integers, which Presto computes in double). */
export function groupedDouble(kind: DoubleKind): GroupedAccumulator {
  const start = kind === 'min' ? Number.POSITIVE_INFINITY : kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
  let acc = new Float64Array(16).fill(start);
  let counts = new Float64Array(16);
  let sawNaN = new Uint8Array(16);
  const addRange = (group: number, args: readonly Vector[], from: number, to: number) => {
    const vector = args[0]!;
    let value = acc[group]!;
    let n = 0;
    let nan = false;
    if (vector instanceof NumberVector && !vector.valid) {
      const data = vector.data;
      n = to - from;
      if (kind === 'sum' || kind === 'avg') for (let i = from; i < to; i++) value += data[i]!;
      else if (kind === 'min') {
        for (let i = from; i < to; i++) {
          const x = data[i]!;
          if (x < value) value = x;
          else if (Number.isNaN(x)) nan = true;
        }
      } else {
        for (let i = from; i < to; i++) {
          const x = data[i]!;
          if (x > value) value = x;
          else if (Number.isNaN(x)) nan = true;
        }
      }
    } else {
      forEachNumber(vector, from, to, (x) => {
        n++;
        if (kind === 'sum' || kind === 'avg') value += x;
        else if (kind === 'min' ? x < value : x > value) value = x;
        else if (Number.isNaN(x)) nan = true;
      });
    }
    acc[group] = value;
    counts[group]! += n;
    if (nan) sawNaN[group] = 1;
  };
  return {
    resize: (n) => {
      acc = grow(acc, n, (m) => new Float64Array(m), start);
      counts = grow(counts, n, (m) => new Float64Array(m));
      sawNaN = grow(sawNaN, n, (m) => new Uint8Array(m));
    },
    addRange,
    addRows: (ids, args, length) => {
      for (let i = 0; i < length; i++) addRange(ids[i]!, args, i, i + 1);
    },
    result: (group) => {
      const n = counts[group]!;
      if (n === 0) return null;
      // NaN is the largest double in Presto's order: max sees it, min only when nothing else is there.
      if (kind === 'max' && sawNaN[group]) return Number.NaN;
      if (kind === 'min' && sawNaN[group] && acc[group] === Number.POSITIVE_INFINITY) return Number.NaN;
      return kind === 'avg' ? acc[group]! / n : acc[group]!;
    },
  };
}

/** min and max of bigint-stored values (bigint, timestamp, time, interval day to second), exact. */
export function groupedBigIntExtreme(kind: 'min' | 'max'): GroupedAccumulator {
  let acc = new BigInt64Array(16);
  let seen = new Uint8Array(16);
  const addRange = (group: number, args: readonly Vector[], from: number, to: number) => {
    const vector = args[0]!;
    let value = acc[group]!;
    let any = seen[group] === 1;
    if (vector instanceof BigIntVector) {
      const data = vector.data;
      const valid = vector.valid;
      for (let i = from; i < to; i++) {
        if (valid && !valid[i]) continue;
        const x = data[i]!;
        if (!any || (kind === 'min' ? x < value : x > value)) value = x;
        any = true;
      }
    } else {
      for (let i = from; i < to; i++) {
        const x = vector.get(i);
        if (x === null) continue;
        if (!any || (kind === 'min' ? (x as bigint) < value : (x as bigint) > value)) value = x as bigint;
        any = true;
      }
    }
    acc[group] = value;
    seen[group] = any ? 1 : 0;
  };
  return {
    resize: (n) => {
      acc = grow(acc, n, (m) => new BigInt64Array(m));
      seen = grow(seen, n, (m) => new Uint8Array(m));
    },
    addRange,
    addRows: (ids, args, length) => {
      for (let i = 0; i < length; i++) addRange(ids[i]!, args, i, i + 1);
    },
    result: (group): SqlValue => (seen[group] ? acc[group]! : null),
  };
}
