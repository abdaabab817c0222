import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const NUMS = `(VALUES (1, 2.0, 1.0), (1, 4.0, 3.0), (1, 4.0, 4.0), (1, 4.0, 5.0), (1, 5.0, 6.0), (1, 5.0, 6.0), (1, 7.0, 8.0), (1, 9.0, 10.0), (1, NULL, 11.0)) AS t(g, x, y)`;

const num = (s: string | null | undefined): number => Number(s);

describe('variance family', () => {
  it('computes sample and population variance and standard deviation (2,4,4,4,5,5,7,9: mean 5, sum of squares 32)', async () => {
    const [r] = await rows(`SELECT var_pop(x), var_samp(x), variance(x), stddev_pop(x), stddev_samp(x) FROM ${NUMS}`);
    expect(num(r![0])).toBeCloseTo(4, 12);
    expect(num(r![1])).toBeCloseTo(32 / 7, 12);
    expect(num(r![2])).toBeCloseTo(32 / 7, 12);
    expect(num(r![3])).toBeCloseTo(2, 12);
    expect(num(r![4])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('gives NULL with too few rows: sample forms need two, population forms one', async () => {
    expect(await rows(`SELECT var_samp(x), stddev_samp(x), var_pop(x), stddev_pop(x) FROM (VALUES 3.0) AS t(x)`)).toEqual([
      [null, null, '0.0', '0.0'],
    ]);
    expect(await rows(`SELECT var_pop(x), variance(x) FROM (VALUES CAST(NULL AS double)) AS t(x)`)).toEqual([[null, null]]);
  });

  it('accepts integers and bigints, and stays accurate for large offsets (Welford)', async () => {
    expect(await rows(`SELECT var_samp(x) FROM (VALUES 1, 2, 3, 4) AS t(x)`)).toEqual([[String(5 / 3)]]);
    const [r] = await rows(`SELECT var_samp(x) FROM (VALUES 1000000000.1, 1000000000.2, 1000000000.3) AS t(x)`);
    expect(num(r![0])).toBeCloseTo(0.01, 6);
  });

  it('rejects non-numeric arguments naming the types', async () => {
    await expect(rows(`SELECT variance(x) FROM (VALUES 'a') AS t(x)`)).rejects.toThrow(/variance\(varchar\)/);
  });
});

describe('geometric_mean, skewness, kurtosis', () => {
  it('geometric_mean is exp(mean(ln x))', async () => {
    const [r] = await rows(`SELECT geometric_mean(x) FROM (VALUES 1, 2, 4, 8) AS t(x)`);
    expect(num(r![0])).toBeCloseTo(Math.sqrt(8), 12);
    expect(await rows(`SELECT geometric_mean(x) FROM (VALUES 0.0, 5.0) AS t(x)`)).toEqual([['0.0']]);
  });

  it("skewness is Presto's sqrt(n) * m3 / m2^1.5 and NULL below 3 rows", async () => {
    // 2,4,4,4,5,5,7,9: deviations -3,-1,-1,-1,0,0,2,4; m2 = 32, m3 = -27-3+8+64 = 42.
    const [r] = await rows(`SELECT skewness(x) FROM ${NUMS}`);
    expect(num(r![0])).toBeCloseTo((Math.sqrt(8) * 42) / 32 ** 1.5, 12);
    expect(await rows(`SELECT skewness(x) FROM (VALUES 1.0, 2.0) AS t(x)`)).toEqual([[null]]);
  });

  it("kurtosis is Presto's bias-corrected excess kurtosis and NULL below 4 rows", async () => {
    // m4 = 81+1+1+1+0+0+16+256 = 356, n = 8.
    const n = 8;
    const expected = (((n - 1) * n * (n + 1)) / ((n - 2) * (n - 3))) * (356 / 32 ** 2) - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
    const [r] = await rows(`SELECT kurtosis(x) FROM ${NUMS}`);
    expect(num(r![0])).toBeCloseTo(expected, 12);
    expect(await rows(`SELECT kurtosis(x) FROM (VALUES 1.0, 2.0, 3.0) AS t(x)`)).toEqual([[null]]);
  });
});

describe('two-variable statistics', () => {
  const LINE = `(VALUES (3.0, 1.0), (5.0, 2.0), (7.0, 3.0), (9.0, 4.0), (NULL, 5.0), (1.0, NULL)) AS t(y, x)`;

  it('regr_slope and regr_intercept of y = 2x + 1, skipping rows with a NULL', async () => {
    expect(await rows(`SELECT regr_slope(y, x), regr_intercept(y, x) FROM ${LINE}`)).toEqual([['2.0', '1.0']]);
  });

  it('corr of a perfect line is 1, of its negation -1', async () => {
    const [r] = await rows(`SELECT corr(y, x), corr(-y, x) FROM ${LINE}`);
    expect(num(r![0])).toBeCloseTo(1, 12);
    expect(num(r![1])).toBeCloseTo(-1, 12);
  });

  it('covar_pop and covar_samp', async () => {
    // x 1..4 mean 2.5, y mean 6: sum (dx * dy) = 2 * sum dx^2 = 2 * 5 = 10.
    const [r] = await rows(`SELECT covar_pop(y, x), covar_samp(y, x) FROM ${LINE}`);
    expect(num(r![0])).toBeCloseTo(2.5, 12);
    expect(num(r![1])).toBeCloseTo(10 / 3, 12);
  });

  it('NULL for too few rows or a constant x', async () => {
    expect(await rows(`SELECT corr(y, x), covar_samp(y, x), covar_pop(y, x) FROM (VALUES (1.0, 2.0)) AS t(y, x)`)).toEqual([
      [null, null, '0.0'],
    ]);
    expect(await rows(`SELECT regr_slope(y, x), regr_intercept(y, x), corr(y, x) FROM (VALUES (1.0, 2.0), (3.0, 2.0)) AS t(y, x)`)).toEqual(
      [[null, null, null]],
    );
  });

  it('groups and works with a GROUP BY', async () => {
    expect(
      await rows(
        `SELECT g, regr_slope(y, x) FROM (VALUES (1, 2.0, 1.0), (1, 4.0, 2.0), (2, 3.0, 1.0), (2, 0.0, 2.0)) AS t(g, y, x) GROUP BY g ORDER BY g`,
      ),
    ).toEqual([
      ['1', '2.0'],
      ['2', '-3.0'],
    ]);
  });
});
