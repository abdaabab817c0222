import { describe, expect, it } from 'vitest';
import { editDistance, misspelledKeyword } from '../../../../src/engine/sql/parser/suggest.ts';

describe('keyword suggestions', () => {
  it('measures edit distance, giving up past the limit', () => {
    expect(editDistance('WHER', 'WHERE', 2)).toBe(1);
    expect(editDistance('FORM', 'FROM', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('ABC', 'ABC', 0)).toBe(0);
    expect(editDistance('A', 'ABCDEF', 2)).toBe(3);
    expect(editDistance('hostname', 'WHERE', 2)).toBe(3);
  });

  it('suggests the nearest keyword for a likely misspelling only', () => {
    expect(misspelledKeyword('wher')).toBe('WHERE');
    expect(misspelledKeyword('form')).toBe('FROM');
    expect(misspelledKeyword('ordr')).toBe('ORDER');
    expect(misspelledKeyword('limt')).toBe('LIMIT');
    expect(misspelledKeyword('host')).toBeUndefined();
    expect(misspelledKeyword('cpu')).toBeUndefined();
    expect(misspelledKeyword('WHERE')).toBeUndefined();
    expect(misspelledKeyword('t')).toBeUndefined();
  });
});
