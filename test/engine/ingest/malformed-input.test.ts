import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../src/engine/ingest/types.ts';
import { collect } from './collect.ts';

/**
 * Every parser on the same kinds of bad input: each bad line gives one precise rejection (line, and the
 * column where the fault is), and every good line around it is still emitted.
 */
interface FormatCase {
  readonly name: string;
  readonly mapping: ImportMapping;
  /** Text before the lines (a header), if the format has one. */
  readonly prelude: string;
  /** A good record with time t (seconds) and value v. */
  readonly good: (t: number, v: number) => string;
  /** A record with a bad number, and the 1-based column of the fault. */
  readonly badNumber: readonly [string, number];
  /** A record with a bad time, and the column of the fault. */
  readonly badTime: readonly [string, number];
  /** Bytes before and after an invalid UTF-8 byte (0xff), making one record. */
  readonly invalidUtf8: readonly [string, string];
  /** A record of about `size` bytes (valid, or invalid as stated). */
  readonly long: (size: number) => string;
  readonly longIsValid: boolean;
}

const base = { timeZone: 'UTC', target: { database: 'db', table: 't' } } as const;

const CASES: readonly FormatCase[] = [
  {
    name: 'csv',
    mapping: {
      ...base,
      format: 'csv',
      dialect: { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false },
      timeColumn: 't',
      timeFormat: { kind: 'epoch', unit: 's' },
      dimensions: [{ column: 'host', name: 'host' }],
      measures: [
        { column: 'v', name: 'v', type: 'DOUBLE' },
        { column: 'note', name: 'note', type: 'VARCHAR' },
      ],
      multiMeasure: true,
    },
    prelude: 't,host,v,note\n',
    good: (t, v) => `${t},h,${v},ok`,
    badNumber: ['5,h,1.2.3,ok', 5],
    badTime: ['5x,h,1,ok', 1],
    invalidUtf8: ['5,h', ',1,ok'],
    long: (size) => `5,h,1,${'y'.repeat(size)}`,
    longIsValid: true,
  },
  {
    name: 'ndjson',
    mapping: {
      ...base,
      format: 'ndjson',
      timeColumn: 't',
      timeFormat: { kind: 'epoch', unit: 's' },
      dimensions: [{ column: 'host', name: 'host' }],
      measures: [{ column: 'v', name: 'v', type: 'DOUBLE' }],
      multiMeasure: false,
    },
    prelude: '',
    good: (t, v) => `{"t":${t},"host":"h","v":${v}}`,
    badNumber: ['{"t":5,"host":"h","v":"1.2.3"}', 1],
    badTime: ['{"t":"5x","host":"h","v":1}', 1],
    invalidUtf8: ['{"t":5,"host":"h', '","v":1}'],
    long: (size) => `{"t":5,"host":"${'y'.repeat(size)}","v":1}`,
    longIsValid: true,
  },
  {
    name: 'influx-line-protocol',
    mapping: {
      ...base,
      format: 'influx-line-protocol',
      timeColumn: '',
      timeFormat: { kind: 'epoch', unit: 's' },
      dimensions: [],
      measures: [],
      multiMeasure: true,
    },
    prelude: '',
    good: (t, v) => `m,host=h v=${v} ${t}`,
    badNumber: ['m,host=h v=1.2.3 5', 12],
    badTime: ['m,host=h v=1 5x', 14],
    invalidUtf8: ['m,host=h', ' v=1 5'],
    long: (size) => `m,host=h v=1,s="${'y'.repeat(size)}" 5`,
    longIsValid: true,
  },
  {
    name: 'prometheus',
    mapping: {
      ...base,
      format: 'prometheus',
      timeColumn: '',
      timeFormat: { kind: 'epoch', unit: 's' },
      dimensions: [],
      measures: [],
      multiMeasure: false,
    },
    prelude: '# TYPE m gauge\n',
    good: (t, v) => `m{host="h"} ${v} ${t}`,
    badNumber: ['m{host="h"} 1.2.3 5', 13],
    badTime: ['m{host="h"} 1 5x', 15],
    invalidUtf8: ['m{host="h', '"} 1 5'],
    long: (size) => `m{host="${'y'.repeat(size)}"} 1 5`,
    longIsValid: true,
  },
];

const ARRAY_CASE_MAPPING: ImportMapping = { ...CASES[1]!.mapping, format: 'json-array' };

async function run(c: FormatCase, lines: (string | Uint8Array)[]): Promise<Awaited<ReturnType<typeof collect>>> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode(c.prelude)];
  for (const line of lines) {
    parts.push(typeof line === 'string' ? encoder.encode(line) : line);
    parts.push(encoder.encode('\n'));
  }
  return collect(new Blob(parts as BlobPart[]), c.mapping, { fileName: `f.${c.name}` });
}

const firstLine = (c: FormatCase): number => (c.prelude === '' ? 1 : 2);

describe.each(CASES)('$name on malformed input', (c) => {
  it('rejects a bad number precisely and keeps the good lines', async () => {
    const { rows, summary } = await run(c, [c.good(1, 1), c.badNumber[0], c.good(2, 2)]);
    const l = firstLine(c);
    expect(rows.map((row) => row.line)).toEqual([l, l + 2]);
    expect(summary.rejections).toHaveLength(1);
    expect(summary.rejections[0]).toMatchObject({ file: `f.${c.name}`, line: l + 1, column: c.badNumber[1], raw: c.badNumber[0] });
  });

  it('rejects a bad timestamp precisely and keeps the good lines', async () => {
    const { rows, summary } = await run(c, [c.good(1, 1), c.badTime[0], c.good(2, 2)]);
    const l = firstLine(c);
    expect(rows.map((row) => row.line)).toEqual([l, l + 2]);
    expect(summary.rejections).toHaveLength(1);
    expect(summary.rejections[0]).toMatchObject({ line: l + 1, column: c.badTime[1] });
  });

  it('rejects invalid UTF-8 on its line and keeps the good lines', async () => {
    const [before, after] = c.invalidUtf8;
    const encoder = new TextEncoder();
    const bad = new Uint8Array([...encoder.encode(before), 0xff, ...encoder.encode(after)]);
    const { rows, summary } = await run(c, [c.good(1, 1), bad, c.good(2, 2)]);
    const l = firstLine(c);
    expect(rows.map((row) => row.line)).toEqual([l, l + 2]);
    expect(summary.rejections).toHaveLength(1);
    expect(summary.rejections[0]!.line).toBe(l + 1);
    expect(summary.rejections[0]!.reason).toMatch(/UTF-8/);
  });

  it('reads an empty file as no rows', async () => {
    const { summary } = await collect('', c.mapping);
    expect(summary).toMatchObject({ rowsEmitted: 0, rowsRejected: 0 });
  });

  it('reads a 10 MB line, and rejects it precisely when the limit is lower', async () => {
    const long = c.long(10 * 1024 * 1024);
    const ok = await run(c, [c.good(1, 1), long, c.good(2, 2)]);
    expect(ok.rows.length).toBe(c.longIsValid ? 3 : 2);
    const capped = await collect(new Blob([c.prelude, `${c.good(1, 1)}\n${long}\n${c.good(2, 2)}\n`]), c.mapping, {
      maxRecordBytes: 1024 * 1024,
    });
    const l = firstLine(c);
    expect(capped.rows.map((row) => row.line)).toEqual([l, l + 2]);
    expect(capped.summary.rejections[0]).toMatchObject({ line: l + 1, column: 1 });
    expect(capped.summary.rejections[0]!.reason).toMatch(/longer than 1048576 bytes/);
  });

  it('rejects a line over the limit that a slice holds whole, as one spanning slices', async () => {
    const long = c.long(2 * 1024 * 1024);
    const capped = await collect(new Blob([c.prelude, `${c.good(1, 1)}\n${long}\n${c.good(2, 2)}\n`]), c.mapping, {
      maxRecordBytes: 1024 * 1024,
      sliceBytes: 16 * 1024 * 1024,
    });
    const l = firstLine(c);
    expect(capped.rows.map((row) => row.line)).toEqual([l, l + 2]);
    expect(capped.summary.rejections[0]).toMatchObject({ line: l + 1, column: 1 });
    expect(capped.summary.rejections[0]!.reason).toMatch(/longer than 1048576 bytes/);
  });

  it('reads the same rows from a gzip-compressed file', async () => {
    const text = `${c.prelude}${c.good(1, 1)}\n${c.good(2, 2.5)}\n`;
    const gz = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
    const plain = await collect(text, c.mapping);
    const packed = await collect(gz, c.mapping, { sliceBytes: 5 });
    expect(plain.rows.length).toBe(2);
    expect(packed.rows).toEqual(plain.rows);
  });
});

describe('json-array on malformed input', () => {
  it('rejects bad elements precisely and keeps the good ones', async () => {
    const text = '[\n{"t":1,"host":"h","v":1},\n{"t":5,"host":"h","v":"1.2.3"},\n{"t":"5x","host":"h","v":1},\n{"t":2,"host":"h","v":2}\n]';
    const { rows, summary } = await collect(text, ARRAY_CASE_MAPPING);
    expect(rows.map((row) => row.line)).toEqual([2, 5]);
    expect(summary.rejections.map((r) => [r.line, r.column, r.field])).toEqual([
      [3, 1, 'v'],
      [4, 1, 't'],
    ]);
  });

  it('reads an empty file as no rows and an empty array as no rows', async () => {
    expect((await collect('', ARRAY_CASE_MAPPING)).summary).toMatchObject({ rowsEmitted: 0, rowsRejected: 0 });
    expect((await collect('[]', ARRAY_CASE_MAPPING)).summary).toMatchObject({ rowsEmitted: 0, rowsRejected: 0 });
  });

  it('skips an element over the record limit and keeps the ones after it', async () => {
    const text = `[{"t":1,"host":"h","v":1},{"t":5,"host":"${'y'.repeat(3 * 1024 * 1024)}","v":1},{"t":2,"host":"h","v":2}]`;
    // Read across slices, and within one slice: the limit holds either way.
    for (const sliceBytes of [1024 * 1024, 16 * 1024 * 1024]) {
      const { rows, summary } = await collect(text, ARRAY_CASE_MAPPING, { maxRecordBytes: 1024 * 1024, sliceBytes });
      expect(rows.map((row) => row.time)).toEqual([1_000_000_000n, 2_000_000_000n]);
      expect(summary.rejections[0]).toMatchObject({ line: 1, column: 27 });
    }
  });
});
