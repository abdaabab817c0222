import { TidemarkError } from '../../../errors/index.ts';
import { T, timeseriesOf } from '../types/sql-type.ts';
import type { TimeSeries } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import { asSeries, isNumericSeries, numberAt, timeText } from './timeseries-shared.ts';

// correlate_pearson and correlate_spearman over two time series. Timestream pairs the series
// point by point and requires them to have the same timestamps; a mismatch is an error that
// says where the series differ, since silently pairing unrelated points would give a number
// that means nothing.

const DOUBLE_SERIES = timeseriesOf(T.double);

function pairedValues(a: TimeSeries, b: TimeSeries, name: string): [number[], number[]] {
  if (a.length !== b.length) {
    throw new TidemarkError(
      'SQL_SEMANTIC',
      `${name} needs two time series with the same timestamps: the first has ${a.length} points and the second ${b.length}.`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    if (a.times[i] !== b.times[i]) {
      throw new TidemarkError(
        'SQL_SEMANTIC',
        `${name} needs two time series with the same timestamps: point ${i + 1} is at ${timeText(a.times[i] as bigint)} in the first and at ${timeText(b.times[i] as bigint)} in the second.`,
      );
    }
  }
  return [Array.from({ length: a.length }, (_, i) => numberAt(a, i)), Array.from({ length: b.length }, (_, i) => numberAt(b, i))];
}

/** Pearson's r; NULL for fewer than two points or when either side is constant (r undefined). */
function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks 1..n, ties sharing the average of the ranks they span (the usual Spearman convention). */
function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) result[order[k] as number] = averageRank;
    start = end;
  }
  return result;
}

function correlationFunction(name: string, correlate: (xs: readonly number[], ys: readonly number[]) => number | null) {
  return scalarFunction(
    name,
    [`${name}(timeseries, timeseries) -> double`],
    [
      (types) => {
        if (types.length !== 2 || !isNumericSeries(types[0]) || !isNumericSeries(types[1])) return null;
        return impl([DOUBLE_SERIES, DOUBLE_SERIES], T.double, ([a, b]) => {
          const [xs, ys] = pairedValues(asSeries(a ?? null, name), asSeries(b ?? null, name), name);
          return correlate(xs, ys);
        });
      },
    ],
  );
}

export const correlatePearsonFunction = correlationFunction('correlate_pearson', pearson);

export const correlateSpearmanFunction = correlationFunction('correlate_spearman', (xs, ys) => pearson(ranks(xs), ranks(ys)));
