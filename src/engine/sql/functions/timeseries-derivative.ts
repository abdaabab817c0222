import { T, timeseriesOf } from '../types/sql-type.ts';
import { NANOS_PER_SECOND, type SqlValue, TimeSeries } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import { asSeries, isNumericSeries, numberAt } from './timeseries-shared.ts';

// Rates and areas over a timeseries: derivative_linear, non_negative_derivative_linear and
// integral_trapezoidal. All take the series as doubles (the binder casts bigint series).

const DOUBLE_SERIES = timeseriesOf(T.double);

/**
 * The rate of change per `interval` between each point and the one before it, placed at the
 * later point's time: n points give n - 1 rates. Points sharing a time with the previous one
 * have no defined rate and are left out. With `nonNegative`, negative rates (a counter reset)
 * are left out too, as Timestream's non_negative_derivative_linear does.
 */
function derivative(series: TimeSeries, intervalNanos: bigint, nonNegative: boolean): TimeSeries {
  const times: bigint[] = [];
  const values: SqlValue[] = [];
  for (let i = 1; i < series.length; i++) {
    const elapsed = (series.times[i] as bigint) - (series.times[i - 1] as bigint);
    if (elapsed === 0n) continue;
    // Multiplying before dividing keeps whole rates whole (10 per 10 s is exactly 60 per minute).
    const rate = ((numberAt(series, i) - numberAt(series, i - 1)) * Number(intervalNanos)) / Number(elapsed);
    if (nonNegative && rate < 0) continue;
    times.push(series.times[i] as bigint);
    values.push(rate);
  }
  return new TimeSeries(times, values);
}

function derivativeFunction(name: string, nonNegative: boolean) {
  return scalarFunction(
    name,
    [`${name}(timeseries, interval day to second) -> timeseries(double)`],
    [
      (types) => {
        const [series, interval] = types;
        if (types.length !== 2 || !isNumericSeries(series)) return null;
        if (interval?.kind !== 'interval day to second' && interval?.kind !== 'unknown') return null;
        return impl([DOUBLE_SERIES, T.intervalDayToSecond], DOUBLE_SERIES, ([s, unit]) =>
          derivative(asSeries(s ?? null, name), unit as bigint, nonNegative),
        );
      },
    ],
  );
}

export const derivativeLinearFunction = derivativeFunction('derivative_linear', false);

export const nonNegativeDerivativeLinearFunction = derivativeFunction('non_negative_derivative_linear', true);

/**
 * The area under the series by the trapezoidal rule, in value × `unit` (one second unless
 * given). An empty series has no area (NULL); one point encloses none (0).
 */
function trapezoidalIntegral(series: TimeSeries, unitNanos: bigint): number | null {
  if (series.length === 0) return null;
  let area = 0;
  for (let i = 1; i < series.length; i++) {
    const elapsed = Number((series.times[i] as bigint) - (series.times[i - 1] as bigint)) / Number(unitNanos);
    area += ((numberAt(series, i) + numberAt(series, i - 1)) / 2) * elapsed;
  }
  return area;
}

export const integralTrapezoidalFunction = scalarFunction(
  'integral_trapezoidal',
  [
    'integral_trapezoidal(timeseries(double|bigint|integer)) -> double',
    'integral_trapezoidal(timeseries(double|bigint|integer), interval day to second) -> double',
  ],
  [
    (types) => {
      if (types.length !== 1 || !isNumericSeries(types[0])) return null;
      return impl([DOUBLE_SERIES], T.double, ([s]) => trapezoidalIntegral(asSeries(s ?? null, 'integral_trapezoidal'), NANOS_PER_SECOND));
    },
    (types) => {
      const [series, unit] = types;
      if (types.length !== 2 || !isNumericSeries(series)) return null;
      if (unit?.kind !== 'interval day to second' && unit?.kind !== 'unknown') return null;
      return impl([DOUBLE_SERIES, T.intervalDayToSecond], T.double, ([s, u]) =>
        trapezoidalIntegral(asSeries(s ?? null, 'integral_trapezoidal'), u as bigint),
      );
    },
  ],
);
