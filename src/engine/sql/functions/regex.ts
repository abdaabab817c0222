import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, type SqlType, T } from '../types/sql-type.ts';
import { isLambda, type SqlValue } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import { fixed } from './fixed-signature.ts';
import type { ScalarFunction, ScalarImpl } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

// Presto's regular-expression functions. Patterns are written for Java's regex engine, so they
// are translated to JavaScript's (with the `u` flag, so `.` is a code point as in Java): leading
// inline flags become RegExp flags, \A \z \Z \Q..\E \x{..} \h and escaped punctuation are
// rewritten. Possessive quantifiers and atomic groups have no JavaScript equivalent and are
// rejected rather than silently matched differently.

const V = T.varchar;

function semantic(message: string): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', message);
}

/** JavaScript's RegExp syntax characters, which stay escaped under the `u` flag. */
const SYNTAX_CHARACTERS = new Set([...'^$\\.*+?()[]{}|/']);
const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 's', m: 'm', u: '', U: '', d: '' };
const HORIZONTAL_SPACE = '[ \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]';

/** Java's POSIX classes (US-ASCII only, as Java without UNICODE_CHARACTER_CLASS), as class contents. */
const POSIX_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\u0000-\\u007f',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\u0000-\\u001f\\u007f',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\u000b\\f\\r',
};

function escapeLiteral(text: string): string {
  return [...text].map((c) => (SYNTAX_CHARACTERS.has(c) ? `\\${c}` : c)).join('');
}

/** Translates a Java pattern into a JavaScript RegExp source and flags. */
export function translateJavaPattern(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let rest = pattern;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(rest);
  if (leading) {
    for (const f of leading[1]!) {
      const js = INLINE_FLAGS[f];
      if (js === undefined) throw semantic(`Unsupported inline flag (?${f}) in pattern '${pattern}'.`);
      if (js && !flags.includes(js)) flags += js;
    }
    rest = rest.slice(leading[0].length);
  }
  let source = '';
  let inClass = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw semantic(`Pattern '${pattern}' ends with a lone backslash.`);
      i++;
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 1);
        const literal = end < 0 ? rest.slice(i + 1) : rest.slice(i + 1, end);
        source += escapeLiteral(literal);
        i = end < 0 ? rest.length : end + 1;
      } else if (next === 'A' && !inClass) source += '(?<![\\s\\S])';
      else if (next === 'z' && !inClass) source += '(?![\\s\\S])';
      else if (next === 'Z' && !inClass) source += '(?=\\n?(?![\\s\\S]))';
      else if (next === 'h') source += inClass ? HORIZONTAL_SPACE.slice(1, -1) : HORIZONTAL_SPACE;
      else if (
        (next === 'p' || next === 'P') &&
        rest[i + 1] === '{' &&
        POSIX_CLASSES[rest.slice(i + 2, rest.indexOf('}', i))] !== undefined
      ) {
        const end = rest.indexOf('}', i);
        const members = POSIX_CLASSES[rest.slice(i + 2, end)]!;
        // Inside a class only the positive form can be spliced in; outside, \P is a negated class.
        source += inClass ? members : `[${next === 'P' ? '^' : ''}${members}]`;
        i = end;
      } else if (next === 'x' && rest[i + 1] === '{') {
        const end = rest.indexOf('}', i);
        source += `\\u{${rest.slice(i + 2, end)}}`;
        i = end;
      } else if (/[a-zA-Z0-9]/.test(next) || SYNTAX_CHARACTERS.has(next) || (next === '-' && inClass)) source += `\\${next}`;
      // Java lets any punctuation be escaped; under `u` JavaScript does not, so write it plainly.
      else source += `\\u{${next.codePointAt(0)!.toString(16)}}`;
      continue;
    }
    if (c === '[') inClass++;
    else if (c === ']' && inClass > 0) inClass--;
    else if (
      !inClass &&
      (c === '+' || c === '*' || c === '?' || c === '}') &&
      rest[i + 1] === '+' &&
      source !== '' &&
      !source.endsWith('(')
    ) {
      throw semantic(`Possessive quantifiers (${c}+) are not supported in pattern '${pattern}'.`);
    } else if (!inClass && c === '(' && rest.startsWith('?>', i + 1)) {
      throw semantic(`Atomic groups (?>...) are not supported in pattern '${pattern}'.`);
    }
    source += c;
  }
  return { source, flags };
}

const cache = new Map<string, RegExp>();

/** The compiled global RegExp for a Java pattern, cached because a query uses few patterns for many rows. */
function compile(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    const { source, flags } = translateJavaPattern(pattern);
    try {
      regex = new RegExp(source, `${flags}g`);
    } catch (error) {
      throw semantic(`Invalid regular expression '${pattern}': ${(error as Error).message}.`);
    }
    if (cache.size > 256) cache.clear();
    cache.set(pattern, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

function groupCount(regex: RegExp): number {
  return new RegExp(`${regex.source}|`, regex.flags).exec('')!.length - 1;
}

function checkGroup(regex: RegExp, group: bigint): number {
  const count = groupCount(regex);
  if (group < 0n || group > BigInt(count)) throw semantic(`Pattern has ${count} groups. Cannot access group ${group}.`);
  return Number(group);
}

function allMatches(s: string, pattern: string): RegExpExecArray[] {
  return [...s.matchAll(compile(pattern))];
}

export const regexpLikeFunction = scalarFunction(
  'regexp_like',
  ['regexp_like(varchar, varchar pattern) -> boolean'],
  [
    // Contains semantics, as Java's find(): the pattern may match anywhere.
    fixed([V, V], T.boolean, ([s, p]) => compile(p as string).test(s as string)),
  ],
);

export const regexpExtractFunction = scalarFunction(
  'regexp_extract',
  ['regexp_extract(varchar, varchar pattern) -> varchar', 'regexp_extract(varchar, varchar pattern, bigint group) -> varchar'],
  [
    fixed([V, V], V, ([s, p]) => compile(p as string).exec(s as string)?.[0] ?? null),
    fixed([V, V, T.bigint], V, ([s, p, g]) => {
      const regex = compile(p as string);
      const group = checkGroup(regex, g as bigint);
      const match = regex.exec(s as string);
      return match ? (match[group] ?? null) : null;
    }),
  ],
);

export const regexpExtractAllFunction = scalarFunction(
  'regexp_extract_all',
  [
    'regexp_extract_all(varchar, varchar pattern) -> array(varchar)',
    'regexp_extract_all(varchar, varchar pattern, bigint group) -> array(varchar)',
  ],
  [
    fixed([V, V], arrayOf(V), ([s, p]) => allMatches(s as string, p as string).map((m) => m[0])),
    fixed([V, V, T.bigint], arrayOf(V), ([s, p, g]) => {
      const group = checkGroup(compile(p as string), g as bigint);
      return allMatches(s as string, p as string).map((m) => m[group] ?? null);
    }),
  ],
);

/** Expands a Java replacement string: $n and ${name} are groups, a backslash makes the next character literal. */
function expandReplacement(replacement: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      const next = replacement[i + 1];
      if (next === undefined) throw semantic('The replacement string ends with a lone backslash.');
      out += next;
      i++;
    } else if (c === '$') {
      if (replacement[i + 1] === '{') {
        const end = replacement.indexOf('}', i);
        const name = replacement.slice(i + 2, end);
        if (end < 0 || !match.groups || !(name in match.groups)) throw semantic(`No group named '${name}' in the pattern.`);
        out += match.groups[name] ?? '';
        i = end;
      } else {
        let j = i + 1;
        if (!/[0-9]/.test(replacement[j] ?? ''))
          throw semantic("Illegal group reference in the replacement: '$' must be followed by a group.");
        let group = Number(replacement[j]);
        j++;
        // Java takes more digits while they still name an existing group.
        while (/[0-9]/.test(replacement[j] ?? '') && group * 10 + Number(replacement[j]) < match.length) {
          group = group * 10 + Number(replacement[j]);
          j++;
        }
        if (group >= match.length) throw semantic(`No group ${group} in the pattern.`);
        out += match[group] ?? '';
        i = j - 1;
      }
    } else out += c;
  }
  return out;
}

function replaceMatches(s: string, pattern: string, replace: (match: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  for (const match of allMatches(s, pattern)) {
    out += s.slice(last, match.index) + replace(match);
    last = match.index + match[0].length;
  }
  return out + s.slice(last);
}

const REPLACE_SIGNATURES = [
  'regexp_replace(varchar, varchar pattern) -> varchar',
  'regexp_replace(varchar, varchar pattern, varchar replacement) -> varchar',
  'regexp_replace(varchar, varchar pattern, function(array(varchar), varchar)) -> varchar',
];

const replaceOverloads: ((types: readonly SqlType[]) => ScalarImpl | null)[] = [
  fixed([V, V], V, ([s, p]) => replaceMatches(s as string, p as string, () => '')),
  fixed([V, V, V], V, ([s, p, r]) => replaceMatches(s as string, p as string, (m) => expandReplacement(r as string, m))),
  (types) => {
    const fn = types[2];
    if (types.length !== 3 || !canCoerce(types[0]!, V) || !canCoerce(types[1]!, V) || fn?.kind !== 'function' || !canCoerce(fn.result, V))
      return null;
    return impl([V, V, fn], V, ([s, p, f]) => {
      if (f === null || f === undefined || !isLambda(f)) throw semantic('regexp_replace needs a lambda as its third argument.');
      // The lambda sees the capture groups (not the whole match); a NULL result removes the match.
      return replaceMatches(s as string, p as string, (m) => {
        const result = f.invoke([m.slice(1).map((g) => g ?? null)]);
        return result === null ? '' : (result as string);
      });
    });
  },
];

export const regexpReplaceFunction: ScalarFunction = {
  kind: 'scalar',
  name: 'regexp_replace',
  signatures: REPLACE_SIGNATURES,
  lambdaParameterTypes: (_types, index) => (index === 2 ? [arrayOf(V)] : null),
  resolve: (types) => {
    for (const overload of replaceOverloads) {
      const found = overload(types);
      if (found) return found;
    }
    throw signatureMismatch('regexp_replace', types, REPLACE_SIGNATURES);
  },
};

/** regexp_split keeps empty pieces, trailing ones included (unlike Java's String.split). */
export const regexpSplitFunction = scalarFunction(
  'regexp_split',
  ['regexp_split(varchar, varchar pattern) -> array(varchar)'],
  [
    fixed([V, V], arrayOf(V), ([s, p]) => {
      const text = s as string;
      const pieces: SqlValue[] = [];
      let last = 0;
      for (const match of allMatches(text, p as string)) {
        pieces.push(text.slice(last, match.index));
        last = match.index + match[0].length;
      }
      pieces.push(text.slice(last));
      return pieces;
    }),
  ],
);
