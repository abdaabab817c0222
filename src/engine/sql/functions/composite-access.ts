import { TidemarkError } from '../../../errors/index.ts';
import { arrayOf, formatType, rowOf, type SqlType, T } from '../types/sql-type.ts';
import { hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { ScalarImpl } from './function-types.ts';

// The operations behind ARRAY[...], ROW(...), a[i], m[k] and r.field. They are resolved by the
// binder for the types it has already worked out, so they are built here rather than looked up.

/** ARRAY[a, b, c] of a common element type (NULL elements allowed). */
export function arrayConstructor(element: SqlType, count: number): ScalarImpl {
  return {
    argTypes: new Array(count).fill(element),
    returnType: arrayOf(element),
    nullOnNullInput: false,
    evaluate: (args) => [...args],
  };
}

/** ROW(a, b) with anonymous fields. */
export function rowConstructor(types: readonly SqlType[]): ScalarImpl {
  return {
    argTypes: types,
    returnType: rowOf(types.map((type) => ({ type }))),
    nullOnNullInput: false,
    evaluate: (args) => [...args],
  };
}

/** `array[i]` (1-based; out of bounds is an error, as in Presto) and `map[key]` (missing key is an error). */
export function subscript(base: SqlType): ScalarImpl | string {
  if (base.kind === 'array') {
    return {
      argTypes: [base, T.bigint],
      returnType: base.element,
      nullOnNullInput: true,
      evaluate: ([array, index]) => {
        const items = array as readonly SqlValue[];
        const i = Number(index as bigint);
        if (i < 1 || i > items.length) {
          throw new TidemarkError(
            'SQL_SEMANTIC',
            `Array subscript ${i} is out of bounds: the array has ${items.length} elements (subscripts start at 1).`,
          );
        }
        return items[i - 1] ?? null;
      },
    };
  }
  if (base.kind === 'map') {
    return {
      argTypes: [base, base.key],
      returnType: base.value,
      nullOnNullInput: true,
      evaluate: ([map, key]) => {
        const m = map as ReadonlyMap<SqlValue, SqlValue>;
        if (m.has(key!)) return m.get(key!) ?? null;
        const wanted = hashKey(key!);
        for (const [k, v] of m) if (hashKey(k) === wanted) return v;
        throw new TidemarkError('SQL_SEMANTIC', `Key not present in map: ${String(key)}.`);
      },
    };
  }
  return `Only arrays and maps take a subscript, not ${formatType(base)}.`;
}

/** `row.field` by name (case-insensitive, as Presto), or `fieldN` for anonymous fields. */
export function fieldAccess(base: SqlType, name: string): ScalarImpl | string {
  if (base.kind !== 'row') return `Only a row has fields; ${formatType(base)} has no field '${name}'.`;
  const lower = name.toLowerCase();
  let index = base.fields.findIndex((f) => f.name !== undefined && f.name.toLowerCase() === lower);
  if (index < 0 && /^field\d+$/.test(lower)) index = Number(lower.slice(5));
  const field = base.fields[index];
  if (!field) {
    const names = base.fields.map((f, i) => f.name ?? `field${i}`).join(', ');
    return `The row has no field '${name}' (its fields: ${names}).`;
  }
  return {
    argTypes: [base],
    returnType: field.type,
    nullOnNullInput: true,
    evaluate: ([row]) => (row as readonly SqlValue[])[index] ?? null,
  };
}
