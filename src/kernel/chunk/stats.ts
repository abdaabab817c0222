import type { BooleanStats, NumericStats } from './types.ts';

/**
 * Header pre-aggregates over present values in time order. `times` are the times of those values.
 * Undefined when there is no value.
 */
export function doubleStats(values: Float64Array, times: BigInt64Array): NumericStats<number> | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  // min/max start at the first non-NaN value; NaN then fails both strict tests, so it is skipped without a
  // check per value (they stay NaN only when every value is NaN), and of -0 and 0 the first seen is kept.
  let i = 0;
  while (i < n && Number.isNaN(values[i])) i++;
  let min = i < n ? (values[i] as number) : Number.NaN;
  let max = min;
  for (i++; i < n; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  return {
    min,
    max,
    sum,
    first: values[0] as number,
    last: values[n - 1] as number,
    firstTime: times[0] as bigint,
    lastTime: times[n - 1] as bigint,
  };
}

/** As `doubleStats` for i64 values; the sum is exact (it is stored as a 128-bit integer). */
export function bigintStats(values: BigInt64Array, times: BigInt64Array): NumericStats<bigint> | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let min = values[0] as bigint;
  let max = min;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const v = values[i] as bigint;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    min,
    max,
    sum,
    first: values[0] as bigint,
    last: values[n - 1] as bigint,
    firstTime: times[0] as bigint,
    lastTime: times[n - 1] as bigint,
  };
}

export function booleanStats(values: Uint8Array, times: BigInt64Array): BooleanStats | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let trueCount = 0;
  for (let i = 0; i < n; i++) trueCount += values[i] ? 1 : 0;
  return {
    trueCount,
    first: values[0] !== 0,
    last: values[n - 1] !== 0,
    firstTime: times[0] as bigint,
    lastTime: times[n - 1] as bigint,
  };
}
