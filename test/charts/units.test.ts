import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue } from '../../src/charts/units.ts';

describe('formatNumber', () => {
  it('keeps three significant figures below 100 and drops trailing zeros', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.5)).toBe('1.5');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(123.6)).toBe('124');
    expect(formatNumber(-3.25159)).toBe('-3.25');
  });
  it('writes tiny and huge values in exponent form, and infinities as symbols', () => {
    expect(formatNumber(1e-9)).toBe('1.00e-9');
    expect(formatNumber(2e16)).toBe('2.00e+16');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(Number.NaN)).toBe('');
  });
});

describe('formatValue', () => {
  it('uses SI suffixes without a unit', () => {
    expect(formatValue(1500)).toBe('1.5k');
    expect(formatValue(2_500_000)).toBe('2.5M');
    expect(formatValue(42)).toBe('42');
  });
  it('formats percent, bytes and durations in readable magnitudes', () => {
    expect(formatValue(42.25, '%')).toBe('42.3%');
    expect(formatValue(42, 'percent')).toBe('42%');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(3 * 1024 ** 3, 'B')).toBe('3 GiB');
    expect(formatValue(250, 'ms')).toBe('250 ms');
    expect(formatValue(1500, 'ms')).toBe('1.5 s');
    expect(formatValue(90, 's')).toBe('1.5 min');
    expect(formatValue(2_000_000, 'ns')).toBe('2 ms');
  });
  it('appends any other unit as written', () => {
    expect(formatValue(21.5, '°C')).toBe('21.5 °C');
    expect(formatValue(12000, 'req/s')).toBe('12k req/s');
  });
  it('gives an empty string for a gap', () => {
    expect(formatValue(Number.NaN, 'ms')).toBe('');
  });
});
