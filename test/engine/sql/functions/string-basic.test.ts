import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (expression: string) => (await rows(`SELECT ${expression}`))[0]![0];

describe('string functions', () => {
  it('concat joins strings and arrays', async () => {
    expect(await one(`concat('a', 'b', 'c')`)).toBe('abc');
    expect(await one(`concat('a', NULL)`)).toBe(null);
    expect(await one(`concat(ARRAY[1, 2], ARRAY[3])`)).toBe(await one(`ARRAY[1, 2, 3]`));
    expect(await one(`concat(ARRAY[1, 2], 3)`)).toBe(await one(`ARRAY[1, 2, 3]`));
    expect(await one(`concat(0, ARRAY[1])`)).toBe(await one(`ARRAY[0, 1]`));
  });

  it('length counts code points; lower and upper', async () => {
    expect(await one(`length('héllo')`)).toBe('5');
    expect(await one(`length('😀a')`)).toBe('2');
    expect(await one(`length(NULL)`)).toBe(null);
    expect(await one(`lower('AbC')`)).toBe('abc');
    expect(await one(`upper('AbC')`)).toBe('ABC');
  });

  it('lpad and rpad pad or truncate', async () => {
    expect(await one(`lpad('7', 3, '0')`)).toBe('007');
    expect(await one(`rpad('ab', 5, 'xy')`)).toBe('abxyx');
    expect(await one(`lpad('abcdef', 3, '0')`)).toBe('abc');
    await expect(one(`lpad('a', 3, '')`)).rejects.toThrow(/empty/);
  });

  it('trim, ltrim and rtrim strip whitespace or given characters', async () => {
    expect(await one(`trim('  a b  ')`)).toBe('a b');
    expect(await one(`ltrim('  a ')`)).toBe('a ');
    expect(await one(`rtrim('  a ')`)).toBe('  a');
    expect(await one(`trim('xxaxx', 'x')`)).toBe('a');
  });

  it('replace, reverse', async () => {
    expect(await one(`replace('abcabc', 'b')`)).toBe('acac');
    expect(await one(`replace('abcabc', 'b', 'X')`)).toBe('aXcaXc');
    expect(await one(`replace('ab', '', '-')`)).toBe('-a-b-');
    expect(await one(`reverse('abc')`)).toBe('cba');
    expect(await one(`reverse(ARRAY[1, 2, 3])`)).toBe(await one(`ARRAY[3, 2, 1]`));
  });

  it('split and split_part', async () => {
    expect(await one(`split('a,b,c', ',')`)).toBe(await one(`ARRAY['a', 'b', 'c']`));
    expect(await one(`split('a,b,c', ',', 2)`)).toBe(await one(`ARRAY['a', 'b,c']`));
    expect(await one(`split_part('a,b,c', ',', 2)`)).toBe('b');
    expect(await one(`split_part('a,b,c', ',', 4)`)).toBe(null);
    await expect(one(`split_part('a', ',', 0)`)).rejects.toThrow(/positive/);
  });

  it('strrpos finds the n-th occurrence from the end', async () => {
    expect(await one(`strrpos('abab', 'b')`)).toBe('4');
    expect(await one(`strrpos('abab', 'b', 2)`)).toBe('2');
    expect(await one(`strrpos('abab', 'b', 3)`)).toBe('0');
    expect(await one(`strrpos('aaa', 'aa')`)).toBe('2');
    expect(await one(`strrpos('aaa', 'aa', 2)`)).toBe('1');
    expect(await one(`strrpos('😀b😀b', 'b')`)).toBe('4');
    expect(await one(`strrpos('high', 'x')`)).toBe('0');
    expect(await one(`strrpos(CAST(NULL AS varchar), 'x')`)).toBe(null);
    await expect(one(`strrpos('a', 'a', 0)`)).rejects.toThrow(/instance must be positive/);
  });

  it('strpos and position count from 1, 0 when absent', async () => {
    expect(await one(`strpos('high', 'ig')`)).toBe('2');
    expect(await one(`strpos('high', 'x')`)).toBe('0');
    expect(await one(`strpos('abab', 'b', 2)`)).toBe('4');
    expect(await one(`position('ig' IN 'high')`)).toBe('2');
  });

  it('substr and substring: 1-based, negative from the end', async () => {
    expect(await one(`substr('Quadratically', 5)`)).toBe('ratically');
    expect(await one(`substr('Quadratically', 5, 6)`)).toBe('ratica');
    expect(await one(`substr('abc', -2)`)).toBe('bc');
    expect(await one(`substr('abc', 0)`)).toBe('');
    expect(await one(`substr('abc', 9)`)).toBe('');
    expect(await one(`substring('abc', 2, 1)`)).toBe('b');
  });

  it('distances, chr, codepoint, starts_with', async () => {
    expect(await one(`levenshtein_distance('kitten', 'sitting')`)).toBe('3');
    expect(await one(`hamming_distance('abc', 'abd')`)).toBe('1');
    await expect(one(`hamming_distance('a', 'ab')`)).rejects.toThrow(/same length/);
    expect(await one(`chr(65)`)).toBe('A');
    expect(await one(`codepoint('A')`)).toBe('65');
    expect(await one(`starts_with('abc', 'ab')`)).toBe('true');
  });

  it('says which types met', async () => {
    await expect(one(`length(1)`)).rejects.toThrow(/length\(integer\) does not exist/);
  });
});

describe('string functions: edge cases', () => {
  it('trim strips Unicode spaces but not the no-break space, as Java', async () => {
    expect(await one(`trim('\u3000a\u2003')`)).toBe('a');
    expect(await one(`trim('\u00a0a')`)).toBe('\u00a0a');
  });

  it('strpos counts code points past astral characters', async () => {
    expect(await one(`strpos('😀ab', 'b')`)).toBe('3');
    expect(await one(`reverse('a😀')`)).toBe('😀a');
  });

  it('NULL in gives NULL out', async () => {
    expect(await one(`lpad(NULL, 3, 'x')`)).toBe(null);
    expect(await one(`levenshtein_distance('a', NULL)`)).toBe(null);
    expect(await one(`split_part('a,b', NULL, 1)`)).toBe(null);
  });
});
