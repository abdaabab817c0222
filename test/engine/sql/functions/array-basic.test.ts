import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (expression: string) => (await rows(`SELECT ${expression}`))[0]![0];
/** Compares two expressions' printed values, so array results need not be spelled in the printed form. */
const same = async (actual: string, expected: string) => expect(await one(actual)).toEqual(await one(expected));

describe('array functions', () => {
  it('distinct and the set operations', async () => {
    await same(`array_distinct(ARRAY[1, 2, 2, NULL, NULL, 3])`, `ARRAY[1, 2, NULL, 3]`);
    await same(`array_intersect(ARRAY[1, 2, 3, 2], ARRAY[2, 3, 4])`, `ARRAY[2, 3]`);
    await same(`array_union(ARRAY[1, 2], ARRAY[2, 3])`, `ARRAY[1, 2, 3]`);
    await same(`array_except(ARRAY[1, 2, 3, 1], ARRAY[2])`, `ARRAY[1, 3]`);
    await same(`array_union(ARRAY[1], ARRAY[2.5])`, `ARRAY[1.0, 2.5]`);
    expect(await one(`arrays_overlap(ARRAY[1, 2], ARRAY[2, 3])`)).toBe('true');
    expect(await one(`arrays_overlap(ARRAY[1, 2], ARRAY[3])`)).toBe('false');
    expect(await one(`arrays_overlap(ARRAY[1, NULL], ARRAY[3])`)).toBe(null);
  });

  it('array_join skips NULLs unless given a replacement', async () => {
    expect(await one(`array_join(ARRAY[1, NULL, 3], ',')`)).toBe('1,3');
    expect(await one(`array_join(ARRAY[1, NULL, 3], ',', 'x')`)).toBe('1,x,3');
    expect(await one(`array_join(ARRAY[1.5, 2.0], '|')`)).toBe('1.5|2.0');
  });

  it('array_max, array_min, array_position, array_remove, array_sort', async () => {
    expect(await one(`array_max(ARRAY[1, 5, 3])`)).toBe('5');
    expect(await one(`array_min(ARRAY['b', 'a'])`)).toBe('a');
    expect(await one(`array_max(ARRAY[1, NULL])`)).toBe(null);
    expect(await one(`array_position(ARRAY[10, 20, 30], 20)`)).toBe('2');
    expect(await one(`array_position(ARRAY[10, 20], 5)`)).toBe('0');
    await same(`array_remove(ARRAY[1, 2, 1, 3], 1)`, `ARRAY[2, 3]`);
    await same(`array_sort(ARRAY[3, NULL, 1, 2])`, `ARRAY[1, 2, 3, NULL]`);
  });

  it('cardinality, element_at, repeat, slice, zip, shuffle', async () => {
    expect(await one(`cardinality(ARRAY[1, 2, 3])`)).toBe('3');
    expect(await one(`element_at(ARRAY[1, 2, 3], 1)`)).toBe('1');
    expect(await one(`element_at(ARRAY[1, 2, 3], -1)`)).toBe('3');
    expect(await one(`element_at(ARRAY[1, 2, 3], 4)`)).toBe(null);
    expect(await one(`element_at(ARRAY[1, 2, 3], -4)`)).toBe(null);
    await expect(one(`element_at(ARRAY[1], 0)`)).rejects.toThrow(/start at 1/);
    await same(`repeat('a', 3)`, `ARRAY['a', 'a', 'a']`);
    await same(`repeat(1, 0)`, `slice(ARRAY[1], 1, 0)`);
    expect(await one(`cardinality(repeat(NULL, 2))`)).toBe('2');
    await same(`slice(ARRAY[1, 2, 3, 4], 2, 2)`, `ARRAY[2, 3]`);
    await same(`slice(ARRAY[1, 2, 3, 4], -2, 5)`, `ARRAY[3, 4]`);
    await same(`zip(ARRAY[1, 2], ARRAY['a'])`, `ARRAY[ROW(1, 'a'), ROW(2, NULL)]`);
    await same(`array_sort(shuffle(ARRAY[3, 1, 2]))`, `ARRAY[1, 2, 3]`);
  });
});

describe('map functions', () => {
  it('builds maps and reads them', async () => {
    expect(await one(`cardinality(map(ARRAY['a', 'b'], ARRAY[1, 2]))`)).toBe('2');
    expect(await one(`cardinality(map())`)).toBe('0');
    await same(`map_keys(map(ARRAY['a', 'b'], ARRAY[1, 2]))`, `ARRAY['a', 'b']`);
    await same(`map_values(map(ARRAY['a', 'b'], ARRAY[1, 2]))`, `ARRAY[1, 2]`);
    expect(await one(`element_at(map(ARRAY['a', 'b'], ARRAY[1, 2]), 'b')`)).toBe('2');
    expect(await one(`element_at(map(ARRAY['a'], ARRAY[1]), 'z')`)).toBe(null);
    await expect(one(`map(ARRAY[1, 1], ARRAY[2, 3])`)).rejects.toThrow(/duplicate/);
    await expect(one(`map(ARRAY[1], ARRAY[2, 3])`)).rejects.toThrow(/same length/);
  });
});

describe('bitwise functions and typeof', () => {
  it('computes in 64-bit two’s complement', async () => {
    expect(await one(`bit_count(9, 64)`)).toBe('2');
    expect(await one(`bit_count(9, 8)`)).toBe('2');
    expect(await one(`bit_count(-7, 64)`)).toBe('62');
    expect(await one(`bit_count(-7, 8)`)).toBe('6');
    await expect(one(`bit_count(200, 8)`)).rejects.toThrow(/8 bits/);
    expect(await one(`bitwise_and(12, 10)`)).toBe('8');
    expect(await one(`bitwise_or(12, 10)`)).toBe('14');
    expect(await one(`bitwise_xor(12, 10)`)).toBe('6');
    expect(await one(`bitwise_not(0)`)).toBe('-1');
  });

  it('typeof names Presto types', async () => {
    expect(await one(`typeof(1)`)).toBe('integer');
    expect(await one(`typeof(1.5)`)).toBe('double');
    expect(await one(`typeof('a')`)).toBe('varchar');
    expect(await one(`typeof(NULL)`)).toBe('unknown');
    expect(await one(`typeof(ARRAY[1])`)).toBe('array(integer)');
  });
});

describe('array functions: errors and NULLs', () => {
  it('says which types met and passes NULL through', async () => {
    await expect(one(`array_max(1)`)).rejects.toThrow(/array_max\(integer\) does not exist/);
    await expect(one(`array_union(ARRAY[1], ARRAY['a'])`)).rejects.toThrow(/does not exist/);
    expect(await one(`array_distinct(CAST(NULL AS array(integer)))`)).toBe(null);
    expect(await one(`array_position(ARRAY[1, NULL], NULL)`)).toBe(null);
  });
});

describe('array_sort with a comparator', () => {
  it('orders by the lambda (Presto docs)', async () => {
    await same(`array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))`, `ARRAY[5, 3, 2, 2, 1]`);
    await same(`array_sort(ARRAY['bc', 'ab', 'dc'], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))`, `ARRAY['dc', 'bc', 'ab']`);
  });
});
