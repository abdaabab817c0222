import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, isComparable, isOrderable, mapOf, T } from '../types/sql-type.ts';
import { compareValues, hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { maxByAggregate, minByAggregate } from './aggregate-basic.ts';
import { aggregateFunction } from './aggregate-define.ts';
import type { AggregateFunction, AggregateImpl } from './function-types.ts';

// Aggregates that collect or test values: count_if, arbitrary, array_agg, bool_and, bool_or,
// every, histogram, map_agg, and the n-element forms of min_by and max_by.

export const countIfAggregate = aggregateFunction(
  'count_if',
  ['count_if(boolean) -> bigint'],
  [
    (types): AggregateImpl | null => {
      const [condition] = types;
      if (!condition || types.length !== 1 || !canCoerce(condition, T.boolean)) return null;
      return {
        returnType: T.bigint,
        argTypes: [T.boolean],
        // A NULL condition is not true: it is counted out, and over no rows the count is 0, not NULL.
        skipNullRows: true,
        create() {
          let n = 0;
          return {
            add: ([x]) => {
              if (x === true) n++;
            },
            result: () => BigInt(n),
          };
        },
      };
    },
  ],
);

/** arbitrary(x): some non-NULL x of the group; Tidemark gives the first it sees. */
export const arbitraryAggregate = aggregateFunction(
  'arbitrary',
  ['arbitrary(x) -> type of x'],
  [
    (types): AggregateImpl | null => {
      const [value] = types;
      if (!value || types.length !== 1) return null;
      return {
        returnType: value,
        argTypes: [value],
        skipNullRows: true,
        create() {
          let first: SqlValue = null;
          return {
            add: ([x = null]) => {
              if (first === null) first = x;
            },
            result: () => first,
          };
        },
      };
    },
  ],
);

/** array_agg(x): the group's values in input order, NULLs included; NULL over no rows, as in Presto. */
export const arrayAggAggregate = aggregateFunction(
  'array_agg',
  ['array_agg(x) -> array(type of x)'],
  [
    (types): AggregateImpl | null => {
      const [value] = types;
      if (!value || types.length !== 1) return null;
      return {
        returnType: arrayOf(value),
        argTypes: [value],
        skipNullRows: false,
        create() {
          const values: SqlValue[] = [];
          return {
            add: ([x = null]) => {
              values.push(x);
            },
            result: () => (values.length === 0 ? null : [...values]),
          };
        },
      };
    },
  ],
);

function booleanAggregate(name: string, all: boolean): AggregateFunction {
  return aggregateFunction(
    name,
    [`${name}(boolean) -> boolean`],
    [
      (types): AggregateImpl | null => {
        const [condition] = types;
        if (!condition || types.length !== 1 || !canCoerce(condition, T.boolean)) return null;
        return {
          returnType: T.boolean,
          argTypes: [T.boolean],
          skipNullRows: true,
          create() {
            let seen = false;
            let answer = all;
            return {
              add: ([x]) => {
                seen = true;
                answer = all ? answer && x === true : answer || x === true;
              },
              result: () => (seen ? answer : null),
            };
          },
        };
      },
    ],
  );
}

export const boolAndAggregate = booleanAggregate('bool_and', true);
export const everyAggregate = booleanAggregate('every', true);
export const boolOrAggregate = booleanAggregate('bool_or', false);

/** histogram(x): a map from each distinct non-NULL x to how many times it occurs. */
export const histogramAggregate = aggregateFunction(
  'histogram',
  ['histogram(x) -> map(type of x, bigint)'],
  [
    (types): AggregateImpl | null => {
      const [value] = types;
      if (!value || types.length !== 1 || !isComparable(value)) return null;
      const key = value.kind === 'unknown' ? T.varchar : value;
      return {
        returnType: mapOf(key, T.bigint),
        argTypes: [key],
        skipNullRows: true,
        create() {
          // Keyed by hashKey so that equal values (2.0 and 2.0, NaN and NaN) share one entry.
          const counts = new Map<string, { key: SqlValue; count: bigint }>();
          return {
            add: ([x = null]) => {
              const h = hashKey(x);
              const entry = counts.get(h);
              if (entry) entry.count++;
              else counts.set(h, { key: x, count: 1n });
            },
            result: () => (counts.size === 0 ? null : new Map([...counts.values()].map((e) => [e.key, e.count]))),
          };
        },
      };
    },
  ],
);

/** map_agg(k, v): a map of the group's pairs; rows with a NULL key are skipped, and a repeated key keeps its first value. */
export const mapAggAggregate = aggregateFunction(
  'map_agg',
  ['map_agg(key, value) -> map(type of key, type of value)'],
  [
    (types): AggregateImpl | null => {
      const [key, value] = types;
      if (!key || !value || types.length !== 2 || !isComparable(key)) return null;
      return {
        returnType: mapOf(key, value),
        argTypes: [key, value],
        skipNullRows: false,
        create() {
          const entries = new Map<string, [SqlValue, SqlValue]>();
          return {
            add: ([k = null, v = null]) => {
              if (k === null) return;
              const h = hashKey(k);
              if (!entries.has(h)) entries.set(h, [k, v]);
            },
            result: () => (entries.size === 0 ? null : new Map(entries.values())),
          };
        },
      };
    },
  ],
);

/**
 * min_by(x, y, n) and max_by(x, y, n): the x of the n rows with the smallest (largest) y, as
 * an array ordered by y. The two-argument forms are the basic ones in aggregate-basic.ts.
 */
function extremeByWithCount(name: 'min_by' | 'max_by', basic: AggregateFunction): AggregateFunction {
  const direction = name === 'min_by' ? 1 : -1;
  const signatures = [...basic.signatures, `${name}(x, y, bigint n) -> array(type of x), ordered by y`];
  return aggregateFunction(name, signatures, [
    (types): AggregateImpl | null => (types.length === 2 ? basic.resolve(types) : null),
    (types): AggregateImpl | null => {
      const [value, key, count] = types;
      if (!value || !key || !count || types.length !== 3 || !isOrderable(key) || !canCoerce(count, T.bigint)) return null;
      return {
        returnType: arrayOf(value),
        argTypes: [value, key, T.bigint],
        skipNullRows: false,
        create() {
          const pairs: { value: SqlValue; key: SqlValue }[] = [];
          let limit: number | null = null;
          return {
            add: ([x = null, y = null, n = null]) => {
              if (n === null) throw new TidemarkError('SQL_SEMANTIC', `${name} needs a count n that is not NULL.`);
              const wanted = Number(n as bigint);
              if (wanted <= 0) throw new TidemarkError('SQL_SEMANTIC', `${name} needs a count n of at least 1, got ${wanted}.`);
              limit = wanted;
              // Presto skips rows whose key is NULL; a NULL x is a legitimate element.
              if (y !== null) pairs.push({ value: x, key: y });
            },
            result: () => {
              if (pairs.length === 0 || limit === null) return null;
              // A stable sort keeps input order among equal keys.
              const sorted = [...pairs].sort((a, b) => direction * compareValues(a.key, b.key, key));
              return sorted.slice(0, limit).map((p) => p.value);
            },
          };
        },
      };
    },
  ]);
}

export const minByWithCountAggregate = extremeByWithCount('min_by', minByAggregate);
export const maxByWithCountAggregate = extremeByWithCount('max_by', maxByAggregate);
