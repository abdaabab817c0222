import { describe, expect, it } from 'vitest';
import {
  absoluteRange,
  autoIntervalMs,
  describeTimeRange,
  REFRESH_CHOICES,
  RELATIVE_RANGES,
  refreshMs,
  resolveTimeRange,
  zoomOut,
} from '../../../src/ui/time-range/model.ts';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('resolveTimeRange', () => {
  it('ends a relative range now', () => {
    expect(resolveTimeRange({ kind: 'relative', last: '1h' }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
    expect(resolveTimeRange({ kind: 'relative', last: '30d' }, NOW).fromMs).toBe(NOW - 30 * 86_400_000);
  });
  it('offers exactly the ranges of the issue, each shorter than the next', () => {
    expect([...RELATIVE_RANGES]).toEqual(['5m', '15m', '1h', '6h', '24h', '7d', '30d']);
    const spans = RELATIVE_RANGES.map((last) => {
      const r = resolveTimeRange({ kind: 'relative', last }, NOW);
      return r.toMs - r.fromMs;
    });
    expect(spans).toEqual([...spans].sort((a, b) => a - b));
    expect(spans[0]).toBe(300_000);
  });
  it('keeps an absolute range as it is', () => {
    expect(resolveTimeRange({ kind: 'absolute', fromMs: 5, toMs: 10 }, NOW)).toEqual({ fromMs: 5, toMs: 10 });
  });
});

describe('absoluteRange', () => {
  it('accepts from < to and rejects anything else', () => {
    expect(absoluteRange(1, 2)).toEqual({ kind: 'absolute', fromMs: 1, toMs: 2 });
    expect(absoluteRange(2, 2)).toBeNull();
    expect(absoluteRange(3, 2)).toBeNull();
    expect(absoluteRange(Number.NaN, 2)).toBeNull();
  });
});

describe('zoomOut', () => {
  it('doubles the span around the centre of an absolute range in the past', () => {
    expect(zoomOut({ kind: 'absolute', fromMs: 1000, toMs: 2000 }, NOW)).toEqual({ kind: 'absolute', fromMs: 500, toMs: 2500 });
  });
  it('does not run past now: a range ending now grows backwards', () => {
    expect(zoomOut({ kind: 'relative', last: '1h' }, NOW)).toEqual({ kind: 'absolute', fromMs: NOW - 2 * 3_600_000, toMs: NOW });
  });
});

describe('autoIntervalMs', () => {
  it('gives about one round interval per pixel', () => {
    expect(autoIntervalMs({ fromMs: 0, toMs: 3_600_000 }, 1200)).toBe(5000); // 3 s per pixel → 5 s
    expect(autoIntervalMs({ fromMs: 0, toMs: 86_400_000 }, 1000)).toBe(120_000); // 86.4 s → 2 min
    expect(autoIntervalMs({ fromMs: 0, toMs: 1000 }, 1000)).toBe(1);
  });
  it('respects a minimum interval and a zero pixel count', () => {
    expect(autoIntervalMs({ fromMs: 0, toMs: 1000 }, 1000, 1000)).toBe(1000);
    expect(autoIntervalMs({ fromMs: 0, toMs: 60_000 }, 0)).toBe(60_000);
  });
  it('rounds very long spans up to whole days', () => {
    expect(autoIntervalMs({ fromMs: 0, toMs: 1000 * 86_400_000 }, 10)).toBe(100 * 86_400_000);
  });
});

describe('refresh', () => {
  it('maps each choice to its period', () => {
    expect(REFRESH_CHOICES.map(refreshMs)).toEqual([null, 1000, 5000, 10_000, 30_000, 60_000]);
  });
});

describe('describeTimeRange', () => {
  it('names relative ranges and shows absolute bounds', () => {
    expect(describeTimeRange({ kind: 'relative', last: '15m' })).toBe('Last 15 minutes');
    const from = new Date(2024, 0, 2, 3, 4, 5).getTime();
    expect(describeTimeRange({ kind: 'absolute', fromMs: from, toMs: from + 60_000 })).toBe('2024-01-02 03:04:05 to 2024-01-02 03:05:05');
  });
});
