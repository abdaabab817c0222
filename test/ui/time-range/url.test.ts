import { describe, expect, it } from 'vitest';
import { fromLocalInputValue, toLocalInputValue } from '../../../src/ui/time-range/local-input.ts';
import type { TimeRange } from '../../../src/ui/time-range/model.ts';
import { hashParams, readRefreshParam, readTimeRangeParams, withHashParams, writeTimeRangeParams } from '../../../src/ui/time-range/url.ts';

describe('time range URL parameters', () => {
  it('writes Grafana-style from/to and reads them back', () => {
    const ranges: TimeRange[] = [
      { kind: 'relative', last: '6h' },
      { kind: 'absolute', fromMs: 1_700_000_000_000, toMs: 1_700_000_360_000 },
    ];
    for (const range of ranges) {
      const params = writeTimeRangeParams(new URLSearchParams(), range, '5s');
      expect(readTimeRangeParams(new URLSearchParams(params.toString()))).toEqual(range);
      expect(readRefreshParam(params)).toBe('5s');
    }
    expect(writeTimeRangeParams(new URLSearchParams(), { kind: 'relative', last: '1h' }).toString()).toBe('from=now-1h&to=now');
  });
  it('drops refresh when it is off and keeps other parameters', () => {
    const params = new URLSearchParams('q=abc&refresh=5s');
    writeTimeRangeParams(params, { kind: 'relative', last: '5m' }, 'off');
    expect(params.get('refresh')).toBeNull();
    expect(params.get('q')).toBe('abc');
  });
  it('returns null for missing, unknown or inverted ranges, and off for a bad refresh', () => {
    expect(readTimeRangeParams(new URLSearchParams(''))).toBeNull();
    expect(readTimeRangeParams(new URLSearchParams('from=now-2h&to=now'))).toBeNull();
    expect(readTimeRangeParams(new URLSearchParams('from=now-1h&to=now-5m'))).toBeNull();
    expect(readTimeRangeParams(new URLSearchParams('from=20&to=10'))).toBeNull();
    expect(readTimeRangeParams(new URLSearchParams('from=1e3&to=2e3'))).toBeNull();
    expect(readRefreshParam(new URLSearchParams('refresh=2s'))).toBe('off');
  });
  it('reads and replaces the query part of a hash route', () => {
    expect(hashParams('#/explore?from=now-1h&to=now').get('from')).toBe('now-1h');
    expect(hashParams('#/explore').toString()).toBe('');
    expect(withHashParams('#/explore?x=1', new URLSearchParams('from=1&to=2'))).toBe('#/explore?from=1&to=2');
    expect(withHashParams('#/explore?x=1', new URLSearchParams())).toBe('#/explore');
    expect(withHashParams('', new URLSearchParams('a=1'))).toBe('#/?a=1');
  });
});

describe('datetime-local conversion', () => {
  it('round-trips a local time to the second', () => {
    const ms = new Date(2024, 6, 8, 9, 10, 11).getTime();
    expect(toLocalInputValue(ms)).toBe('2024-07-08T09:10:11');
    expect(fromLocalInputValue('2024-07-08T09:10:11')).toBe(ms);
    expect(fromLocalInputValue('2024-07-08T09:10')).toBe(ms - 11_000);
  });
  it('rejects incomplete and impossible dates', () => {
    expect(fromLocalInputValue('')).toBeNaN();
    expect(fromLocalInputValue('2024-07-08')).toBeNaN();
    expect(fromLocalInputValue('2024-02-31T00:00')).toBeNaN();
  });
});
