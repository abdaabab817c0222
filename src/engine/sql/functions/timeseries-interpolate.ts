import { commonSuperType } from '../types/coercion.ts';
import { arrayOf, type SqlType, T, timeseriesOf } from '../types/sql-type.ts';
import { type SqlValue, TimeSeries } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';
import { asSeries, firstIndexAtOrAfter, gridTimes, isNumericSeries, lastIndexAtOrBefore, numberAt } from './timeseries-shared.ts';

// Timestream's four interpolations: linear, cubic spline, last observation carried forward
// (locf) and constant fill. Each comes in two forms: over an array of timestamps (usually a
// sequence(...) grid) giving a timeseries, and at one timestamp giving a value.
//
// Where a requested time has no value — before the first point for every method but fill,
// after the last point for linear and spline, which never extrapolate — the array form leaves
// the time out of the result and the single-timestamp form gives NULL. A requested time equal
// to a point's time takes that point's value (the first, when several points share a time).

/** The value at a time, or undefined when the method gives none there. */
type Interpolator = (time: bigint) => SqlValue | undefined;

/** Two-point linear interpolation within the series; exact times give their own value. */
function linearInterpolator(series: TimeSeries): Interpolator {
  return (time) => {
    const after = firstIndexAtOrAfter(series, time);
    if (after === series.length) return undefined;
    if (series.times[after] === time) return numberAt(series, after);
    if (after === 0) return undefined;
    const t0 = series.times[after - 1] as bigint;
    const t1 = series.times[after] as bigint;
    const fraction = Number(time - t0) / Number(t1 - t0);
    const v0 = numberAt(series, after - 1);
    return v0 + (numberAt(series, after) - v0) * fraction;
  };
}

/** The value of the last point at or before the time; NULL-free because series hold no NULLs. */
function locfInterpolator(series: TimeSeries): Interpolator {
  return (time) => {
    const at = firstIndexAtOrAfter(series, time);
    if (at < series.length && series.times[at] === time) return series.values[at] ?? null;
    const before = lastIndexAtOrBefore(series, time);
    return before < 0 ? undefined : (series.values[before] ?? null);
  };
}

/** A point's own value at its time, the fill value anywhere else (inside or outside the data). */
function fillInterpolator(series: TimeSeries, fill: SqlValue): Interpolator {
  return (time) => {
    const at = firstIndexAtOrAfter(series, time);
    return at < series.length && series.times[at] === time ? (series.values[at] ?? null) : fill;
  };
}

/**
 * The natural cubic spline through the points (second derivative zero at both ends), the usual
 * choice when nothing is known about the ends. Points sharing a time keep the first value, since
 * a spline is a function of time. Times are taken in seconds from the first point so the
 * arithmetic stays well inside a double's precision.
 */
function splineInterpolator(series: TimeSeries): Interpolator {
  const times: bigint[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const t = series.times[i] as bigint;
    if (i > 0 && t === series.times[i - 1]) continue;
    times.push(t);
    xs.push(Number(t - (series.times[0] as bigint)) / 1e9);
    ys.push(numberAt(series, i));
  }
  const n = xs.length;
  const h = (i: number) => (xs[i + 1] as number) - (xs[i] as number);
  // Second derivatives m[0..n-1], m[0] = m[n-1] = 0, from the tridiagonal system solved by the
  // Thomas algorithm.
  const m = new Array<number>(n).fill(0);
  if (n > 2) {
    const diag: number[] = [];
    const rhs: number[] = [];
    for (let i = 1; i < n - 1; i++) {
      const slopeRight = ((ys[i + 1] as number) - (ys[i] as number)) / h(i);
      const slopeLeft = ((ys[i] as number) - (ys[i - 1] as number)) / h(i - 1);
      diag.push(2 * (h(i - 1) + h(i)));
      rhs.push(6 * (slopeRight - slopeLeft));
    }
    for (let k = 1; k < diag.length; k++) {
      const factor = h(k) / (diag[k - 1] as number);
      diag[k] = (diag[k] as number) - factor * h(k);
      rhs[k] = (rhs[k] as number) - factor * (rhs[k - 1] as number);
    }
    for (let k = diag.length - 1; k >= 0; k--) {
      const next = k + 1 < diag.length ? h(k + 1) * (m[k + 2] as number) : 0;
      m[k + 1] = ((rhs[k] as number) - next) / (diag[k] as number);
    }
  }
  const distinct = new TimeSeries(times, ys);
  return (time) => {
    const after = firstIndexAtOrAfter(distinct, time);
    if (after === n) return undefined;
    if (times[after] === time) return ys[after] as number;
    if (after === 0) return undefined;
    const i = after - 1;
    const x = Number(time - (series.times[0] as bigint)) / 1e9;
    const hi = h(i);
    const left = (xs[i + 1] as number) - x;
    const right = x - (xs[i] as number);
    const mi = m[i] as number;
    const mj = m[i + 1] as number;
    return (
      (mi * left ** 3) / (6 * hi) +
      (mj * right ** 3) / (6 * hi) +
      ((ys[i] as number) / hi - (mi * hi) / 6) * left +
      ((ys[i + 1] as number) / hi - (mj * hi) / 6) * right
    );
  };
}

/** The two forms of one interpolation, for a series whose values have been cast to `valueType`. */
function interpolationForms(
  types: readonly SqlType[],
  valueType: SqlType,
  extraArgTypes: readonly SqlType[],
  name: string,
  build: (series: TimeSeries, extra: readonly SqlValue[]) => Interpolator,
): ScalarImpl | null {
  const at = types[1];
  if (!at) return null;
  const seriesType = timeseriesOf(valueType);
  if (at.kind === 'array' && (at.element.kind === 'timestamp' || at.element.kind === 'unknown')) {
    return impl([seriesType, arrayOf(T.timestamp), ...extraArgTypes], seriesType, ([series, grid, ...extra]) => {
      const interpolate = build(asSeries(series ?? null, name), extra);
      const outTimes: bigint[] = [];
      const outValues: SqlValue[] = [];
      for (const time of gridTimes(grid ?? null)) {
        const value = interpolate(time);
        if (value === undefined) continue;
        outTimes.push(time);
        outValues.push(value);
      }
      return new TimeSeries(outTimes, outValues);
    });
  }
  if (at.kind === 'timestamp' || at.kind === 'unknown') {
    return impl([seriesType, T.timestamp, ...extraArgTypes], valueType, ([series, time, ...extra]) => {
      const value = build(asSeries(series ?? null, name), extra)(time as bigint);
      return value === undefined ? null : value;
    });
  }
  return null;
}

function numericInterpolation(name: string, method: string, build: (series: TimeSeries) => Interpolator) {
  return scalarFunction(
    name,
    [`${name}(timeseries, array(timestamp)) -> timeseries(double)`, `${name}(timeseries, timestamp) -> double`],
    [
      (types) => {
        if (types.length !== 2 || !isNumericSeries(types[0])) return null;
        return interpolationForms(types, T.double, [], `${name} (${method})`, (series) => build(series));
      },
    ],
  );
}

export const interpolateLinearFunction = numericInterpolation('interpolate_linear', 'linear', linearInterpolator);

export const interpolateSplineCubicFunction = numericInterpolation('interpolate_spline_cubic', 'cubic spline', splineInterpolator);

export const interpolateLocfFunction = scalarFunction(
  'interpolate_locf',
  ['interpolate_locf(timeseries(T), array(timestamp)) -> timeseries(T)', 'interpolate_locf(timeseries(T), timestamp) -> T'],
  [
    (types) => {
      const [series] = types;
      if (types.length !== 2 || series?.kind !== 'timeseries') return null;
      return interpolationForms(types, series.value, [], 'interpolate_locf', (s) => locfInterpolator(s));
    },
  ],
);

export const interpolateFillFunction = scalarFunction(
  'interpolate_fill',
  ['interpolate_fill(timeseries(T), array(timestamp), T) -> timeseries(T)', 'interpolate_fill(timeseries(T), timestamp, T) -> T'],
  [
    (types) => {
      const [series, , fill] = types;
      if (types.length !== 3 || series?.kind !== 'timeseries' || !fill) return null;
      // The fill value and the series' values share one type: a bigint series filled with 0.5
      // becomes a double series, as Presto's common super type rules would make it.
      const valueType = commonSuperType(series.value, fill);
      if (!valueType) return null;
      return interpolationForms(types, valueType, [valueType], 'interpolate_fill', (s, [value]) => fillInterpolator(s, value ?? null));
    },
  ],
);
