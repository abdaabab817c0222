import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (expression: string) => (await rows(`SELECT ${expression}`))[0]![0];
const same = async (actual: string, expected: string) => expect(await one(actual)).toEqual(await one(expected));

describe('regular-expression functions', () => {
  it('regexp_like matches anywhere in the string (Presto docs)', async () => {
    expect(await one(`regexp_like('1a 2b 14m', '\\d+b')`)).toBe('true');
    expect(await one(`regexp_like('abc', '^b')`)).toBe('false');
    expect(await one(`regexp_like('ABC', '(?i)b')`)).toBe('true');
    expect(await one(`regexp_like(NULL, 'a')`)).toBe(null);
  });

  it('regexp_extract and regexp_extract_all (Presto docs)', async () => {
    expect(await one(`regexp_extract('1a 2b 14m', '\\d+')`)).toBe('1');
    expect(await one(`regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2)`)).toBe('a');
    expect(await one(`regexp_extract('abc', '\\d')`)).toBe(null);
    await same(`regexp_extract_all('1a 2b 14m', '\\d+')`, `ARRAY['1', '2', '14']`);
    await same(`regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2)`, `ARRAY['a', 'b', 'm']`);
    await expect(one(`regexp_extract('a', '(a)', 2)`)).rejects.toThrow(/1 groups/);
  });

  it('regexp_replace with Java replacement syntax and with a lambda (Presto docs)', async () => {
    expect(await one(`regexp_replace('1a 2b 14m', '\\d+[ab] ')`)).toBe('14m');
    expect(await one(`regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')`)).toBe('3ca 3cb 14m');
    expect(await one(`regexp_replace('a.b', '\\.', '\\$')`)).toBe('a$b');
    expect(await one(`regexp_replace('ab', '(?<x>a)', '[\${x}]')`)).toBe('[a]b');
    expect(await one(`regexp_replace('new york', '(\\w)(\\w*)', x -> upper(x[1]) || lower(x[2]))`)).toBe('New York');
  });

  it('regexp_split keeps empty pieces (Presto docs)', async () => {
    await same(`regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')`, `ARRAY['1', '2', '14', '']`);
  });

  it('translates Java-only syntax', async () => {
    expect(await one(`regexp_like('a+b', '\\Qa+b\\E')`)).toBe('true');
    expect(await one(`regexp_like('x"y', 'x\\"y')`)).toBe('true');
    expect(await one(`regexp_like('a-b', 'a\\-b')`)).toBe('true');
    expect(await one(`regexp_like('ab', '\\Ab\\z')`)).toBe('false');
    expect(await one(`regexp_like('😀', '^.$')`)).toBe('true');
    expect(await one(`regexp_like('abc', '^\\p{Lower}+$')`)).toBe('true');
    expect(await one(`regexp_like('aBc', '^\\p{Lower}+$')`)).toBe('false');
    expect(await one(`regexp_replace('a1 b2', '\\P{Alpha}')`)).toBe('ab');
    expect(await one(`regexp_like('é', '\\p{L}')`)).toBe('true');
    await expect(one(`regexp_like('a', 'a++')`)).rejects.toThrow(/Possessive/);
    await expect(one(`regexp_like('a', '(')`)).rejects.toThrow(/Invalid regular expression/);
  });
});
