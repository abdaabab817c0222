import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';
import { timeAt } from './timeseries-helpers.ts';

/** Two series over the same rows: column a's and column b's values at 0s, 10s, 20s... */
function pairOf(as: readonly (number | null)[], bs: readonly (number | null)[]): string {
  const values = as.map((a, i) => `(${timeAt(i * 10)}, CAST(${a ?? 'NULL'} AS double), CAST(${bs[i] ?? 'NULL'} AS double))`);
  return `SELECT create_time_series(t, a) AS x, create_time_series(t, b) AS y FROM (VALUES ${values.join(', ')}) AS p(t, a, b)`;
}

const both = async (as: readonly (number | null)[], bs: readonly (number | null)[]) =>
  rows(`SELECT correlate_pearson(x, y), correlate_spearman(x, y) FROM (${pairOf(as, bs)})`);

describe('correlate_pearson and correlate_spearman', () => {
  it('are 1 and -1 for series on a rising or falling line', async () => {
    expect(await both([1, 2, 3, 4], [2, 4, 6, 8])).toEqual([['1.0', '1.0']]);
    expect(await both([1, 2, 3, 4], [8, 6, 4, 2])).toEqual([['-1.0', '-1.0']]);
  });

  it('worked by hand: Pearson of (1,2,3) and (1,3,2) is 1/2', async () => {
    // Deviations (-1,0,1) and (-1,1,0): sum of products 1, sums of squares 2 and 2.
    expect(await both([1, 2, 3], [1, 3, 2])).toEqual([['0.5', '0.5']]);
  });

  it('Spearman ranks, so any increasing relation gives 1; ties share the average rank', async () => {
    const [[pearson, spearman]] = (await both([1, 2, 3, 4], [1, 4, 9, 16])) as [[string, string]];
    expect(Number(pearson)).toBeLessThan(1);
    expect(spearman).toBe('1.0');
    // (5,5,7) ranks as (1.5,1.5,3): sum of products 1.5, sums of squares 2 and 1.5 -> 1.5 / sqrt(3).
    expect(await rows(`SELECT correlate_spearman(x, y) FROM (${pairOf([1, 2, 3], [5, 5, 7])})`)).toEqual([['0.8660254037844387']]);
  });

  it('are NULL for fewer than two points or a constant series, and for a NULL series', async () => {
    expect(await both([1], [2])).toEqual([[null, null]]);
    expect(await both([1, 2, 3], [4, 4, 4])).toEqual([[null, null]]);
    expect(
      await rows(
        `SELECT correlate_pearson(x, NULL), correlate_spearman(filter(x, p -> false), filter(y, p -> false)) FROM (${pairOf([1, 2], [3, 4])})`,
      ),
    ).toEqual([[null, null]]);
  });

  it('need the same timestamps, and say where the series differ', async () => {
    // A NULL value drops that point from one series only: the series then differ in length.
    await expect(both([1, 2, 3], [1, null, 3])).rejects.toThrow(
      /correlate_pearson needs two time series with the same timestamps: the first has 3 points and the second 2/,
    );
    const shifted = `
      WITH a AS (SELECT create_time_series(t, v) AS x FROM (VALUES (${timeAt(0)}, 1.0), (${timeAt(10)}, 2.0)) AS p(t, v)),
           b AS (SELECT create_time_series(t, v) AS y FROM (VALUES (${timeAt(0)}, 1.0), (${timeAt(15)}, 2.0)) AS p(t, v))
      SELECT correlate_spearman(x, y) FROM a CROSS JOIN b`;
    await expect(rows(shifted)).rejects.toThrow(
      /correlate_spearman needs two time series with the same timestamps: point 2 is at 2024-01-01 00:00:10.000000000 in the first and at 2024-01-01 00:00:15.000000000 in the second/,
    );
  });

  it('take bigint series, and reject other types naming them', async () => {
    const bigints = `SELECT create_time_series(t, a) AS x, create_time_series(t, b) AS y FROM (VALUES (${timeAt(0)}, 1, 10), (${timeAt(1)}, 2, 30), (${timeAt(2)}, 3, 20)) AS p(t, a, b)`;
    expect(await rows(`SELECT correlate_pearson(x, y) FROM (${bigints})`)).toEqual([['0.5']]);
    await expect(rows(`SELECT correlate_pearson(x, 1.0) FROM (${bigints})`)).rejects.toThrow(
      /correlate_pearson\(timeseries\(bigint\), double\) does not exist/,
    );
  });
});

describe("the Timestream documentation's correlation query", () => {
  const T = '"devops"."host_metrics"';
  const interpolated = (host: string, grid: string) => `
    SELECT INTERPOLATE_LINEAR(CREATE_TIME_SERIES(time, measure_value::double), ${grid}) AS result
    FROM ${T} WHERE measure_name = 'cpu_utilization' AND hostname = '${host}'
    GROUP BY hostname, measure_name`;

  it('correlates two CTEs of interpolated series joined with a comma', async () => {
    // host-1 onto its own min..max grid: 10, 15, 20, 25, 30 at 0..60 s; correlated with itself.
    const own = 'SEQUENCE(min(time), max(time), 15s)';
    expect(
      await rows(
        `WITH cte_1 AS (${interpolated('host-1', own)}), cte_2 AS (${interpolated('host-1', own)})
         SELECT correlate_pearson(cte_1.result, cte_2.result) AS result FROM cte_1, cte_2`,
      ),
    ).toEqual([['1.0']]);
    // host-3 on the same fixed grid is 5, 6.25, 7.5, 8.75, 10: also a rising line.
    const fixed = `SEQUENCE(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:01:00', 15s)`;
    expect(
      await rows(
        `WITH cte_1 AS (${interpolated('host-1', fixed)}), cte_2 AS (${interpolated('host-3', fixed)})
         SELECT correlate_pearson(cte_1.result, cte_2.result), correlate_spearman(cte_1.result, cte_2.result) FROM cte_1, cte_2`,
      ),
    ).toEqual([['1.0', '1.0']]);
  });

  it("fails when each host's own grid covers a different span (host-1 has 5 points, host-3 9)", async () => {
    const own = 'SEQUENCE(min(time), max(time), 15s)';
    await expect(
      rows(
        `WITH cte_1 AS (${interpolated('host-1', own)}), cte_2 AS (${interpolated('host-3', own)})
         SELECT correlate_pearson(cte_1.result, cte_2.result) FROM cte_1, cte_2`,
      ),
    ).rejects.toThrow(/same timestamps: the first has 5 points and the second 9/);
  });
});
