import { describe, expect, it } from 'vitest';
import { completionPlace, quoteIdentifier, referencedTables, unquote } from '../../../src/ui/sql-editor/completion-context.ts';

describe('completionPlace', () => {
  it('offers databases after FROM and JOIN', () => {
    expect(completionPlace('SELECT * FROM ')).toEqual({ kind: 'database', prefix: '' });
    expect(completionPlace('SELECT * FROM "samp')).toEqual({ kind: 'database', prefix: '"samp' });
    expect(completionPlace('select * from a join sa')).toEqual({ kind: 'database', prefix: 'sa' });
  });
  it('offers the tables of a database after "db".', () => {
    expect(completionPlace('SELECT * FROM "sampleDB".')).toEqual({ kind: 'table', database: 'sampleDB', prefix: '' });
    expect(completionPlace('SELECT * FROM "sampleDB"."Dev')).toEqual({ kind: 'table', database: 'sampleDB', prefix: '"Dev' });
    expect(completionPlace('SELECT * FROM demo.ho')).toEqual({ kind: 'table', database: 'demo', prefix: 'ho' });
  });
  it("offers measure names inside measure_name = '… and IN (…", () => {
    expect(completionPlace("SELECT 1 FROM x.y WHERE measure_name = 'cpu")).toEqual({ kind: 'measure', prefix: 'cpu' });
    expect(completionPlace("WHERE measure_name IN ('cpu_utilization', 'mem")).toEqual({ kind: 'measure', prefix: 'mem' });
    expect(completionPlace("WHERE measure_name<>'")).toEqual({ kind: 'measure', prefix: '' });
  });
  it('offers nothing inside other strings, and columns/functions elsewhere', () => {
    expect(completionPlace("WHERE hostname = 'ho")).toEqual({ kind: 'none' });
    expect(completionPlace("WHERE hostname = 'a' AND av")).toEqual({ kind: 'column', prefix: 'av' });
    expect(completionPlace('SELECT measure_value::do')).toEqual({ kind: 'column', prefix: 'measure_value::do' });
    expect(completionPlace("-- it's a comment\nSELECT ho")).toEqual({ kind: 'column', prefix: 'ho' });
  });
});

describe('referencedTables', () => {
  it('finds quoted and bare db.table pairs once each', () => {
    expect(
      referencedTables('SELECT * FROM "sampleDB"."DevOps" a JOIN demo.hosts b ON 1=1 UNION SELECT * FROM "sampleDB"."DevOps"'),
    ).toEqual([
      { database: 'sampleDB', table: 'DevOps' },
      { database: 'demo', table: 'hosts' },
    ]);
    expect(referencedTables('SELECT 1')).toEqual([]);
  });
});

describe('identifiers', () => {
  it('quotes names that need it and unquotes doubled quotes', () => {
    expect(quoteIdentifier('hostname')).toBe('hostname');
    expect(quoteIdentifier('DevOps')).toBe('"DevOps"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(unquote('"a""b"')).toBe('a"b');
    expect(unquote('"open')).toBe('open');
    expect(unquote('bare')).toBe('bare');
  });
});
