import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../../src/engine/sql/ast/nodes.ts';
import { printStatement } from '../../../../src/engine/sql/ast/print.ts';
import { stripSpans } from '../../../../src/engine/sql/ast/strip-spans.ts';
import { parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { query } from '../ast/arbitraries.ts';
import { ALL_CORPUS_QUERIES } from '../corpus.ts';

const KEYWORDS = [
  'SELECT',
  'DISTINCT',
  'ALL',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'WITH',
  'AS',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'VALUES',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'OUTER',
  'CROSS',
  'ON',
  'USING',
  'UNNEST',
  'ORDINALITY',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'BETWEEN',
  'LIKE',
  'ESCAPE',
  'EXISTS',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'TRY_CAST',
  'EXTRACT',
  'INTERVAL',
  'ARRAY',
  'ROW',
  'AT',
  'TIME',
  'ZONE',
  'OVER',
  'PARTITION',
  'ROWS',
  'RANGE',
  'PRECEDING',
  'FOLLOWING',
  'UNBOUNDED',
  'CURRENT',
  'FILTER',
  'IGNORE',
  'RESPECT',
  'NULLS',
  'FIRST',
  'LAST',
  'ASC',
  'DESC',
  'ANY',
  'SOME',
  'GROUPING',
  'SETS',
  'ROLLUP',
  'CUBE',
  'SHOW',
  'DATABASES',
  'TABLES',
  'MEASURES',
  'DESCRIBE',
  'EXPLAIN',
  'ANALYZE',
  'DELETE',
  'TO',
  'DAY',
  'YEAR',
  'TIMESTAMP',
  'DATE',
  'DOUBLE',
  'POSITION',
  'current_timestamp',
  'measure_value',
  'double',
  'bigint',
  'decimal',
];
const OTHER_TOKENS = [
  'a',
  'b',
  't',
  'x',
  'time',
  'db',
  '"q"',
  '"a""b"',
  'bin',
  'ago',
  'count',
  '1',
  '42',
  '2.5',
  '1e3',
  "'s'",
  "'it''s'",
  '15s',
  '1m',
  '100ms',
  '?',
  '@p',
  '=',
  '<>',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '||',
  '::',
  '->',
  '(',
  ')',
  '(',
  ')',
  ',',
  ',',
  '.',
  '[',
  ']',
  ';',
];
const ODD_FRAGMENTS = ["'", '"', '/*', '--', '`', '|', '!', '#', '@', '$', '\n', '\t', '\u00e9', '1abc', '.5'];

const tokenSoup = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...KEYWORDS) },
      { weight: 6, arbitrary: fc.constantFrom(...OTHER_TOKENS) },
      { weight: 1, arbitrary: fc.constantFrom(...ODD_FRAGMENTS) },
    ),
    { maxLength: 25 },
  )
  .chain((tokens) =>
    // A valid opening gets most soups past the first token, deeper into the grammar.
    fc.constantFrom('', 'SELECT ', 'SELECT a FROM t WHERE ', 'SELECT f(').map((prefix) => `${prefix}${tokens.join(' ')}`),
  );

/** Inputs that parse are also printable: the printed text parses back to the same tree. */
function checkParses(sql: string): void {
  let statement: Statement;
  try {
    statement = parseStatement(sql);
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'SQL_SYNTAX') {
      throw new Error(`parsing ${JSON.stringify(sql)} threw something other than a SQL_SYNTAX TidemarkError: ${String(error)}`);
    }
    expect(error.position?.line).toBeGreaterThanOrEqual(1);
    expect(error.position?.column).toBeGreaterThanOrEqual(1);
    expect(typeof error.details?.excerpt).toBe('string');
    return;
  }
  const printed = printStatement(statement);
  expect(stripSpans(parseStatement(printed)), `${sql}\nprinted as\n${printed}`).toEqual(stripSpans(statement));
}

/** Valid queries to mutate. */
const SEEDS = [
  "SELECT bin(time, 1m) AS b, avg(measure_value::double) FROM \"db\".cpu WHERE hostname IN ('a', 'b') AND time > ago(1h) GROUP BY 1 ORDER BY b DESC NULLS LAST LIMIT 10",
  'WITH x (a) AS (SELECT 1) SELECT * FROM x LEFT JOIN y USING (a) CROSS JOIN UNNEST(ts) WITH ORDINALITY AS u(t, v, n)',
  "SELECT lag(v, 1) IGNORE NULLS OVER (PARTITION BY h ORDER BY time ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t WHERE s LIKE 'a%' ESCAPE '!'",
  'SELECT CASE WHEN a IS NOT NULL THEN CAST(a AS decimal(10, 2)) ELSE TRY_CAST(b AS double) END, x -> x + 1, ARRAY[1, 2][1], (a, b) FROM t',
  'SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT (SELECT 4 ORDER BY 1 LIMIT 1)',
  "SHOW MEASURES FROM db.t LIKE 'cpu%'",
  "DELETE FROM db.t WHERE time BETWEEN timestamp '2024-01-01' AND now() - interval '1' day",
];

const mutatedQuery = fc
  .tuple(
    fc.constantFrom(...SEEDS, ...ALL_CORPUS_QUERIES),
    fc.array(fc.tuple(fc.nat(), fc.nat(12), fc.oneof(fc.constantFrom(...KEYWORDS, ...OTHER_TOKENS, ...ODD_FRAGMENTS), fc.constant(''))), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, length, insert] of edits) {
      const start = at % (text.length + 1);
      text = `${text.slice(0, start)}${insert === '' ? '' : ` ${insert} `}${text.slice(start + length)}`;
    }
    return text;
  });

describe('parser fuzz', () => {
  it('throws nothing but SQL_SYNTAX errors on random token soups (10,000)', () => {
    fc.assert(fc.property(tokenSoup, checkParses), { numRuns: 10_000 });
  });

  it('throws nothing but SQL_SYNTAX errors on mutated queries (8,000)', () => {
    fc.assert(fc.property(mutatedQuery, checkParses), { numRuns: 8_000 });
  });

  it('throws nothing but SQL_SYNTAX errors on truncations of generated queries', () => {
    fc.assert(
      fc.property(query, fc.nat(), (tree, cut) => {
        const text = printStatement(tree);
        checkParses(text.slice(0, cut % (text.length + 1)));
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but SQL_SYNTAX errors on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40, unit: 'binary' }), checkParses), { numRuns: 1_000 });
  });
});
