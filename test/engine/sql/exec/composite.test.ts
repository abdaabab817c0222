import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

describe('arrays, rows and lambdas', () => {
  it('builds arrays and rows, reads subscripts and fields', async () => {
    expect(await rows(`SELECT ARRAY[1, 2, 3], ARRAY[1, 2.5][2], ROW(1, 'a'), CAST(ROW(1, 2.0) AS ROW(x bigint, y double)).y`)).toEqual([
      [
        '{"ArrayValue":[{"ScalarValue":"1"},{"ScalarValue":"2"},{"ScalarValue":"3"}]}',
        '2.5',
        '{"RowValue":{"Data":[{"ScalarValue":"1"},{"ScalarValue":"a"}]}}',
        '2.0',
      ],
    ]);
    await expect(rows('SELECT ARRAY[1, 2][3]')).rejects.toThrow(/Array subscript 3 is out of bounds: the array has 2 elements/);
    await expect(rows(`SELECT CAST(ROW(1) AS ROW(x bigint)).z`)).rejects.toThrow(/The row has no field 'z' \(its fields: x\)/);
  });

  it('reads fields of a row column with dotted names', async () => {
    expect(await rows(`SELECT t.r.x, r.y FROM (SELECT CAST(ROW(7, 'b') AS ROW(x bigint, y varchar)) AS r) t`)).toEqual([['7', 'b']]);
  });

  it('applies lambdas with filter, transform and reduce, capturing outer columns', async () => {
    expect(
      await rows(`SELECT filter(ARRAY[1, 5, 10], x -> x > k), transform(ARRAY[1, 2], x -> x * k), reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s * 10)
        FROM (VALUES 4) AS t(k)`),
    ).toEqual([
      ['{"ArrayValue":[{"ScalarValue":"5"},{"ScalarValue":"10"}]}', '{"ArrayValue":[{"ScalarValue":"4"},{"ScalarValue":"8"}]}', '60'],
    ]);
    expect(await rows(`SELECT transform(ARRAY[ARRAY[1, 2], ARRAY[3]], a -> reduce(a, 0, (s, x) -> s + x, s -> s))`)).toEqual([
      ['{"ArrayValue":[{"ScalarValue":"3"},{"ScalarValue":"3"}]}'],
    ]);
    await expect(rows('SELECT filter(ARRAY[1], (a, b) -> true)')).rejects.toThrow(/The lambda for filter takes 1 parameter, not 2/);
    await expect(rows('SELECT x -> x')).rejects.toThrow(/A lambda .* can only be the argument of a function/);
  });

  it('unnests arrays with ordinality', async () => {
    expect(
      await rows(`SELECT k, v, n FROM (VALUES 1) AS t(k) CROSS JOIN UNNEST(ARRAY['a', 'b']) WITH ORDINALITY AS u(v, n) ORDER BY n`),
    ).toEqual([
      ['1', 'a', '1'],
      ['1', 'b', '2'],
    ]);
  });
});

describe('|| on arrays', () => {
  it('concatenates arrays and appends or prepends elements', async () => {
    expect(await rows(`SELECT cardinality(ARRAY[1, 2] || ARRAY[3]), (ARRAY[1] || 2)[2], (0 || ARRAY[1])[1], 'a' || 'b'`)).toEqual([
      ['3', '2', '0', 'ab'],
    ]);
  });
});
