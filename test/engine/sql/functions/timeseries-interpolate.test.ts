import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';
import { pointsOf, seriesOf, timeAt } from './timeseries-helpers.ts';

const T = '"devops"."host_metrics"';

// Hand-worked values: B is (10s, 10), (20s, 30), given out of order, so a 5-second grid from
// 0s to 30s starts before the data and ends after it.
const B: [number, number][] = [
  [20, 30],
  [10, 10],
];
const GRID = `sequence(${timeAt(0)}, ${timeAt(30)}, 5s)`;

describe('create_time_series', () => {
  it('sorts points by time and skips NULL values (host-1 has a NULL at 00:01:30)', async () => {
    expect(
      await rows(
        `SELECT hostname, create_time_series(time, measure_value::double) FROM ${T} WHERE measure_name = 'cpu_utilization' AND hostname = 'host-1' GROUP BY hostname`,
      ),
    ).toEqual([
      [
        'host-1',
        JSON.stringify({
          TimeSeriesValue: [
            { Time: '2024-01-01 00:00:00.000000000', Value: { ScalarValue: '10.0' } },
            { Time: '2024-01-01 00:00:30.000000000', Value: { ScalarValue: '20.0' } },
            { Time: '2024-01-01 00:01:00.000000000', Value: { ScalarValue: '30.0' } },
          ],
        }),
      ],
    ]);
    expect(await pointsOf('s', seriesOf(B))).toEqual([
      ['00:00:10', '10.0'],
      ['00:00:20', '30.0'],
    ]);
  });

  it('keeps bigint, varchar and boolean values as they are; integer widens to bigint', async () => {
    expect(
      await pointsOf('s', `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(1)}, 7), (${timeAt(0)}, 5)) AS p(t, v)`),
    ).toEqual([
      ['00:00:00', '5'],
      ['00:00:01', '7'],
    ]);
    expect(
      await pointsOf('s', `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 'up'), (${timeAt(1)}, 'down')) AS p(t, v)`),
    ).toEqual([
      ['00:00:00', 'up'],
      ['00:00:01', 'down'],
    ]);
    expect(await pointsOf('s', `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, true)) AS p(t, v)`)).toEqual([
      ['00:00:00', 'true'],
    ]);
  });

  it('keeps points that share a time, ordered by value so the result does not depend on scan order', async () => {
    expect(
      await pointsOf(
        's',
        seriesOf([
          [10, 5],
          [10, 3],
          [20, 7],
        ]),
      ),
    ).toEqual([
      ['00:00:10', '3.0'],
      ['00:00:10', '5.0'],
      ['00:00:20', '7.0'],
    ]);
  });

  it('gives NULL over no rows, and says which types met when the value type is not allowed', async () => {
    expect(await rows(`SELECT create_time_series(t, v) FROM (VALUES (${timeAt(0)}, 1.0)) AS p(t, v) WHERE v > 5`)).toEqual([[null]]);
    await expect(rows(`SELECT create_time_series(t, v) FROM (VALUES (${timeAt(0)}, DATE '2024-01-01')) AS p(t, v)`)).rejects.toThrow(
      /create_time_series\(timestamp, date\) does not exist/,
    );
    await expect(rows(`SELECT create_time_series(v, v) FROM (VALUES (1.0)) AS p(v)`)).rejects.toThrow(
      /create_time_series\(double, double\)/,
    );
  });
});

describe('interpolations over a grid of timestamps', () => {
  it('interpolate_linear fills between points and leaves out grid times outside the data', async () => {
    expect(await pointsOf(`interpolate_linear(s, ${GRID})`, seriesOf(B))).toEqual([
      ['00:00:10', '10.0'],
      ['00:00:15', '20.0'],
      ['00:00:20', '30.0'],
    ]);
  });

  it('interpolate_locf carries the last value forward, also past the end, but not before the start', async () => {
    expect(await pointsOf(`interpolate_locf(s, ${GRID})`, seriesOf(B))).toEqual([
      ['00:00:10', '10.0'],
      ['00:00:15', '10.0'],
      ['00:00:20', '30.0'],
      ['00:00:25', '30.0'],
      ['00:00:30', '30.0'],
    ]);
  });

  it('interpolate_fill puts the constant at every grid time without a point, inside or outside the data', async () => {
    expect(await pointsOf(`interpolate_fill(s, ${GRID}, -1.0)`, seriesOf(B))).toEqual([
      ['00:00:00', '-1.0'],
      ['00:00:05', '-1.0'],
      ['00:00:10', '10.0'],
      ['00:00:15', '-1.0'],
      ['00:00:20', '30.0'],
      ['00:00:25', '-1.0'],
      ['00:00:30', '-1.0'],
    ]);
  });

  it('interpolate_spline_cubic through two points is the straight line', async () => {
    expect(await pointsOf(`interpolate_spline_cubic(s, ${GRID})`, seriesOf(B))).toEqual([
      ['00:00:10', '10.0'],
      ['00:00:15', '20.0'],
      ['00:00:20', '30.0'],
    ]);
  });

  it('interpolate_spline_cubic is the natural cubic spline (worked by hand: second derivatives 0, -4, 4, 0)', async () => {
    // Points (0,0), (10,10), (20,0), (30,10): in units of 10 s the system 4·M1 + M2 = -12,
    // M1 + 4·M2 = 12 gives M1 = -4, M2 = 4, so S(0.5) = 0.75 and S(1.5) = 0.5 (times 10).
    const zigzag = seriesOf([
      [0, 0],
      [10, 10],
      [20, 0],
      [30, 10],
    ]);
    expect(
      await pointsOf(`interpolate_spline_cubic(s, ARRAY[${timeAt(5)}, ${timeAt(15)}, ${timeAt(20)}, ${timeAt(40)}])`, zigzag, 9),
    ).toEqual([
      ['00:00:05', '7.5'],
      ['00:00:15', '5.0'],
      ['00:00:20', '0.0'],
    ]);
    // Three points (0,0), (1,1), (2,0): M1 = -3, S(0.5) = -3/48 + 0.75 = 0.6875, the same at 1.5 by symmetry.
    const hump = seriesOf([
      [0, 0],
      [1, 1],
      [2, 0],
    ]);
    expect(
      await rows(
        `SELECT interpolate_spline_cubic(s, TIMESTAMP '2024-01-01 00:00:00.500'), interpolate_spline_cubic(s, TIMESTAMP '2024-01-01 00:00:01.500') FROM (${hump})`,
      ),
    ).toEqual([['0.6875', '0.6875']]);
  });

  it('sorts an unsorted grid, drops its NULLs and repeats, and widens a bigint series to double', async () => {
    const bigints = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 1), (${timeAt(10)}, 2)) AS p(t, v)`;
    expect(await pointsOf(`interpolate_linear(s, ARRAY[${timeAt(5)}, NULL, ${timeAt(0)}, ${timeAt(5)}])`, bigints)).toEqual([
      ['00:00:00', '1.0'],
      ['00:00:05', '1.5'],
    ]);
  });

  it('keeps the value type for locf and fill: a varchar series stays varchar', async () => {
    const states = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 'up'), (${timeAt(10)}, 'down')) AS p(t, v)`;
    expect(await pointsOf(`interpolate_locf(s, sequence(${timeAt(0)}, ${timeAt(15)}, 5s))`, states)).toEqual([
      ['00:00:00', 'up'],
      ['00:00:05', 'up'],
      ['00:00:10', 'down'],
      ['00:00:15', 'down'],
    ]);
    expect(await pointsOf(`interpolate_fill(s, ARRAY[${timeAt(5)}, ${timeAt(10)}], 'unknown')`, states)).toEqual([
      ['00:00:05', 'unknown'],
      ['00:00:10', 'down'],
    ]);
  });

  it('at a time shared by several points takes the first of them (the smallest value)', async () => {
    const dup = seriesOf([
      [10, 5],
      [10, 3],
      [20, 7],
    ]);
    expect(await pointsOf(`interpolate_linear(s, ARRAY[${timeAt(10)}, ${timeAt(15)}])`, dup)).toEqual([
      ['00:00:10', '3.0'],
      ['00:00:15', '6.0'],
    ]);
  });

  it('gives an empty series for an empty series, and only the exact time for one point', async () => {
    const empty = `SELECT filter(s, x -> false) AS s FROM (${seriesOf(B)})`;
    for (const fn of ['interpolate_linear', 'interpolate_locf', 'interpolate_spline_cubic']) {
      expect(await pointsOf(`${fn}(s, ${GRID})`, empty)).toEqual([]);
    }
    expect(await pointsOf(`interpolate_fill(s, ARRAY[${timeAt(0)}], 0.0)`, empty)).toEqual([['00:00:00', '0.0']]);
    const one = seriesOf([[10, 5]]);
    for (const fn of ['interpolate_linear', 'interpolate_locf', 'interpolate_spline_cubic']) {
      expect(await pointsOf(`${fn}(s, ARRAY[${timeAt(5)}, ${timeAt(10)}])`, one)).toEqual([['00:00:10', '5.0']]);
    }
  });
});

describe('interpolations at one timestamp', () => {
  it('give the value there, or NULL where the method has none', async () => {
    const at = (fn: string, seconds: number, extra = '') => `${fn}(s, ${timeAt(seconds)}${extra})`;
    expect(
      await rows(
        `SELECT ${at('interpolate_linear', 15)}, ${at('interpolate_linear', 5)}, ${at('interpolate_linear', 25)}, ${at('interpolate_locf', 5)}, ${at('interpolate_locf', 25)}, ${at('interpolate_fill', 5, ', 0.5')}, ${at('interpolate_fill', 20, ', 0.5')}, ${at('interpolate_spline_cubic', 12)} FROM (${seriesOf(B)})`,
      ),
    ).toEqual([['20.0', null, null, null, '30.0', '0.5', '30.0', '14.0']]);
  });

  it('NULL series, time or fill give NULL', async () => {
    expect(
      await rows(
        `SELECT interpolate_linear(s, CAST(NULL AS timestamp)), interpolate_fill(s, ${timeAt(5)}, NULL), interpolate_locf(CAST(NULL AS timeseries(double)), ${timeAt(5)}) FROM (${seriesOf(B)})`,
      ),
    ).toEqual([[null, null, null]]);
  });

  it('rejects non-numeric series for linear and spline, naming the types', async () => {
    const states = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 'up')) AS p(t, v)`;
    await expect(rows(`SELECT interpolate_linear(s, ${timeAt(0)}) FROM (${states})`)).rejects.toThrow(
      /interpolate_linear\(timeseries\(varchar\), timestamp\) does not exist/,
    );
    await expect(rows(`SELECT interpolate_locf(s, 5) FROM (${seriesOf(B)})`)).rejects.toThrow(
      /interpolate_locf\(timeseries\(double\), integer\)/,
    );
    await expect(rows(`SELECT interpolate_fill(s, ${timeAt(0)}) FROM (${seriesOf(B)})`)).rejects.toThrow(/interpolate_fill takes/);
  });
});

describe("the Timestream documentation's query shapes", () => {
  it('bins, builds a series per host, interpolates onto a 15 s sequence of its own min and max, and unnests', async () => {
    // The documentation's example: BIN(time, 30s), AVG, then INTERPOLATE_LINEAR(CREATE_TIME_SERIES(...),
    // SEQUENCE(min(binned_timestamp), max(binned_timestamp), 15s)) in one aggregate query.
    const sql = `
      WITH binned_timeseries AS (
        SELECT hostname, BIN(time, 30s) AS binned_timestamp, ROUND(AVG(measure_value::double), 2) AS avg_cpu_utilization
        FROM ${T} WHERE measure_name = 'cpu_utilization' AND hostname IN ('host-2', 'host-3')
        GROUP BY hostname, BIN(time, 30s)
      ), interpolated_timeseries AS (
        SELECT hostname,
          INTERPOLATE_LINEAR(CREATE_TIME_SERIES(binned_timestamp, avg_cpu_utilization),
            SEQUENCE(min(binned_timestamp), max(binned_timestamp), 15s)) AS interpolated_avg_cpu_utilization
        FROM binned_timeseries GROUP BY hostname
      )
      SELECT hostname, time, ROUND(value, 2) AS interpolated_cpu
      FROM interpolated_timeseries
      CROSS JOIN UNNEST(interpolated_avg_cpu_utilization)
      ORDER BY hostname, time`;
    expect(await rows(sql)).toEqual([
      ['host-2', '2024-01-01 00:00:00.000000000', '50.0'],
      ['host-2', '2024-01-01 00:00:15.000000000', '60.0'],
      ['host-2', '2024-01-01 00:00:30.000000000', '70.0'],
      ['host-3', '2024-01-01 00:00:00.000000000', '5.0'],
      ['host-3', '2024-01-01 00:00:15.000000000', '6.25'],
      ['host-3', '2024-01-01 00:00:30.000000000', '7.5'],
      ['host-3', '2024-01-01 00:00:45.000000000', '8.75'],
      ['host-3', '2024-01-01 00:01:00.000000000', '10.0'],
      ['host-3', '2024-01-01 00:01:15.000000000', '11.25'],
      ['host-3', '2024-01-01 00:01:30.000000000', '12.5'],
      ['host-3', '2024-01-01 00:01:45.000000000', '13.75'],
      ['host-3', '2024-01-01 00:02:00.000000000', '15.0'],
    ]);
  });

  it('a series per host in a CTE, interpolated with locf onto a fixed grid and unnested AS t(time, value)', async () => {
    const sql = `
      WITH ts AS (
        SELECT hostname, create_time_series(time, measure_value::double) AS cpu
        FROM ${T} WHERE measure_name = 'cpu_utilization' GROUP BY hostname
      )
      SELECT hostname, t.time, t.value
      FROM ts CROSS JOIN UNNEST(interpolate_locf(cpu, sequence(TIMESTAMP '2024-01-01 00:01:00', TIMESTAMP '2024-01-01 00:02:00', 1m))) AS t(time, value)
      ORDER BY hostname, t.time`;
    expect(await rows(sql)).toEqual([
      ['host-1', '2024-01-01 00:01:00.000000000', '30.0'],
      ['host-1', '2024-01-01 00:02:00.000000000', '30.0'],
      ['host-2', '2024-01-01 00:01:00.000000000', '70.0'],
      ['host-2', '2024-01-01 00:02:00.000000000', '70.0'],
      ['host-3', '2024-01-01 00:01:00.000000000', '5.0'],
      ['host-3', '2024-01-01 00:02:00.000000000', '15.0'],
    ]);
  });
});

describe('interpolations: more edge cases', () => {
  it('an empty grid gives an empty series; a NULL series gives NULL', async () => {
    expect(await pointsOf('interpolate_linear(s, ARRAY[])', seriesOf(B))).toEqual([]);
    expect(await rows(`SELECT interpolate_linear(NULL, ${GRID}), interpolate_spline_cubic(NULL, ${timeAt(0)})`)).toEqual([[null, null]]);
  });

  it('filling a bigint series with a double widens the series to double', async () => {
    const bigints = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 1), (${timeAt(10)}, 2)) AS p(t, v)`;
    expect(await pointsOf(`interpolate_fill(s, ARRAY[${timeAt(0)}, ${timeAt(5)}], 0.5)`, bigints)).toEqual([
      ['00:00:00', '1.0'],
      ['00:00:05', '0.5'],
    ]);
    expect(await pointsOf(`interpolate_fill(s, ARRAY[${timeAt(5)}], 0)`, bigints)).toEqual([['00:00:05', '0']]);
  });

  it('works with filter and reduce over the created series (x.time, x.value)', async () => {
    // host-1: 10, 20, 30 (the NULL is not a point); points above 15 sum to 50.
    const sql = `
      SELECT reduce(filter(create_time_series(time, measure_value::double), x -> x.value > 15), 0.0, (s, x) -> s + x.value, s -> s)
      FROM "devops"."host_metrics" WHERE measure_name = 'cpu_utilization' AND hostname = 'host-1'`;
    expect(await rows(sql)).toEqual([['50.0']]);
  });
});
