import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const SCORES = `(VALUES ('a', 1, 10), ('a', 2, 20), ('a', 3, 20), ('a', 4, 30), ('b', 1, 5)) AS t(g, i, v)`;

describe('percent_rank and cume_dist', () => {
  it('follow the peer groups of the window order', async () => {
    expect(
      await rows(`SELECT g, v, percent_rank() OVER (PARTITION BY g ORDER BY v), cume_dist() OVER (PARTITION BY g ORDER BY v)
        FROM ${SCORES} ORDER BY g, i`),
    ).toEqual([
      ['a', '10', '0.0', '0.25'],
      ['a', '20', String(1 / 3), '0.75'],
      ['a', '20', String(1 / 3), '0.75'],
      ['a', '30', '1.0', '1.0'],
      ['b', '5', '0.0', '1.0'],
    ]);
  });

  it('take no arguments', async () => {
    await expect(rows(`SELECT cume_dist(v) OVER (ORDER BY v) FROM ${SCORES}`)).rejects.toThrow(/cume_dist\(integer\)/);
  });
});

describe('ntile', () => {
  it('splits rows into buckets whose sizes differ by at most one, the larger first', async () => {
    expect(
      await rows(`SELECT x, ntile(3) OVER (ORDER BY x), ntile(2) OVER (ORDER BY x), ntile(9) OVER (ORDER BY x)
        FROM (VALUES 1, 2, 3, 4, 5, 6, 7) AS t(x) ORDER BY x`),
    ).toEqual([
      ['1', '1', '1', '1'],
      ['2', '1', '1', '2'],
      ['3', '1', '1', '3'],
      ['4', '2', '1', '4'],
      ['5', '2', '2', '5'],
      ['6', '3', '2', '6'],
      ['7', '3', '2', '7'],
    ]);
  });

  it('rejects a bucket count below 1 and gives NULL for a NULL count', async () => {
    await expect(rows(`SELECT ntile(0) OVER (ORDER BY v) FROM ${SCORES}`)).rejects.toThrow(/at least 1/);
    expect(await rows(`SELECT ntile(CAST(NULL AS bigint)) OVER (ORDER BY v) FROM ${SCORES} WHERE g = 'b'`)).toEqual([[null]]);
    await expect(rows(`SELECT ntile('a') OVER (ORDER BY v) FROM ${SCORES}`)).rejects.toThrow(/ntile\(varchar\)/);
  });
});

describe('nth_value', () => {
  const NULLS = `(VALUES (1, NULL), (2, 20), (3, NULL), (4, 40), (5, 50)) AS t(i, v)`;

  it('reads the nth row of the frame, 1-based, and NULL when the frame is shorter', async () => {
    expect(
      await rows(`SELECT i, nth_value(v, 2) OVER (ORDER BY i), nth_value(v, 1) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
          nth_value(v, 4) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        FROM ${NULLS} ORDER BY i`),
    ).toEqual([
      ['1', null, null, '40'],
      ['2', '20', null, '40'],
      ['3', '20', '20', '40'],
      ['4', '20', null, '40'],
      ['5', '20', '40', '40'],
    ]);
  });

  it('with IGNORE NULLS counts only non-NULL values of the frame', async () => {
    expect(
      await rows(`SELECT i, nth_value(v, 2) IGNORE NULLS OVER (ORDER BY i),
          nth_value(v, 1) IGNORE NULLS OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
        FROM ${NULLS} ORDER BY i`),
    ).toEqual([
      ['1', null, '20'],
      ['2', null, '20'],
      ['3', null, '40'],
      ['4', '40', '40'],
      ['5', '40', '50'],
    ]);
  });

  it('rejects an offset below 1 and a non-integer offset', async () => {
    await expect(rows(`SELECT nth_value(v, 0) OVER (ORDER BY i) FROM ${NULLS}`)).rejects.toThrow(/at least 1/);
    await expect(rows(`SELECT nth_value(v, 'x') OVER (ORDER BY i) FROM ${NULLS}`)).rejects.toThrow(/nth_value\(integer, varchar\)/);
  });

  it('ntile and cume_dist do not allow IGNORE NULLS, as in Presto', async () => {
    await expect(rows(`SELECT ntile(2) IGNORE NULLS OVER (ORDER BY i) FROM ${NULLS}`)).rejects.toThrow(
      /IGNORE NULLS is not allowed with ntile/,
    );
    await expect(rows(`SELECT cume_dist() IGNORE NULLS OVER (ORDER BY i) FROM ${NULLS}`)).rejects.toThrow(/IGNORE NULLS is not allowed/);
  });
});
