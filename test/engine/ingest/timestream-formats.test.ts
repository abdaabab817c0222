import { describe, expect, it } from 'vitest';
import { mappingFromBatchLoad } from '../../../src/engine/ingest/timestream-batch-load.ts';
import { mappingForUnload, partitionDimensionsOfPath } from '../../../src/engine/ingest/timestream-unload.ts';
import { collect, utcNs } from './collect.ts';

const target = { database: 'db', table: 't' };

describe('Timestream batch-load CSV', () => {
  it('maps a multi-measure data model: epoch time unit, renamed dimensions, typed attributes', async () => {
    const mapping = mappingFromBatchLoad(
      {
        TimeColumn: 'ts',
        TimeUnit: 'SECONDS',
        DimensionMappings: [{ SourceColumn: 'hostname', DestinationColumn: 'host' }, { SourceColumn: 'region' }],
        MultiMeasureMappings: {
          TargetMultiMeasureName: 'metrics',
          MultiMeasureAttributeMappings: [
            { SourceColumn: 'cpu', MeasureValueType: 'DOUBLE' },
            { SourceColumn: 'mem', TargetMultiMeasureAttributeName: 'memory', MeasureValueType: 'BIGINT' },
            { SourceColumn: 'ok', MeasureValueType: 'BOOLEAN' },
          ],
        },
      },
      target,
      { ColumnSeparator: ';', NullValue: 'null', TrimWhiteSpace: true },
    );
    const text =
      'ts;hostname;region;cpu;mem;ok\n1700000000; h1 ;eu;1.5;100;true\n1700000060;h2;eu;null;200;false\n1700000120;h3;eu;x;1;true\n';
    const { rows, summary } = await collect(text, mapping);
    expect(rows).toEqual([
      {
        time: 1_700_000_000n * 1_000_000_000n,
        line: 2,
        dimensions: { host: 'h1', region: 'eu' },
        measures: { cpu: 1.5, memory: 100n, ok: true },
        measureName: 'metrics',
      },
      {
        time: 1_700_000_060n * 1_000_000_000n,
        line: 3,
        dimensions: { host: 'h2', region: 'eu' },
        measures: { memory: 200n, ok: false },
        measureName: 'metrics',
      },
    ]);
    expect(summary.rejections[0]).toMatchObject({ line: 4, column: 18, field: 'cpu' });
  });

  it('maps single measures with a measure-name column', async () => {
    const mapping = mappingFromBatchLoad(
      {
        TimeColumn: 'time',
        TimeUnit: 'MILLISECONDS',
        DimensionMappings: [{ SourceColumn: 'host' }],
        MeasureNameColumn: 'measure',
        MixedMeasureMappings: [{ SourceColumn: 'value', MeasureValueType: 'DOUBLE' }],
      },
      target,
    );
    const { rows, summary } = await collect(
      'time,host,measure,value\n1700000000000,a,cpu,1\n1700000000000,a,mem,2\n1700000000000,a,,3\n',
      mapping,
    );
    expect(rows.map((row) => [row.measureName, row.measures.value])).toEqual([
      ['cpu', 1],
      ['mem', 2],
    ]);
    expect(summary.rejections[0]).toMatchObject({ line: 4, column: 17, reason: 'The measure name is empty.' });
  });

  it('refuses data models Timestream would refuse', () => {
    expect(() => mappingFromBatchLoad({ DimensionMappings: [], MixedMeasureMappings: [] }, target)).toThrow(/at least one dimension/);
    expect(() => mappingFromBatchLoad({ DimensionMappings: [{ SourceColumn: 'a' }] }, target)).toThrow(
      /MultiMeasureMappings or MixedMeasureMappings/,
    );
    expect(() =>
      mappingFromBatchLoad(
        { DimensionMappings: [{ SourceColumn: 'a' }], MixedMeasureMappings: [{ SourceColumn: 'v', MeasureValueType: 'FLOAT' }] },
        target,
      ),
    ).toThrow(/FLOAT/);
    expect(() =>
      mappingFromBatchLoad(
        { DimensionMappings: [{ SourceColumn: 'a' }], MultiMeasureMappings: { MultiMeasureAttributeMappings: [] } },
        target,
        { ColumnSeparator: '#' },
      ),
    ).toThrow(/ColumnSeparator/);
  });
});

describe('Timestream UNLOAD CSV', () => {
  it('reads headerless output with backslash escapes and ns timestamps', async () => {
    const mapping = mappingForUnload(['region', 'host', 'measure_name', 'time', 'measure_value::double', 'measure_value::bigint'], target);
    const text = [
      'us-east-1,host\\,1,cpu,2024-01-01 00:00:00.123456789,1.5,',
      'us-east-1,"host \\"2\\"",requests,2024-01-01 00:00:01.000000000,,42',
      'us-east-1,h3,cpu,2024-01-01 00:00:02.000000000,,',
    ].join('\n');
    const { rows, summary } = await collect(text, mapping);
    expect(rows).toEqual([
      {
        time: utcNs(2024, 1, 1, 0, 0, 0, 123_456_789),
        line: 1,
        dimensions: { region: 'us-east-1', host: 'host,1' },
        measures: { DOUBLE: 1.5 },
        measureName: 'cpu',
      },
      {
        time: utcNs(2024, 1, 1, 0, 0, 1),
        line: 2,
        dimensions: { region: 'us-east-1', host: 'host "2"' },
        measures: { BIGINT: 42n },
        measureName: 'requests',
      },
    ]);
    expect(summary.rejections[0]).toMatchObject({ line: 3, reason: 'The row has no measure value (every measure field is empty).' });
  });

  it('reads multi-measure output with a header and declared attribute types', async () => {
    const mapping = mappingForUnload(['host', 'measure_name', 'time', 'cpu', 'mem'], target, {
      includeHeader: true,
      fieldDelimiter: '|',
      measureColumns: { cpu: 'DOUBLE', mem: 'BIGINT' },
    });
    expect(mapping.multiMeasure).toBe(true);
    const { rows } = await collect('host|measure_name|time|cpu|mem\na|metrics|2024-01-01 00:00:00.000000000|1.25|7\n', mapping);
    expect(rows[0]).toMatchObject({ measureName: 'metrics', dimensions: { host: 'a' }, measures: { cpu: 1.25, mem: 7n } });
  });

  it('reads partition columns from Hive-style folders', () => {
    expect(partitionDimensionsOfPath('s3://bucket/out/results/region=us-east-1/az=us%2Feast%201a/part-0000.csv.gz')).toEqual([
      { name: 'region', value: 'us-east-1' },
      { name: 'az', value: 'us/east 1a' },
    ]);
    expect(partitionDimensionsOfPath('plain/folder/file.csv')).toEqual([]);
  });
});
