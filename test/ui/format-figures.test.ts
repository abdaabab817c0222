import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatNsTime } from '../../src/ui/files/format-figures.ts';

describe('figures for progress and storage', () => {
  it('formats bytes, counts, durations and times', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_725_000)).toBe('1 h 2 min');
    expect(formatNsTime(null)).toBe('—');
    expect(formatNsTime(1_700_000_000_123_456_789n)).toBe('2023-11-14 22:13:20 UTC');
  });
});
