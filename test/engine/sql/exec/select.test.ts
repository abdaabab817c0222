import { describe, expect, it } from 'vitest';
import { columns, rows } from '../fixtures/run.ts';

const T = '"devops"."host_metrics"';

describe('SELECT over a Timestream table', () => {
  it('reads columns and prints timestamps as Timestream does', async () => {
    expect(
      await rows(
        `SELECT hostname, time, measure_value::double FROM ${T} WHERE measure_name = 'cpu_utilization' ORDER BY time, hostname LIMIT 2`,
      ),
    ).toEqual([
      ['host-1', '2024-01-01 00:00:00.000000000', '10.0'],
      ['host-2', '2024-01-01 00:00:00.000000000', '50.0'],
    ]);
  });

  it('names columns as written, and unnamed ones _colN', async () => {
    expect(await columns(`SELECT hostname, measure_value::double * 2, count(*) OVER () AS n FROM ${T} LIMIT 1`)).toEqual([
      'hostname:VARCHAR',
      '_col1:DOUBLE',
      'n:BIGINT',
    ]);
  });

  it('filters with AND/OR/NOT, IN, BETWEEN, LIKE and IS NULL with three-valued logic', async () => {
    const q = (where: string) =>
      rows(`SELECT hostname, time FROM ${T} WHERE measure_name = 'cpu_utilization' AND (${where}) ORDER BY hostname, time`);
    expect(await q(`measure_value::double IS NULL`)).toEqual([['host-1', '2024-01-01 00:01:30.000000000']]);
    expect((await q(`hostname IN ('host-2', 'host-3')`)).length).toBe(4);
    expect((await q(`measure_value::double BETWEEN 15 AND 50`)).length).toBe(4);
    expect((await q(`hostname LIKE '%-3'`)).length).toBe(2);
    expect((await q(`NOT (measure_value::double > 20)`)).length).toBe(4); // the NULL row is neither
    expect((await q(`hostname NOT IN ('host-1') OR measure_value::double > 25`)).length).toBe(5);
  });

  it('BETWEEN with a NULL bound is false when the other bound already fails (found by the differential suite)', async () => {
    expect(
      await rows(`SELECT 5 BETWEEN NULL AND 1, 5 BETWEEN 9 AND NULL, 5 BETWEEN NULL AND 9, 5 BETWEEN 1 AND NULL, NULL BETWEEN 1 AND 9`),
    ).toEqual([['false', 'false', null, null, null]]);
    expect(await rows(`SELECT 5 NOT BETWEEN NULL AND 1, 5 NOT BETWEEN NULL AND 9`)).toEqual([['true', null]]);
  });

  it('compares time with ISO strings and ago()', async () => {
    expect((await rows(`SELECT * FROM ${T} WHERE time >= '2024-01-01 00:01:00'`)).length).toBe(3);
    expect((await rows(`SELECT * FROM ${T} WHERE time BETWEEN '2024-01-01' AND '2024-01-01 00:00:30'`)).length).toBe(7);
    // now is 01:00, so ago(59m) is 00:01:00
    expect((await rows(`SELECT * FROM ${T} WHERE time > ago(59m)`)).length).toBe(2);
  });

  it('groups by bin(time) and dimensions, with aggregates', async () => {
    expect(
      await rows(`SELECT hostname, bin(time, 1m) AS t, avg(measure_value::double) AS a, count(*) AS n, count(measure_value::double) AS nv
        FROM ${T} WHERE measure_name = 'cpu_utilization' GROUP BY hostname, bin(time, 1m) ORDER BY hostname, t`),
    ).toEqual([
      ['host-1', '2024-01-01 00:00:00.000000000', '15.0', '2', '2'],
      ['host-1', '2024-01-01 00:01:00.000000000', '30.0', '2', '1'],
      ['host-2', '2024-01-01 00:00:00.000000000', '60.0', '2', '2'],
      ['host-3', '2024-01-01 00:00:00.000000000', '5.0', '1', '1'],
      ['host-3', '2024-01-01 00:02:00.000000000', '15.0', '1', '1'],
    ]);
  });

  it('groups by ordinals and aliases, and filters groups with HAVING', async () => {
    const sql = `SELECT region, max(measure_value::double) AS peak FROM ${T} WHERE measure_name = 'cpu_utilization' GROUP BY 1 HAVING max(measure_value::double) > 20 ORDER BY peak DESC`;
    expect(await rows(sql)).toEqual([['us-east-1', '70.0']]);
    expect(await rows(`SELECT region AS r, count(*) FROM ${T} GROUP BY r ORDER BY r`)).toEqual([
      ['eu-west-1', '2'],
      ['us-east-1', '8'],
    ]);
  });

  it('rejects a column that is neither grouped nor aggregated, at its position', async () => {
    await expect(rows(`SELECT hostname, count(*)\nFROM ${T} GROUP BY region`)).rejects.toThrow(
      /line 1, column 8: 'hostname' must be an aggregate expression or appear in the GROUP BY clause/,
    );
  });

  it('aggregates over no rows give one row (count 0, others NULL)', async () => {
    expect(await rows(`SELECT count(*), sum(measure_value::double), max(hostname) FROM ${T} WHERE hostname = 'nobody'`)).toEqual([
      ['0', null, null],
    ]);
    expect(await rows(`SELECT hostname, count(*) FROM ${T} WHERE hostname = 'nobody' GROUP BY hostname`)).toEqual([]);
  });

  it('computes count(DISTINCT), min_by, max_by, stddev and approx_percentile', async () => {
    const sql = `SELECT count(DISTINCT hostname), max_by(hostname, measure_value::double), min_by(hostname, measure_value::double),
      round(stddev(measure_value::double), 4), approx_percentile(measure_value::double, 0.5)
      FROM ${T} WHERE measure_name = 'cpu_utilization'`;
    // values: 10 20 30 50 70 5 15 -> sorted 5 10 15 20 30 50 70, median 20; mean 200/7, sample stddev sqrt(3335.71/6)
    expect(await rows(sql)).toEqual([['3', 'host-2', 'host-3', '23.5786', '20.0']]);
  });

  it('sums bigint exactly and detects overflow', async () => {
    expect(await rows(`SELECT sum(measure_value::bigint) FROM ${T}`)).toEqual([['3072']]);
    await expect(rows(`SELECT 9223372036854775807 + 1`)).rejects.toThrow(/overflow/);
  });

  it('orders with NULLS FIRST/LAST and by expressions not in the select list', async () => {
    const sql = (order: string) =>
      rows(`SELECT measure_value::double FROM ${T} WHERE hostname = 'host-1' AND measure_name = 'cpu_utilization' ORDER BY ${order}`);
    expect((await sql('1 DESC')).map((r) => r[0])).toEqual(['30.0', '20.0', '10.0', null]);
    expect((await sql('1 DESC NULLS FIRST')).map((r) => r[0])).toEqual([null, '30.0', '20.0', '10.0']);
    expect((await sql('time DESC')).map((r) => r[0])).toEqual([null, '30.0', '20.0', '10.0']);
  });

  it('orders varchar by code point, astral characters above U+FFFF-range ones (found by the differential suite)', async () => {
    const values = `(VALUES ('\u{1F600}'), ('\uFF21'), ('a'), ('\u00E9'), ('Z'), ('a\u{1F600}'), ('a\uFF21')) t(x)`;
    expect((await rows(`SELECT x FROM ${values} ORDER BY x`)).map((r) => r[0])).toEqual([
      'Z',
      'a',
      'a\uFF21',
      'a\u{1F600}',
      '\u00E9',
      '\uFF21',
      '\u{1F600}',
    ]);
    expect(await rows(`SELECT min(x), max(x), '\uFF21' < '\u{1F600}' FROM ${values}`)).toEqual([['Z', '\u{1F600}', 'true']]);
  });

  it('applies LIMIT and OFFSET', async () => {
    expect(await rows(`SELECT hostname FROM ${T} ORDER BY time, hostname, measure_name OFFSET 2 LIMIT 2`)).toEqual([
      ['host-2'],
      ['host-2'],
    ]);
  });

  it('supports SELECT DISTINCT', async () => {
    expect(await rows(`SELECT DISTINCT region FROM ${T} ORDER BY region`)).toEqual([['eu-west-1'], ['us-east-1']]);
  });

  it('evaluates CASE, if, coalesce, nullif, CAST and TRY_CAST', async () => {
    expect(
      await rows(`SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' END, CASE 3 WHEN 1 THEN 'one' ELSE 'other' END,
        if(true, 1, 2), coalesce(NULL, 7), nullif(3, 3), CAST('12' AS bigint), TRY_CAST('x' AS double), CAST(2.5 AS bigint), CAST(1e10 AS varchar)`),
    ).toEqual([['b', 'other', '1', '7', null, '12', null, '3', '1.0E10']]);
    await expect(rows(`SELECT CAST('x' AS double)`)).rejects.toThrow(/Cannot cast 'x' \(varchar\) to double/);
  });

  it('is lazy where SQL is: CASE and if do not evaluate branches they skip', async () => {
    expect(await rows(`SELECT if(false, 1 / 0, 5), CASE WHEN true THEN 1 ELSE 1 / 0 END, try(1 / 0)`)).toEqual([['5', '1', null]]);
  });

  it('reads literals: durations, intervals, typed literals, dates', async () => {
    expect(
      await rows(`SELECT timestamp '2024-01-01 00:00:00' + 90s, date '2024-02-28' + interval '1' day, timestamp '2024-01-31' + interval '1' month,
        interval '2' hour, DOUBLE '1.5', 1.5h`),
    ).toEqual([
      [
        '2024-01-01 00:01:30.000000000',
        '2024-02-29',
        '2024-02-29 00:00:00.000000000',
        '0 02:00:00.000000000',
        '1.5',
        '0 01:30:00.000000000',
      ],
    ]);
  });

  it('has now, current_timestamp, date_trunc, from_milliseconds and to_milliseconds', async () => {
    expect(
      await rows(`SELECT now(), current_timestamp, date_trunc('hour', timestamp '2024-05-17 13:45:12.5'), date_trunc('month', date '2024-05-17'),
        from_milliseconds(1700000000123), to_milliseconds(timestamp '2023-11-14 22:13:20.123'), date_trunc('week', timestamp '2024-05-17 13:00')`),
    ).toEqual([
      [
        '2024-01-01 01:00:00.000000000',
        '2024-01-01 01:00:00.000000000',
        '2024-05-17 13:00:00.000000000',
        '2024-05-01',
        '2023-11-14 22:13:20.123000000',
        '1700000000123',
        '2024-05-13 00:00:00.000000000',
      ],
    ]);
  });

  it('rounds half away from zero and keeps abs exact', async () => {
    expect(await rows(`SELECT round(2.5), round(-2.5), round(1.2345, 2), round(125, -1), abs(-9223372036854775807), abs(-1.5)`)).toEqual([
      ['3.0', '-3.0', '1.23', '130', '9223372036854775807', '1.5'],
    ]);
  });

  it('reports division by zero for integers and IEEE results for doubles', async () => {
    await expect(rows('SELECT 1 / 0')).rejects.toThrow(/Division by zero/);
    expect(await rows('SELECT 1.0 / 0, 7 / 2, -7 / 2, 7 % 3')).toEqual([['Infinity', '3', '-3', '1']]);
  });
});
