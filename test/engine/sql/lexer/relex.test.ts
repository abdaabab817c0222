import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/engine/sql/lexer/lexer.ts';
import { forgetRecentTexts, relexStatistics, tokenizeRecalling } from '../../../../src/engine/sql/lexer/relex.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { ALL_CORPUS_QUERIES } from '../corpus.ts';
import { Random } from '../differential/random.ts';

/** What a lexer answers for a text: its tokens, or its error's code, message and position. */
function answer(lex: (sql: string) => unknown, sql: string): unknown {
  try {
    return { tokens: lex(sql) };
  } catch (error) {
    if (!(error instanceof TidemarkError)) throw error;
    return { code: error.code, message: error.message, position: error.position, details: error.details };
  }
}

/** Characters that change how the text around them lexes: quotes, comment starts, exponents, line breaks, digits, units. */
const PIECES = [
  "'",
  '"',
  '--',
  '/*',
  '*/',
  'e',
  'E+',
  '1',
  '0.5',
  ' ',
  '\n',
  '\r',
  '\r\n',
  'ms',
  'h',
  '.',
  '-',
  'x',
  '(',
  "''",
  '@p',
  '\t',
];

/** A text changed in one to three places: pieces inserted, characters removed, or both. */
function edit(sql: string, random: Random): string {
  let out = sql;
  const edits = random.int(1, 3);
  for (let e = 0; e < edits; e++) {
    const at = random.int(0, out.length);
    const removed = random.int(0, 3) === 0 ? random.int(1, 4) : 0;
    const inserted = random.int(0, 4) === 0 ? '' : (random.pick(PIECES) as string);
    out = out.slice(0, at) + inserted + out.slice(at + removed);
  }
  return out;
}

describe('tokenizeRecalling', () => {
  it('gives exactly the tokens (or the error) of the plain lexer for texts edited from recent ones', () => {
    forgetRecentTexts();
    const random = new Random(20_261_126);
    const before = relexStatistics().relexed;
    let texts = 0;
    for (const base of ALL_CORPUS_QUERIES) {
      let sql = base;
      for (let step = 0; step < 12; step++) {
        // Mostly small edits of the last text; sometimes back to the original (a recent text other than the last).
        sql = random.int(0, 4) === 0 ? edit(base, random) : edit(sql, random);
        expect(answer(tokenizeRecalling, sql), sql).toEqual(answer(tokenize, sql));
        texts++;
      }
    }
    // Many edited texts were lexed in part (the rest: most edits leave a quote or comment open, an error).
    expect(relexStatistics().relexed - before).toBeGreaterThan(texts / 5);
  });

  it('moves the tokens after a change: offsets, lines, and columns on the line where it rejoins', () => {
    forgetRecentTexts();
    const old = "SELECT a,\n  b FROM t WHERE time > '2024-01-01' AND host IN ('h1')\n  AND x = 1 -- note\nORDER BY 1";
    tokenizeRecalling(old);
    for (const sql of [
      old.replace("'2024-01-01'", "'2024-01-01 12:00:00'"),
      old.replace("'h1'", "'h1', 'h22'"),
      old.replace("'h1')\n", "'h1'\n)\n\n"),
      old.replace('a,\n', 'a,'),
      old.replace('x = 1', 'x = 1e+5'),
      old.replace('x = 1', 'x = 1e'),
      old.replace('-- note', '/* note'),
      old,
    ]) {
      const before = relexStatistics().relexed;
      expect(answer(tokenizeRecalling, sql), sql).toEqual(answer(tokenize, sql));
      tokenizeRecalling(old);
      expect(relexStatistics().relexed).toBeGreaterThanOrEqual(before);
    }
  });

  it('lexes in part a TSBS-like text whose times changed, and one whose hosts changed too', () => {
    forgetRecentTexts();
    const text = (from: string, to: string, host: string) =>
      `SELECT bin(time, 1h) AS hour, hostname, avg(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END), avg(CASE WHEN measure_name = 'usage_system' THEN measure_value::double END) FROM bench.cpu WHERE hostname IN ('${host}') AND time >= '${from}' AND time < '${to}' GROUP BY 1, 2 ORDER BY 1, 2`;
    tokenizeRecalling(text('2016-01-01 02:59:56.705', '2016-01-01 14:59:56.705', 'host_5'));
    const before = relexStatistics().relexed;
    for (const sql of [
      text('2016-01-01 07:12:01.113', '2016-01-01 19:12:01.113', 'host_5'),
      text('2016-01-01 08:00:00.000', '2016-01-01 20:00:00.000', 'host_57'),
    ])
      expect(tokenizeRecalling(sql)).toEqual(tokenize(sql));
    expect(relexStatistics().relexed).toBe(before + 2);
  });

  it('lexes in part a short single-host text whose host and times changed (a third of it)', () => {
    forgetRecentTexts();
    const text = (host: string, from: string, to: string) =>
      `SELECT bin(time, 1m) AS minute, max(measure_value::double) FROM bench.cpu WHERE hostname IN ('${host}') AND time >= '${from}' AND time < '${to}' GROUP BY 1 ORDER BY 1`;
    tokenizeRecalling(text('host_5', '2016-01-01 02:59:56.705', '2016-01-01 03:59:56.705'));
    const before = relexStatistics().relexed;
    const sql = text('host_71', '2016-01-01 17:12:01.113', '2016-01-01 18:12:01.113');
    expect(tokenizeRecalling(sql)).toEqual(tokenize(sql));
    expect(relexStatistics().relexed).toBe(before + 1);
  });
});
