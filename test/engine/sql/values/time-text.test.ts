import { describe, expect, it } from 'vitest';
import { durationLiteralNanos } from '../../../../src/engine/sql/binder/literals.ts';
import { parseTimestamp } from '../../../../src/engine/sql/values/time-text.ts';

describe('parseTimestamp', () => {
  it('gives the instants and rejections a person expects', () => {
    const ms = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
    expect(parseTimestamp('2016-01-01 09:37:03.576')).toBe(ms('2016-01-01T09:37:03.576Z'));
    expect(parseTimestamp('2016-01-01')).toBe(ms('2016-01-01T00:00:00Z'));
    expect(parseTimestamp('2024-02-29T23:59:59.123456789')).toBe(ms('2024-02-29T23:59:59Z') + 123_456_789n);
    expect(parseTimestamp('2023-02-29 00:00:00')).toBeNull();
    expect(parseTimestamp('2023-01-01 24:00:00')).toBeNull();
    expect(parseTimestamp('2023-1-2 3:04:05')).toBe(ms('2023-01-02T03:04:05Z'));
    expect(parseTimestamp('2023-01-02 03:04:05+01:00')).toBe(ms('2023-01-02T02:04:05Z'));
  });
});

describe('durationLiteralNanos', () => {
  it('scales whole and decimal amounts exactly', () => {
    const d = (amount: string, unit: 'ns' | 'us' | 'ms' | 's' | 'm' | 'h' | 'd') =>
      durationLiteralNanos({ kind: 'DurationLiteral', amount, unit, span: { start: 0, end: 0, line: 1, column: 1 } });
    expect(d('1', 'h')).toBe(3_600_000_000_000n);
    expect(d('15', 's')).toBe(15_000_000_000n);
    expect(d('007', 'ms')).toBe(7_000_000n);
    expect(d('123456789012345', 'd')).toBe(123456789012345n * 86_400_000_000_000n);
    expect(d('1.5', 'h')).toBe(5_400_000_000_000n);
    expect(d('0.5', 'ns')).toBeNull();
  });
});
