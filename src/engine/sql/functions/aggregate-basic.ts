import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { isOrderable, type SqlType, T } from '../types/sql-type.ts';
import { compareValues } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { storageOf } from '../vector/index.ts';
import { aggregateFunction } from './aggregate-define.ts';
import { groupedBigIntExtreme, groupedCount, groupedDouble } from './aggregate-grouped.ts';
import { checkedInt64 } from './arithmetic-errors.ts';
import type { Accumulator, AggregateImpl } from './function-types.ts';

// The basic aggregates: count, sum, avg, min, max, min_by, max_by, stddev. NULL inputs are
// skipped; over no rows every one but count gives NULL.

const numericArg = (types: readonly SqlType[]): 'integer' | 'bigint' | 'double' | null => {
  const [t] = types;
  if (!t || types.length !== 1) return null;
  if (t.kind === 'unknown') return 'double';
  return t.kind === 'integer' || t.kind === 'bigint' || t.kind === 'double' ? t.kind : null;
};

export const countAggregate = aggregateFunction(
  'count',
  ['count(*) -> bigint', 'count(x) -> bigint'],
  [
    (types): AggregateImpl | null => {
      if (types.length > 1) return null;
      return {
        returnType: T.bigint,
        argTypes: types,
        // count(*) has no argument and counts every row; count(x) skips NULL x.
        skipNullRows: types.length === 1,
        grouped: groupedCount,
        create(): Accumulator {
          let n = 0;
          return {
            add: () => {
              n++;
            },
            result: () => BigInt(n),
          };
        },
      };
    },
  ],
);

export const sumAggregate = aggregateFunction(
  'sum',
  ['sum(integer|bigint) -> bigint', 'sum(double) -> double'],
  [
    (types): AggregateImpl | null => {
      const kind = numericArg(types);
      if (!kind) return null;
      if (kind === 'double') {
        return {
          returnType: T.double,
          argTypes: [T.double],
          skipNullRows: true,
          grouped: () => groupedDouble('sum'),
          create() {
            let sum = 0;
            let seen = false;
            return {
              add: ([x]) => {
                sum += x as number;
                seen = true;
              },
              result: () => (seen ? sum : null),
            };
          },
        };
      }
      return {
        returnType: T.bigint,
        argTypes: [T.bigint],
        skipNullRows: true,
        create() {
          let sum = 0n;
          let seen = false;
          return {
            add: ([x]) => {
              sum = checkedInt64(sum + (x as bigint), 'sum');
              seen = true;
            },
            result: () => (seen ? sum : null),
          };
        },
      };
    },
  ],
);

export const avgAggregate = aggregateFunction(
  'avg',
  ['avg(integer|bigint|double) -> double'],
  [
    (types): AggregateImpl | null => {
      if (!numericArg(types)) return null;
      return {
        returnType: T.double,
        argTypes: [T.double],
        skipNullRows: true,
        grouped: () => groupedDouble('avg'),
        create() {
          let sum = 0;
          let n = 0;
          return {
            add: ([x]) => {
              sum += x as number;
              n++;
            },
            result: () => (n === 0 ? null : sum / n),
          };
        },
      };
    },
  ],
);

function extremeAggregate(name: 'min' | 'max') {
  const better = name === 'min' ? (c: number) => c < 0 : (c: number) => c > 0;
  return aggregateFunction(
    name,
    [`${name}(T) -> T for any orderable T`],
    [
      (types): AggregateImpl | null => {
        const [type] = types;
        if (!type || types.length !== 1 || !isOrderable(type)) return null;
        const storage = storageOf(type);
        const grouped =
          storage === 'number' ? () => groupedDouble(name) : storage === 'bigint' ? () => groupedBigIntExtreme(name) : undefined;
        return {
          returnType: type,
          argTypes: [type],
          skipNullRows: true,
          ...(grouped ? { grouped } : {}),
          create() {
            let best: SqlValue = null;
            return {
              add: ([x]) => {
                if (best === null || better(compareValues(x!, best, type))) best = x!;
              },
              result: () => best,
            };
          },
        };
      },
    ],
  );
}

export const minAggregate = extremeAggregate('min');
export const maxAggregate = extremeAggregate('max');

function extremeByAggregate(name: 'min_by' | 'max_by') {
  const better = name === 'min_by' ? (c: number) => c < 0 : (c: number) => c > 0;
  return aggregateFunction(
    name,
    [`${name}(x, y) -> type of x: the x of the row with the ${name === 'min_by' ? 'smallest' : 'largest'} y`],
    [
      (types): AggregateImpl | null => {
        const [value, key] = types;
        if (!value || !key || types.length !== 2 || !isOrderable(key)) return null;
        return {
          returnType: value,
          argTypes: [value, key],
          // Presto skips rows whose key is NULL; a NULL x is a legitimate answer.
          skipNullRows: false,
          create() {
            let bestKey: SqlValue = null;
            let bestValue: SqlValue = null;
            return {
              add: ([x = null, y = null]) => {
                if (y === null) return;
                if (bestKey === null || better(compareValues(y, bestKey, key))) {
                  bestKey = y;
                  bestValue = x;
                }
              },
              result: () => bestValue,
            };
          },
        };
      },
    ],
  );
}

export const minByAggregate = extremeByAggregate('min_by');
export const maxByAggregate = extremeByAggregate('max_by');

/** Sample standard deviation with Welford's update, which stays accurate where sum-of-squares cancels. */
export const stddevAggregate = aggregateFunction(
  'stddev',
  ['stddev(integer|bigint|double) -> double (sample standard deviation)'],
  [
    (types): AggregateImpl | null => {
      if (!numericArg(types) || !canCoerce(types[0]!, T.double)) return null;
      return {
        returnType: T.double,
        argTypes: [T.double],
        skipNullRows: true,
        create() {
          let n = 0;
          let mean = 0;
          let m2 = 0;
          return {
            add: ([x]) => {
              n++;
              const delta = (x as number) - mean;
              mean += delta / n;
              m2 += delta * ((x as number) - mean);
            },
            result: () => (n < 2 ? null : Math.sqrt(m2 / (n - 1))),
          };
        },
      };
    },
  ],
);

/**
 * approx_percentile(x, p): the value at rank p. Tidemark computes it exactly (it keeps the
 * group's values and selects the nearest rank, index round(p * (n - 1)) of the sorted values),
 * which is within any approximation error Presto's digest would have.
 */
export const approxPercentileAggregate = aggregateFunction(
  'approx_percentile',
  ['approx_percentile(x, double p) -> type of x, p between 0 and 1'],
  [
    (types): AggregateImpl | null => {
      const [value, p] = types;
      if (!value || !p || types.length !== 2 || !numericArg([value]) || !canCoerce(p, T.double)) return null;
      const type = value.kind === 'unknown' ? T.double : value;
      return {
        returnType: type,
        argTypes: [type, T.double],
        skipNullRows: true,
        create() {
          const values: SqlValue[] = [];
          let percentile: number | null = null;
          return {
            add: ([x, q]) => {
              const fraction = q as number;
              if (!(fraction >= 0 && fraction <= 1)) {
                throw new TidemarkError('SQL_SEMANTIC', `approx_percentile needs a percentile between 0 and 1, got ${fraction}.`);
              }
              percentile = fraction;
              values.push(x!);
            },
            result: () => {
              if (values.length === 0 || percentile === null) return null;
              values.sort((a, b) => compareValues(a, b, type));
              return values[Math.round(percentile * (values.length - 1))] ?? null;
            },
          };
        },
      };
    },
  ],
);
