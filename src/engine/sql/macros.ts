import { TidemarkError } from '../../errors/index.ts';
import { caretExcerpt, pointAt } from './lexer/syntax-error.ts';

/**
 * What Grafana-style macros expand to: the query's time range [fromMs, toMs] in epoch
 * milliseconds and the bucket width for `$__interval`. Either may be absent; a macro that needs
 * an absent value is an error naming the macro and where it is.
 */
export interface MacroContext {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly intervalMs?: number;
}

/** One macro found in the template: its name (without `$__`) and its offset there. */
export interface MacroUse {
  readonly name: MacroName;
  readonly offset: number;
}

export type MacroName = 'timeFilter' | 'timeFrom' | 'timeTo' | 'interval' | 'interval_ms';

/** The expanded SQL, which macros it used, and how to map an offset in it back to the template. */
export interface ExpandedSql {
  readonly sql: string;
  readonly template: string;
  readonly macros: readonly MacroUse[];
  /** The template offset of an offset in the expanded SQL (inside a replacement: the macro's start). */
  templateOffset(expandedOffset: number): number;
}

const MACROS: readonly MacroName[] = ['timeFilter', 'timeFrom', 'timeTo', 'interval', 'interval_ms'];

interface Replacement {
  readonly templateStart: number;
  readonly templateEnd: number;
  readonly expandedStart: number;
  readonly expandedEnd: number;
}

/** True when the SQL names a macro outside strings, quoted names and comments. */
export function hasMacros(sql: string): boolean {
  return findMacros(sql).length > 0;
}

/**
 * Expands `$__timeFilter` (to `time BETWEEN from_milliseconds(F) AND from_milliseconds(T)`),
 * `$__timeFrom`, `$__timeTo` (to `from_milliseconds(...)`), `$__interval` (a duration literal such
 * as `30s` or `250ms`) and `$__interval_ms` (an integer). Text inside string literals, quoted
 * names and comments is left alone. An unknown `$__name` is a SQL_SYNTAX error at its position.
 */
export function expandMacros(sql: string, context: MacroContext): ExpandedSql {
  const found = findMacros(sql);
  const replacements: Replacement[] = [];
  const macros: MacroUse[] = [];
  let out = '';
  let last = 0;
  for (const { offset, word } of found) {
    const name = MACROS.find((m) => m === word);
    if (name === undefined) {
      throw macroError(
        sql,
        offset,
        word.length + 3,
        `unknown macro $__${word}; the macros are ${MACROS.map((m) => `$__${m}`).join(', ')}.`,
      );
    }
    const text = replacementFor(sql, offset, name, context);
    out += sql.slice(last, offset);
    const expandedStart = out.length;
    out += text;
    last = offset + name.length + 3;
    replacements.push({ templateStart: offset, templateEnd: last, expandedStart, expandedEnd: out.length });
    macros.push({ name, offset });
  }
  out += sql.slice(last);
  return {
    sql: out,
    template: sql,
    macros,
    templateOffset: (expandedOffset) => {
      let shift = 0;
      for (const r of replacements) {
        if (expandedOffset < r.expandedStart) break;
        if (expandedOffset < r.expandedEnd) return r.templateStart;
        shift = r.templateEnd - r.expandedEnd;
      }
      return expandedOffset + shift;
    },
  };
}

/**
 * Re-raises an error from running expanded SQL at the place the user typed: a SQL error that
 * carries an offset gets its line, column, excerpt and message rebuilt against the template.
 */
export function mapErrorToTemplate(error: unknown, expanded: ExpandedSql): unknown {
  if (!(error instanceof TidemarkError) || expanded.macros.length === 0) return error;
  const details = error.details;
  const offset = details?.offset;
  const problem = details?.problem;
  if (typeof offset !== 'number' || typeof problem !== 'string') return error;
  const templateOffset = expanded.templateOffset(offset);
  const point = pointAt(expanded.template, templateOffset);
  const excerpt = caretExcerpt(expanded.template, point);
  const lead = error.code === 'SQL_SYNTAX' ? 'Syntax error' : 'Error';
  return new TidemarkError(error.code, `${lead} at line ${point.line}, column ${point.column}: ${problem}\n${excerpt}`, {
    position: { line: point.line, column: point.column },
    details: { ...details, excerpt, offset: templateOffset, expandedSql: expanded.sql },
    cause: error,
  });
}

/** Formats a width in ms as the shortest exact duration literal (`1d`, `6h`, `30s`, `250ms`). */
export function durationLiteral(ms: number): string {
  const units: readonly [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function replacementFor(sql: string, offset: number, name: MacroName, context: MacroContext): string {
  const need = (value: number | undefined, what: string): number => {
    if (value === undefined) {
      throw macroError(sql, offset, name.length + 3, `$__${name} needs ${what}, and the query was run without one.`);
    }
    if (!Number.isFinite(value))
      throw macroError(sql, offset, name.length + 3, `$__${name}: ${what} must be a finite number (got ${value}).`);
    return value;
  };
  const ms = (value: number) => String(Math.floor(value));
  switch (name) {
    case 'timeFilter': {
      const from = need(context.fromMs, 'a time range');
      const to = need(context.toMs, 'a time range');
      return `time BETWEEN from_milliseconds(${ms(from)}) AND from_milliseconds(${ms(to)})`;
    }
    case 'timeFrom':
      return `from_milliseconds(${ms(need(context.fromMs, 'a time range'))})`;
    case 'timeTo':
      return `from_milliseconds(${ms(need(context.toMs, 'a time range'))})`;
    case 'interval':
    case 'interval_ms': {
      const interval = need(context.intervalMs, 'an interval (intervalMs)');
      if (interval < 1) throw macroError(sql, offset, name.length + 3, `$__${name}: the interval must be at least 1 ms (got ${interval}).`);
      const whole = Math.round(interval);
      return name === 'interval' ? durationLiteral(whole) : String(whole);
    }
  }
}

function macroError(sql: string, offset: number, length: number, problem: string): TidemarkError {
  const point = pointAt(sql, offset);
  const excerpt = caretExcerpt(sql, point);
  return new TidemarkError('SQL_SEMANTIC', `Error at line ${point.line}, column ${point.column}: ${problem}\n${excerpt}`, {
    position: { line: point.line, column: point.column },
    details: { problem, excerpt, offset, length },
  });
}

/** Every `$__word` outside string literals, quoted names and comments, in text order. */
function findMacros(sql: string): { offset: number; word: string }[] {
  const found: { offset: number; word: string }[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      // A doubled quote stands for one; an unclosed one is the lexer's error to report.
      let j = i + 1;
      for (;;) {
        const close = sql.indexOf(ch, j);
        if (close < 0) {
          j = n;
          break;
        }
        if (sql[close + 1] === ch) j = close + 2;
        else {
          j = close + 1;
          break;
        }
      }
      i = j;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (ch === '$' && sql[i + 1] === '_' && sql[i + 2] === '_') {
      let j = i + 3;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j] as string)) j++;
      found.push({ offset: i, word: sql.slice(i + 3, j) });
      i = j;
    } else i++;
  }
  return found;
}
