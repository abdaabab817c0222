/**
 * Number parsing straight from UTF-8 bytes, so numeric columns never allocate a string per field.
 * The fast path is exact: a decimal with at most 2^53 as its digit mantissa and a power of ten up to
 * 10^22 is one correctly rounded IEEE division or multiplication (Clinger's observation); anything else
 * falls back to the platform's `Number()` on the decoded text, which is also correctly rounded.
 */

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_MANTISSA = 2 ** 53;
const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_PLUS = 0x2b;
const CHAR_MINUS = 0x2d;
const CHAR_DOT = 0x2e;
const CHAR_COMMA = 0x2c;
const CHAR_E = 0x65;
const CHAR_UPPER_E = 0x45;

/**
 * Parses a decimal number (`-12.5`, `.5`, `3.`, `1e-3`) from `bytes[start, end)`. With `decimalComma` the
 * separator is `,` instead of `.`. Returns NaN when the text is not a finite number (including `NaN`,
 * `Infinity`, and values that overflow), since Timestream refuses non-finite doubles anyway.
 */
export function parseDoubleBytes(bytes: Uint8Array, start: number, end: number, decimalComma = false): number {
  let i = start;
  if (i >= end) return Number.NaN;
  let negative = false;
  let c = bytes[i]!;
  if (c === CHAR_MINUS || c === CHAR_PLUS) {
    negative = c === CHAR_MINUS;
    i++;
  }
  // Digits accumulate into one mantissa. It only grows, so when it ends below 2^53 every step was exact.
  let mantissa = 0;
  const intStart = i;
  for (; i < end; i++) {
    const digit = bytes[i]! - CHAR_0;
    if (digit >>> 0 > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let digits = i - intStart;
  let scale = 0;
  if (i < end && bytes[i] === (decimalComma ? CHAR_COMMA : CHAR_DOT)) {
    i++;
    const fracStart = i;
    for (; i < end; i++) {
      const digit = bytes[i]! - CHAR_0;
      if (digit >>> 0 > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    scale = fracStart - i;
    digits += i - fracStart;
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    c = bytes[i]!;
    if (c !== CHAR_E && c !== CHAR_UPPER_E) return Number.NaN;
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === CHAR_MINUS || bytes[i] === CHAR_PLUS)) {
      exponentNegative = bytes[i] === CHAR_MINUS;
      i++;
    }
    let exponent = 0;
    let exponentDigits = 0;
    for (; i < end; i++) {
      c = bytes[i]!;
      if (c < CHAR_0 || c > CHAR_9) return Number.NaN;
      if (exponent < 100_000) exponent = exponent * 10 + (c - CHAR_0);
      exponentDigits++;
    }
    if (exponentDigits === 0) return Number.NaN;
    scale += exponentNegative ? -exponent : exponent;
  }
  let value: number;
  if (mantissa < MAX_EXACT_MANTISSA) {
    if (mantissa === 0) value = 0;
    else if (scale === 0) value = mantissa;
    else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale]!;
    else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale]!;
    else value = slowParse(bytes, start, end, decimalComma);
  } else {
    value = slowParse(bytes, start, end, decimalComma);
  }
  if (!Number.isFinite(value)) return Number.NaN;
  return negative && value !== 0 ? -value : negative ? -0 : value;
}

function slowParse(bytes: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  let text = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    text += decimalComma && c === CHAR_COMMA ? '.' : String.fromCharCode(c);
  }
  const value = Number(text);
  return Number.isFinite(value) ? Math.abs(value) : Number.NaN;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a signed integer of at most 15 digits (always a safe integer) from `bytes[start, end)`; NaN when the
 * text is not one (callers fall back to `parseBigintBytes` for longer ones).
 */
export function parseSmallIntegerBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === CHAR_MINUS || bytes[i] === CHAR_PLUS)) {
    negative = bytes[i] === CHAR_MINUS;
    i++;
  }
  if (i >= end || end - i > 15) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c < CHAR_0 || c > CHAR_9) return Number.NaN;
    value = value * 10 + (c - CHAR_0);
  }
  return negative ? -value : value;
}

/** Parses a signed 64-bit integer (`-42`, `+7`) from `bytes[start, end)`; undefined when it is not one or overflows. */
export function parseBigintBytes(bytes: Uint8Array, start: number, end: number): bigint | undefined {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === CHAR_MINUS || bytes[i] === CHAR_PLUS)) {
    negative = bytes[i] === CHAR_MINUS;
    i++;
  }
  if (i >= end) return undefined;
  let small = 0;
  for (let k = i; k < end; k++) {
    const c = bytes[k]!;
    if (c < CHAR_0 || c > CHAR_9) return undefined;
    small = small * 10 + (c - CHAR_0);
  }
  if (end - i <= 15) return BigInt(negative ? -small : small);
  let text = negative ? '-' : '';
  for (let k = i; k < end; k++) text += String.fromCharCode(bytes[k]!);
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** Parses a boolean the way Timestream and line protocol write them: true/false in any case, t/f, 1/0. */
export function parseBooleanText(text: string): boolean | undefined {
  switch (text.toLowerCase()) {
    case 'true':
    case 't':
    case '1':
      return true;
    case 'false':
    case 'f':
    case '0':
      return false;
    default:
      return undefined;
  }
}
