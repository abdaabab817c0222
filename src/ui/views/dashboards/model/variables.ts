import type { Variable } from './types.ts';

/** A SQL string literal: the value in single quotes, quotes inside doubled (so a value can never end the literal). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The values a variable substitutes: its chosen values that are still options; with none of
 * them left, every option for a multi-value variable and the first for a single-value one (a
 * variable always has a value once its options are known).
 */
export function effectiveValues(variable: Variable, options: readonly string[] | undefined): readonly string[] {
  if (!options) return variable.current;
  const kept = variable.current.filter((v) => options.includes(v));
  if (kept.length > 0) return variable.multi ? kept : kept.slice(0, 1);
  if (variable.multi) return options;
  return options.length > 0 ? [options[0]!] : [];
}

/**
 * Replaces `$name` and `${name}` with the variable's values, safely quoted:
 * one value becomes `'value'`, several become `'a', 'b'` (write `IN ($name)`), none becomes NULL
 * (so `IN ($name)` matches nothing instead of being a syntax error). Inside a string literal the
 * values go in without the surrounding quotes but still escaped, so `'host $host'` stays one literal.
 * Quoted identifiers, comments, unknown names and macros (`$__timeFilter`) are left as they are.
 */
export function substituteVariables(sql: string, values: ReadonlyMap<string, readonly string[]>): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'") {
      // A string literal: copy it, substituting escaped values without quotes.
      let j = i + 1;
      let body = '';
      while (j < n) {
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            body += "''";
            j += 2;
            continue;
          }
          break;
        }
        const ref = readReference(sql, j, values);
        if (ref) {
          body += ref.values.map((v) => v.replaceAll("'", "''")).join(', ');
          j = ref.end;
        } else {
          body += sql[j];
          j++;
        }
      }
      out += `'${body}${j < n ? "'" : ''}`;
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    const ref = readReference(sql, i, values);
    if (ref) {
      out += ref.values.length === 0 ? 'NULL' : ref.values.map(sqlString).join(', ');
      i = ref.end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const NAME = /[A-Za-z0-9_]/;

/** A `$name` or `${name}` at `at` naming a known variable: its values and where the reference ends. */
function readReference(
  sql: string,
  at: number,
  values: ReadonlyMap<string, readonly string[]>,
): { values: readonly string[]; end: number } | null {
  if (sql[at] !== '$') return null;
  if (sql[at + 1] === '{') {
    const close = sql.indexOf('}', at + 2);
    if (close < 0) return null;
    const found = values.get(sql.slice(at + 2, close));
    return found ? { values: found, end: close + 1 } : null;
  }
  let end = at + 1;
  while (end < sql.length && NAME.test(sql[end]!)) end++;
  const found = values.get(sql.slice(at + 1, end));
  return found ? { values: found, end } : null;
}

/** The names a query refers to ($name or ${name}), in order, without repeats. */
export function referencedVariables(sql: string, names: readonly string[]): string[] {
  const probe = new Map(names.map((name) => [name, [`\uE000${name}\uE000`]] as const));
  const marked = substituteVariables(sql, probe);
  const found: string[] = [];
  for (const m of marked.matchAll(/\uE000([A-Za-z0-9_]+)\uE000/g)) if (!found.includes(m[1]!)) found.push(m[1]!);
  return found;
}
