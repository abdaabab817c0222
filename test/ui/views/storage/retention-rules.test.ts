import { describe, expect, it } from 'vitest';
import {
  MAGNETIC_DAYS,
  MEMORY_HOURS,
  parseDimensionFilter,
  retentionProblem,
  utcInputMs,
} from '../../../../src/ui/views/storage/retention-rules.ts';

describe('retention rules', () => {
  it("accepts Timestream's ranges and names what is wrong outside them", () => {
    expect(retentionProblem('1', MEMORY_HOURS, 'hours')).toBeUndefined();
    expect(retentionProblem('8766', MEMORY_HOURS, 'hours')).toBeUndefined();
    expect(retentionProblem('8767', MEMORY_HOURS, 'hours')).toBe('Must be between 1 and 8,766 hours.');
    expect(retentionProblem('0', MEMORY_HOURS, 'hours')).toBe('Must be between 1 and 8,766 hours.');
    expect(retentionProblem('73000', MAGNETIC_DAYS, 'days')).toBeUndefined();
    expect(retentionProblem('73001', MAGNETIC_DAYS, 'days')).toBe('Must be between 1 and 73,000 days.');
    expect(retentionProblem('2.5', MAGNETIC_DAYS, 'days')).toBe('Enter a whole number of days (got "2.5").');
    expect(retentionProblem(' ', MAGNETIC_DAYS, 'days')).toBe('Enter a number of days.');
  });

  it('reads a dimension filter, a repeated name meaning any of its values', () => {
    expect(parseDimensionFilter('host=a\n\nregion = eu\nhost=b')).toEqual({ dimensions: { host: ['a', 'b'], region: 'eu' } });
    expect(parseDimensionFilter('')).toEqual({ dimensions: {} });
    expect(parseDimensionFilter('host=a\nnope')).toEqual({ problem: 'Line 2: write name=value (got "nope").' });
  });

  it('reads datetime-local values as UTC', () => {
    expect(utcInputMs('2024-03-01T10:20')).toBe(Date.UTC(2024, 2, 1, 10, 20));
    expect(utcInputMs('2024-03-01T10:20:30')).toBe(Date.UTC(2024, 2, 1, 10, 20, 30));
    expect(utcInputMs('')).toBeUndefined();
    expect(utcInputMs('garbage')).toBeNaN();
  });
});
