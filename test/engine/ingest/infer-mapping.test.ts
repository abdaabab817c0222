import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkImportMapping } from '../../../src/engine/ingest/check-mapping.ts';
import { inferImportMapping } from '../../../src/engine/ingest/infer-mapping.ts';
import { proposeImport } from '../../../src/engine/ingest/propose-import.ts';
import { streamImport } from '../../../src/engine/ingest/stream-import.ts';

describe('inferImportMapping', () => {
  it('proposes time, dimensions, typed measures and multi-measure from a sample', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [
      `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`,
      `host-${i % 3}`,
      String(i * 1.5),
      String(i),
      i % 2 === 0 ? 'true' : 'false',
      `request ${i} unique text`,
      '',
    ]);
    const { mapping, columns, naiveTimes } = inferImportMapping({
      format: 'csv',
      columns: ['ts', 'host', 'cpu', 'request_count', 'healthy', 'message', 'empty'],
      rows,
      fileName: 'servers 2024.csv',
    });
    expect(naiveTimes).toBe(false);
    expect(mapping).toEqual({
      format: 'csv',
      timeColumn: 'ts',
      timeFormat: { kind: 'iso8601' },
      timeZone: 'UTC',
      dimensions: [{ column: 'host', name: 'host' }],
      measures: [
        { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
        { column: 'request_count', name: 'request_count', type: 'BIGINT' },
        { column: 'healthy', name: 'healthy', type: 'BOOLEAN' },
        { column: 'message', name: 'message', type: 'VARCHAR' },
      ],
      multiMeasure: true,
      measureNameForSingle: 'metrics',
      target: { database: 'imports', table: 'servers_2024' },
    });
    expect(columns.find((c) => c.column === 'empty')?.role).toBe('ignored');
  });

  it('gives a one-measure file a constant dimension and a single measure', () => {
    const { mapping, naiveTimes } = inferImportMapping({
      format: 'csv',
      columns: ['timestamp', 'value'],
      rows: [
        ['2014-04-10 00:04:00', '42.0'],
        ['2014-04-10 00:09:00', '41'],
      ],
      fileName: 'dir/ec2_network_in_257a54.csv.gz',
    });
    expect(naiveTimes).toBe(true);
    expect(mapping).toMatchObject({
      timeColumn: 'timestamp',
      timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
      constantDimensions: [{ name: 'source', value: 'ec2_network_in_257a54' }],
      measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      multiMeasure: false,
      measureNameForSingle: 'value',
    });
  });

  it('does not take a plain integer column for a time, and renames reserved names', () => {
    const { mapping } = inferImportMapping({
      format: 'csv',
      columns: ['count', 'time', 'measure_value'],
      rows: [
        ['1700000000', '2024-01-01T00:00:00Z', '1'],
        ['1700000001', '2024-01-01T00:00:01Z', '2'],
      ],
    });
    expect(mapping.timeColumn).toBe('time');
    expect(mapping.measures.map((m) => [m.column, m.name])).toEqual([
      ['count', 'count'],
      ['measure_value', 'measure_value_value'],
    ]);
  });
});

describe('Timestream-shaped files', () => {
  it('reads measure_name as the record name: MULTI attributes without measure_value:: columns, single measures with them', () => {
    const multi = inferImportMapping({
      format: 'csv',
      columns: ['store', 'measure_name', 'time', 'amount', 'paid'],
      rows: [
        ['north', 'order', '2024-01-01 00:00:00.000000000', '1.5', 'true'],
        ['south', 'order', '2024-01-01 00:00:01.000000000', '2.5', 'false'],
      ],
    }).mapping;
    expect(multi).toMatchObject({ measureNameColumn: 'measure_name', multiMeasure: true, timeColumn: 'time' });
    expect(multi.measureNameForSingle).toBeUndefined();
    expect(multi.dimensions).toEqual([{ column: 'store', name: 'store' }]);
    const single = inferImportMapping({
      format: 'csv',
      columns: ['host', 'measure_name', 'time', 'measure_value::double', 'measure_value::bigint'],
      rows: [
        ['a', 'cpu', '2024-01-01 00:00:00.000000000', '1.5', ''],
        ['a', 'bytes', '2024-01-01 00:00:00.000000000', '', '12'],
      ],
    }).mapping;
    expect(single).toMatchObject({ measureNameColumn: 'measure_name', multiMeasure: false });
    expect(single.measures.map((m) => m.type)).toEqual(['DOUBLE', 'BIGINT']);
  });

  it('keeps integers beyond 2^53 as BIGINT, whatever the column is called', () => {
    const { mapping } = inferImportMapping({
      format: 'csv',
      columns: ['time', 'id', 'small'],
      rows: [
        ['2024-01-01T00:00:00Z', '9007199254740993', '12'],
        ['2024-01-01T00:00:01Z', '-1', '13'],
      ],
    });
    expect(mapping.measures.map((m) => [m.column, m.type])).toEqual([
      ['id', 'BIGINT'],
      ['small', 'DOUBLE'],
    ]);
  });

  it('gives a dimension named like a reserved prefix a name Timestream accepts', () => {
    const { mapping } = inferImportMapping({
      format: 'csv',
      columns: ['time', 'measure_value_kind', 'v'],
      rows: [
        ['2024-01-01T00:00:00Z', 'a', '1'],
        ['2024-01-01T00:00:01Z', 'a', '2'],
      ],
    });
    expect(mapping.dimensions).toEqual([{ column: 'measure_value_kind', name: 'dim_measure_value_kind_value' }]);
    expect(checkImportMapping(mapping)).toEqual([]);
  });
});

describe('proposeImport', () => {
  it('reads the file as the format and dialect the user chose instead of the detected ones', async () => {
    const text = '2024-01-01T00:00:00Z;a;1,5\n2024-01-01T00:00:01Z;a;2,5\n';
    const sniffed = await proposeImport(new Blob([text]), { fileName: 'x.txt' });
    expect(sniffed.inferred.mapping.dialect).toMatchObject({ delimiter: ';' });
    const dialect = { delimiter: ';', quote: '"', escape: '', header: false, decimalComma: true };
    const chosen = await proposeImport(new Blob([text]), { fileName: 'x.txt', format: 'csv', dialect });
    expect(chosen.inferred.mapping.dialect).toEqual(dialect);
    expect(chosen.raw.columns).toEqual(['column1', 'column2', 'column3']);
    expect(chosen.raw.rows.length).toBe(2);
    expect(chosen.parsed.rows[1]).toContain('2.5');
    const asLines = await proposeImport(new Blob(['m,host=a v=1 1700000000000000000\n']), {
      fileName: 'x.csv',
      format: 'influx-line-protocol',
    });
    expect(asLines.detected.format).toBe('influx-line-protocol');
    expect(asLines.parsed.columns).toContain('v');
  });
  it('reads a Timestream-shaped CSV with doubled quotes (an RFC 4180 export) and one with backslash escapes (UNLOAD)', async () => {
    const header = 'host,measure_name,time,measure_value::varchar\n';
    const doubled = await proposeImport(new Blob([`${header}"a ""b""",m,2024-01-01 00:00:00.000000000,x\n`]), { fileName: 'e.csv' });
    expect(doubled.detected.format).toBe('timestream-unload');
    expect(doubled.inferred.mapping.dialect?.escape).toBe('');
    expect(doubled.parsed.rows[0]).toContain('a "b"');
    const unload = await proposeImport(new Blob([`${header}"a \\"b\\"",m,2024-01-01 00:00:00.000000000,x\n`]), { fileName: 'u.csv' });
    expect(unload.inferred.mapping.dialect?.escape).toBe('\\');
    expect(unload.parsed.rows[0]).toContain('a "b"');
  });
  it('proposes a mapping for a NAB file that then imports every row', async () => {
    const bytes = readFileSync(new URL('../../../../shared/data/nab/realTraffic/speed_6005.csv', import.meta.url));
    const proposal = await proposeImport(new Blob([bytes]), { fileName: 'speed_6005.csv', sampleBytes: 8192 });
    expect(proposal.detected).toEqual({ format: 'csv', compressed: false });
    expect(proposal.problem).toBeUndefined();
    expect(proposal.raw.columns).toEqual(['timestamp', 'value']);
    expect(proposal.shapeKey).toBe('csv|delimiter=,|header=true|columns=timestamp\u001fvalue');
    expect(proposal.parsed.columns).toEqual(['time', 'measure_name', 'source', 'value']);
    expect(proposal.parsed.rows[0]).toEqual(['2015-08-31T18:22:00.000Z', 'value', 'speed_6005', '90']);
    const summary = await streamImport(new Blob([bytes]), proposal.inferred.mapping, { onBatch: () => undefined });
    expect(summary).toMatchObject({ rowsEmitted: 2500, rowsRejected: 0 });
  });

  it('proposes for gzip NDJSON, JSON arrays, line protocol and Prometheus', async () => {
    const ndjson = '{"time":"2024-01-01T00:00:00Z","host":"a","cpu":1.5}\n{"time":"2024-01-01T00:00:01Z","host":"a","cpu":2}\n';
    const gz = await new Response(new Blob([ndjson]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
    const a = await proposeImport(gz, { fileName: 'm.json.gz' });
    expect(a.detected).toEqual({ format: 'ndjson', compressed: true });
    expect(a.inferred.mapping).toMatchObject({
      timeColumn: 'time',
      dimensions: [{ column: 'host' }],
      measures: [{ column: 'cpu', type: 'DOUBLE' }],
    });
    expect(a.parsed.rows.length).toBe(2);

    const b = await proposeImport(`[${ndjson.trim().split('\n').join(',')}]`, { fileName: 'm.json' });
    expect(b.detected.format).toBe('json-array');
    expect(b.parsed.rows.length).toBe(2);

    const now = () => new Date('2024-05-01T00:00:00Z');
    const c = await proposeImport('cpu,host=a usage=1 1700000000000000000\ncpu,host=b usage=2\n', { fileName: 'x.lp', now });
    expect(c.detected.format).toBe('influx-line-protocol');
    expect(c.parsed.rows).toEqual([
      ['2023-11-14T22:13:20.000Z', 'cpu', 'a', '1'],
      ['2024-05-01T00:00:00.000Z', 'cpu', 'b', '2'],
    ]);

    const d = await proposeImport('# TYPE up gauge\nup{job="a"} 1\n', { fileName: 'scrape.prom', now });
    expect(d.detected.format).toBe('prometheus');
    expect(d.parsed.columns).toEqual(['time', 'measure_name', 'job', 'value']);
    expect(d.parsed.rows).toEqual([['2024-05-01T00:00:00.000Z', 'up', 'a', '1']]);
  });

  it('says when no time column is found', async () => {
    const proposal = await proposeImport('a,b\nx,1\ny,2\n', { fileName: 'no-time.csv' });
    expect(proposal.problem).toMatch(/No column reads as a time/);
  });
});
