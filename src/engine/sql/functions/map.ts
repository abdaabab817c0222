import { TidemarkError } from '../../../errors/index.ts';
import { arrayOf, isComparable, mapOf, type SqlType, T } from '../types/sql-type.ts';
import { hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';

// Presto's map constructor and accessors (element_at and cardinality on maps are overloads in
// array-basic.ts, the subscript m[k] is in composite-access.ts).

type MapValue = ReadonlyMap<SqlValue, SqlValue>;

function elementOf(type: SqlType): SqlType | null {
  if (type.kind === 'array') return type.element;
  return type.kind === 'unknown' ? T.unknown : null;
}

/** map() is the empty map; map(keys, values) pairs two arrays of equal length, keys distinct and not NULL. */
export const mapFunction = scalarFunction(
  'map',
  ['map() -> map(unknown, unknown)', 'map(array(K), array(V)) -> map(K, V)'],
  [
    (types) => (types.length === 0 ? impl([], mapOf(T.unknown, T.unknown), () => new Map<SqlValue, SqlValue>()) : null),
    (types) => {
      if (types.length !== 2) return null;
      const key = elementOf(types[0]!);
      const value = elementOf(types[1]!);
      if (!key || !value || !isComparable(key)) return null;
      return impl([arrayOf(key), arrayOf(value)], mapOf(key, value), ([k, v]) => {
        const keys = k as readonly SqlValue[];
        const values = v as readonly SqlValue[];
        if (keys.length !== values.length)
          throw new TidemarkError('SQL_SEMANTIC', 'map: the key and value arrays must have the same length.');
        const result = new Map<SqlValue, SqlValue>();
        const seen = new Set<string>();
        keys.forEach((candidate, i) => {
          if (candidate === null) throw new TidemarkError('SQL_SEMANTIC', 'map: a map key must not be NULL.');
          const hash = hashKey(candidate);
          if (seen.has(hash)) throw new TidemarkError('SQL_SEMANTIC', `map: duplicate map key ${String(candidate)}.`);
          seen.add(hash);
          result.set(candidate, values[i] ?? null);
        });
        return result;
      });
    },
  ],
);

function mapPart(name: string, part: 'key' | 'value') {
  return scalarFunction(
    name,
    [`${name}(map(K, V)) -> array(${part === 'key' ? 'K' : 'V'})`],
    [
      (types) => {
        const type = types[0];
        if (types.length !== 1 || type?.kind !== 'map') return null;
        return impl([type], arrayOf(type[part]), ([m]) => [...(part === 'key' ? (m as MapValue).keys() : (m as MapValue).values())]);
      },
    ],
  );
}
export const mapKeysFunction = mapPart('map_keys', 'key');
export const mapValuesFunction = mapPart('map_values', 'value');
