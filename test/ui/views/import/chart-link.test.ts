import { describe, expect, it } from 'vitest';
import { readExploreHash } from '../../../../src/ui/views/explore/explore-state.ts';
import { exploreHashFor } from '../../../../src/ui/views/import/chart-link.ts';

describe('chart an import in Explore', () => {
  it('opens Explore on the table over its whole span, as a chart', () => {
    const hash = exploreHashFor({ database: 'nab', table: 'amb"ient' }, 1000.4, 5000.2);
    expect(hash.startsWith('#/explore?')).toBe(true);
    const state = readExploreHash(hash);
    expect(state.sql).toBe('SELECT * FROM "nab"."amb""ient"\nWHERE $__timeFilter\nORDER BY time');
    expect(state.range).toEqual({ kind: 'absolute', fromMs: 1000, toMs: 5002 });
    expect(state.view).toBe('chart');
  });
});
