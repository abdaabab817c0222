import { canCoerce } from '../types/coercion.ts';
import { type SqlType, T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { aggregateFunction } from './aggregate-define.ts';
import type { AggregateFunction, AggregateImpl } from './function-types.ts';

// Statistical aggregates over doubles: the variance family, geometric_mean, the two-variable
// family (corr, covar_*, regr_*), and the central-moment family (skewness, kurtosis), with
// Presto's definitions. Every one skips rows with a NULL argument and gives NULL when it has
// too few rows for its formula. Running moments use Welford-style updates, which stay accurate
// where sums of squares would cancel.

const isNumber = (t: SqlType): boolean =>
  t.kind === 'unknown' || ((t.kind === 'integer' || t.kind === 'bigint' || t.kind === 'double') && canCoerce(t, T.double));

/** An aggregate of `arity` numeric arguments, all coerced to double, returning double. */
function doubleAggregate(
  name: string,
  signature: string,
  arity: number,
  create: () => { add(xs: readonly number[]): void; result(): number | null },
): AggregateFunction {
  return aggregateFunction(
    name,
    [signature],
    [
      (types): AggregateImpl | null => {
        if (types.length !== arity || !types.every(isNumber)) return null;
        return {
          returnType: T.double,
          argTypes: types.map(() => T.double),
          skipNullRows: true,
          create() {
            const state = create();
            return {
              add: (args: readonly SqlValue[]) => state.add(args as readonly number[]),
              result: () => state.result(),
            };
          },
        };
      },
    ],
  );
}

/** Count, mean and the sums of the 2nd, 3rd and 4th powers of deviations from the mean. */
class CentralMoments {
  n = 0;
  mean = 0;
  m2 = 0;
  m3 = 0;
  m4 = 0;

  add(x: number): void {
    const n1 = this.n;
    this.n++;
    const n = this.n;
    const delta = x - this.mean;
    const deltaN = delta / n;
    const deltaN2 = deltaN * deltaN;
    const term1 = delta * deltaN * n1;
    this.mean += deltaN;
    // Order matters: each update reads the lower moments before they change.
    this.m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * this.m2 - 4 * deltaN * this.m3;
    this.m3 += term1 * deltaN * (n - 2) - 3 * deltaN * this.m2;
    this.m2 += term1;
  }
}

function momentAggregate(name: string, description: string, finish: (m: CentralMoments) => number | null): AggregateFunction {
  return doubleAggregate(name, `${name}(integer|bigint|double) -> double (${description})`, 1, () => {
    const moments = new CentralMoments();
    return { add: ([x]) => moments.add(x!), result: () => finish(moments) };
  });
}

const sampleVariance = (m: CentralMoments): number | null => (m.n < 2 ? null : m.m2 / (m.n - 1));
const populationVariance = (m: CentralMoments): number | null => (m.n < 1 ? null : m.m2 / m.n);
const sqrtOrNull = (v: number | null): number | null => (v === null ? null : Math.sqrt(v));

export const varSampAggregate = momentAggregate('var_samp', 'sample variance', sampleVariance);
export const varianceAggregate = momentAggregate('variance', 'sample variance', sampleVariance);
export const varPopAggregate = momentAggregate('var_pop', 'population variance', populationVariance);
export const stddevSampAggregate = momentAggregate('stddev_samp', 'sample standard deviation', (m) => sqrtOrNull(sampleVariance(m)));
export const stddevPopAggregate = momentAggregate('stddev_pop', 'population standard deviation', (m) => sqrtOrNull(populationVariance(m)));

/** skewness: sqrt(n) * m3 / m2^1.5, Presto's (biased) estimator; NULL below 3 rows. */
export const skewnessAggregate = momentAggregate('skewness', 'skewness', (m) => (m.n < 3 ? null : (Math.sqrt(m.n) * m.m3) / m.m2 ** 1.5));

/** kurtosis: Presto's bias-corrected excess kurtosis; NULL below 4 rows. */
export const kurtosisAggregate = momentAggregate('kurtosis', 'excess kurtosis', (m) => {
  const n = m.n;
  if (n < 4) return null;
  return (((n - 1) * n * (n + 1)) / ((n - 2) * (n - 3))) * (m.m4 / (m.m2 * m.m2)) - (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
});

/** geometric_mean: exp of the mean of ln(x); a negative x gives NaN as in Presto, a zero gives 0. */
export const geometricMeanAggregate = doubleAggregate('geometric_mean', 'geometric_mean(integer|bigint|double) -> double', 1, () => {
  let logSum = 0;
  let n = 0;
  return {
    add: ([x]) => {
      logSum += Math.log(x!);
      n++;
    },
    result: () => (n === 0 ? null : Math.exp(logSum / n)),
  };
});

/** Co-moments of (y, x) pairs, updated pairwise as in Welford's method. */
class CoMoments {
  n = 0;
  meanX = 0;
  meanY = 0;
  /** Sum of (x - meanX) * (y - meanY). */
  c2 = 0;
  m2x = 0;
  m2y = 0;

  add(y: number, x: number): void {
    this.n++;
    const dx = x - this.meanX;
    this.meanX += dx / this.n;
    const dy = y - this.meanY;
    this.meanY += dy / this.n;
    this.c2 += dx * (y - this.meanY);
    this.m2x += dx * (x - this.meanX);
    this.m2y += dy * (y - this.meanY);
  }
}

function pairAggregate(name: string, description: string, finish: (m: CoMoments) => number | null): AggregateFunction {
  return doubleAggregate(name, `${name}(double y, double x) -> double (${description})`, 2, () => {
    const moments = new CoMoments();
    return { add: ([y, x]) => moments.add(y!, x!), result: () => finish(moments) };
  });
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export const covarPopAggregate = pairAggregate('covar_pop', 'population covariance', (m) => (m.n < 1 ? null : m.c2 / m.n));
export const covarSampAggregate = pairAggregate('covar_samp', 'sample covariance', (m) => (m.n < 2 ? null : m.c2 / (m.n - 1)));
/** corr: NULL below 2 rows, and where a constant column makes it 0/0 (Presto writes NULL for a non-finite result). */
export const corrAggregate = pairAggregate('corr', 'Pearson correlation coefficient', (m) =>
  m.n < 2 ? null : finiteOrNull(m.c2 / Math.sqrt(m.m2x * m.m2y)),
);
/** regr_slope(y, x): the least-squares slope; NULL where x is constant (Presto writes NULL for a non-finite slope). */
export const regrSlopeAggregate = pairAggregate('regr_slope', 'linear regression slope of y on x', (m) =>
  m.n < 1 ? null : finiteOrNull(m.c2 / m.m2x),
);
export const regrInterceptAggregate = pairAggregate('regr_intercept', 'linear regression intercept of y on x', (m) =>
  m.n < 1 ? null : finiteOrNull(m.meanY - (m.c2 / m.m2x) * m.meanX),
);
