import { describe, expect, it } from 'vitest';
import { planBatchWrites } from '../../../src/engine/ingest/batch-writes.ts';
import { checkImportMapping } from '../../../src/engine/ingest/check-mapping.ts';
import { tableNameOf } from '../../../src/engine/ingest/infer-mapping.ts';
import { collect, csvMapping } from './collect.ts';

describe('checkImportMapping', () => {
  it('accepts a sound mapping', () => {
    expect(
      checkImportMapping(
        csvMapping({
          dimensions: [{ column: 'host', name: 'host' }],
          measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
          target: { database: 'imports', table: 'metrics' },
        }),
      ),
    ).toEqual([]);
  });

  it('names every problem with the field it is about', () => {
    const problems = checkImportMapping(
      csvMapping({
        dialect: { delimiter: ',', quote: ',', escape: '', header: true, decimalComma: true },
        timeColumn: '',
        timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd hh' },
        timeZone: 'Nowhere/Land',
        dimensions: [
          { column: 'a', name: 'host:name' },
          { column: 'b', name: 'cpu' },
        ],
        measures: [
          { column: 'c', name: 'cpu', type: 'DOUBLE' },
          { column: 'd', name: 'measure_value', type: 'DOUBLE' },
          { column: 'e', name: 'cpu', type: 'DOUBLE' },
        ],
        multiMeasure: true,
        target: { database: 'x', table: 'ok_table' },
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'target.database',
      'timeColumn',
      'timeFormat',
      'timeZone',
      'dimensions[0].name',
      'measures[0].name',
      'measures[1].name',
      'measures[2].name',
      'measures[2].name',
      'dialect.quote',
      'dialect.decimalComma',
    ]);
    expect(problems[4]!.reason).toMatch(/colon/);
    expect(problems[5]!.reason).toMatch(/both a dimension and a measure attribute/);
    expect(problems[6]!.reason).toMatch(/reserved/);
    expect(problems[7]!.reason).toMatch(/mapped twice/);
  });

  it('asks for a dimension when a file has none', () => {
    expect(
      checkImportMapping(
        csvMapping({ measures: [{ column: 'v', name: 'v', type: 'DOUBLE' }], target: { database: 'imports', table: 'tbl' } }),
      ),
    ).toEqual([{ field: 'dimensions', reason: expect.stringMatching(/at least one dimension/) }]);
  });
});

describe('safe names and series', () => {
  it('makes table names Timestream accepts from short file names', () => {
    expect(tableNameOf('a.csv')).toBe('a_data');
    expect(tableNameOf('my data (1).csv.gz')).toBe('my_data__1_');
  });

  it('refuses a series whose dimension value is over 2 KB, row by row, instead of failing the write', async () => {
    const long = 'x'.repeat(3000);
    const { batches } = await collect(
      `time,host,cpu\n1,${long},1\n2,ok,2\n`,
      csvMapping({
        timeFormat: { kind: 'epoch', unit: 's' },
        dimensions: [{ column: 'host', name: 'host' }],
        measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
      }),
    );
    const plan = planBatchWrites(batches[0]!, { database: 'db', table: 'tbl' });
    expect(plan.unwritable).toEqual([{ row: 0, reason: expect.stringMatching(/limit is 2048 bytes/) }]);
    expect(plan.writes.map((w) => w.request.dimensions)).toEqual([{ host: 'ok' }]);
  });
});
