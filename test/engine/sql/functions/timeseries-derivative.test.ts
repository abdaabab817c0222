import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';
import { pointsOf, seriesOf, timeAt } from './timeseries-helpers.ts';

// Points (0s, 0), (10s, 10), (20s, 40), (30s, 10), given out of order: the rates per second
// between neighbours are 1, 3 and -3; the trapezoids are 50, 250 and 250 value-seconds.
const S = seriesOf([
  [20, 40],
  [0, 0],
  [30, 10],
  [10, 10],
]);

describe('derivative_linear', () => {
  it('gives the rate per interval at each point after the first', async () => {
    expect(await pointsOf('derivative_linear(s, 1s)', S)).toEqual([
      ['00:00:10', '1.0'],
      ['00:00:20', '3.0'],
      ['00:00:30', '-3.0'],
    ]);
    expect(await pointsOf('derivative_linear(s, 1m)', S)).toEqual([
      ['00:00:10', '60.0'],
      ['00:00:20', '180.0'],
      ['00:00:30', '-180.0'],
    ]);
  });

  it('widens a bigint series, and leaves out a point at the same time as the one before', async () => {
    const counter = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 100), (${timeAt(4)}, 102), (${timeAt(4)}, 103), (${timeAt(8)}, 111)) AS p(t, v)`;
    // Sorted: (0,100), (4,102), (4,103), (8,111): rates 0.5/s at 4s, none for the repeat, 2/s at 8s.
    expect(await pointsOf('derivative_linear(s, 1s)', counter)).toEqual([
      ['00:00:04', '0.5'],
      ['00:00:08', '2.0'],
    ]);
  });

  it('gives an empty series for one point or none, and NULL for a NULL interval', async () => {
    expect(await pointsOf('derivative_linear(s, 1s)', seriesOf([[5, 1]]))).toEqual([]);
    expect(await pointsOf('derivative_linear(filter(s, x -> false), 1s)', S)).toEqual([]);
    expect(await rows(`SELECT derivative_linear(s, NULL) FROM (${S})`)).toEqual([[null]]);
  });

  it('needs a numeric series and a day-to-second interval', async () => {
    await expect(rows(`SELECT derivative_linear(s) FROM (${S})`)).rejects.toThrow(
      /derivative_linear\(timeseries\(double\)\) does not exist/,
    );
    await expect(rows(`SELECT derivative_linear(s, INTERVAL '1' MONTH) FROM (${S})`)).rejects.toThrow(
      /derivative_linear\(timeseries\(double\), interval year to month\)/,
    );
    const states = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 'up')) AS p(t, v)`;
    await expect(rows(`SELECT derivative_linear(s, 1s) FROM (${states})`)).rejects.toThrow(/timeseries\(varchar\)/);
  });
});

describe('non_negative_derivative_linear', () => {
  it('leaves out the negative rates (a counter reset) and keeps zero', async () => {
    expect(await pointsOf('non_negative_derivative_linear(s, 1m)', S)).toEqual([
      ['00:00:10', '60.0'],
      ['00:00:20', '180.0'],
    ]);
    expect(
      await pointsOf(
        'non_negative_derivative_linear(s, 1s)',
        seriesOf([
          [0, 5],
          [10, 5],
          [20, 1],
        ]),
      ),
    ).toEqual([['00:00:10', '0.0']]);
  });
});

describe('integral_trapezoidal', () => {
  it('sums the trapezoids in value-seconds by default, or in the unit given', async () => {
    expect(await rows(`SELECT integral_trapezoidal(s), integral_trapezoidal(s, 10s), integral_trapezoidal(s, 1ms) FROM (${S})`)).toEqual([
      ['550.0', '55.0', '550000.0'],
    ]);
  });

  it('takes bigint series; one point encloses no area; an empty series has none (NULL)', async () => {
    const bigints = `SELECT create_time_series(t, v) AS s FROM (VALUES (${timeAt(0)}, 1), (${timeAt(3)}, 2)) AS p(t, v)`;
    expect(await rows(`SELECT integral_trapezoidal(s) FROM (${bigints})`)).toEqual([['4.5']]);
    expect(await rows(`SELECT integral_trapezoidal(s) FROM (${seriesOf([[5, 7]])})`)).toEqual([['0.0']]);
    expect(await rows(`SELECT integral_trapezoidal(filter(s, x -> false)), integral_trapezoidal(s, NULL) FROM (${S})`)).toEqual([
      [null, null],
    ]);
  });

  it('adds nothing for points that share a time', async () => {
    // (0,0), (10,2), (10,4), (20,4): 10 + 0 + 40.
    expect(
      await rows(
        `SELECT integral_trapezoidal(s) FROM (${seriesOf([
          [0, 0],
          [10, 4],
          [10, 2],
          [20, 4],
        ])})`,
      ),
    ).toEqual([['50.0']]);
  });

  it('rejects other argument types, naming them', async () => {
    await expect(rows(`SELECT integral_trapezoidal(s, 5) FROM (${S})`)).rejects.toThrow(
      /integral_trapezoidal\(timeseries\(double\), integer\) does not exist/,
    );
    await expect(rows(`SELECT integral_trapezoidal(1.0)`)).rejects.toThrow(/integral_trapezoidal\(double\)/);
  });

  it('integrates each host of the DevOps table after building its series', async () => {
    // host-1: (0,10), (30,20), (60,30) -> 450 + 750 = 1200; host-3: (0,5), (120,15) -> 1200 over 1 minute = 20.
    const sql = `
      WITH ts AS (SELECT hostname, create_time_series(time, measure_value::double) AS cpu
                  FROM "devops"."host_metrics" WHERE measure_name = 'cpu_utilization' GROUP BY hostname)
      SELECT hostname, integral_trapezoidal(cpu), integral_trapezoidal(cpu, 1m) FROM ts ORDER BY hostname`;
    expect(await rows(sql)).toEqual([
      ['host-1', '1200.0', '20.0'],
      ['host-2', '1800.0', '30.0'],
      ['host-3', '1200.0', '20.0'],
    ]);
  });
});

describe("the Timestream documentation's derivative and integral queries, on the DevOps table", () => {
  const T = '"devops"."host_metrics"';

  it('DERIVATIVE_LINEAR(CREATE_TIME_SERIES(time, measure_value::double), 5m) grouped by host and measure', async () => {
    // time > ago(1h) is after 00:00:00, so host-1 keeps (00:00:30, 20) and (00:01:00, 30); the
    // NULL at 00:01:30 is not a point. 10 per 30 s is 100 per 5 minutes.
    const sql = `
      SELECT r.time, r.value FROM (
        SELECT DERIVATIVE_LINEAR(CREATE_TIME_SERIES(time, measure_value::double), 5m) AS result
        FROM ${T} WHERE measure_name = 'cpu_utilization' AND hostname = 'host-1' AND time > ago(1h)
        GROUP BY hostname, measure_name
      ) CROSS JOIN UNNEST(result) AS r(time, value)`;
    expect(await rows(sql)).toEqual([['2024-01-01 00:01:00.000000000', '100.0']]);
  });

  it('non_negative_derivative_linear over a binned view (the empty 00:01:30 bin averages to NULL and is skipped)', async () => {
    const sql = `
      WITH binned_view AS (
        SELECT bin(time, 30s) AS binned_timestamp, ROUND(AVG(measure_value::double), 2) AS value
        FROM ${T} WHERE hostname = 'host-1' AND measure_name = 'cpu_utilization'
        GROUP BY bin(time, 30s)
      )
      SELECT r.time, r.value FROM (
        SELECT non_negative_derivative_linear(CREATE_TIME_SERIES(binned_timestamp, value), 1m) AS rateOfIncrease FROM binned_view
      ) CROSS JOIN UNNEST(rateOfIncrease) AS r(time, value) ORDER BY r.time`;
    expect(await rows(sql)).toEqual([
      ['2024-01-01 00:00:30.000000000', '20.0'],
      ['2024-01-01 00:01:00.000000000', '20.0'],
    ]);
  });

  it('INTEGRAL_TRAPEZOIDAL(CREATE_TIME_SERIES(time, measure_value::double), 5m) grouped by host and measure', async () => {
    // host-2: (0 s, 50), (30 s, 70): 1800 value-seconds, 6 per 5 minutes.
    const sql = `
      SELECT INTEGRAL_TRAPEZOIDAL(CREATE_TIME_SERIES(time, measure_value::double), 5m) AS result
      FROM ${T} WHERE measure_name = 'cpu_utilization' AND hostname = 'host-2'
      GROUP BY hostname, measure_name`;
    expect(await rows(sql)).toEqual([['6.0']]);
  });
});
