import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffCsvDialect } from '../../../src/engine/ingest/csv-dialect.ts';
import { detectFormat } from '../../../src/engine/ingest/detect-format.ts';
import { detectTimeFormat } from '../../../src/engine/ingest/detect-time.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('detectFormat', () => {
  it('tells formats apart by content, then by name', () => {
    expect(detectFormat('a.csv', bytes('time,value\n2024-01-01,1\n'))).toEqual({ format: 'csv', compressed: false });
    expect(detectFormat('a.json', bytes('[{"a":1},\n{"a":2}]'))).toEqual({ format: 'json-array', compressed: false });
    expect(detectFormat('a.json', bytes('{"a":1}\n{"a":2}\n{"a":3}\n'))).toEqual({ format: 'ndjson', compressed: false });
    expect(detectFormat('a.json', bytes('{"a":\n 1}'))).toEqual({ format: 'json-array', compressed: false });
    expect(detectFormat('metrics.txt', bytes('# HELP x y\n# TYPE x counter\nx 1\n'))).toEqual({ format: 'prometheus', compressed: false });
    expect(detectFormat('scrape', bytes('up{job="a"} 1\nup{job="b"} 0\n'))).toEqual({ format: 'prometheus', compressed: false });
    expect(
      detectFormat('data.txt', bytes('cpu,host=a usage=1.5,idle=2i 1700000000000000000\ncpu,host=b usage=2 1700000000000000001\n')),
    ).toEqual({
      format: 'influx-line-protocol',
      compressed: false,
    });
    expect(
      detectFormat('out.csv', bytes('region,measure_name,time,measure_value::double\nus,cpu,2024-01-01 00:00:00.000000000,1\n')),
    ).toEqual({
      format: 'timestream-unload',
      compressed: false,
    });
    expect(detectFormat('a.tsv.gz', bytes('x'))).toEqual({ format: 'csv', compressed: true });
    expect(detectFormat('blob', new Uint8Array([0x1f, 0x8b, 0x08, 0]))).toMatchObject({ compressed: true });
    expect(detectFormat('a.ndjson', bytes('{"a":1}'))).toEqual({ format: 'ndjson', compressed: false });
  });
});

describe('sniffCsvDialect', () => {
  it('finds the delimiter, header and decimal comma', () => {
    expect(sniffCsvDialect(bytes('time,host,value\n2024-01-01T00:00:00Z,a,1.5\n2024-01-01T00:00:01Z,b,2\n'))).toEqual({
      delimiter: ',',
      quote: '"',
      escape: '',
      header: true,
      decimalComma: false,
    });
    expect(sniffCsvDialect(bytes('zeit;wert\n01.02.2024 10:00;3,5\n01.02.2024 11:00;4,25\n'))).toMatchObject({
      delimiter: ';',
      header: true,
      decimalComma: true,
    });
    expect(sniffCsvDialect(bytes('a\tb\tc\n1\t2\t3\n4\t5\t6\n'))).toMatchObject({ delimiter: '\t', header: true });
    expect(sniffCsvDialect(bytes('a|b\n1|2\n'))).toMatchObject({ delimiter: '|' });
    expect(sniffCsvDialect(bytes('2024-01-01T00:00:00Z,a,1\n2024-01-01T00:00:01Z,b,2\n'))).toMatchObject({ delimiter: ',', header: false });
    // Commas inside quotes do not fool it.
    expect(sniffCsvDialect(bytes('"a,b";c\n"1,2";3\n"4,5";6\n'))).toMatchObject({ delimiter: ';' });
    expect(sniffCsvDialect(bytes('a,b\n"x \\" y",1\n'))).toMatchObject({ escape: '\\' });
  });

  it('sniffs every NAB file as a comma CSV with a header', () => {
    const head = readFileSync(new URL('../../../../shared/data/nab/realKnownCause/nyc_taxi.csv', import.meta.url)).subarray(0, 4096);
    expect(sniffCsvDialect(head)).toEqual({ delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false });
  });
});

describe('detectTimeFormat', () => {
  it('finds epochs by magnitude, ISO, and patterns', () => {
    expect(detectTimeFormat(['1700000000', '1700000060'])).toEqual({ format: { kind: 'epoch', unit: 's' }, naive: false, coverage: 1 });
    expect(detectTimeFormat(['1700000000123'])?.format).toEqual({ kind: 'epoch', unit: 'ms' });
    expect(detectTimeFormat(['1700000000123456'])?.format).toEqual({ kind: 'epoch', unit: 'us' });
    expect(detectTimeFormat(['1700000000123456789'])?.format).toEqual({ kind: 'epoch', unit: 'ns' });
    expect(detectTimeFormat(['12', '13'])).toBeUndefined();
    expect(detectTimeFormat(['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5+01:00'])).toEqual({
      format: { kind: 'iso8601' },
      naive: false,
      coverage: 1,
    });
    expect(detectTimeFormat(['2024-01-01T00:00:00'])).toEqual({ format: { kind: 'iso8601' }, naive: true, coverage: 1 });
    expect(detectTimeFormat(['2014-04-10 00:04:00', '2014-04-10 00:09:00'])).toEqual({
      format: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
      naive: true,
      coverage: 1,
    });
    expect(detectTimeFormat(['12/31/2024 23:59', '01/01/2025 00:00'])?.format).toEqual({ kind: 'pattern', pattern: 'MM/dd/yyyy HH:mm' });
    expect(detectTimeFormat(['31/12/2024 23:59'])?.format).toEqual({ kind: 'pattern', pattern: 'dd/MM/yyyy HH:mm' });
    expect(detectTimeFormat(['31.12.2024 23:59:01'])?.format).toEqual({ kind: 'pattern', pattern: 'dd.MM.yyyy HH:mm:ss' });
    expect(detectTimeFormat(['hello'])).toBeUndefined();
    expect(detectTimeFormat([])).toBeUndefined();
  });
});
