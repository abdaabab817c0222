import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

/** The elements of an array cell, which rows() gives as Timestream's JSON ArrayValue. */
const elements = (cell: string | null | undefined): (string | null)[] | null =>
  cell == null ? null : (JSON.parse(cell) as { ArrayValue: { ScalarValue?: string }[] }).ArrayValue.map((d) => d.ScalarValue ?? null);

const DATA = `(VALUES (1, 'a', 3, true), (1, 'b', NULL, false), (1, 'a', 1, NULL), (2, 'c', 2, true), (2, NULL, 5, true)) AS t(g, s, v, b)`;

describe('count_if, arbitrary, bool_and, bool_or, every', () => {
  it('count_if counts true rows; NULL is not true; 0 over no rows', async () => {
    expect(await rows(`SELECT g, count_if(b), count_if(v > 1) FROM ${DATA} GROUP BY g ORDER BY g`)).toEqual([
      ['1', '1', '1'],
      ['2', '2', '2'],
    ]);
    expect(await rows(`SELECT count_if(b) FROM ${DATA} WHERE g = 9`)).toEqual([['0']]);
  });

  it('bool_and, every and bool_or skip NULLs and give NULL over no rows', async () => {
    expect(await rows(`SELECT g, bool_and(b), every(b), bool_or(b) FROM ${DATA} GROUP BY g ORDER BY g`)).toEqual([
      ['1', 'false', 'false', 'true'],
      ['2', 'true', 'true', 'true'],
    ]);
    expect(await rows(`SELECT bool_and(b), bool_or(b) FROM ${DATA} WHERE v IS NULL AND b IS NULL`)).toEqual([[null, null]]);
  });

  it('arbitrary gives a non-NULL value of the group', async () => {
    expect(await rows(`SELECT arbitrary(v) FROM ${DATA} WHERE g = 1 AND s = 'b' OR g = 2`)).toEqual([['2']]);
    expect(await rows(`SELECT arbitrary(v) FROM ${DATA} WHERE s = 'b'`)).toEqual([[null]]);
  });

  it('rejects a non-boolean argument naming the types', async () => {
    await expect(rows(`SELECT count_if(s) FROM ${DATA}`)).rejects.toThrow(/count_if\(varchar\)/);
    await expect(rows(`SELECT bool_and(v) FROM ${DATA}`)).rejects.toThrow(/bool_and\(integer\)/);
  });
});

describe('array_agg, histogram, map_agg', () => {
  it('array_agg keeps input order and NULLs, and is NULL over no rows', async () => {
    const grouped = await rows(`SELECT g, array_agg(v) FROM ${DATA} GROUP BY g ORDER BY g`);
    expect(grouped.map(([g, a]) => [g, elements(a)])).toEqual([
      ['1', ['3', null, '1']],
      ['2', ['2', '5']],
    ]);
    expect(await rows(`SELECT array_agg(v) FROM ${DATA} WHERE g = 9`)).toEqual([[null]]);
  });

  it('histogram counts each distinct non-NULL value', async () => {
    expect(await rows(`SELECT histogram(s) FROM ${DATA}`)).toEqual([['{a=2, b=1, c=1}']]);
    expect(await rows(`SELECT h[1.5], h[2.0] FROM (SELECT histogram(v) AS h FROM (VALUES 1.5, 1.5, 2.0, NULL) AS t(v))`)).toEqual([
      ['2', '1'],
    ]);
  });

  it('map_agg pairs keys with values, skips NULL keys, and keeps the first value of a repeated key', async () => {
    expect(await rows(`SELECT map_agg(s, v) FROM ${DATA}`)).toEqual([['{a=3, b=NULL, c=2}']]);
    expect(await rows(`SELECT m['c'] FROM (SELECT map_agg(s, v) AS m FROM ${DATA})`)).toEqual([['2']]);
  });
});

describe('DISTINCT and FILTER', () => {
  it('apply to the collection and statistics aggregates through the generic path', async () => {
    const [r] = await rows(
      `SELECT array_agg(DISTINCT s), histogram(s) FILTER (WHERE g = 1), var_pop(DISTINCT v) FROM ${DATA} WHERE s IS NOT NULL`,
    );
    expect(elements(r![0])).toEqual(['a', 'b', 'c']);
    expect(r![1]).toBe('{a=2, b=1}');
    expect(Number(r![2])).toBeCloseTo(2 / 3, 12);
  });
});

describe('min_by and max_by with n', () => {
  const SCORES = `(VALUES ('a', 10), ('b', 30), ('c', 20), ('d', NULL), (NULL, 25)) AS t(name, score)`;

  it('gives the x of the n rows with the largest or smallest y, ordered by y', async () => {
    const [r] = await rows(`SELECT max_by(name, score, 2), min_by(name, score, 2), max_by(name, score, 10) FROM ${SCORES}`);
    expect(r!.map(elements)).toEqual([
      ['b', null],
      ['a', 'c'],
      ['b', null, 'c', 'a'],
    ]);
  });

  it('keeps the two-argument forms', async () => {
    expect(await rows(`SELECT max_by(name, score), min_by(name, score) FROM ${SCORES}`)).toEqual([['b', 'a']]);
  });

  it('rejects n below 1 and a non-integer n', async () => {
    await expect(rows(`SELECT max_by(name, score, 0) FROM ${SCORES}`)).rejects.toThrow(/at least 1/);
    await expect(rows(`SELECT max_by(name, score, 'x') FROM ${SCORES}`)).rejects.toThrow(/max_by\(varchar, integer, varchar\)/);
  });
});

describe('aggregates OVER window frames', () => {
  it('runs statistics and collections over ROWS frames', async () => {
    const framed = await rows(`SELECT x,
          array_agg(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
          var_pop(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
          count_if(x > 2) OVER (ORDER BY x),
          bool_or(x = 4) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING)
        FROM (VALUES 1.0, 3.0, 4.0, 8.0) AS t(x) ORDER BY x`);
    expect(framed.map(([x, a, v, c, b]) => [x, elements(a), Number(v), c, b])).toEqual([
      ['1.0', ['1.0'], 1, '0', 'false'],
      ['3.0', ['1.0', '3.0'], expect.closeTo(14 / 9, 12), '1', 'false'],
      ['4.0', ['3.0', '4.0'], expect.closeTo(14 / 3, 12), '2', 'true'],
      ['8.0', ['4.0', '8.0'], expect.closeTo(4, 12), '3', 'true'],
    ]);
  });
});
