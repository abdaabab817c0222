import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

/** The elements of an array cell, which rows() gives as Timestream's JSON ArrayValue. */
const elements = (cell: string | null | undefined): (string | null)[] | null =>
  cell == null ? null : (JSON.parse(cell) as { ArrayValue: { ScalarValue?: string }[] }).ArrayValue.map((d) => d.ScalarValue ?? null);

const TEN = `(VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NULL) AS t(x)`;

describe('approx_distinct', () => {
  it('counts distinct non-NULL values (exactly), with or without a standard error', async () => {
    expect(await rows(`SELECT approx_distinct(s), approx_distinct(s, 0.01) FROM (VALUES 'a', 'b', 'a', NULL, 'c') AS t(s)`)).toEqual([
      ['3', '3'],
    ]);
    expect(await rows(`SELECT approx_distinct(x) FROM (VALUES 1.0, 1.0, CAST('NaN' AS double), CAST('NaN' AS double)) AS t(x)`)).toEqual([
      ['2'],
    ]);
  });

  it('gives 0 over no rows', async () => {
    expect(await rows(`SELECT approx_distinct(x) FROM ${TEN} WHERE x > 100`)).toEqual([['0']]);
  });
});

describe('approx_percentile', () => {
  it('keeps the nearest-rank (x, p) form', async () => {
    expect(await rows(`SELECT approx_percentile(x, 0.5), approx_percentile(x, 0.0), approx_percentile(x, 1.0) FROM ${TEN}`)).toEqual([
      ['6', '1', '10'],
    ]);
  });

  it('takes an array of percentiles and answers each in order', async () => {
    const [r] = await rows(`SELECT approx_percentile(x, ARRAY[0.9, 0.1, 0.5]) FROM ${TEN}`);
    expect(elements(r![0])).toEqual(['9', '2', '6']);
  });

  it('weights each row as w copies of it', async () => {
    // 1 weighs 1, 2 weighs 8, 3 weighs 1: ten positions 1,2,2,2,2,2,2,2,2,3.
    const W = `(VALUES (1, 1), (2, 8), (3, 1)) AS t(x, w)`;
    expect(
      await rows(
        `SELECT approx_percentile(x, w, 0.0), approx_percentile(x, w, 0.1), approx_percentile(x, w, 0.5), approx_percentile(x, w, 1.0) FROM ${W}`,
      ),
    ).toEqual([['1', '2', '2', '3']]);
    const [r] = await rows(`SELECT approx_percentile(x, w, ARRAY[0.0, 1.0]) FROM ${W}`);
    expect(elements(r![0])).toEqual(['1', '3']);
  });

  it('takes a trailing accuracy, telling (x, p, accuracy) from (x, w, p) by the type of the second argument', async () => {
    const W = `(VALUES (1, 1), (2, 8), (3, 1)) AS t(x, w)`;
    expect(await rows(`SELECT approx_percentile(x, 0.1, 0.01), approx_percentile(x, w, 0.1, 0.01) FROM ${W}`)).toEqual([['1', '2']]);
    const [r] = await rows(`SELECT approx_percentile(x, ARRAY[0.0, 1.0], 0.01), approx_percentile(x, w, ARRAY[0.1], 0.01) FROM ${W}`);
    expect(r!.map((c) => elements(c))).toEqual([['1', '3'], ['2']]);
    await expect(rows(`SELECT approx_percentile(x, 0.5, 1.5) FROM ${W}`)).rejects.toThrow(/accuracy between 0 and 1/);
  });

  it('with weights all 1 agrees with the unweighted form', async () => {
    expect(await rows(`SELECT approx_percentile(x, 1, 0.3) = approx_percentile(x, 0.3) FROM ${TEN}`)).toEqual([['true']]);
  });

  it('works over doubles and gives NULL over no rows', async () => {
    expect(await rows(`SELECT approx_percentile(x, ARRAY[0.5]) FROM ${TEN} WHERE x > 100`)).toEqual([[null]]);
    expect(await rows(`SELECT approx_percentile(x, 2, 0.5) FROM (VALUES 1.5, 2.5, 3.5) AS t(x)`)).toEqual([['2.5']]);
  });

  it('rejects percentiles outside [0, 1], weights below 1 and wrong types', async () => {
    await expect(rows(`SELECT approx_percentile(x, ARRAY[0.5, 1.5]) FROM ${TEN}`)).rejects.toThrow(/between 0 and 1/);
    await expect(rows(`SELECT approx_percentile(x, 0, 0.5) FROM ${TEN}`)).rejects.toThrow(/weight of at least 1/);
    await expect(rows(`SELECT approx_percentile(x, 'a') FROM ${TEN}`)).rejects.toThrow(/approx_percentile\(integer, varchar\)/);
  });
});
