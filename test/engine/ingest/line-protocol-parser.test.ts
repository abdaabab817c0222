import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../src/engine/ingest/types.ts';
import { collect } from './collect.ts';

const mapping: ImportMapping = {
  format: 'influx-line-protocol',
  timeColumn: '',
  timeFormat: { kind: 'epoch', unit: 'ns' },
  timeZone: 'UTC',
  dimensions: [],
  measures: [],
  multiMeasure: true,
  target: { database: 'db', table: 't' },
};

describe('LineProtocolParser', () => {
  it('reads tags, typed fields, escapes, comments and ns timestamps', async () => {
    const text = [
      '# a comment',
      'weather,location=us-midwest,season=summer temperature=82,humid=0.5 1465839830100400200',
      'my\\ measure,tag\\,key=va\\=l\\ ue count=3i,big=18446744073709551615u,ok=T,label="say \\"hi\\" \\\\ there" 1465839830100400201',
      '',
      'disk,host=a used=1e3,free=-2.5,flag=false 1465839830100400202',
    ].join('\n');
    const { rows, summary } = await collect(text, mapping);
    expect(summary.rejections.map((r) => [r.line, r.column, r.reason])).toEqual([
      [3, 45, '"18446744073709551615u" does not fit a 64-bit BIGINT (field "big").'],
    ]);
    expect(rows).toEqual([
      {
        time: 1_465_839_830_100_400_200n,
        line: 2,
        dimensions: { location: 'us-midwest', season: 'summer' },
        measures: { temperature: 82, humid: 0.5 },
        measureName: 'weather',
      },
      {
        time: 1_465_839_830_100_400_202n,
        line: 5,
        dimensions: { host: 'a' },
        measures: { used: 1000, free: -2.5, flag: false },
        measureName: 'disk',
      },
    ]);
    const ok = await collect('my\\ measure,tag\\,key=va\\=l\\ ue count=3i,ok=T,label="say \\"hi\\" \\\\ there" 1\n', mapping);
    expect(ok.rows[0]).toMatchObject({
      measureName: 'my measure',
      dimensions: { 'tag,key': 'va=l ue' },
      measures: { count: 3n, ok: true, label: 'say "hi" \\ there' },
    });
  });

  it('rejects malformed lines with the column of the fault and keeps the others', async () => {
    const text = [
      'm f=1 1', // 1 ok
      'm,t f=1 1', // 2 tag without =
      'm f= 1', // 3 empty value
      'm f=abc 1', // 4 bad value
      'm f="open 1', // 5 unterminated string
      'm f=1 12x', // 6 bad timestamp
      'm f=1', // 7 no timestamp
      'm f=1i 2', // 8 type change for f (DOUBLE before)
      ',t=1 f=1 1', // 9 no measurement
      'm f=2 3', // 10 ok
    ].join('\n');
    const { rows, summary } = await collect(text, mapping);
    expect(rows.map((row) => row.line)).toEqual([1, 8, 10]);
    expect(rows[1]!.measures.f).toBe(1);
    expect(summary.rejections.map((r) => [r.line, r.column])).toEqual([
      [2, 3],
      [3, 5],
      [4, 5],
      [5, 5],
      [6, 7],
      [7, 6],
      [9, 1],
    ]);
    expect(summary.rejections[5]!.reason).toBe('The line has no timestamp.');
  });

  it('rejects a field whose type changes from BIGINT to a string', async () => {
    const { rows, summary } = await collect('m n=1i 1\nm n="x" 2\n', mapping);
    expect(rows.length).toBe(1);
    expect(summary.rejections[0]).toMatchObject({
      line: 2,
      column: 3,
      field: 'n',
      reason: 'Field "n" is VARCHAR here but BIGINT elsewhere; a measure keeps one type.',
    });
  });

  it('uses the precision and the default time, and single-measure mode puts the measurement in a dimension', async () => {
    const { rows } = await collect('cpu,host=a v=1 1700000000\ncpu,host=b v=2\n', {
      ...mapping,
      timeFormat: { kind: 'epoch', unit: 's' },
      defaultTime: '2024-01-01T00:00:00Z',
      multiMeasure: false,
    });
    expect(rows).toEqual([
      { time: 1_700_000_000_000_000_000n, line: 1, dimensions: { measurement: 'cpu', host: 'a' }, measures: { v: 1 } },
      { time: 1_704_067_200_000_000_000n, line: 2, dimensions: { measurement: 'cpu', host: 'b' }, measures: { v: 2 } },
    ]);
  });

  it('carries in each batch only the columns its rows use (thousands of sparse fields stay cheap)', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `m,tag${i % 500}=x f${i}=1 ${i}`);
    const { batches, rows } = await collect(lines.join('\n'), mapping, { batchRows: 10 });
    expect(rows.length).toBe(2000);
    expect(batches.length).toBe(200);
    for (const batch of batches) {
      expect(batch.measures.length).toBe(10);
      expect(batch.dimensions.length).toBe(10);
      expect(batch.measures.every((m) => m.present.length === 10)).toBe(true);
    }
  });

  it('gives the same rows whatever byte the input is cut at', async () => {
    const bytes = new TextEncoder().encode('wëather,loc=ü t=1.5,s="ä b" 10\r\nwëather,loc=ö t=2 20\r\n');
    const whole = await collect(bytes, mapping);
    expect(whole.rows.length).toBe(2);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = [bytes.slice(0, cut), bytes.slice(cut)];
      const stream = new ReadableStream<Uint8Array>({ pull: (c) => (parts.length ? c.enqueue(parts.shift()!) : c.close()) });
      expect((await collect(stream, mapping)).rows, `cut ${cut}`).toEqual(whole.rows);
    }
  });
});
