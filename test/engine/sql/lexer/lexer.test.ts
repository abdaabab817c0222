import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/engine/sql/lexer/lexer.ts';
import { OPERATORS, type Token } from '../../../../src/engine/sql/lexer/tokens.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';

/** kind:value pairs, without the eof token, for compact expectations. */
function kinds(sql: string): string[] {
  return tokenize(sql)
    .filter((token) => token.kind !== 'eof')
    .map((token) => `${token.kind}:${token.value}`);
}

function lexError(sql: string): TidemarkError {
  try {
    tokenize(sql);
  } catch (error) {
    expect(error).toBeInstanceOf(TidemarkError);
    return error as TidemarkError;
  }
  throw new Error(`expected ${JSON.stringify(sql)} to fail`);
}

describe('lexer', () => {
  it('reads words case-insensitively but keeps their text', () => {
    const [select, name] = tokenize('select Host_1') as [Token, Token];
    expect(select).toMatchObject({ kind: 'word', value: 'SELECT', text: 'select' });
    expect(name).toMatchObject({ kind: 'word', value: 'HOST_1', text: 'Host_1' });
  });

  it('reads quoted identifiers with "" as an escaped quote', () => {
    expect(kinds('"db"."my ""odd"" table"')).toEqual(['quotedIdentifier:db', 'operator:.', 'quotedIdentifier:my "odd" table']);
  });

  it("reads strings with '' as an escaped quote, across lines", () => {
    expect(kinds("'it''s' 'a\nb' ''")).toEqual(["string:it's", 'string:a\nb', 'string:']);
  });

  it('reads integers, decimals and exponents', () => {
    const tokens = tokenize('42 4.2 .5 5. 1e10 2.5E-3 7e+2');
    expect(tokens.slice(0, -1).map((t) => [t.value, t.numberKind])).toEqual([
      ['42', 'integer'],
      ['4.2', 'decimal'],
      ['.5', 'decimal'],
      ['5.', 'decimal'],
      ['1e10', 'double'],
      ['2.5E-3', 'double'],
      ['7e+2', 'double'],
    ]);
  });

  it('reads duration shorthands as one token with a normalised unit', () => {
    const tokens = tokenize('15s 1m 2h 1d 100ms 10us 5ns 12second 21hour 3MINUTE 4day 7millisecond 8microsecond 9nanosecond 1.5h');
    expect(tokens.slice(0, -1).map((t) => `${t.kind}:${t.value}${t.unit}`)).toEqual([
      'duration:15s',
      'duration:1m',
      'duration:2h',
      'duration:1d',
      'duration:100ms',
      'duration:10us',
      'duration:5ns',
      'duration:12s',
      'duration:21h',
      'duration:3m',
      'duration:4d',
      'duration:7ms',
      'duration:8us',
      'duration:9ns',
      'duration:1.5h',
    ]);
  });

  it('tells a number followed by letters apart from a duration', () => {
    expect(kinds('1 d')).toEqual(['number:1', 'word:D']);
    const error = lexError('SELECT 10min');
    expect(error.code).toBe('SQL_SYNTAX');
    expect(error.position).toEqual({ line: 1, column: 8 });
    expect(error.message).toContain("'10min' is neither a number nor a duration");
    expect(lexError('1e5s').message).toContain('neither a number nor a duration');
  });

  it('reads every operator, longest match first', () => {
    const text = OPERATORS.filter((op) => op !== '?').join(' ');
    expect(kinds(text)).toEqual(OPERATORS.filter((op) => op !== '?').map((op) => `operator:${op}`));
    expect(kinds('a<=b<>c!=d||e::f->g')).toEqual([
      'word:A',
      'operator:<=',
      'word:B',
      'operator:<>',
      'word:C',
      'operator:!=',
      'word:D',
      'operator:||',
      'word:E',
      'operator:::',
      'word:F',
      'operator:->',
      'word:G',
    ]);
  });

  it('reads positional and named parameters', () => {
    expect(kinds('? @scheduled_runtime')).toEqual(['parameter:', 'parameter:scheduled_runtime']);
  });

  it('reads measure_value::double as name, ::, type (the parser joins them)', () => {
    expect(kinds('measure_value::double')).toEqual(['word:MEASURE_VALUE', 'operator:::', 'word:DOUBLE']);
  });

  it('skips line and block comments', () => {
    expect(kinds('a -- the rest\n/* a\nblock */ b --')).toEqual(['word:A', 'word:B']);
  });

  it('gives every token its offset, line and column', () => {
    const tokens = tokenize('SELECT a,\r\n  "b"\n\t/* x\n */ 15s');
    expect(tokens.map((t) => [t.text, t.offset, t.line, t.column])).toEqual([
      ['SELECT', 0, 1, 1],
      ['a', 7, 1, 8],
      [',', 8, 1, 9],
      ['"b"', 13, 2, 3],
      ['15s', 27, 4, 5],
      ['', 30, 4, 8],
    ]);
  });

  it('reports unterminated strings, names and comments where they start', () => {
    const string = lexError("SELECT a\nFROM t WHERE b = 'abc");
    expect(string.position).toEqual({ line: 2, column: 18 });
    expect(string.message).toContain('the string starting here is never closed');
    expect(string.details?.excerpt).toBe("2 | FROM t WHERE b = 'abc\n  |                  ^");
    expect(string.message).toContain(String(string.details?.excerpt));

    const name = lexError('SELECT "abc FROM t');
    expect(name.position).toEqual({ line: 1, column: 8 });
    expect(name.message).toContain('quoted name');

    const comment = lexError('SELECT 1 /* never\nclosed');
    expect(comment.position).toEqual({ line: 1, column: 10 });
    expect(comment.message).toContain('comment');
  });

  it('explains characters that cannot start a token', () => {
    expect(lexError('a | b').message).toContain("did you mean '||'");
    expect(lexError('a ! b').message).toContain("'!='");
    expect(lexError('SELECT `a`').message).toContain('double quotes');
    expect(lexError('SELECT #').message).toContain("unexpected character '#'");
    expect(lexError('SELECT @').message).toContain('parameter name');
    expect(lexError('SELECT ""').message).toContain('cannot be empty');
  });

  it('accepts letters beyond ASCII in names', () => {
    expect(kinds('température')).toEqual(['word:TEMPÉRATURE']);
  });
});
