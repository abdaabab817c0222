import { describe, expect, it } from 'vitest';
import { formatNs, msToNs, nsToMs, parseIsoToNs, recordTimeToNs, toNs } from '../../../src/engine/model/index.ts';

describe('time conversion to bigint ns', () => {
  it('converts every TimeUnit exactly', () => {
    expect(recordTimeToNs('1700000000', 'SECONDS')).toBe(1_700_000_000_000_000_000n);
    expect(recordTimeToNs('1700000000123', 'MILLISECONDS')).toBe(1_700_000_000_123_000_000n);
    expect(recordTimeToNs('1700000000123456', 'MICROSECONDS')).toBe(1_700_000_000_123_456_000n);
    expect(recordTimeToNs('1700000000123456789', 'NANOSECONDS')).toBe(1_700_000_000_123_456_789n);
    expect(recordTimeToNs(1700000000123, 'MILLISECONDS')).toBe(1_700_000_000_123_000_000n);
    expect(recordTimeToNs(5n, 'SECONDS')).toBe(5_000_000_000n);
  });

  it('refuses what is not a non-negative integer count, naming the field', () => {
    expect(recordTimeToNs(undefined, 'MILLISECONDS')).toBe('Time is required.');
    expect(recordTimeToNs('12.5', 'MILLISECONDS')).toMatch(/^Time "12.5" is not an integer count of milliseconds/);
    expect(recordTimeToNs('-5', 'SECONDS')).toMatch(/not an integer count/);
    expect(recordTimeToNs(-5n, 'SECONDS')).toMatch(/negative/);
    expect(recordTimeToNs('9223372037', 'SECONDS')).toMatch(/beyond 2262-04-11/);
  });

  it('accepts ms numbers, Dates, ISO strings and bigint ns', () => {
    expect(toNs(1.5)).toBe(1_500_000n);
    expect(toNs(new Date(1000))).toBe(1_000_000_000n);
    expect(toNs(7n)).toBe(7n);
    expect(toNs('2024-01-02T03:04:05.123456789Z')).toBe(parseIsoToNs('2024-01-02T03:04:05Z') + 123_456_789n);
    expect(toNs('2024-01-02 03:04:05')).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n);
    expect(toNs('2024-01-02T05:04:05+02:00')).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n);
    expect(() => toNs('yesterday')).toThrow(RangeError);
    expect(() => toNs(Number.NaN)).toThrow(RangeError);
    expect(msToNs(1700000000123)).toBe(1_700_000_000_123_000_000n);
    expect(nsToMs(1_500_000n)).toBe(1.5);
    expect(formatNs(1_700_000_000_123_000_001n)).toBe('2023-11-14T22:13:20.123000001Z');
  });
});
