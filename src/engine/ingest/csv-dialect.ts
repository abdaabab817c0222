import { readCsvRows } from './csv-scanner.ts';
import type { CsvDialect } from './types.ts';

/** The delimiters the sniffer considers, in order of preference when they score the same. */
export const CANDIDATE_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA_TEXT = /^[+-]?\d+,\d+$/;
const DECIMAL_POINT_TEXT = /^[+-]?\d+\.\d+$/;
const TIME_LIKE = /^\d{4}-\d{2}-\d{2}|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|^\d{10,19}$/;

/** How well a delimiter splits a sample: most rows share one field count, larger than 1. */
function scoreDelimiter(bytes: Uint8Array, delimiter: string, quote: string): { score: number; fields: number } {
  const rows = readCsvRows(bytes, { delimiter, quote, escape: '', header: false, decimalComma: false }, 200, false);
  if (rows.length === 0) return { score: 0, fields: 0 };
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let modal = 0;
  let modalRows = 0;
  for (const [fields, n] of counts) {
    if (n > modalRows || (n === modalRows && fields > modal)) {
      modal = fields;
      modalRows = n;
    }
  }
  if (modal < 2) return { score: 0, fields: modal };
  // Consistency first; among consistent splits, more fields is the better explanation.
  return { score: (modalRows / rows.length) * 1000 + Math.min(modal, 100), fields: modal };
}

function looksTyped(value: string): boolean {
  const text = value.trim();
  return NUMBER_TEXT.test(text) || DECIMAL_COMMA_TEXT.test(text) || TIME_LIKE.test(text);
}

/**
 * Guesses a delimited file's dialect from its first bytes: the delimiter that splits most rows into the
 * same number of fields, the quote character seen, whether `\` escapes quotes, whether the first row is a
 * header (it is text where the rows below are numbers or times, or it names distinct columns), and
 * whether numbers use a decimal comma.
 */
export function sniffCsvDialect(sample: Uint8Array): CsvDialect {
  const text = new TextDecoder().decode(sample.subarray(0, Math.min(sample.length, 256 * 1024)));
  const quote = !text.includes('"') && /(^|[,;\t|])'/m.test(text) ? "'" : '"';
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const { score } = scoreDelimiter(sample, delimiter, quote);
    if (score > best.score) best = { delimiter, score };
  }
  const escapeChar = text.includes(`\\${quote}`) && !text.includes(`${quote}${quote}`) ? '\\' : '';
  const rows = readCsvRows(
    sample,
    { delimiter: best.delimiter, quote, escape: escapeChar, header: false, decimalComma: false },
    200,
    false,
  );
  const decimalComma = best.delimiter !== ',' && hasDecimalCommas(rows);
  return { delimiter: best.delimiter, quote, escape: escapeChar, header: hasHeader(rows), decimalComma };
}

function hasDecimalCommas(rows: readonly (readonly string[])[]): boolean {
  let commas = 0;
  let points = 0;
  for (const row of rows.slice(1)) {
    for (const value of row) {
      if (DECIMAL_COMMA_TEXT.test(value.trim())) commas++;
      else if (DECIMAL_POINT_TEXT.test(value.trim())) points++;
    }
  }
  return commas > 0 && commas > points;
}

/** Whether the first row names the columns rather than holding data. */
export function hasHeader(rows: readonly (readonly string[])[]): boolean {
  const first = rows[0];
  if (first === undefined) return true;
  const rest = rows.slice(1, 100);
  if (first.some((value) => looksTyped(value))) return false;
  if (rest.length === 0) return first.every((value) => value.trim() !== '');
  // A column typed below and untyped on top is the strongest sign.
  for (let c = 0; c < first.length; c++) {
    const below = rest.map((row) => row[c] ?? '').filter((value) => value.trim() !== '');
    if (below.length > 0 && below.every(looksTyped)) return true;
  }
  // All text: a header is distinct names that do not occur again in their columns.
  const names = new Set(first.map((value) => value.trim()));
  if (names.size !== first.length || names.has('')) return false;
  return first.every((name, c) => rest.every((row) => row[c] !== name));
}
