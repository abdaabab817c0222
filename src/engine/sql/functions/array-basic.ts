import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce, commonSuperType } from '../types/coercion.ts';
import { arrayOf, isComparable, isOrderable, rowOf, type SqlType, T } from '../types/sql-type.ts';
import { valueToText } from '../values/cast.ts';
import { compareValues, hashKey } from '../values/compare.ts';
import { isLambda, type SqlValue } from '../values/sql-value.ts';
import { impl, resolveOverloads, scalarFunction } from './define.ts';
import type { ScalarFunction, ScalarImpl } from './function-types.ts';

// Presto's array functions (concat and reverse of arrays share their names with the string
// functions, so they are overloads in string-basic.ts). Set operations compare elements with
// hashKey, so NULL equals NULL and NaN equals NaN inside them, as in Presto's array functions.

type Items = readonly SqlValue[];

function semantic(message: string): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', message);
}

/** The element type of a single array argument, or null. */
function elementOf(type: SqlType | undefined): SqlType | null {
  if (!type) return null;
  if (type.kind === 'array') return type.element;
  return type.kind === 'unknown' ? T.unknown : null;
}

/** An overload over one array whose elements satisfy `accept`. */
function oneArray(
  accept: (element: SqlType) => boolean,
  build: (arrayType: SqlType, element: SqlType) => ScalarImpl,
): (types: readonly SqlType[]) => ScalarImpl | null {
  return (types) => {
    const element = types.length === 1 ? elementOf(types[0]) : null;
    return element && accept(element) ? build(arrayOf(element), element) : null;
  };
}

/** An overload over two arrays of a common element type. */
function twoArrays(build: (arrayType: SqlType, element: SqlType) => ScalarImpl): (types: readonly SqlType[]) => ScalarImpl | null {
  return (types) => {
    if (types.length !== 2) return null;
    const a = elementOf(types[0]);
    const b = elementOf(types[1]);
    const element = a && b ? commonSuperType(a, b) : null;
    return element && isComparable(element) ? build(arrayOf(element), element) : null;
  };
}

/** An overload over an array and one value of its element type. */
function arrayAndElement(build: (arrayType: SqlType, element: SqlType) => ScalarImpl): (types: readonly SqlType[]) => ScalarImpl | null {
  return (types) => {
    if (types.length !== 2) return null;
    const a = elementOf(types[0]);
    const element = a ? commonSuperType(a, types[1]!) : null;
    return element && isComparable(element) ? build(arrayOf(element), element) : null;
  };
}

function distinct(items: Items): SqlValue[] {
  const seen = new Set<string>();
  const result: SqlValue[] = [];
  for (const item of items) {
    const key = hashKey(item);
    if (!seen.has(key)) {
      seen.add(key);
      result.push(item);
    }
  }
  return result;
}

const keysOf = (items: Items) => new Set(items.map(hashKey));

export const arrayDistinctFunction = scalarFunction(
  'array_distinct',
  ['array_distinct(array(T)) -> array(T)'],
  [oneArray(isComparable, (type) => impl([type], type, ([a]) => distinct(a as Items)))],
);

export const arrayIntersectFunction = scalarFunction(
  'array_intersect',
  ['array_intersect(array(T), array(T)) -> array(T)'],
  [
    twoArrays((type) =>
      impl([type, type], type, ([a, b]) => {
        const other = keysOf(b as Items);
        return distinct((a as Items).filter((v) => other.has(hashKey(v))));
      }),
    ),
  ],
);

export const arrayUnionFunction = scalarFunction(
  'array_union',
  ['array_union(array(T), array(T)) -> array(T)'],
  [twoArrays((type) => impl([type, type], type, ([a, b]) => distinct([...(a as Items), ...(b as Items)])))],
);

export const arrayExceptFunction = scalarFunction(
  'array_except',
  ['array_except(array(T), array(T)) -> array(T)'],
  [
    twoArrays((type) =>
      impl([type, type], type, ([a, b]) => {
        const other = keysOf(b as Items);
        return distinct((a as Items).filter((v) => !other.has(hashKey(v))));
      }),
    ),
  ],
);

export const arraysOverlapFunction = scalarFunction(
  'arrays_overlap',
  ['arrays_overlap(array(T), array(T)) -> boolean'],
  [
    twoArrays((type) =>
      impl([type, type], T.boolean, ([a, b]) => {
        const x = a as Items;
        const y = b as Items;
        const other = new Set(y.filter((v) => v !== null).map(hashKey));
        if (x.some((v) => v !== null && other.has(hashKey(v)))) return true;
        // No common non-null element: unknown when a NULL might have matched.
        return x.includes(null) || y.includes(null) ? null : false;
      }),
    ),
  ],
);

/** array_join: elements as text; NULL elements are skipped unless a replacement is given. */
export const arrayJoinFunction = scalarFunction(
  'array_join',
  ['array_join(array(T), varchar delimiter) -> varchar', 'array_join(array(T), varchar delimiter, varchar null_replacement) -> varchar'],
  [
    (types) => {
      const element = elementOf(types[0]);
      if (!element || (types.length !== 2 && types.length !== 3) || !types.slice(1).every((t) => canCoerce(t, T.varchar))) return null;
      const type = arrayOf(element);
      return impl(types.length === 2 ? [type, T.varchar] : [type, T.varchar, T.varchar], T.varchar, ([a, delimiter, replacement]) => {
        const parts: string[] = [];
        for (const v of a as Items) {
          if (v !== null) parts.push(valueToText(v, element));
          else if (replacement !== undefined) parts.push(replacement as string);
        }
        return parts.join(delimiter as string);
      });
    },
  ],
);

/** array_max/array_min: NULL when any element is NULL, as Presto. */
function extreme(name: string, sign: 1 | -1) {
  return scalarFunction(
    name,
    [`${name}(array(T)) -> T`],
    [
      oneArray(isOrderable, (type, element) =>
        impl([type], element, ([a]) => {
          const items = a as Items;
          if (items.length === 0 || items.includes(null)) return null;
          let best: SqlValue = items[0] ?? null;
          for (const v of items) if (compareValues(v, best, element) * sign > 0) best = v;
          return best;
        }),
      ),
    ],
  );
}
export const arrayMaxFunction = extreme('array_max', 1);
export const arrayMinFunction = extreme('array_min', -1);

export const arrayPositionFunction = scalarFunction(
  'array_position',
  ['array_position(array(T), T) -> bigint'],
  [
    arrayAndElement((type, element) =>
      impl([type, element], T.bigint, ([a, x]) => {
        const wanted = hashKey(x!);
        const index = (a as Items).findIndex((v) => v !== null && hashKey(v) === wanted);
        return BigInt(index + 1);
      }),
    ),
  ],
);

export const arrayRemoveFunction = scalarFunction(
  'array_remove',
  ['array_remove(array(T), T) -> array(T)'],
  [
    arrayAndElement((type, element) =>
      impl([type, element], type, ([a, x]) => {
        const wanted = hashKey(x!);
        return (a as Items).filter((v) => v === null || hashKey(v) !== wanted);
      }),
    ),
  ],
);

const ARRAY_SORT_SIGNATURES = ['array_sort(array(T)) -> array(T)', 'array_sort(array(T), function(T, T, integer)) -> array(T)'];

const arraySortOverloads: ((types: readonly SqlType[]) => ScalarImpl | null)[] = [
  // Ascending, NULLs last.
  oneArray(isOrderable, (type, element) =>
    impl([type], type, ([a]) =>
      [...(a as Items)].sort((x, y) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : compareValues(x, y, element))),
    ),
  ),
  // With a comparator (a, b) -> negative, zero or positive, as Presto's lambda form.
  (types) => {
    const element = elementOf(types[0]);
    const comparator = types[1];
    if (!element || types.length !== 2 || comparator?.kind !== 'function' || !canCoerce(comparator.result, T.bigint)) return null;
    const type = arrayOf(element);
    return impl([type, comparator], type, ([a, f]) => {
      if (f === null || f === undefined || !isLambda(f)) throw semantic('array_sort needs a lambda as its second argument.');
      return [...(a as Items)].sort((x, y) => {
        const order = f.invoke([x, y]);
        if (order === null) throw semantic('array_sort: the comparator returned NULL.');
        return Number(order);
      });
    });
  },
];

export const arraySortFunction: ScalarFunction = {
  kind: 'scalar',
  name: 'array_sort',
  signatures: ARRAY_SORT_SIGNATURES,
  lambdaParameterTypes: (types, index) => {
    const element = index === 1 ? elementOf(types[0] ?? undefined) : null;
    return element ? [element, element] : null;
  },
  resolve: resolveOverloads('array_sort', ARRAY_SORT_SIGNATURES, arraySortOverloads),
};

export const cardinalityFunction = scalarFunction(
  'cardinality',
  ['cardinality(array(T)) -> bigint', 'cardinality(map(K, V)) -> bigint'],
  [
    (types) => {
      const type = types[0];
      if (types.length !== 1 || !type || (type.kind !== 'array' && type.kind !== 'map')) return null;
      return impl([type], T.bigint, ([x]) =>
        BigInt(type.kind === 'array' ? (x as Items).length : (x as ReadonlyMap<SqlValue, SqlValue>).size),
      );
    },
  ],
);

/** element_at: 1-based, negative from the end, NULL out of range (unlike the [] subscript); for maps, NULL for a missing key. */
export const elementAtFunction = scalarFunction(
  'element_at',
  ['element_at(array(E), bigint index) -> E', 'element_at(map(K, V), K key) -> V'],
  [
    (types) => {
      const [base, index] = types;
      if (types.length !== 2 || !base || !index || base.kind !== 'array' || !canCoerce(index, T.bigint)) return null;
      return impl([base, T.bigint], base.element, ([a, i]) => {
        const items = a as Items;
        const n = i as bigint;
        if (n === 0n) throw semantic('element_at: SQL array indices start at 1.');
        const position = n > 0n ? Number(n) - 1 : items.length + Number(n);
        return position >= 0 && position < items.length ? (items[position] ?? null) : null;
      });
    },
    (types) => {
      const [base, key] = types;
      if (types.length !== 2 || !base || !key || base.kind !== 'map' || !canCoerce(key, base.key)) return null;
      return impl([base, base.key], base.value, ([m, k]) => {
        const map = m as ReadonlyMap<SqlValue, SqlValue>;
        if (map.has(k!)) return map.get(k!) ?? null;
        const wanted = hashKey(k!);
        for (const [candidate, value] of map) if (hashKey(candidate) === wanted) return value;
        return null;
      });
    },
  ],
);

export const repeatFunction = scalarFunction(
  'repeat',
  ['repeat(T element, bigint count) -> array(T)'],
  [
    (types) => {
      const [element, count] = types;
      if (types.length !== 2 || !element || !count || !canCoerce(count, T.bigint)) return null;
      return {
        argTypes: [element, T.bigint],
        returnType: arrayOf(element),
        // The element may be NULL (an array of NULLs); only the count must be present.
        nullOnNullInput: false,
        evaluate: ([x, c]) => {
          if (c === null || c === undefined) return null;
          const n = c as bigint;
          if (n < 0n) throw semantic(`repeat: the count must not be negative, got ${n}.`);
          if (n > 10000n) throw semantic(`repeat: the count must not exceed 10000, got ${n}.`);
          return new Array<SqlValue>(Number(n)).fill(x ?? null);
        },
      };
    },
  ],
);

export const shuffleFunction = scalarFunction(
  'shuffle',
  ['shuffle(array(T)) -> array(T)'],
  [
    oneArray(
      () => true,
      (type) =>
        impl(
          [type],
          type,
          ([a]) => {
            const items = [...(a as Items)];
            // Fisher-Yates.
            for (let i = items.length - 1; i > 0; i--) {
              const j = Math.floor(Math.random() * (i + 1));
              [items[i], items[j]] = [items[j]!, items[i]!];
            }
            return items;
          },
          { volatile: true },
        ),
    ),
  ],
);

/** slice(x, start, length): start is 1-based or negative from the end. */
export const sliceFunction = scalarFunction(
  'slice',
  ['slice(array(T), bigint start, bigint length) -> array(T)'],
  [
    (types) => {
      const element = elementOf(types[0]);
      if (!element || types.length !== 3 || !canCoerce(types[1]!, T.bigint) || !canCoerce(types[2]!, T.bigint)) return null;
      const type = arrayOf(element);
      return impl([type, T.bigint, T.bigint], type, ([a, s, l]) => {
        const items = a as Items;
        const start = s as bigint;
        const length = l as bigint;
        if (start === 0n) throw semantic('slice: SQL array indices start at 1.');
        if (length < 0n) throw semantic(`slice: the length must not be negative, got ${length}.`);
        const from = start > 0n ? Number(start) - 1 : items.length + Number(start);
        if (from < 0 || from >= items.length) return [];
        return items.slice(from, from + Number(length));
      });
    },
  ],
);

/** zip(a, b, ...): rows of the i-th elements, padded with NULL to the longest array. */
export const zipFunction = scalarFunction(
  'zip',
  ['zip(array(T1), array(T2), ...) -> array(row(T1, T2, ...))'],
  [
    (types) => {
      if (types.length < 2 || types.length > 5) return null;
      const elements = types.map(elementOf);
      if (elements.some((e) => e === null)) return null;
      const arrayTypes = elements.map((e) => arrayOf(e!));
      const rowType = rowOf(elements.map((type, i) => ({ name: `field${i}`, type: type! })));
      return impl(arrayTypes, arrayOf(rowType), (args) => {
        const arrays = args as readonly Items[];
        const length = Math.max(...arrays.map((a) => a.length));
        return Array.from({ length }, (_, i) => arrays.map((a) => a[i] ?? null));
      });
    },
  ],
);
