import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationLiteralNanos } from '../../../../src/engine/sql/binder/literals.ts';
import { parseTimestamp, parseTimestampText } from '../../../../src/engine/sql/values/time-text.ts';

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
    expect(parseTimestamp('1969-12-31 23:59:59.5')).toBe(-500_000_000n);
    expect(parseTimestamp('0000-01-01t00:00:00,000000001')).toBe(parseTimestampText('0000-01-01T00:00:00.000000001'));
    expect(parseTimestamp('2016-01-01 08:43:24.')).toBeNull();
    expect(parseTimestamp('2016-13-01 08:43:24')).toBeNull();
  });

  it('reads the canonical forms exactly as the general pattern does, and anything near them too', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    // Plausible canonical texts: real dates and times, and digits anywhere (month 13, hour 24, day 31 of February).
    const real = fc
      .tuple(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), fc.integer({ min: 0, max: 999_999 }), fc.nat(9))
      .map(([ms, extra, digitsKept]) => {
        const iso = new Date(ms).toISOString().replace('Z', '');
        const fraction = `${iso.slice(20)}${String(extra).padStart(6, '0')}`.slice(0, digitsKept);
        return `${iso.slice(0, 19).replace('T', ' ')}${digitsKept > 0 ? `.${fraction}` : ''}`;
      });
    const shaped = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        fc.constantFrom(' ', 'T', 't', 'x'),
        digits(2),
        digits(2),
        digits(2),
        fc.string({ maxLength: 11 }),
      )
      .map(([y, mo, d, sep, h, mi, s, rest]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${rest}`);
    const cut = fc.tuple(fc.oneof(real, shaped), fc.nat(30)).map(([text, n]) => text.slice(0, n));
    const mutated = fc
      .tuple(real, fc.nat(28), fc.constantFrom(...'0123456789 -:.,TtZz+/a\u00e9'))
      .map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(real, shaped, cut, mutated, fc.string({ maxLength: 30 })), (text) => {
        expect(parseTimestamp(text)).toBe(parseTimestampText(text));
      }),
      { numRuns: 5000 },
    );
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
