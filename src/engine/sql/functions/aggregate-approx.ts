import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, isComparable, type SqlType, T } from '../types/sql-type.ts';
import { compareValues, hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { approxPercentileAggregate } from './aggregate-basic.ts';
import { aggregateFunction } from './aggregate-define.ts';
import type { AggregateImpl } from './function-types.ts';

// The "approximate" aggregates. Tidemark answers them exactly: a tab's data fits in memory, and
// an exact answer is within any error bound Presto's sketches promise.

/** approx_distinct(x [, e]): the number of distinct non-NULL x, counted exactly. */
export const approxDistinctAggregate = aggregateFunction(
  'approx_distinct',
  ['approx_distinct(x [, double max_standard_error]) -> bigint'],
  [
    (types): AggregateImpl | null => {
      const [value, error] = types;
      if (!value || types.length > 2 || !isComparable(value) || (error && !canCoerce(error, T.double))) return null;
      return {
        returnType: T.bigint,
        argTypes: error ? [value, T.double] : [value],
        skipNullRows: false,
        create() {
          const seen = new Set<string>();
          return {
            add: ([x = null]) => {
              if (x !== null) seen.add(hashKey(x));
            },
            // Over no rows Presto's approx_distinct gives 0, like count(DISTINCT x).
            result: () => BigInt(seen.size),
          };
        },
      };
    },
  ],
);

const isNumeric = (t: SqlType): boolean => t.kind === 'integer' || t.kind === 'bigint' || t.kind === 'double' || t.kind === 'unknown';

function checkedFraction(p: SqlValue): number {
  const fraction = p as number;
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new TidemarkError('SQL_SEMANTIC', `approx_percentile needs a percentile between 0 and 1, got ${fraction}.`);
  }
  return fraction;
}

function checkedAccuracy(a: SqlValue): void {
  const accuracy = a as number;
  if (!(accuracy > 0 && accuracy < 1)) {
    throw new TidemarkError('SQL_SEMANTIC', `approx_percentile needs an accuracy between 0 and 1 (exclusive), got ${accuracy}.`);
  }
}

/**
 * The nearest-rank value at fraction p of weighted values sorted ascending: the one covering
 * position round(p * (W - 1)) when each value is repeated `weight` times (W = total weight).
 * With all weights 1 this is aggregate-basic.ts's definition.
 */
function weightedNearestRank(sorted: readonly { value: SqlValue; weight: number }[], total: number, p: number): SqlValue {
  const position = Math.round(p * (total - 1));
  let covered = 0;
  for (const entry of sorted) {
    covered += entry.weight;
    if (position < covered) return entry.value;
  }
  return sorted[sorted.length - 1]?.value ?? null;
}

const isWholeNumber = (t: SqlType): boolean => t.kind === 'integer' || t.kind === 'bigint';

/**
 * approx_percentile in all of Presto's forms: (x, p), (x, w, p), (x, array(p)) and
 * (x, w, array(p)), each optionally followed by an accuracy. The weight w is a bigint of at
 * least 1: the row counts as w rows. A three-argument call is weighted when its second
 * argument is a whole number, else (x, p, accuracy), as Presto tells them apart by type. The
 * accuracy is checked but otherwise unused: the answer is exact.
 */
export const approxPercentileFullAggregate = aggregateFunction(
  'approx_percentile',
  [
    ...approxPercentileAggregate.signatures,
    'approx_percentile(x, bigint w, double p) -> type of x',
    'approx_percentile(x, array(double) ps) -> array(type of x)',
    'approx_percentile(x, bigint w, array(double) ps) -> array(type of x)',
    'any of these with a trailing double accuracy',
  ],
  [
    (types): AggregateImpl | null => {
      const [value, second] = types;
      if (!value || !second || types.length < 2 || types.length > 4 || !isNumeric(value)) return null;
      const weighted = types.length === 4 || (types.length === 3 && isWholeNumber(second));
      const percentileIndex = weighted ? 2 : 1;
      const accuracyIndex = types.length > percentileIndex + 1 ? percentileIndex + 1 : null;
      if (weighted && !isWholeNumber(second)) return null;
      const percentiles = types[percentileIndex]!;
      const many = percentiles.kind === 'array';
      if (many ? !canCoerce(percentiles, arrayOf(T.double)) : !canCoerce(percentiles, T.double)) return null;
      if (accuracyIndex !== null && !canCoerce(types[accuracyIndex]!, T.double)) return null;
      if (!weighted && !many && accuracyIndex === null) return approxPercentileAggregate.resolve(types);
      const type = value.kind === 'unknown' ? T.double : value;
      const percentileType = many ? arrayOf(T.double) : T.double;
      return {
        returnType: many ? arrayOf(type) : type,
        argTypes: [type, ...(weighted ? [T.bigint] : []), percentileType, ...(accuracyIndex !== null ? [T.double] : [])],
        skipNullRows: true,
        create() {
          const entries: { value: SqlValue; weight: number }[] = [];
          let total = 0;
          let requested: SqlValue = null;
          return {
            add: (args) => {
              const weight = weighted ? Number(args[1] as bigint) : 1;
              if (weight < 1) throw new TidemarkError('SQL_SEMANTIC', `approx_percentile needs a weight of at least 1, got ${weight}.`);
              const ps = args[percentileIndex]!;
              if (accuracyIndex !== null) checkedAccuracy(args[accuracyIndex]!);
              if (Array.isArray(ps)) {
                for (const p of ps) {
                  if (p === null) throw new TidemarkError('SQL_SEMANTIC', 'approx_percentile needs percentiles that are not NULL.');
                  checkedFraction(p);
                }
              } else checkedFraction(ps);
              requested = ps;
              entries.push({ value: args[0]!, weight });
              total += weight;
            },
            result: () => {
              if (entries.length === 0 || requested === null) return null;
              entries.sort((a, b) => compareValues(a.value, b.value, type));
              if (Array.isArray(requested)) return requested.map((p) => weightedNearestRank(entries, total, p as number));
              return weightedNearestRank(entries, total, requested as number);
            },
          };
        },
      };
    },
  ],
);
