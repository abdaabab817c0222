import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../src/engine/ingest/types.ts';
import { collect, utcNs } from './collect.ts';

function jsonMapping(format: 'ndjson' | 'json-array', overrides: Partial<ImportMapping> = {}): ImportMapping {
  return {
    format,
    timeColumn: 'ts',
    timeFormat: { kind: 'iso8601' },
    timeZone: 'UTC',
    dimensions: [{ column: 'tags.host', name: 'host' }],
    measures: [
      { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
      { column: 'n', name: 'n', type: 'BIGINT' },
      { column: 'up', name: 'up', type: 'BOOLEAN' },
      { column: 'msg', name: 'msg', type: 'VARCHAR' },
    ],
    multiMeasure: true,
    measureNameForSingle: 'm',
    target: { database: 'db', table: 't' },
    ...overrides,
  };
}

const OBJECTS = [
  '{"ts":"2024-01-01T00:00:00Z","tags":{"host":"a"},"cpu":1.5,"n":"9007199254740993","up":true,"msg":"héllo"}',
  '{"ts":"2024-01-01T00:00:01Z","tags":{"host":"東京"},"cpu":"2","n":7,"up":"false","msg":{"k":[1,2]}}',
];

describe('NdjsonParser', () => {
  it('reads one object per line, nested keys, numbers as JSON or strings, CRLF and blank lines', async () => {
    const text = `\uFEFF${OBJECTS[0]}\r\n\r\n${OBJECTS[1]}`;
    const { rows, summary } = await collect(text, jsonMapping('ndjson'));
    expect(summary.rowsRejected).toBe(0);
    expect(rows).toEqual([
      {
        time: utcNs(2024, 1, 1),
        line: 1,
        dimensions: { host: 'a' },
        measures: { cpu: 1.5, n: 9_007_199_254_740_993n, up: true, msg: 'héllo' },
        measureName: 'm',
      },
      {
        time: utcNs(2024, 1, 1, 0, 0, 1),
        line: 3,
        dimensions: { host: '東京' },
        measures: { cpu: 2, n: 7n, up: false, msg: '{"k":[1,2]}' },
        measureName: 'm',
      },
    ]);
  });

  it('is cut-proof: same rows for a cut at every byte', async () => {
    const bytes = new TextEncoder().encode(OBJECTS.join('\n'));
    const whole = await collect(bytes, jsonMapping('ndjson'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = [bytes.slice(0, cut), bytes.slice(cut)];
      const stream = new ReadableStream<Uint8Array>({ pull: (c) => (parts.length ? c.enqueue(parts.shift()!) : c.close()) });
      expect((await collect(stream, jsonMapping('ndjson'))).rows, `cut ${cut}`).toEqual(whole.rows);
    }
  });

  it('rejects bad JSON, non-objects, bad times and values, with line numbers, and keeps the rest', async () => {
    const text = [
      '{"ts":"2024-01-01T00:00:00Z","cpu":1}',
      '{"ts":"2024-01-01T00:00:01Z","cpu":', // 2 truncated
      '[1,2]', // 3 not an object
      '{"ts":"soon","cpu":1}', // 4 bad time
      '{"ts":"2024-01-01T00:00:02Z","cpu":"x"}', // 5 bad double
      '{"ts":"2024-01-01T00:00:03Z","n":1.5}', // 6 bad bigint
      '{"ts":"2024-01-01T00:00:04Z"}', // 7 no measure
      '  {"ts":"2024-01-01T00:00:05Z","cpu":2}',
    ].join('\n');
    const { rows, summary } = await collect(text, jsonMapping('ndjson'), { fileName: 'x.ndjson' });
    expect(rows.map((row) => row.line)).toEqual([1, 8]);
    expect(summary.rejections.map((r) => [r.line, r.field])).toEqual([
      [2, undefined],
      [3, undefined],
      [4, 'ts'],
      [5, 'cpu'],
      [6, 'n'],
      [7, undefined],
    ]);
    expect(summary.rejections[0]!.reason).toMatch(/^The line is not valid JSON/);
    expect(summary.rejections[1]!.reason).toBe('Expected a JSON object per record.');
    expect(summary.rejections[4]!.reason).toMatch(/not a 64-bit integer/);
    expect(summary.rejections[4]!.raw).toBe('{"ts":"2024-01-01T00:00:03Z","n":1.5}');
  });

  it('does not find inherited keys such as "constructor" in a record', async () => {
    const mapping = jsonMapping('ndjson', {
      dimensions: [{ column: 'constructor', name: 'c' }],
      measures: [{ column: 'toString', name: 'v', type: 'VARCHAR' }],
    });
    const { rows, summary } = await collect('{"ts":"2024-01-01T00:00:00Z","toString":"x"}\n{"ts":"2024-01-01T00:00:01Z"}\n', mapping);
    expect(rows.map((row) => [row.dimensions, row.measures])).toEqual([[{}, { v: 'x' }]]);
    expect(summary.rejections[0]!.reason).toBe('The record has no measure value.');
  });

  it('joins a 4 MB line delivered in 1 KB slices in linear time', async () => {
    const line = `{"ts":"2024-01-01T00:00:00Z","cpu":1,"msg":"${'x'.repeat(4 * 1024 * 1024)}"}`;
    const started = performance.now();
    const { rows } = await collect(`${line}\n${OBJECTS[0]}\n`, jsonMapping('ndjson'), { sliceBytes: 1024 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(rows.map((row) => [row.line, (row.measures.msg as string).length])).toEqual([
      [1, 4 * 1024 * 1024],
      [2, 5],
    ]);
  });

  it('reads epoch numbers as times', async () => {
    const { rows } = await collect('{"ts":1700000000123,"cpu":1}\n', jsonMapping('ndjson', { timeFormat: { kind: 'epoch', unit: 'ms' } }));
    expect(rows[0]!.time).toBe(1_700_000_000_123_000_000n);
  });

  it('rejects invalid UTF-8 on its line', async () => {
    const good = new TextEncoder().encode('{"ts":"2024-01-01T00:00:00Z","cpu":1}\n{"ts":"');
    const rest = new TextEncoder().encode('","cpu":1}\n');
    const { rows, summary } = await collect(new Uint8Array([...good, 0xff, ...rest]), jsonMapping('ndjson'));
    expect(rows.length).toBe(1);
    expect(summary.rejections[0]).toMatchObject({ line: 2, reason: 'The line is not valid UTF-8.' });
  });
});

describe('JsonArrayParser', () => {
  const array = `[\n  ${OBJECTS[0]},\n  ${OBJECTS[1]}\n]\n`;

  it('streams the elements of a top-level array', async () => {
    const { rows, summary } = await collect(array, jsonMapping('json-array'));
    expect(summary.rowsRejected).toBe(0);
    expect(rows.map((row) => [row.line, row.dimensions.host, row.measures.cpu])).toEqual([
      [2, 'a', 1.5],
      [3, '東京', 2],
    ]);
  });

  it('gives the same rows for every one-cut split and for one-byte slices', async () => {
    const bytes = new TextEncoder().encode(array);
    const whole = await collect(bytes, jsonMapping('json-array'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = [bytes.slice(0, cut), bytes.slice(cut)];
      const stream = new ReadableStream<Uint8Array>({ pull: (c) => (parts.length ? c.enqueue(parts.shift()!) : c.close()) });
      expect((await collect(stream, jsonMapping('json-array'))).rows, `cut ${cut}`).toEqual(whole.rows);
    }
    expect((await collect(bytes, jsonMapping('json-array'), { sliceBytes: 1 })).rows).toEqual(whole.rows);
  });

  it('handles brackets and quotes inside strings, and reports bad elements where they start', async () => {
    const text =
      '[{"ts":"2024-01-01T00:00:00Z","msg":"a ] } \\" [ {","cpu":1},\n 42,\n {"ts":"bad","cpu":1}, {"ts":"2024-01-01T00:00:01Z","cpu":2}]';
    const { rows, summary } = await collect(text, jsonMapping('json-array'));
    expect(rows.map((row) => row.measures.msg ?? row.measures.cpu)).toEqual(['a ] } " [ {', 2]);
    expect(summary.rejections.map((r) => [r.line, r.column, r.reason.slice(0, 20)])).toEqual([
      [2, 2, 'Expected a JSON obje'],
      [3, 2, '"bad" is not an ISO-'],
    ]);
  });

  it('reports a truncated array', async () => {
    const { rows, summary } = await collect('[{"ts":"2024-01-01T00:00:00Z","cpu":1},{"ts":"2024-', jsonMapping('json-array'));
    expect(rows.length).toBe(1);
    expect(summary.rejections[0]).toMatchObject({
      line: 1,
      column: 40,
      reason: 'The JSON array ends inside this element (truncated file).',
    });
  });

  it('reports a file that is not an array', async () => {
    const { summary } = await collect('{"ts":1}', jsonMapping('json-array'));
    expect(summary.rejections[0]!.reason).toBe('A JSON array file must start with "[".');
  });
});
