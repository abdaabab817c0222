import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (sql: string): Promise<(string | null)[]> => (await rows(`SELECT ${sql}`))[0]!;

describe('field extractors and EXTRACT', () => {
  const ts = `TIMESTAMP '2001-08-22 03:04:05.321456789'`;

  it('reads each field of a timestamp (Presto documents extract(hour ...) of 2001-08-22 03:04:05.321 as 3)', async () => {
    expect(
      await one(
        `year(${ts}), quarter(${ts}), month(${ts}), week(${ts}), day(${ts}), day_of_week(${ts}), day_of_year(${ts}), year_of_week(${ts}), hour(${ts}), minute(${ts}), second(${ts}), millisecond(${ts})`,
      ),
    ).toEqual(['2001', '3', '8', '34', '22', '3', '234', '2001', '3', '4', '5', '321']);
  });

  it('EXTRACT binds each field and alias to its function', async () => {
    expect(
      await one(
        `EXTRACT(HOUR FROM ${ts}), EXTRACT(DOW FROM ${ts}), EXTRACT(DOY FROM ${ts}), EXTRACT(YOW FROM ${ts}), EXTRACT(DAY_OF_MONTH FROM ${ts}), EXTRACT(YEAR FROM DATE '2020-02-29')`,
      ),
    ).toEqual(['3', '3', '234', '2001', '22', '2020']);
  });

  it('uses ISO weeks: 2021-01-01 (a Friday) is in week 53 of 2020; 2024-12-30 in week 1 of 2025', async () => {
    expect(await one(`week(DATE '2021-01-01'), year_of_week(DATE '2021-01-01'), dow(DATE '2021-01-03')`)).toEqual(['53', '2020', '7']);
    expect(await one(`week(DATE '2024-12-30'), yow(DATE '2024-12-30'), doy(DATE '2024-12-31')`)).toEqual(['1', '2025', '366']);
  });

  it('reads intervals: day..millisecond of day-to-second, year and month of year-to-month', async () => {
    expect(await one(`day(INTERVAL '2' DAY + INTERVAL '3' HOUR), hour(INTERVAL '2' DAY + INTERVAL '3' HOUR)`)).toEqual(['2', '3']);
  });

  it('handles times before the epoch (floor, not truncation)', async () => {
    expect(
      await one(
        `year(TIMESTAMP '1969-12-31 23:59:59.999'), hour(TIMESTAMP '1969-12-31 23:59:59.999'), millisecond(TIMESTAMP '1969-12-31 23:59:59.999')`,
      ),
    ).toEqual(['1969', '23', '999']);
  });

  it('groups a table by minute and by EXTRACT over the time column', async () => {
    expect(
      await rows(
        `SELECT minute(time) AS m, EXTRACT(SECOND FROM time) AS s, count(*) FROM "devops"."host_metrics" WHERE measure_name = 'cpu_utilization' GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
    ).toEqual([
      ['0', '0', '3'],
      ['0', '30', '2'],
      ['1', '0', '1'],
      ['1', '30', '1'],
      ['2', '0', '1'],
    ]);
  });

  it('gives NULL for NULL and names the types on a mismatch', async () => {
    expect(await one(`year(CAST(NULL AS timestamp))`)).toEqual([null]);
    await expect(rows(`SELECT hour(DATE '2020-01-01')`)).rejects.toThrow(/hour\(date\)/);
    await expect(rows(`SELECT year('x')`)).rejects.toThrow(/year\(varchar\)/);
  });
});

describe('date_add and date_diff', () => {
  it('adds units to timestamps, clamping the day at month ends', async () => {
    expect(
      await one(
        `date_add('hour', 2, TIMESTAMP '2020-01-01 23:00:00'), date_add('month', 1, TIMESTAMP '2020-01-31 10:00:00'), date_add('year', -1, TIMESTAMP '2020-02-29 00:00:00'), date_add('millisecond', 5, TIMESTAMP '2020-01-01 00:00:00')`,
      ),
    ).toEqual([
      '2020-01-02 01:00:00.000000000',
      '2020-02-29 10:00:00.000000000',
      '2019-02-28 00:00:00.000000000',
      '2020-01-01 00:00:00.005000000',
    ]);
  });

  it('adds to dates, and rejects time units for dates and unknown units', async () => {
    expect(await one(`date_add('day', 1, DATE '2020-02-28'), date_add('quarter', 1, DATE '2020-11-30')`)).toEqual([
      '2020-02-29',
      '2021-02-28',
    ]);
    await expect(rows(`SELECT date_add('hour', 1, DATE '2020-01-01')`)).rejects.toThrow(/unit 'hour' for a date/);
    await expect(rows(`SELECT date_add('fortnight', 1, TIMESTAMP '2020-01-01 00:00:00')`)).rejects.toThrow(/fortnight/);
  });

  it('counts whole units between two times, truncating toward zero', async () => {
    expect(
      await one(
        `date_diff('hour', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 05:59:59'), date_diff('day', TIMESTAMP '2020-01-02 00:00:00', TIMESTAMP '2020-01-01 00:00:01'), date_diff('second', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:01:00')`,
      ),
    ).toEqual(['5', '0', '60']);
  });

  it('counts months as Joda does: a month is complete only when the day and time are reached', async () => {
    expect(
      await one(
        `date_diff('month', TIMESTAMP '2020-01-15 00:00:00', TIMESTAMP '2020-02-14 23:59:59'), date_diff('month', TIMESTAMP '2020-01-15 00:00:00', TIMESTAMP '2020-02-15 00:00:00'), date_diff('year', DATE '2020-03-01', DATE '2021-02-28'), date_diff('quarter', DATE '2021-01-01', DATE '2020-01-01'), date_diff('month', DATE '2020-03-31', DATE '2020-02-29')`,
      ),
    ).toEqual(['0', '1', '0', '-4', '-1']);
  });

  it('gives NULL for NULL arguments', async () => {
    expect(
      await one(`date_diff('day', CAST(NULL AS timestamp), TIMESTAMP '2020-01-01 00:00:00'), date_add('day', NULL, DATE '2020-01-01')`),
    ).toEqual([null, null]);
  });
});

describe('dates and the current instant', () => {
  it('last_day_of_month of a timestamp and of a date (leap years)', async () => {
    expect(
      await one(
        `last_day_of_month(TIMESTAMP '2020-02-10 12:00:00'), last_day_of_month(DATE '2021-02-01'), last_day_of_month(DATE '2021-12-31')`,
      ),
    ).toEqual(['2020-02-29', '2021-02-28', '2021-12-31']);
  });

  it('current_date, current_time and current_timezone read the query instant (2024-01-01 01:00 UTC in the fixture)', async () => {
    expect(await one(`current_date, current_time, current_timezone()`)).toEqual(['2024-01-01', '01:00:00.000000000', 'UTC']);
  });

  it('localtime and localtimestamp are the UTC time, Timestream having no other zone', async () => {
    expect(await one(`localtime, localtimestamp`)).toEqual(['01:00:00.000000000', '2024-01-01 01:00:00.000000000']);
  });

  it('date_diff takes a date beside a timestamp from its midnight', async () => {
    expect(
      await one(
        `date_diff('hour', DATE '2020-01-01', TIMESTAMP '2020-01-02 03:30:00'), date_diff('day', TIMESTAMP '2020-01-03 12:00:00', DATE '2020-01-01')`,
      ),
    ).toEqual(['27', '-2']);
  });

  it('date() of text, of a timestamp, and its errors', async () => {
    expect(await one(`date('2020-03-04'), date(TIMESTAMP '2020-03-04 23:59:59'), date(CAST(NULL AS varchar))`)).toEqual([
      '2020-03-04',
      '2020-03-04',
      null,
    ]);
    await expect(rows(`SELECT date('2020-02-30')`)).rejects.toThrow(/YYYY-MM-DD/);
  });
});
