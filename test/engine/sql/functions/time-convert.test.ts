import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (sql: string): Promise<(string | null)[]> => (await rows(`SELECT ${sql}`))[0]!;

describe('nanosecond and unix-time conversions', () => {
  it('from_nanoseconds and to_nanoseconds round-trip (Timestream: from_nanoseconds(300000001) = 1970-01-01 00:00:00.300000001)', async () => {
    expect(
      await one(
        `from_nanoseconds(300000001), to_nanoseconds(TIMESTAMP '1970-01-01 00:00:00.300000001'), to_nanoseconds(INTERVAL '1' SECOND)`,
      ),
    ).toEqual(['1970-01-01 00:00:00.300000001', '300000001', '1000000000']);
  });

  it('from_unixtime takes seconds as a double; to_unixtime gives them back', async () => {
    expect(
      await one(`from_unixtime(1), from_unixtime(1.5), from_unixtime(-0.25), to_unixtime(TIMESTAMP '1970-01-01 00:00:01.500')`),
    ).toEqual(['1970-01-01 00:00:01.000000000', '1970-01-01 00:00:01.500000000', '1969-12-31 23:59:59.750000000', '1.5']);
  });

  it('NULL in gives NULL out; the wrong type is named', async () => {
    expect(await one(`from_unixtime(CAST(NULL AS double)), to_unixtime(CAST(NULL AS timestamp))`)).toEqual([null, null]);
    await expect(rows(`SELECT to_unixtime('x')`)).rejects.toThrow(/to_unixtime\(varchar\)/);
  });
});

describe('ISO-8601', () => {
  it('from_iso8601_timestamp reads dates, times, fractions and zones', async () => {
    expect(
      await one(
        `from_iso8601_timestamp('2020-05-11T11:15:05.055Z'), from_iso8601_timestamp('2020-05-11T11:15:05+02:00'), from_iso8601_timestamp('2020-05-11')`,
      ),
    ).toEqual(['2020-05-11 11:15:05.055000000', '2020-05-11 09:15:05.000000000', '2020-05-11 00:00:00.000000000']);
    await expect(rows(`SELECT from_iso8601_timestamp('yesterday')`)).rejects.toThrow(/from_iso8601_timestamp cannot read/);
  });

  it('from_iso8601_date gives the midnight UTC timestamp of the date, as Timestream does', async () => {
    expect(await one(`from_iso8601_date('2020-05-11')`)).toEqual(['2020-05-11 00:00:00.000000000']);
    await expect(rows(`SELECT from_iso8601_date('2020-13-01')`)).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('to_iso8601 prints timestamps with nanoseconds and Z, dates plainly', async () => {
    expect(
      await one(
        `to_iso8601(TIMESTAMP '2020-05-11 11:15:05.055'), to_iso8601(DATE '2020-05-11'), to_iso8601(from_iso8601_date('2022-06-17'))`,
      ),
    ).toEqual(['2020-05-11T11:15:05.055000000Z', '2020-05-11', '2022-06-17T00:00:00.000000000Z']);
  });
});
