import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../../src/client/index.ts';
import {
  columnChoices,
  problemsAt,
  timeFormatKey,
  timeFormatOfKey,
  withColumnChoice,
} from '../../../../src/ui/views/import/mapping-edits.ts';

const mapping: ImportMapping = {
  format: 'csv',
  dialect: { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false },
  timeColumn: 'ts',
  timeFormat: { kind: 'iso8601' },
  timeZone: 'UTC',
  dimensions: [{ column: 'host', name: 'host' }],
  measures: [
    { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
    { column: 'mem', name: 'mem', type: 'BIGINT' },
  ],
  multiMeasure: true,
  target: { database: 'db1', table: 't1' },
};
const columns = ['ts', 'host', 'cpu', 'mem', 'note'];

describe('mapping edits', () => {
  it('reads each column role from a mapping', () => {
    expect(columnChoices(mapping, columns).map((c) => [c.column, c.role, c.type])).toEqual([
      ['ts', 'time', 'TIMESTAMP'],
      ['host', 'dimension', 'VARCHAR'],
      ['cpu', 'measure', 'DOUBLE'],
      ['mem', 'measure', 'BIGINT'],
      ['note', 'ignore', 'DOUBLE'],
    ]);
  });

  it('moves a column between roles, keeping the others and the attribute order', () => {
    const typed = withColumnChoice(mapping, { column: 'cpu', role: 'measure', name: 'cpu_pct', type: 'BIGINT' });
    expect(typed.measures).toEqual([
      { column: 'cpu', name: 'cpu_pct', type: 'BIGINT' },
      { column: 'mem', name: 'mem', type: 'BIGINT' },
    ]);
    const asDimension = withColumnChoice(mapping, { column: 'cpu', role: 'dimension', name: 'cpu', type: 'VARCHAR' });
    expect(asDimension.dimensions.map((d) => d.column)).toEqual(['host', 'cpu']);
    expect(asDimension.measures.map((m) => m.column)).toEqual(['mem']);
    const newTime = withColumnChoice(mapping, { column: 'note', role: 'time', name: 'note', type: 'TIMESTAMP' });
    expect(newTime.timeColumn).toBe('note');
    const timeIgnored = withColumnChoice(mapping, { column: 'ts', role: 'ignore', name: 'ts', type: 'DOUBLE' });
    expect(timeIgnored.timeColumn).toBe('');
    const named = withColumnChoice(mapping, { column: 'note', role: 'measure-name', name: 'note', type: 'VARCHAR' });
    expect(named.measureNameColumn).toBe('note');
    expect('measureNameColumn' in withColumnChoice(named, { column: 'note', role: 'ignore', name: 'note', type: 'DOUBLE' })).toBe(false);
  });

  it('maps time formats to one select value and back', () => {
    expect(timeFormatKey({ kind: 'epoch', unit: 'us' })).toBe('epoch:us');
    expect(timeFormatOfKey('epoch:ns', { kind: 'iso8601' })).toEqual({ kind: 'epoch', unit: 'ns' });
    expect(timeFormatOfKey('pattern', { kind: 'pattern', pattern: 'dd/MM/yyyy' })).toEqual({ kind: 'pattern', pattern: 'dd/MM/yyyy' });
    expect(timeFormatOfKey('pattern', { kind: 'iso8601' })).toEqual({ kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' });
  });

  it('finds the problems about a field and its parts', () => {
    const problems = [
      { field: 'measures[1].name', reason: 'a' },
      { field: 'measures', reason: 'b' },
      { field: 'measuresX', reason: 'c' },
      { field: 'target.table', reason: 'd' },
    ];
    expect(problemsAt(problems, 'measures')).toEqual(['a', 'b']);
    expect(problemsAt(problems, 'measures[1]')).toEqual(['a']);
    expect(problemsAt(problems, 'target.table')).toEqual(['d']);
  });
});
