import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import { impl, scalarFunction } from './define.ts';
import { concatFunction } from './string-basic.ts';

/** `a || b`: varchar concatenation, and for arrays the same as concat (array || array, array || element, element || array). */
export const concatOperator = scalarFunction(
  '||',
  ['||(varchar, varchar)', '||(array(T), array(T))', '||(array(T), T)', '||(T, array(T))'],
  [
    (types) => {
      if (types.length !== 2 || !types.every((t) => canCoerce(t, T.varchar))) return null;
      return impl([T.varchar, T.varchar], T.varchar, ([a, b]) => (a as string) + (b as string));
    },
    (types) => {
      if (types.length !== 2 || !types.some((t) => t.kind === 'array')) return null;
      try {
        return concatFunction.resolve(types);
      } catch {
        return null;
      }
    },
  ],
);

/**
 * Translates a SQL LIKE pattern into an anchored regular expression: `%` is any run, `_` one
 * character, and the escape character makes the next one literal. Compiled once per pattern.
 */
export function likePatternToRegExp(pattern: string, escapeChar: string | null): RegExp {
  if (escapeChar !== null && escapeChar.length !== 1) {
    throw new TidemarkError('SQL_SEMANTIC', `The LIKE escape must be a single character, got '${escapeChar}'.`);
  }
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escapeChar !== null && c === escapeChar) {
      const next = pattern[i + 1];
      if (next === undefined || (next !== '%' && next !== '_' && next !== escapeChar)) {
        throw new TidemarkError(
          'SQL_SEMANTIC',
          `In the LIKE pattern '${pattern}', the escape '${escapeChar}' must be followed by %, _ or itself.`,
        );
      }
      source += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${source}$`, 'u');
}

/** `value LIKE pattern [ESCAPE e]`; patterns are cached, since most are constant. */
export const likeOperator = scalarFunction(
  'like',
  ['like(varchar, varchar)', 'like(varchar, varchar, varchar)'],
  [
    (types) => {
      if ((types.length !== 2 && types.length !== 3) || !types.every((t) => canCoerce(t, T.varchar))) return null;
      const cache = new Map<string, RegExp>();
      return impl(
        types.map(() => T.varchar),
        T.boolean,
        ([value, pattern, escapeText]) => {
          const key = `${escapeText ?? ''}\u0000${pattern as string}`;
          let regexp = cache.get(key);
          if (!regexp) {
            regexp = likePatternToRegExp(pattern as string, (escapeText as string | undefined) ?? null);
            if (cache.size > 1000) cache.clear();
            cache.set(key, regexp);
          }
          return regexp.test(value as string);
        },
      );
    },
  ],
);
