import { arrayOf, type SqlType, T, typeEquals } from './sql-type.ts';

const NUMERIC_RANK: Partial<Record<SqlType['kind'], number>> = { integer: 1, bigint: 2, double: 3 };

/** Whether a value of `from` may be used where `to` is expected without a written CAST. */
export function canCoerce(from: SqlType, to: SqlType): boolean {
  if (typeEquals(from, to) || from.kind === 'unknown') return true;
  const a = NUMERIC_RANK[from.kind];
  const b = NUMERIC_RANK[to.kind];
  if (a !== undefined && b !== undefined) return a <= b;
  if (from.kind === 'array' && to.kind === 'array') return canCoerce(from.element, to.element);
  if (from.kind === 'timeseries' && to.kind === 'timeseries') return canCoerce(from.value, to.value);
  if (from.kind === 'row' && to.kind === 'row') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => canCoerce(f.type, to.fields[i]!.type));
  }
  return false;
}

/**
 * The narrowest type both may be coerced to (for CASE branches, IN lists, UNION columns,
 * comparisons), or null when there is none.
 */
export function commonSuperType(a: SqlType, b: SqlType): SqlType | null {
  if (canCoerce(a, b)) return b;
  if (canCoerce(b, a)) return a;
  if (a.kind === 'array' && b.kind === 'array') {
    const element = commonSuperType(a.element, b.element);
    return element ? arrayOf(element) : null;
  }
  return null;
}

/** The common super type of many, or null. An empty list gives unknown. */
export function commonSuperTypeOf(types: readonly SqlType[]): SqlType | null {
  let result: SqlType = T.unknown;
  for (const type of types) {
    const next = commonSuperType(result, type);
    if (!next) return null;
    result = next;
  }
  return result;
}
