import { describe, expect, it } from 'vitest';
import type { ImportMapping, ImportProgress } from '../../../src/engine/ingest/types.ts';
import { collect, csvMapping, utcNs } from './collect.ts';

const mapping: ImportMapping = csvMapping({
  dimensions: [{ column: 'host', name: 'host' }],
  measures: [
    { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
    { column: 'note', name: 'note', type: 'VARCHAR' },
  ],
  multiMeasure: true,
});

/** A stream that delivers `bytes` cut at the given offsets. */
function streamOf(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(bytes.slice(from, cut));
    from = cut;
  }
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

const SAMPLE = [
  '\uFEFFtime,host,cpu,note',
  '2024-01-01T00:00:00Z,a,1.5,plain',
  '',
  '2024-01-01T00:00:01Z,"b, with comma",2,"said ""hi"""',
  '2024-01-01T00:00:02Z,Zürich,3.25,"two',
  'lines"',
  '2024-01-01T00:00:03Z,東京,-4e2,',
  '',
].join('\r\n');

describe('CsvParser', () => {
  it('reads quotes, doubled quotes, CRLF, a BOM, empty lines, quoted newlines and multi-byte text', async () => {
    const { rows, summary } = await collect(SAMPLE, mapping);
    expect(summary.rowsRejected).toBe(0);
    expect(rows).toEqual([
      {
        time: utcNs(2024, 1, 1, 0, 0, 0),
        line: 2,
        dimensions: { host: 'a' },
        measures: { cpu: 1.5, note: 'plain' },
        measureName: 'metrics',
      },
      {
        time: utcNs(2024, 1, 1, 0, 0, 1),
        line: 4,
        dimensions: { host: 'b, with comma' },
        measures: { cpu: 2, note: 'said "hi"' },
        measureName: 'metrics',
      },
      {
        time: utcNs(2024, 1, 1, 0, 0, 2),
        line: 5,
        dimensions: { host: 'Zürich' },
        measures: { cpu: 3.25, note: 'two\r\nlines' },
        measureName: 'metrics',
      },
      { time: utcNs(2024, 1, 1, 0, 0, 3), line: 7, dimensions: { host: '東京' }, measures: { cpu: -400 }, measureName: 'metrics' },
    ]);
  });

  it('gives the same rows whatever byte the input is cut at, and with one-byte slices', async () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    const whole = await collect(bytes, mapping);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const split = await collect(streamOf(bytes, [cut]), mapping);
      expect(split.rows, `cut at byte ${cut}`).toEqual(whole.rows);
    }
    for (let cut = 1; cut + 1 < bytes.length; cut += 3) {
      const split = await collect(streamOf(bytes, [cut, cut + 1]), mapping);
      expect(split.rows, `cuts at ${cut} and ${cut + 1}`).toEqual(whole.rows);
    }
    const tiny = await collect(bytes, mapping, { sliceBytes: 1 });
    expect(tiny.rows).toEqual(whole.rows);
  });

  it('emits batches of the configured size with the source lines', async () => {
    const lines = ['time,host,cpu,note'];
    for (let i = 0; i < 25; i++) lines.push(`${1_700_000_000 + i},h${i % 3},${i},`);
    const { batches, rows } = await collect(lines.join('\n'), { ...mapping, timeFormat: { kind: 'epoch', unit: 's' } }, { batchRows: 10 });
    expect(batches.map((batch) => batch.rowCount)).toEqual([10, 10, 5]);
    expect(batches[0]!.times).toBeInstanceOf(BigInt64Array);
    expect(batches[0]!.times.length).toBe(10);
    expect(batches[2]!.lines).toEqual(new Float64Array([22, 23, 24, 25, 26]));
    expect(rows[24]!.time).toBe(1_700_000_024n * 1_000_000_000n);
    const host = batches[0]!.dimensions[0]!;
    expect(host.dictionary).toEqual(['h0', 'h1', 'h2']);
    expect(Array.from(host.ids.slice(0, 4))).toEqual([0, 1, 2, 0]);
  });

  it('rejects bad lines with their line, column, field and raw text, and keeps every good line', async () => {
    const text = [
      'time,host,cpu,note',
      '2024-01-01T00:00:00Z,a,1,ok', // 2
      '2024-01-01T00:00:01Z,a,abc,x', // 3: bad number
      '2024-13-01T00:00:00Z,a,1,x', // 4: bad month
      '2024-01-01T00:00:02Z,a,1', // 5: missing field
      '2024-01-01T00:00:03Z,a,1,x,extra', // 6: extra field
      '2024-01-01T00:00:04Z,"a"b,1,x', // 7: text after a closing quote
      ',a,1,x', // 8: empty time
      '2024-01-01T00:00:05Z,a,,', // 9: no measure
      '2024-01-01T00:00:06Z,ü,2,ok', // 10
    ].join('\n');
    const { rows, summary } = await collect(text, mapping, { fileName: 'bad.csv' });
    expect(rows.map((row) => row.line)).toEqual([2, 10]);
    expect(summary.rowsRejected).toBe(7);
    expect(summary.rejections.map((r) => [r.line, r.column, r.field])).toEqual([
      [3, 24, 'cpu'],
      [4, 1, 'time'],
      [5, 25, undefined],
      [6, 28, undefined],
      [7, 25, undefined],
      [8, 1, 'time'],
      [9, 24, 'cpu'],
    ]);
    expect(summary.rejections[0]).toEqual({
      file: 'bad.csv',
      line: 3,
      column: 24,
      field: 'cpu',
      reason: '"abc" is not a finite number (DOUBLE).',
      raw: '2024-01-01T00:00:01Z,a,abc,x',
    });
    expect(summary.rejections[1]!.reason).toMatch(/out of range/);
    expect(summary.rejections[2]!.reason).toBe('Expected 4 fields but found 3.');
    expect(summary.rejections[3]!.reason).toBe('Expected 4 fields but found 5.');
    expect(summary.rejections[4]!.reason).toMatch(/after a closing quote/);
  });

  it('counts columns in characters, not bytes, after multi-byte text', async () => {
    const { summary } = await collect('time,host,cpu,note\n2024-01-01T00:00:00Z,東京,x,y\n', mapping);
    expect(summary.rejections[0]!.column).toBe(25);
  });

  it('rejects invalid UTF-8 in a string field', async () => {
    const head = new TextEncoder().encode('time,host,cpu,note\n2024-01-01T00:00:00Z,');
    const tail = new TextEncoder().encode(',1,x\n2024-01-01T00:00:01Z,ok,2,y\n');
    const bytes = new Uint8Array([...head, 0xc3, 0x28, ...tail]);
    const { rows, summary } = await collect(bytes, mapping);
    expect(rows.map((row) => row.dimensions.host)).toEqual(['ok']);
    expect(summary.rejections[0]).toMatchObject({ line: 2, column: 22, field: 'host', reason: 'The text is not valid UTF-8.' });
  });

  it('rejects an unterminated quote on its line and keeps the lines after it', async () => {
    const text = 'time,host,cpu,note\n2024-01-01T00:00:00Z,"open,1,x\n2024-01-01T00:00:01Z,b,2,y\n';
    const { rows, summary } = await collect(text, mapping);
    expect(rows.map((row) => row.line)).toEqual([3]);
    expect(summary.rejections).toHaveLength(1);
    expect(summary.rejections[0]).toMatchObject({ line: 2, column: 22, reason: 'The quoted field is never closed (unterminated quote).' });
  });

  it('reads a quoted field of 50,000 lines across many small slices, and counts its lines', async () => {
    const note = Array.from({ length: 50_000 }, (_, i) => `l${i}`).join('\n');
    const text = `time,host,cpu,note\n2024-01-01T00:00:00Z,a,1,"${note}"\n2024-01-01T00:00:01Z,a,2,x\n`;
    const started = performance.now();
    const { rows } = await collect(text, mapping, { sliceBytes: 4096 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(rows.map((row) => row.line)).toEqual([2, 50_002]);
    expect(rows[0]!.measures.note).toBe(note);
  });

  it('bounds a record: an unterminated quote in a long file is cut at maxRecordBytes and the rest still imports', async () => {
    const lines = ['time,host,cpu,note', '2024-01-01T00:00:00Z,"open,1,x'];
    for (let i = 0; i < 200; i++) lines.push(`2024-01-01T00:01:${String(i % 60).padStart(2, '0')}Z,b,${i},y`);
    const { rows, summary } = await collect(lines.join('\n'), mapping, { maxRecordBytes: 1000, sliceBytes: 256 });
    expect(summary.rejections[0]).toMatchObject({ line: 2, column: 1 });
    expect(summary.rejections[0]!.reason).toMatch(/longer than 1000 bytes/);
    expect(rows.length).toBe(200);
    expect(rows[0]!.line).toBe(3);
  });

  it('reads a 10 MB line when it is a valid record, and rejects it precisely when it is not', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const good = await collect(`time,host,cpu,note\n2024-01-01T00:00:00Z,a,1,${big}\n2024-01-01T00:00:01Z,a,2,y\n`, mapping);
    expect(good.rows.length).toBe(2);
    expect((good.rows[0]!.measures.note as string).length).toBe(big.length);
    const bad = await collect(`time,host,cpu,note\n2024-01-01T00:00:00Z,a,${big},x\n2024-01-01T00:00:01Z,a,2,y\n`, mapping);
    expect(bad.rows.map((row) => row.line)).toEqual([3]);
    expect(bad.summary.rejections[0]).toMatchObject({ line: 2, column: 24, field: 'cpu' });
    expect(bad.summary.rejections[0]!.raw.length).toBeLessThanOrEqual(1001);
  });

  it('treats an empty file and a header-only file as having no rows', async () => {
    expect((await collect('', mapping)).summary).toMatchObject({ rowsEmitted: 0, rowsRejected: 0 });
    expect((await collect('time,host,cpu,note\n', mapping)).summary).toMatchObject({ rowsEmitted: 0, rowsRejected: 0 });
  });

  it('refuses a mapping whose column is not in the header', async () => {
    await expect(collect('time,host\n', mapping)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('reads semicolons with decimal commas, a null value, trimming, and a file without a header', async () => {
    const text = '01/02/2024 13:45;srv 1 ;3,5;NULL\n01/02/2024 13:46; srv 2;-0,25;7\n';
    const { rows, summary } = await collect(text, {
      ...mapping,
      dialect: { delimiter: ';', quote: '"', escape: '', header: false, decimalComma: true, nullValue: 'NULL', trimWhitespace: true },
      timeColumn: 'column1',
      timeFormat: { kind: 'pattern', pattern: 'MM/dd/yyyy HH:mm' },
      dimensions: [{ column: 'column2', name: 'host' }],
      measures: [
        { column: 'column3', name: 'load', type: 'DOUBLE' },
        { column: 'column4', name: 'count', type: 'BIGINT' },
      ],
    });
    expect(summary.rowsRejected).toBe(0);
    expect(rows.map((row) => [row.time, row.dimensions.host, row.measures])).toEqual([
      [utcNs(2024, 1, 2, 13, 45), 'srv 1', { load: 3.5 }],
      [utcNs(2024, 1, 2, 13, 46), 'srv 2', { load: -0.25, count: 7n }],
    ]);
  });

  it('applies the time zone to naive times, across a DST change', async () => {
    const text = 'time,cpu\n2024-03-31 01:30:00,1\n2024-03-31 03:30:00,2\n2024-07-01 12:00:00,3\n';
    const { rows } = await collect(text, {
      ...mapping,
      dimensions: [],
      measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
      timeZone: 'Europe/Paris',
    });
    expect(rows.map((row) => row.time)).toEqual([utcNs(2024, 3, 31, 0, 30), utcNs(2024, 3, 31, 1, 30), utcNs(2024, 7, 1, 10, 0)]);
  });

  it('reads BIGINT, BOOLEAN and TIMESTAMP measures, and keeps ns precision of times', async () => {
    const text = [
      'time,n,ok,seen',
      '2024-01-01T00:00:00.123456789+02:00,9007199254740993,true,1700000000123',
      '2024-01-01T00:00:00.5Z,-12,FALSE,2024-01-01T00:00:00Z',
      '2024-01-01T00:00:01Z,99999999999999999999,maybe,x',
    ].join('\n');
    const { rows, summary } = await collect(text, {
      ...mapping,
      dimensions: [],
      measures: [
        { column: 'n', name: 'n', type: 'BIGINT' },
        { column: 'ok', name: 'ok', type: 'BOOLEAN' },
        { column: 'seen', name: 'seen', type: 'TIMESTAMP' },
      ],
    });
    expect(rows.map((row) => [row.time, row.measures])).toEqual([
      [utcNs(2023, 12, 31, 22, 0, 0, 123_456_789), { n: 9_007_199_254_740_993n, ok: true, seen: 1_700_000_000_123_000_000n }],
      [utcNs(2024, 1, 1, 0, 0, 0, 500_000_000), { n: -12n, ok: false, seen: utcNs(2024, 1, 1) }],
    ]);
    expect(summary.rejections[0]).toMatchObject({
      line: 4,
      field: 'n',
      reason: '"99999999999999999999" is not a 64-bit integer (BIGINT).',
    });
  });

  it('reads a gzip-compressed file', async () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    const gz = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    expect(gz[0]).toBe(0x1f);
    const plain = await collect(bytes, mapping);
    const packed = await collect(new Blob([gz]), mapping, { sliceBytes: 7 });
    expect(packed.rows).toEqual(plain.rows);
    expect(packed.summary.bytesRead).toBe(gz.length);
  });

  it('fails on a corrupt gzip stream, saying how far the import got', async () => {
    const lines = ['time,host,cpu,note'];
    for (let i = 0; i < 3000; i++) lines.push(`2024-01-01T00:00:00Z,h${i},${i},n${i * 7919}`);
    const gz = new Uint8Array(
      await new Response(new Blob([lines.join('\n')]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    const truncated = gz.slice(0, Math.floor(gz.length * 0.8));
    const batches: number[] = [];
    const error = await collect(truncated, mapping, {
      batchRows: 100,
      sliceBytes: 1024,
      onBatch: (b) => void batches.push(b.rowCount),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'VALIDATION', position: { file: 'input' } });
    expect((error as { details: { rowsEmitted: number } }).details.rowsEmitted).toBe(batches.length * 100);
    expect(batches.length).toBeGreaterThan(0);
  });

  it('stops on abort and reports exactly what was emitted', async () => {
    const lines = ['time,host,cpu,note'];
    for (let i = 0; i < 1000; i++) lines.push(`${1_700_000_000 + i},h,${i},`);
    const controller = new AbortController();
    const seen: number[] = [];
    const { summary } = await collect(
      lines.join('\n'),
      { ...mapping, timeFormat: { kind: 'epoch', unit: 's' } },
      {
        batchRows: 100,
        sliceBytes: 512,
        signal: controller.signal,
        onBatch: (batch) => {
          seen.push(batch.rowCount);
          if (seen.length === 3) controller.abort();
        },
      },
    );
    expect(summary.aborted).toBe(true);
    expect(summary.rowsEmitted).toBe(300);
    expect(summary.batchesEmitted).toBe(3);
    expect(summary.lastEmittedLine).toBe(301);
  });

  it('stops a stalled stream on abort, keeping what was emitted', async () => {
    const controller = new AbortController();
    let pulls = 0;
    const stalled = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls === 1) c.enqueue(new TextEncoder().encode('time,host,cpu,note\n2024-01-01T00:00:00Z,a,1,x\n'));
        // Later pulls never deliver: a network stream that hangs.
        return new Promise(() => undefined);
      },
    });
    const pending = collect(stalled, mapping, {
      batchRows: 1,
      onBatch: () => void setTimeout(() => controller.abort(), 10),
      signal: controller.signal,
    });
    const { summary } = await pending;
    expect(summary).toMatchObject({ aborted: true, rowsEmitted: 1, lastEmittedLine: 2 });
  });

  it('reports progress with bytes, rows and rates', async () => {
    const reports: ImportProgress[] = [];
    let clock = 0;
    await collect(SAMPLE, mapping, {
      sliceBytes: 40,
      batchRows: 1,
      now: () => (clock += 10),
      onProgress: (progress) => reports.push(progress),
    });
    const size = new TextEncoder().encode(SAMPLE).length;
    expect(reports.at(-1)).toMatchObject({ bytesRead: size, totalBytes: size, rowsEmitted: 4, etaMs: 0 });
    const first = reports[0]!;
    // 40 bytes in 10 ms of the fake clock: 4,000 bytes/s, so the rest takes (size - 40) / 4 ms.
    expect(first.bytesPerSecond).toBe(4000);
    expect(first.etaMs).toBeCloseTo(((size - 40) / 4000) * 1000, 6);
    expect(reports.every((report, i) => i === 0 || report.bytesRead >= reports[i - 1]!.bytesRead)).toBe(true);
  });
});
