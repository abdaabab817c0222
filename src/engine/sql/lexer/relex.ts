import { tokenize } from './lexer.ts';
import type { Token } from './tokens.ts';

/**
 * Lexing a text that differs from a recent one in a few places, as a dashboard's queries do (the same
 * statement, new times and hosts), without lexing all of it again: only the part from just before the first
 * changed character to the first token past the last one is lexed; the tokens before come as they were and
 * those after are the old ones moved (offsets, lines, and columns on the line where lexing stopped).
 *
 * Why that is exact. The lexer reads at most two characters past a token's end (a number's exponent, `1e+`),
 * so a token ending three or more characters before the first change is unchanged; lexing restarts at the
 * end of the token before the first one that may change, a place between tokens, with the line worked out
 * from the text. The lexer has no look-behind: from the start of a token on, what it makes depends only on
 * the text from there. So once the new lexing starts a token inside the unchanged tail at the place where
 * the old lexing started one, every token from there is the old one moved. Any error (or no such place)
 * leaves the plain lexer to answer, with its own message.
 */
interface Lexed {
  readonly sql: string;
  readonly tokens: readonly Token[];
}

/** Texts kept to compare with: a few, since a dashboard's panels take turns. */
const RECENT = 4;
/** Longer texts are lexed whole and not kept (comparing costs as much as lexing them once). */
const LONGEST = 1 << 16;
const recent: Lexed[] = [];
/** How many texts were lexed in part, for tests. */
let relexed = 0;

/** The tokens of `sql` as {@link tokenize} makes them (without a listener), lexed in part when a recent text shares most of it. */
export function tokenizeRecalling(sql: string): Token[] {
  if (sql.length > LONGEST) return tokenize(sql);
  let tokens: Token[] | undefined;
  // The newest text sharing most of this one (a panel's refresh is usually the newest text of its shape).
  for (let k = recent.length - 1; k >= 0 && tokens === undefined; k--) {
    const old = recent[k] as Lexed;
    const prefix = commonPrefix(old.sql, sql);
    const suffix = commonSuffix(old.sql, sql, prefix);
    // At least half shared (a single-host panel's new host and times change a third of its text).
    if (2 * (prefix + suffix) < sql.length) continue;
    try {
      tokens = relex(old, sql, prefix, suffix);
      relexed++;
    } catch {
      // A text with errors is left to the plain lexer, for its message.
      break;
    }
  }
  tokens ??= tokenize(sql);
  const at = recent.findIndex((r) => r.sql.length === sql.length && r.sql === sql);
  if (at >= 0) recent.splice(at, 1);
  recent.push({ sql, tokens });
  if (recent.length > RECENT) recent.shift();
  return tokens;
}

/** How many texts were lexed in part, and forgets the texts kept (for tests). */
export function relexStatistics(): { relexed: number } {
  return { relexed };
}

export function forgetRecentTexts(): void {
  recent.length = 0;
}

/** Characters compared at a time by equality of slices (a native compare) before one at a time. */
const BLOCK = 32;

/** How many characters `a` and `b` share from their start. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common tail of a and b that overlaps neither's first `prefix` characters. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i + BLOCK <= n && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** The new text's tokens from the old text's (see above); throws what the lexer throws on the changed part. */
function relex(old: Lexed, sql: string, prefix: number, suffix: number): Token[] {
  const before = old.tokens;
  const last = before.length - 1;
  if (prefix === sql.length && prefix === old.sql.length) return before.slice();
  // The first token that may change: the first ending at most two characters before the first change.
  let first = 0;
  while (first < last && (before[first] as Token).end < prefix - 2) first++;
  const from = first === 0 ? 0 : (before[first - 1] as Token).end;
  const { line, lineStart } = lineAt(sql, from);
  const delta = sql.length - old.sql.length;
  const tail = sql.length - suffix;
  let rejoin = -1;
  let rejoinLine = 0;
  let rejoinColumn = 0;
  let search = first;
  const middle = tokenize(sql, undefined, {
    from,
    line,
    lineStart,
    stopBefore(offset, tokenLine, tokenColumn) {
      if (offset < tail) return false;
      // The old tokens start in ascending order: look on from the last place looked.
      const want = offset - delta;
      while (search < last && (before[search] as Token).offset < want) search++;
      if (search >= last || (before[search] as Token).offset !== want) return false;
      rejoin = search;
      rejoinLine = tokenLine;
      rejoinColumn = tokenColumn;
      return true;
    },
  });
  const tokens = before.slice(0, first);
  for (const token of middle) tokens.push(token);
  if (rejoin < 0) return tokens;
  const at = before[rejoin] as Token;
  const lines = rejoinLine - at.line;
  const columns = rejoinColumn - at.column;
  for (let j = rejoin; j <= last; j++) {
    const token = before[j] as Token;
    const column = token.line === at.line ? token.column + columns : token.column;
    if (delta === 0 && lines === 0 && column === token.column) tokens.push(token);
    else
      tokens.push({
        kind: token.kind,
        text: token.text,
        value: token.value,
        unit: token.unit,
        numberKind: token.numberKind,
        offset: token.offset + delta,
        end: token.end + delta,
        line: token.line + lines,
        column,
      });
  }
  return tokens;
}

/** The line (1-based) at `offset` and the offset that line starts at, counting breaks as the lexer does (\n, or \r alone). */
function lineAt(sql: string, offset: number): { line: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const ch = sql.charCodeAt(i);
    if (ch === 10 || (ch === 13 && sql.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, lineStart };
}
