import { createTimeParser, epochUnitByDigits } from './time-parse.ts';
import type { TimeFormat } from './types.ts';

/** A detected time format, and whether its texts carry no zone (then the import's time zone applies). */
export interface DetectedTime {
  readonly format: TimeFormat;
  /** True when the times are wall-clock times without a zone or offset. */
  readonly naive: boolean;
  /** The share of non-empty sample values the format reads (1 = all). */
  readonly coverage: number;
}

/** Layouts tried after ISO 8601, in order: US month-first before day-first when both read every value. */
export const TIME_PATTERNS: readonly string[] = [
  'yyyy-MM-dd HH:mm:ss.SSS',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd HH:mm',
  'MM/dd/yyyy HH:mm:ss',
  'MM/dd/yyyy HH:mm',
  'dd/MM/yyyy HH:mm:ss',
  'dd/MM/yyyy HH:mm',
  'dd.MM.yyyy HH:mm:ss',
  'dd.MM.yyyy HH:mm',
  'MM/dd/yyyy',
  'dd/MM/yyyy',
  'dd.MM.yyyy',
  'yyyyMMddHHmmss',
];

const EPOCH_TEXT = /^-?\d{9,19}(?:\.\d+)?$/;
const ISO_ZONED = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_T = /^\d{4}-\d{2}-\d{2}[Tt]/;
/** 2000-01-01 and 2100-01-01 in seconds: epoch counts outside this (in their unit) are more likely plain numbers. */
const PLAUSIBLE_FROM_S = 946_684_800;
const PLAUSIBLE_TO_S = 4_102_444_800;

function share(values: readonly string[], format: TimeFormat): number {
  const parser = createTimeParser(format, 'UTC');
  const encoder = new TextEncoder();
  let ok = 0;
  for (const value of values) {
    const bytes = encoder.encode(value);
    if (parser.parse(bytes, 0, bytes.length) === undefined) ok++;
  }
  return values.length === 0 ? 0 : ok / values.length;
}

/**
 * Finds the format of a column of time texts: epoch counts (unit from the number of digits, accepted only
 * when they land between 2000 and 2100), ISO 8601 (zoned or naive), or one of `TIME_PATTERNS`. Returns
 * undefined when nothing reads at least `minCoverage` of the non-empty values.
 */
export function detectTimeFormat(values: readonly string[], minCoverage = 1): DetectedTime | undefined {
  const texts = values.map((value) => value.trim()).filter((value) => value !== '');
  if (texts.length === 0) return undefined;
  if (texts.every((text) => EPOCH_TEXT.test(text))) {
    const digits = texts.map((text) => text.replace(/^-/, '').split('.')[0]!.length).sort((a, b) => a - b);
    const unit = epochUnitByDigits(digits[Math.floor(digits.length / 2)]!);
    const format: TimeFormat = { kind: 'epoch', unit };
    const scale = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 }[unit];
    const plausible = texts.every((text) => {
      const seconds = Number(text) / scale;
      return seconds >= PLAUSIBLE_FROM_S && seconds <= PLAUSIBLE_TO_S;
    });
    if (plausible) return { format, naive: false, coverage: 1 };
    return undefined;
  }
  const iso: TimeFormat = { kind: 'iso8601' };
  const isoShare = share(texts, iso);
  if (isoShare >= minCoverage) {
    const zoned = texts.every((text) => ISO_ZONED.test(text) && text.length > 10);
    // A naive `yyyy-MM-dd HH:mm:ss` column shows as that pattern: it is what the user sees in the file.
    if (!zoned && !texts.some((text) => ISO_T.test(text))) {
      for (const pattern of TIME_PATTERNS.slice(0, 3)) {
        const format: TimeFormat = { kind: 'pattern', pattern };
        const coverage = share(texts, format);
        if (coverage >= minCoverage) return { format, naive: true, coverage };
      }
    }
    return { format: iso, naive: !zoned, coverage: isoShare };
  }
  for (const pattern of TIME_PATTERNS) {
    const format: TimeFormat = { kind: 'pattern', pattern };
    const coverage = share(texts, format);
    if (coverage >= minCoverage) return { format, naive: true, coverage };
  }
  return undefined;
}
