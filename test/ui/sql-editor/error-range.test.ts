import { describe, expect, it } from 'vitest';
import { errorRange } from '../../../src/ui/sql-editor/error-range.ts';

describe('errorRange', () => {
  const sql = 'SELECT *\nFROM "db"."t"\nWHER x = 1';
  it('maps line and column to the word at that place', () => {
    const r = errorRange(sql, { line: 3, column: 1 })!;
    expect(sql.slice(r.from, r.to)).toBe('WHER');
    const q = errorRange(sql, { line: 2, column: 6 })!;
    expect(sql.slice(q.from, q.to)).toBe('"db"');
  });
  it('marks one character where there is no word, and clamps past the end', () => {
    const r = errorRange('SELECT (', { line: 1, column: 8 })!;
    expect(r).toEqual({ from: 7, to: 8 });
    expect(errorRange('SELECT', { line: 1, column: 99 })).toEqual({ from: 5, to: 6 });
    expect(errorRange('a\nb', { line: 9, column: 1 })).toEqual({ from: 2, to: 3 });
  });
  it('gives null without a line', () => {
    expect(errorRange('x', undefined)).toBeNull();
    expect(errorRange('x', { recordIndex: 3 } as { line?: number })).toBeNull();
  });
});
