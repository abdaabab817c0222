import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const one = async (sql: string): Promise<(string | null)[]> => (await rows(`SELECT ${sql}`))[0]!;

describe('date_format and date_parse (MySQL specifiers)', () => {
  it("formats Presto's documented example and the other specifiers", async () => {
    expect(
      await one(
        `date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H'), date_format(TIMESTAMP '2001-08-02 15:04:05.123456789', '%a %b %c %D %e %f %h %I %i %j %k %l %M %p %r %T %W %w %y %%')`,
      ),
    ).toEqual(['10-20-2022 05', 'Thu Aug 8 2nd 2 123456 03 03 04 214 15 3 August PM 03:04:05 PM 15:04:05 Thursday 4 01 %']);
  });

  it("parses Presto's documented example, fractions and 12-hour times", async () => {
    expect(
      await one(
        `date_parse('2022/10/20/05', '%Y/%m/%d/%H'), date_parse('2013-05-17 12:35:10.123456', '%Y-%m-%d %H:%i:%s.%f'), date_parse('01/02/99 12:00:00 AM', '%m/%d/%y %r'), date_parse('2020 060', '%Y %j')`,
      ),
    ).toEqual([
      '2022-10-20 05:00:00.000000000',
      '2013-05-17 12:35:10.123456000',
      '1999-01-02 00:00:00.000000000',
      '2020-02-29 00:00:00.000000000',
    ]);
  });

  it('rejects text that does not match, impossible dates and unknown specifiers', async () => {
    await expect(rows(`SELECT date_parse('2020-02-30', '%Y-%m-%d')`)).rejects.toThrow(/cannot read '2020-02-30'/);
    await expect(rows(`SELECT date_parse('20-02', '%Y-%m-%d')`)).rejects.toThrow(/cannot read/);
    await expect(rows(`SELECT date_format(TIMESTAMP '2020-01-01 00:00:00', '%Q')`)).rejects.toThrow(/%Q/);
  });

  it('gives NULL for NULL and formats dates too', async () => {
    expect(
      await one(`date_format(CAST(NULL AS timestamp), '%Y'), date_parse(NULL, '%Y'), date_format(DATE '2020-03-04', '%Y%m%d')`),
    ).toEqual([null, null, '20200304']);
  });
});

describe('ISO week-based years and weeks', () => {
  it('prints and reads %x-%v (date_format) and xxxx-ww (format_datetime), which differ from the calendar year around New Year', async () => {
    const one = async (sql: string) => (await rows(`SELECT ${sql}`))[0]![0];
    expect(await one(`date_format(TIMESTAMP '2021-01-03 10:00:00', '%x-%v %a %Y')`)).toBe('2020-53 Sun 2021');
    expect(await one(`date_format(TIMESTAMP '2024-12-30 00:00:00', '%x-%v')`)).toBe('2025-01');
    expect(await one(`format_datetime(TIMESTAMP '2021-01-03 10:00:00', 'xxxx-ww e')`)).toBe('2020-53 7');
    expect(await one(`date_parse('2020-53 Sun', '%x-%v %a')`)).toBe('2021-01-03 00:00:00.000000000');
    expect(await one(`date_parse('2024-01', '%x-%v')`)).toBe('2024-01-01 00:00:00.000000000');
    expect(await one(`parse_datetime('2025-01-1', 'xxxx-ww-e')`)).toBe('2024-12-30 00:00:00.000000000');
    // 2021 has 52 ISO weeks.
    await expect(rows(`SELECT date_parse('2021-53', '%x-%v')`)).rejects.toThrow(/cannot read '2021-53'/);
    // Presto refuses the Sunday-based week specifiers.
    await expect(rows(`SELECT date_format(TIMESTAMP '2020-01-01 00:00:00', '%U')`)).rejects.toThrow(/%U/);
  });
});

describe('format_datetime and parse_datetime (Joda patterns)', () => {
  it('formats numbers, names, fractions, quoted text and the UTC zone', async () => {
    expect(
      await one(
        `format_datetime(TIMESTAMP '2001-08-02 15:04:05.123456789', 'yyyy-MM-dd HH:mm:ss.SSS'), format_datetime(TIMESTAMP '2001-08-02 15:04:05', 'EEE, d MMM yy h:mm a ''at'' Z z'), format_datetime(TIMESTAMP '2001-08-02 15:04:05', 'EEEE MMMM D')`,
      ),
    ).toEqual(['2001-08-02 15:04:05.123', 'Thu, 2 Aug 01 3:04 PM at +0000 UTC', 'Thursday August 214']);
  });

  it('parses, honouring a zone offset', async () => {
    expect(
      await one(
        `parse_datetime('2020-05-11 11:15:05.5', 'yyyy-MM-dd HH:mm:ss.S'), parse_datetime('11/May/2020:11:15:05 +0200', 'dd/MMM/yyyy:HH:mm:ss Z'), parse_datetime('1960', 'yyyy')`,
      ),
    ).toEqual(['2020-05-11 11:15:05.500000000', '2020-05-11 09:15:05.000000000', '1960-01-01 00:00:00.000000000']);
    await expect(rows(`SELECT parse_datetime('2020-13-01', 'yyyy-MM-dd')`)).rejects.toThrow(/cannot read/);
    await expect(rows(`SELECT format_datetime(TIMESTAMP '2020-01-01 00:00:00', 'yyyy q')`)).rejects.toThrow(/'q'/);
  });
});

describe('parse_duration and human_readable_seconds', () => {
  it('parses Presto duration text to intervals at nanosecond precision', async () => {
    expect(await one(`parse_duration('42.8ms'), parse_duration('3.81 d'), parse_duration('5m'), parse_duration('1ns')`)).toEqual([
      '0 00:00:00.042800000',
      '3 19:26:24.000000000',
      '0 00:05:00.000000000',
      '0 00:00:00.000000001',
    ]);
    await expect(rows(`SELECT parse_duration('5 fortnights')`)).rejects.toThrow(/parse_duration cannot read/);
  });

  it("describes seconds as Presto's documented examples", async () => {
    expect(
      await one(
        `human_readable_seconds(96), human_readable_seconds(3762), human_readable_seconds(56363463), human_readable_seconds(0), human_readable_seconds(61.6)`,
      ),
    ).toEqual([
      '1 minute, 36 seconds',
      '1 hour, 2 minutes, 42 seconds',
      '93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds',
      '0 seconds',
      '1 minute, 2 seconds',
    ]);
  });
});
