import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import { fixed } from './fixed-signature.ts';

// String functions (Presto's). Presto counts characters as Unicode code points, JavaScript's
// strings as UTF-16 units, so anything that counts or indexes goes through code-point arrays.

const V = T.varchar;
const B = T.bigint;

function codePoints(s: string): string[] {
  return Array.from(s);
}

function semantic(message: string): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', message);
}

/** concat(varchar...) and, for arrays, concat(array...) / concat(array, element) / concat(element, array). */
export const concatFunction = scalarFunction(
  'concat',
  [
    'concat(varchar, varchar...) -> varchar',
    'concat(array(T)...) -> array(T)',
    'concat(array(T), T) -> array(T)',
    'concat(T, array(T)) -> array(T)',
  ],
  [
    (types) => {
      if (types.length < 2 || !types.every((t) => canCoerce(t, V))) return null;
      return impl(
        types.map(() => V),
        V,
        (args) => args.join(''),
      );
    },
    (types) => {
      if (types.length < 2) return null;
      const arrays = types.filter((t) => t.kind === 'array');
      if (arrays.length === 0) return null;
      let element = arrays[0]!.kind === 'array' ? arrays[0]!.element : T.unknown;
      for (const t of arrays) {
        if (t.kind !== 'array') continue;
        if (canCoerce(t.element, element)) continue;
        if (canCoerce(element, t.element)) element = t.element;
        else return null;
      }
      const arrayType = arrayOf(element);
      // Presto's element forms: exactly one array and one element, in either order.
      const isElementForm = types.length === 2 && arrays.length === 1;
      if (!isElementForm && arrays.length !== types.length) return null;
      if (isElementForm) {
        const elementType = types.find((t) => t.kind !== 'array')!;
        if (!canCoerce(elementType, element)) return null;
        const arrayFirst = types[0]!.kind === 'array';
        return {
          argTypes: arrayFirst ? [arrayType, element] : [element, arrayType],
          returnType: arrayType,
          // A NULL array gives NULL; a NULL element is added like any other.
          nullOnNullInput: false,
          evaluate: ([a, b]) => {
            const array = arrayFirst ? a : b;
            if (array === null || array === undefined) return null;
            const elementValue = (arrayFirst ? b : a) ?? null;
            return arrayFirst ? [...(array as SqlValue[]), elementValue] : [elementValue, ...(array as SqlValue[])];
          },
        };
      }
      return impl(
        types.map(() => arrayType),
        arrayType,
        (args) => args.flatMap((a) => a as SqlValue[]),
      );
    },
  ],
);

export const lengthFunction = scalarFunction(
  'length',
  ['length(varchar) -> bigint'],
  [fixed([V], B, ([s]) => BigInt(codePoints(s as string).length))],
);

export const lowerFunction = scalarFunction('lower', ['lower(varchar) -> varchar'], [fixed([V], V, ([s]) => (s as string).toLowerCase())]);
export const upperFunction = scalarFunction('upper', ['upper(varchar) -> varchar'], [fixed([V], V, ([s]) => (s as string).toUpperCase())]);

/** lpad/rpad: pad (or truncate) to `size` code points with `padString` repeated. */
function pad(name: string, left: boolean) {
  return scalarFunction(
    name,
    [`${name}(varchar, bigint, varchar) -> varchar`],
    [
      fixed([V, B, V], V, ([s, sizeValue, padValue]) => {
        const size = sizeValue as bigint;
        if (size < 0n || size > 0x7fffffffn) throw semantic(`${name} size must be between 0 and 2147483647, got ${size}.`);
        const chars = codePoints(s as string);
        const padChars = codePoints(padValue as string);
        const target = Number(size);
        if (chars.length >= target) return chars.slice(0, target).join('');
        if (padChars.length === 0) throw semantic(`${name}: the padding string must not be empty.`);
        const fill: string[] = [];
        for (let i = 0; fill.length < target - chars.length; i++) fill.push(padChars[i % padChars.length]!);
        return left ? fill.join('') + (s as string) : (s as string) + fill.join('');
      }),
    ],
  );
}
export const lpadFunction = pad('lpad', true);
export const rpadFunction = pad('rpad', false);

/** Presto's trim family strips whitespace (Java's Character.isWhitespace), or the given characters. */
const WHITESPACE = new Set([
  ...' \t\n\u000b\f\r\u001c\u001d\u001e\u001f',
  // Unicode space separators other than the no-break ones (U+00A0, U+2007, U+202F), as Java counts them.
  ...'\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000',
]);
function trimmer(name: string, fromLeft: boolean, fromRight: boolean) {
  const strip = (s: string, set: (c: string) => boolean): string => {
    const chars = codePoints(s);
    let start = 0;
    let end = chars.length;
    if (fromLeft) while (start < end && set(chars[start]!)) start++;
    if (fromRight) while (end > start && set(chars[end - 1]!)) end--;
    return chars.slice(start, end).join('');
  };
  return scalarFunction(
    name,
    [`${name}(varchar) -> varchar`, `${name}(varchar, varchar chars) -> varchar`],
    [
      fixed([V], V, ([s]) => strip(s as string, (c) => WHITESPACE.has(c))),
      fixed([V, V], V, ([s, chars]) => {
        const set = new Set(codePoints(chars as string));
        return strip(s as string, (c) => set.has(c));
      }),
    ],
  );
}
export const trimFunction = trimmer('trim', true, true);
export const ltrimFunction = trimmer('ltrim', true, false);
export const rtrimFunction = trimmer('rtrim', false, true);

export const replaceFunction = scalarFunction(
  'replace',
  ['replace(varchar, varchar search) -> varchar', 'replace(varchar, varchar search, varchar replacement) -> varchar'],
  [
    fixed([V, V], V, ([s, search]) => replaceAll(s as string, search as string, '')),
    fixed([V, V, V], V, ([s, search, replacement]) => replaceAll(s as string, search as string, replacement as string)),
  ],
);

/** Presto inserts the replacement between every character when the search string is empty. */
function replaceAll(s: string, search: string, replacement: string): string {
  if (search === '') return replacement + codePoints(s).join(replacement) + (s === '' ? '' : replacement);
  return s.split(search).join(replacement);
}

export const reverseFunction = scalarFunction(
  'reverse',
  ['reverse(varchar) -> varchar', 'reverse(array(T)) -> array(T)'],
  [
    fixed([V], V, ([s]) =>
      codePoints(s as string)
        .reverse()
        .join(''),
    ),
    (types) =>
      types.length === 1 && types[0]!.kind === 'array' ? impl(types, types[0]!, ([a]) => [...(a as SqlValue[])].reverse()) : null,
  ],
);

export const splitFunction = scalarFunction(
  'split',
  ['split(varchar, varchar delimiter) -> array(varchar)', 'split(varchar, varchar delimiter, bigint limit) -> array(varchar)'],
  [
    fixed([V, V], arrayOf(V), ([s, d]) => split(s as string, d as string, null)),
    fixed([V, V, B], arrayOf(V), ([s, d, limit]) => {
      if ((limit as bigint) <= 0n) throw semantic('split: limit must be positive.');
      return split(s as string, d as string, Number(limit as bigint));
    }),
  ],
);

/** Splits like Presto: with a limit, the last piece holds the rest of the string. */
function split(s: string, delimiter: string, limit: number | null): string[] {
  if (delimiter === '') throw semantic('split: the delimiter must not be empty.');
  const parts = s.split(delimiter);
  if (limit === null || parts.length <= limit) return parts;
  return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(delimiter)];
}

export const splitPartFunction = scalarFunction(
  'split_part',
  ['split_part(varchar, varchar delimiter, bigint index) -> varchar'],
  [
    fixed([V, V, B], V, ([s, d, index]) => {
      if ((index as bigint) <= 0n) throw semantic('split_part: the index must be positive (it counts from 1).');
      const delimiter = d as string;
      const parts = delimiter === '' ? codePoints(s as string) : (s as string).split(delimiter);
      return parts[Number(index as bigint) - 1] ?? null;
    }),
  ],
);

/** Code-point position (1-based) of the n-th occurrence of `search`, 0 when absent. */
function strpos(s: string, search: string, instance: bigint): bigint {
  if (instance <= 0n) throw semantic('strpos: the instance must be positive.');
  if (search === '') return 1n;
  let from = 0;
  let found = -1;
  for (let n = 0n; n < instance; n++) {
    found = s.indexOf(search, from);
    if (found < 0) return 0n;
    from = found + 1;
  }
  return BigInt(codePoints(s.slice(0, found)).length + 1);
}

export const strposFunction = scalarFunction(
  'strpos',
  ['strpos(varchar, varchar substring) -> bigint', 'strpos(varchar, varchar substring, bigint instance) -> bigint'],
  [
    fixed([V, V], B, ([s, search]) => strpos(s as string, search as string, 1n)),
    fixed([V, V, B], B, ([s, search, n]) => strpos(s as string, search as string, n as bigint)),
  ],
);

/** Code-point position (1-based) of the n-th occurrence of `search` counted from the end, 0 when absent (Presto: an empty search is at 1, as in strpos). */
function strrpos(s: string, search: string, instance: bigint): bigint {
  if (instance <= 0n) throw semantic('strrpos: the instance must be positive.');
  if (search === '') return 1n;
  let from = s.length;
  let found = -1;
  for (let n = 0n; n < instance; n++) {
    found = from < 0 ? -1 : s.lastIndexOf(search, from);
    if (found < 0) return 0n;
    from = found - 1;
  }
  return BigInt(codePoints(s.slice(0, found)).length + 1);
}

export const strrposFunction = scalarFunction(
  'strrpos',
  ['strrpos(varchar, varchar substring) -> bigint', 'strrpos(varchar, varchar substring, bigint instance) -> bigint'],
  [
    fixed([V, V], B, ([s, search]) => strrpos(s as string, search as string, 1n)),
    fixed([V, V, B], B, ([s, search, n]) => strrpos(s as string, search as string, n as bigint)),
  ],
);

/** position(substring IN string): the parser passes (substring, string). */
export const positionFunction = scalarFunction(
  'position',
  ['position(varchar substring IN varchar string) -> bigint'],
  [fixed([V, V], B, ([search, s]) => strpos(s as string, search as string, 1n))],
);

/** substr with Presto's rules: 1-based, negative start counts from the end, out of range gives ''. */
function substr(s: string, startValue: bigint, lengthValue: bigint | null): string {
  const chars = codePoints(s);
  const n = BigInt(chars.length);
  if (startValue === 0n || n === 0n) return '';
  let start = startValue > 0n ? startValue - 1n : n + startValue;
  if (start < 0n || start >= n) return '';
  const length = lengthValue ?? n;
  if (length <= 0n) return '';
  const end = start + length > n ? n : start + length;
  start = start < 0n ? 0n : start;
  return chars.slice(Number(start), Number(end)).join('');
}

function substringFunction(name: string) {
  return scalarFunction(
    name,
    [`${name}(varchar, bigint start) -> varchar`, `${name}(varchar, bigint start, bigint length) -> varchar`],
    [
      fixed([V, B], V, ([s, start]) => substr(s as string, start as bigint, null)),
      fixed([V, B, B], V, ([s, start, length]) => substr(s as string, start as bigint, length as bigint)),
    ],
  );
}
export const substrFunction = substringFunction('substr');
export const substringScalar = substringFunction('substring');

export const levenshteinDistanceFunction = scalarFunction(
  'levenshtein_distance',
  ['levenshtein_distance(varchar, varchar) -> bigint'],
  [
    fixed([V, V], B, ([a, b]) => {
      const x = codePoints(a as string);
      const y = codePoints(b as string);
      let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
      for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
          current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
        }
        previous = current;
      }
      return BigInt(previous[y.length]!);
    }),
  ],
);

export const hammingDistanceFunction = scalarFunction(
  'hamming_distance',
  ['hamming_distance(varchar, varchar) -> bigint'],
  [
    fixed([V, V], B, ([a, b]) => {
      const x = codePoints(a as string);
      const y = codePoints(b as string);
      if (x.length !== y.length) throw semantic('hamming_distance: the two strings must have the same length.');
      let distance = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) distance++;
      return BigInt(distance);
    }),
  ],
);

export const chrFunction = scalarFunction(
  'chr',
  ['chr(bigint) -> varchar'],
  [
    fixed([B], V, ([n]) => {
      const code = n as bigint;
      if (code < 0n || code > 0x10ffffn || (code >= 0xd800n && code <= 0xdfffn))
        throw semantic(`chr: ${code} is not a valid Unicode code point.`);
      return String.fromCodePoint(Number(code));
    }),
  ],
);

export const codepointFunction = scalarFunction(
  'codepoint',
  ['codepoint(varchar(1)) -> integer'],
  [
    fixed([V], T.integer, ([s]) => {
      const chars = codePoints(s as string);
      if (chars.length !== 1) throw semantic(`codepoint takes a string of exactly one character, got '${s as string}'.`);
      return chars[0]!.codePointAt(0)!;
    }),
  ],
);

export const startsWithFunction = scalarFunction(
  'starts_with',
  ['starts_with(varchar, varchar prefix) -> boolean'],
  [fixed([V, V], T.boolean, ([s, prefix]) => (s as string).startsWith(prefix as string))],
);
