import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { printStatement } from '../../../../src/engine/sql/ast/print.ts';
import { tokenize } from '../../../../src/engine/sql/lexer/lexer.ts';
import type { Token } from '../../../../src/engine/sql/lexer/tokens.ts';
import { parseStatement, parseStatementUncached } from '../../../../src/engine/sql/parser/parse.ts';
import {
  clearStatementCache,
  STATEMENT_CACHE_CAPACITY,
  statementCacheStatistics,
} from '../../../../src/engine/sql/parser/statement-cache.ts';
import { statement as statementArbitrary } from '../ast/arbitraries.ts';
import { ALL_CORPUS_QUERIES } from '../corpus.ts';
import { factsOf, type GeneratedTable } from '../differential/data/dataset.ts';
import { generateDevopsEvents, generateDevopsMulti } from '../differential/data/devops.ts';
import { generateTsbsCpu, tsbsCpuAsMulti } from '../differential/data/tsbs-cpu.ts';
import { renderPart } from '../differential/queries/fragment.ts';
import { generateQueries } from '../differential/queries/generate-queries.ts';

/** The differential suite's queries (its default seed and count), in Tidemark's dialect. */
function differentialQueries(): string[] {
  const seed = 20_240_101;
  const nowMs = Date.UTC(2024, 0, 1, 0, 5, 0);
  const tsbsCpu = generateTsbsCpu(seed, 6, 60, nowMs - 30_000);
  const tables: GeneratedTable[] = [
    tsbsCpu,
    generateDevopsMulti(seed + 1, 1, 60, nowMs - 20_000),
    generateDevopsEvents(seed + 2, 1, 60, nowMs - 20_000),
    tsbsCpuAsMulti(tsbsCpu),
  ];
  const [cpu, devops, events, cpuMulti] = tables.map(factsOf) as [ReturnType<typeof factsOf>, ...ReturnType<typeof factsOf>[]];
  const base = { nowMs, cpu, devops: devops!, events: events!, cpuMulti: cpuMulti! };
  return generateQueries(base, seed, 500).map((q) => renderPart(q.sql, 'tidemark'));
}

/** Printed random statements, the parser fuzz test's tree arbitrary, from a fixed seed. */
function fuzzQueries(count: number): string[] {
  return fc.sample(statementArbitrary, { numRuns: count, seed: 42 }).map(printStatement);
}

/**
 * The text with every literal changed: strings get other contents (longer, with a doubled quote and a
 * line break, so later spans move to other lines), numbers and duration amounts other digits (of the same
 * kind), and `spaces` more blanks or line breaks between tokens, so every span after them moves.
 */
function mutate(sql: string, variant: number): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return sql;
  }
  let out = '';
  let at = 0;
  for (const [i, token] of tokens.entries()) {
    if (token.kind === 'eof') break;
    out += sql.slice(at, token.offset);
    if (i % 3 === variant % 3) out += variant % 2 === 0 ? '  ' : '\n ';
    out += mutateToken(token, variant);
    at = token.end;
  }
  return out + sql.slice(at);
}

function mutateToken(token: Token, variant: number): string {
  switch (token.kind) {
    case 'string':
      return `'${`x${variant}\n${token.value}`.replaceAll("'", "''")}'''`;
    case 'number':
      // Digits after the last one keep an integer an integer, a decimal a decimal, an exponent an exponent.
      return `${token.text}${variant % 10}${variant % 7}`;
    case 'duration': {
      const unitStart = token.text.search(/[a-z]/i);
      return `${token.text.slice(0, unitStart)}${variant % 9}${token.text.slice(unitStart)}`;
    }
    default:
      return token.text;
  }
}

/** Parses through the cache and without it; both must agree exactly (spans included), or fail alike. */
function expectSameParse(sql: string): void {
  let fresh: unknown;
  let freshError: unknown;
  try {
    fresh = parseStatementUncached(sql);
  } catch (error) {
    freshError = error;
  }
  if (freshError !== undefined) {
    expect(() => parseStatement(sql), sql).toThrow((freshError as Error).message);
    return;
  }
  expect(parseStatement(sql), sql).toStrictEqual(fresh);
}

describe('statement cache', () => {
  beforeEach(() => clearStatementCache());

  it('rebuilds exactly what the parser builds, for the corpus, the differential and fuzz queries with their literals changed', () => {
    const corpus = [...ALL_CORPUS_QUERIES, ...differentialQueries(), ...fuzzQueries(1500)];
    expect(corpus.length).toBeGreaterThan(2000);
    const before = statementCacheStatistics().hits;
    for (const sql of corpus) {
      // The first parse remembers the shape (when it can); the others are rebuilt from it.
      expectSameParse(sql);
      for (let variant = 0; variant < 3; variant++) expectSameParse(mutate(sql, variant));
      expectSameParse(sql);
    }
    // Most statements are cacheable (not those with a literal elsewhere, as in varchar(10)), so most
    // of the four parses after the first came from the cache.
    const hits = statementCacheStatistics().hits - before;
    expect(hits).toBeGreaterThan(corpus.length * 2);
  });

  it('gives the same trees and errors for texts edited into other shapes, valid or not', () => {
    const seeds = [...ALL_CORPUS_QUERIES];
    const edited = fc.sample(
      fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(8), fc.constantFrom('', '1', "'a'", ',', '(', ')', 'x', '2h', ' AND ', '.')),
      { numRuns: 3000, seed: 7 },
    );
    for (const [seed, at, length, insert] of edited) {
      const start = at % (seed.length + 1);
      const text = `${seed.slice(0, start)}${insert}${seed.slice(start + length)}`;
      expectSameParse(seed);
      expectSameParse(text);
      expectSameParse(mutate(text, at));
    }
  });

  it('leaves out statements that keep a literal outside a literal node, and parses them afresh', () => {
    for (const sql of ["SHOW TABLES FROM db LIKE 'cpu%'", 'SELECT CAST(a AS varchar(10)) FROM t']) {
      expectSameParse(sql);
      expect(statementCacheStatistics().size).toBe(0);
      expectSameParse(mutate(sql, 1));
    }
  });

  it('rebuilds long chains and deep nesting as the parser builds them', () => {
    const chain = (n: number, literal: string) => `SELECT ${Array.from({ length: n }, () => literal).join(' + ')} FROM t`;
    const nested = (n: number, literal: string) => `SELECT ${'('.repeat(n)}${literal}${')'.repeat(n)} FROM t`;
    const before = statementCacheStatistics().hits;
    for (const make of [chain, nested]) {
      const depth = make === chain ? 900 : 150;
      expectSameParse(make(depth, '1'));
      expectSameParse(make(depth, '23'));
    }
    expect(statementCacheStatistics().hits - before).toBe(2);
  });

  it('is bounded, and forgets the least recently used shape first', () => {
    const shape = (i: number) => `SELECT c${i} FROM t WHERE x = 'v'`;
    for (let i = 0; i < STATEMENT_CACHE_CAPACITY; i++) parseStatement(shape(i));
    expect(statementCacheStatistics().size).toBe(STATEMENT_CACHE_CAPACITY);
    // Shape 0 is used again, so shape 1 is now the least recently used and goes first.
    parseStatement(shape(0));
    for (let i = STATEMENT_CACHE_CAPACITY; i < STATEMENT_CACHE_CAPACITY * 3; i++) {
      parseStatement(shape(i));
      if (i === STATEMENT_CACHE_CAPACITY) {
        const hits = statementCacheStatistics().hits;
        parseStatement(shape(0));
        expect(statementCacheStatistics().hits).toBe(hits + 1);
        parseStatement(shape(1));
        expect(statementCacheStatistics().hits).toBe(hits + 1);
      }
    }
    expect(statementCacheStatistics().size).toBe(STATEMENT_CACHE_CAPACITY);
  });

  it('hands out a fresh tree each time, which the next parse does not share', () => {
    const first = parseStatement("SELECT a FROM t WHERE b = 'x'");
    const second = parseStatement("SELECT a FROM t WHERE b = 'yy'");
    const third = parseStatement("SELECT a FROM t WHERE b = 'x'");
    expect(second).not.toBe(first);
    expect(third).toStrictEqual(first);
    expect(third).not.toBe(first);
    expect(JSON.stringify(second)).toContain('"value":"yy"');
    expect(JSON.stringify(second)).toContain('"span":{"start":26,"end":30,"line":1,"column":27}');
  });
});
