import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../../src/engine/ingest/batch-builder.ts';
import { compileTimePattern, daysFromCivil, parseTimeText } from '../../../src/engine/ingest/time-parse.ts';

describe('time parsing', () => {
  it('matches Date.UTC for calendar days over the whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1678, max: 2261 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
      }),
    );
  });

  it('reads ISO 8601 with and without zones, fractions to the ns, and a space for T', () => {
    expect(parseTimeText('2024-02-29T12:34:56.123456789Z', { kind: 'iso8601' })).toBe(1_709_210_096_123_456_789n);
    expect(parseTimeText('2024-02-29 12:34:56', { kind: 'iso8601' })).toBe(1_709_210_096_000_000_000n);
    expect(parseTimeText('2024-02-29T12:34:56+01:30', { kind: 'iso8601' })).toBe(1_709_204_696_000_000_000n);
    expect(parseTimeText('2024-02-29T12:34:56-0100', { kind: 'iso8601' })).toBe(1_709_213_696_000_000_000n);
    expect(parseTimeText('2024-02-29', { kind: 'iso8601' })).toBe(1_709_164_800_000_000_000n);
    expect(parseTimeText('1969-12-31T23:59:59.5Z', { kind: 'iso8601' })).toBe(-500_000_000n);
  });

  it('agrees with Date for any ms instant written as ISO', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e12, max: 9e12 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTimeText(iso, { kind: 'iso8601' })).toBe(BigInt(ms) * 1_000_000n);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives reasons for impossible or malformed times', () => {
    expect(parseTimeText('2023-02-29T00:00:00Z', { kind: 'iso8601' })).toMatch(/out of range/);
    expect(parseTimeText('2024-01-01T24:00:00Z', { kind: 'iso8601' })).toMatch(/out of range/);
    expect(parseTimeText('2024-01-01T00:00:00Zjunk', { kind: 'iso8601' })).toMatch(/not an ISO-8601 time/);
    expect(parseTimeText('yesterday', { kind: 'iso8601' })).toMatch(/not an ISO-8601 time/);
    expect(parseTimeText('2300-01-01T00:00:00Z', { kind: 'iso8601' })).toMatch(/1677-2262/);
  });

  it('reads epoch counts in every unit, exactly, including 19-digit ns and fractions', () => {
    expect(parseTimeText('1700000000', { kind: 'epoch', unit: 's' })).toBe(1_700_000_000_000_000_000n);
    expect(parseTimeText('1700000000.123456789', { kind: 'epoch', unit: 's' })).toBe(1_700_000_000_123_456_789n);
    expect(parseTimeText('1700000000123', { kind: 'epoch', unit: 'ms' })).toBe(1_700_000_000_123_000_000n);
    expect(parseTimeText('1700000000123456', { kind: 'epoch', unit: 'us' })).toBe(1_700_000_000_123_456_000n);
    expect(parseTimeText('1700000000123456789', { kind: 'epoch', unit: 'ns' })).toBe(1_700_000_000_123_456_789n);
    expect(parseTimeText('-1', { kind: 'epoch', unit: 'ms' })).toBe(-1_000_000n);
    expect(parseTimeText('-1500', { kind: 'epoch', unit: 'ns' })).toBe(-1500n);
    expect(parseTimeText('9999999999999', { kind: 'epoch', unit: 's' })).toMatch(/beyond the year 2262/);
    expect(parseTimeText('12a', { kind: 'epoch', unit: 's' })).toMatch(/not an epoch time/);
  });

  it('reads patterns', () => {
    expect(parseTimeText('02/29/2024 12:34', { kind: 'pattern', pattern: 'MM/dd/yyyy HH:mm' })).toBe(1_709_210_040_000_000_000n);
    expect(parseTimeText('29.02.2024 12:34:56', { kind: 'pattern', pattern: 'dd.MM.yyyy HH:mm:ss' })).toBe(1_709_210_096_000_000_000n);
    expect(parseTimeText('2/9/2024 1:02', { kind: 'pattern', pattern: 'M/d/yyyy H:mm' })).toBe(
      BigInt(Date.UTC(2024, 1, 9, 1, 2)) * 1_000_000n,
    );
    expect(parseTimeText('20240229123456', { kind: 'pattern', pattern: 'yyyyMMddHHmmss' })).toBe(1_709_210_096_000_000_000n);
    expect(parseTimeText('2024-02-29 12:34:56.5+01:00', { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss.SSSXXX' })).toBe(
      1_709_206_496_500_000_000n,
    );
    expect(parseTimeText('2024-02-29 12:34', { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' })).toMatch(/does not match/);
    expect(() => compileTimePattern('yyyy-MM-dd hh:mm a')).toThrow(/not supported/);
  });

  it('reads the common fixed layouts exactly as the general pattern reader does', () => {
    const cases: [string, string][] = [
      ['2014-04-10 00:04:00', 'yyyy-MM-dd HH:mm:ss'],
      ['2014-04-10T00:04:00', 'yyyy-MM-ddTHH:mm:ss'],
      ['2014-04-10 00:04', 'yyyy-MM-dd HH:mm'],
      ['2014-04-10 00:04:00.123456789', 'yyyy-MM-dd HH:mm:ss.SSS'],
      ['2014-04-10 00:04:00.5', 'yyyy-MM-dd HH:mm:ss.SSS'],
      ['2014-04-10T00:04:00', 'yyyy-MM-dd HH:mm:ss'],
      ['2014-04-10 00:04:00Z', 'yyyy-MM-dd HH:mm:ss'],
      ['2014-04-10 00:04', 'yyyy-MM-dd HH:mm:ss'],
      ['2014-02-30 00:04:00', 'yyyy-MM-dd HH:mm:ss'],
      ['2014-04-10 00:04:00', 'yyyy-MM-dd HH:mm:ss.SSS'],
      ['2014-4-10 00:04:00', 'yyyy-MM-dd HH:mm:ss'],
    ];
    const expected = [
      BigInt(Date.UTC(2014, 3, 10, 0, 4)) * 1_000_000n,
      BigInt(Date.UTC(2014, 3, 10, 0, 4)) * 1_000_000n,
      BigInt(Date.UTC(2014, 3, 10, 0, 4)) * 1_000_000n,
      BigInt(Date.UTC(2014, 3, 10, 0, 4)) * 1_000_000n + 123_456_789n,
      BigInt(Date.UTC(2014, 3, 10, 0, 4)) * 1_000_000n + 500_000_000n,
    ];
    cases.forEach(([text, pattern], i) => {
      const got = parseTimeText(text, { kind: 'pattern', pattern });
      if (i < expected.length) expect(got, `${text} as ${pattern}`).toBe(expected[i]);
      else expect(got, `${text} as ${pattern}`).toMatch(/does not match|out of range/);
    });
  });

  it('converts naive times from a zone, including fixed offsets', () => {
    expect(parseTimeText('2024-07-01 12:00:00', { kind: 'iso8601' }, 'America/New_York')).toBe(
      BigInt(Date.UTC(2024, 6, 1, 16)) * 1_000_000n,
    );
    expect(parseTimeText('2024-01-01 12:00:00', { kind: 'iso8601' }, 'America/New_York')).toBe(
      BigInt(Date.UTC(2024, 0, 1, 17)) * 1_000_000n,
    );
    expect(parseTimeText('2024-01-01 12:00:00', { kind: 'iso8601' }, '+05:30')).toBe(BigInt(Date.UTC(2024, 0, 1, 6, 30)) * 1_000_000n);
    // A zoned text ignores the zone option.
    expect(parseTimeText('2024-01-01T12:00:00Z', { kind: 'iso8601' }, 'Asia/Tokyo')).toBe(BigInt(Date.UTC(2024, 0, 1, 12)) * 1_000_000n);
    expect(() => parseTimeText('2024-01-01', { kind: 'iso8601' }, 'Mars/Olympus')).toThrow(/time zone/);
  });

  it('stores ns times into BigInt64Array exactly without BigInt arithmetic', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 63n - 1n }), (ns) => {
        const builder = new BatchBuilder({
          batchRows: 1,
          multiMeasure: false,
          withMeasureNames: false,
          dimensions: [],
          measures: [{ name: 'v', type: 'DOUBLE' }],
        });
        const ms = ns >= 0n ? ns / 1_000_000n : -((-ns + 999_999n) / 1_000_000n);
        builder.setTime(Number(ms), Number(ns - ms * 1_000_000n));
        builder.setDouble(0, 1);
        builder.commitRow(1);
        expect(builder.ready[0]!.times[0]).toBe(ns);
      }),
      { numRuns: 2000 },
    );
  });

  it('stores safe integers as BIGINT without BigInt arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (value) => {
        const builder = new BatchBuilder({
          batchRows: 1,
          multiMeasure: false,
          withMeasureNames: false,
          dimensions: [],
          measures: [{ name: 'n', type: 'BIGINT' }],
        });
        builder.setTime(0, 0);
        builder.setBigintSafe(0, value);
        builder.commitRow(1);
        const column = builder.ready[0]!.measures[0]!;
        expect(column.values[0]).toBe(BigInt(value));
      }),
      { numRuns: 2000 },
    );
  });
});
