import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, readExploreHash, writeExploreHash } from '../../../src/ui/views/explore/explore-state.ts';

describe('Explore URL state', () => {
  it('round-trips query, range, refresh and view through the hash', () => {
    const state = {
      sql: 'SELECT 1 -- é & ?',
      range: { kind: 'absolute' as const, fromMs: 1000, toMs: 2000 },
      refresh: '5s' as const,
      view: 'table' as const,
      live: true,
    };
    const hash = writeExploreHash(state);
    expect(hash.startsWith('#/explore?')).toBe(true);
    expect(readExploreHash(hash)).toEqual(state);
  });
  it('falls back to defaults for a bare route', () => {
    expect(readExploreHash('#/explore')).toEqual({ sql: null, range: null, refresh: 'off', view: 'auto', live: false });
  });
  it('has the agreed default query with both macros', () => {
    expect(DEFAULT_QUERY).toContain('$__interval');
    expect(DEFAULT_QUERY).toContain('$__timeFilter');
    expect(DEFAULT_QUERY).toContain('"sampleDB"."DevOps"');
  });
});
