import { describe, expect, it } from 'vitest';
import { mappingFromBatchLoadJson } from '../../../src/engine/ingest/batch-load-json.ts';
import { TidemarkError } from '../../../src/errors/index.ts';
import { collect } from './collect.ts';

const target = { database: 'db', table: 't' };

describe('batch-load configuration as JSON', () => {
  it('reads a whole CreateBatchLoadTask request: data model and CSV configuration', async () => {
    const request = {
      TargetDatabaseName: 'x',
      DataModelConfiguration: {
        DataModel: {
          TimeColumn: 'ts',
          TimeUnit: 'MILLISECONDS',
          DimensionMappings: [{ SourceColumn: 'hostname', DestinationColumn: 'host' }],
          MultiMeasureMappings: {
            TargetMultiMeasureName: 'metrics',
            MultiMeasureAttributeMappings: [
              { SourceColumn: 'cpu', MeasureValueType: 'DOUBLE' },
              { SourceColumn: 'mem', MeasureValueType: 'BIGINT' },
            ],
          },
        },
      },
      DataSourceConfiguration: { DataFormat: 'CSV', CsvConfiguration: { ColumnSeparator: '|', NullValue: '-' } },
    };
    const mapping = mappingFromBatchLoadJson(JSON.stringify(request, null, 2), target);
    expect(mapping).toMatchObject({ format: 'timestream-batch-load', timeColumn: 'ts', multiMeasure: true, target });
    expect(mapping.dialect).toMatchObject({ delimiter: '|', nullValue: '-', header: true });
    const { rows, summary } = await collect('ts|hostname|cpu|mem\n1700000000000|h1|1.5|7\n1700000001000|h1|-|8\n', mapping);
    expect(summary.rowsRejected).toBe(0);
    expect(rows[0]).toMatchObject({ dimensions: { host: 'h1' }, measures: { cpu: 1.5, mem: 7n }, measureName: 'metrics' });
    // NullValue "-" is no value.
    expect(rows[1]!.measures).toEqual({ mem: 8n });
  });

  it('reads a bare DataModel, and names what is wrong with bad input', () => {
    const mapping = mappingFromBatchLoadJson(
      '{"TimeColumn":"t","DimensionMappings":[{"SourceColumn":"h"}],"MixedMeasureMappings":[{"SourceColumn":"v","MeasureValueType":"BIGINT"}]}',
      target,
    );
    expect(mapping.measures).toEqual([{ column: 'v', name: 'v', type: 'BIGINT' }]);
    const bad = (() => {
      try {
        mappingFromBatchLoadJson('{\n  "TimeColumn": "t",\n  oops\n}', target);
      } catch (error) {
        return error;
      }
    })();
    expect(bad).toBeInstanceOf(TidemarkError);
    expect(bad).toMatchObject({ code: 'VALIDATION', position: { line: 3 } });
    expect(() => mappingFromBatchLoadJson('{"TimeColumn":"t"}', target)).toThrow(/DimensionMappings/);
  });
});
