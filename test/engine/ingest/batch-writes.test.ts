import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/index.ts';
import { planBatchWrites, rejectionsOfWrites, writeBatch } from '../../../src/engine/ingest/batch-writes.ts';
import { importRows } from '../../../src/engine/ingest/import-rows.ts';
import { formatRejectionsCsv } from '../../../src/engine/ingest/rejection-report.ts';
import { streamImport } from '../../../src/engine/ingest/stream-import.ts';
import type { WriteRecordsResponse } from '../../../src/engine/model/index.ts';
import type { WriteColumnsRequest } from '../../../src/engine/storage/index.ts';
import { TidemarkError } from '../../../src/errors/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { collect, csvMapping } from './collect.ts';

const target = { database: 'db', table: 't' };

describe('planBatchWrites', () => {
  it('groups multi-measure rows by series, with validity where an attribute is missing', async () => {
    const text = 'time,host,dc,cpu,mem\n1,a,x,1,10\n2,b,x,2,\n3,a,x,3,30\n4,,,4,40\n';
    const { batches } = await collect(
      text,
      csvMapping({
        timeFormat: { kind: 'epoch', unit: 's' },
        dimensions: [
          { column: 'host', name: 'host' },
          { column: 'dc', name: 'dc' },
        ],
        measures: [
          { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
          { column: 'mem', name: 'mem', type: 'BIGINT' },
        ],
        multiMeasure: true,
        measureNameForSingle: 'metrics',
      }),
    );
    const plan = planBatchWrites(batches[0]!, target);
    expect(plan.unwritable).toEqual([{ row: 3, reason: expect.stringMatching(/At least one dimension/) }]);
    expect(plan.writes.map((w) => [w.request.dimensions, w.request.measureName, Array.from(w.rows), w.request.times])).toEqual([
      [{ host: 'a', dc: 'x' }, 'metrics', [0, 2], BigInt64Array.of(1_000_000_000n, 3_000_000_000n)],
      [{ host: 'b', dc: 'x' }, 'metrics', [1], BigInt64Array.of(2_000_000_000n)],
    ]);
    expect(plan.writes[0]!.request.columns).toEqual([
      { name: 'cpu', type: 'DOUBLE', values: Float64Array.of(1, 3) },
      { name: 'mem', type: 'BIGINT', values: BigInt64Array.of(10n, 30n) },
    ]);
    expect(plan.writes[1]!.request.columns).toEqual([{ name: 'cpu', type: 'DOUBLE', values: Float64Array.of(2) }]);
  });

  it('splits single-measure rows into one series per measure, named by column or per row', async () => {
    const single = await collect(
      'time,host,cpu,mem\n1,a,1,\n2,a,2,20\n',
      csvMapping({
        timeFormat: { kind: 'epoch', unit: 's' },
        dimensions: [{ column: 'host', name: 'host' }],
        measures: [
          { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
          { column: 'mem', name: 'mem', type: 'DOUBLE' },
        ],
      }),
    );
    const plan = planBatchWrites(single.batches[0]!, target);
    expect(plan.writes.map((w) => [w.request.measureName, Array.from(w.rows), w.request.values])).toEqual([
      ['cpu', [0, 1], Float64Array.of(1, 2)],
      ['mem', [1], Float64Array.of(20)],
    ]);
    const named = await collect('cpu{host="a"} 1 1000\nmem{host="a"} 2 1000\ncpu{host="a"} 3 2000\n', {
      format: 'prometheus',
      timeColumn: '',
      timeFormat: { kind: 'epoch', unit: 'ms' },
      timeZone: 'UTC',
      dimensions: [],
      measures: [],
      multiMeasure: false,
      target,
    });
    const byName = planBatchWrites(named.batches[0]!, target);
    expect(byName.writes.map((w) => [w.request.measureName, Array.from(w.rows)])).toEqual([
      ['cpu', [0, 2]],
      ['mem', [1]],
    ]);
  });

  it('maps rejected records back to their source lines', async () => {
    const { batches } = await collect(
      'time,host,cpu\n1,a,1\n2,a,2\n3,,3\n',
      csvMapping({
        timeFormat: { kind: 'epoch', unit: 's' },
        dimensions: [{ column: 'host', name: 'host' }],
        measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
      }),
    );
    const requests: WriteColumnsRequest[] = [];
    const result = await writeBatch(batches[0]!, target, async (request): Promise<WriteRecordsResponse> => {
      requests.push(request);
      return { RecordsIngested: { Total: 1, MemoryStore: 1, MagneticStore: 0 }, RejectedRecords: [{ RecordIndex: 1, Reason: 'nope' }] };
    });
    expect(requests.length).toBe(1);
    expect(result).toEqual({
      recordsIngested: 1,
      rejected: [
        { row: 1, line: 3, reason: 'nope' },
        { row: 2, line: 4, reason: expect.stringMatching(/At least one dimension/) },
      ],
    });
    expect(rejectionsOfWrites('f.csv', result.rejected)[0]).toEqual({ file: 'f.csv', line: 3, column: 1, reason: 'nope', raw: '' });
  });
});

describe('NAB into the database', () => {
  it('imports a NAB file end to end with exact times and values, and reports the upsert conflicts of repeated times', async () => {
    const kernel = await loadKernelFromFile();
    const db = await openDatabase({ name: 'nab', storage: 'memory', clock: () => Date.UTC(2026, 0, 1), kernel, retentionIntervalMs: 0 });
    await db.createDatabase('nab');
    await db.createTable('nab', 'machine', { enableMagneticStoreWrites: true });
    const file = 'realKnownCause/machine_temperature_system_failure.csv';
    const bytes = readFileSync(new URL(`../../../../shared/data/nab/${file}`, import.meta.url));
    const mapping = csvMapping({
      timeColumn: 'timestamp',
      timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
      constantDimensions: [{ name: 'series', value: 'machine_temperature' }],
      measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      target: { database: 'nab', table: 'machine' },
    });
    let ingested = 0;
    const rejectedLines: number[] = [];
    const summary = await streamImport(new Blob([bytes]), mapping, {
      batchRows: 4096,
      onBatch: async (batch) => {
        const result = await writeBatch(batch, mapping.target, (request) => db.writeColumns(request));
        ingested += result.recordsIngested;
        for (const r of result.rejected) rejectedLines.push(r.line);
      },
    });
    expect(summary.rowsEmitted).toBe(22_695);
    // The 12 rows after the clock jump repeat times with other values: Timestream's upsert rule rejects them.
    expect(rejectedLines.length).toBe(12);
    expect(ingested).toBe(22_695 - 12);

    const expected = new Map<bigint, number>();
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      const [stamp, value] = lines[i]!.split(',');
      if (stamp === undefined || value === undefined) continue;
      const time = BigInt(Date.parse(`${stamp.replace(' ', 'T')}Z`)) * 1_000_000n;
      if (!expected.has(time)) expected.set(time, Number(value));
      else expect(rejectedLines).toContain(i + 1);
    }
    const scan = await db.scan({ database: 'nab', table: 'machine' });
    const got = new Map<bigint, number>();
    for (const batch of scan.batches) {
      const values = batch.columns[0]!.values as Float64Array;
      for (let i = 0; i < batch.times.length; i++) got.set(batch.times[i]!, values[i]!);
    }
    expect(got.size).toBe(expected.size);
    for (const [time, value] of expected) if (got.get(time) !== value) expect([time, got.get(time)]).toEqual([time, value]);
    await db.close();
  });

  it('imports with importRows, merging the rows the database refused into one report', async () => {
    const kernel = await loadKernelFromFile();
    const db = await openDatabase({ name: 'nab2', storage: 'memory', clock: () => Date.UTC(2026, 0, 1), kernel, retentionIntervalMs: 0 });
    await db.createDatabase('nab');
    await db.createTable('nab', 'latency', { enableMagneticStoreWrites: true });
    const file = 'realKnownCause/ec2_request_latency_system_failure.csv';
    const bytes = readFileSync(new URL(`../../../../shared/data/nab/${file}`, import.meta.url));
    // One bad line added at the end, so the report holds a parse rejection too.
    const text = `${bytes.toString('utf8').trimEnd()}\n2014-03-21 03:46:00,oops\n`;
    const result = await importRows(
      text,
      csvMapping({
        timeColumn: 'timestamp',
        timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
        constantDimensions: [{ name: 'series', value: 'ec2_request_latency' }],
        measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
        target: { database: 'nab', table: 'latency' },
      }),
      (request) => db.writeColumns(request),
      { fileName: 'latency.csv', batchRows: 1000 },
    );
    expect(result).toMatchObject({ rowsEmitted: 4032, recordsIngested: 4021, rowsRejectedByWrite: 11, rowsRejected: 12, aborted: false });
    expect(result.rejections.map((r) => r.line)).toEqual([...result.rejections.map((r) => r.line)].sort((a, b) => a - b));
    expect(result.rejections.at(-1)).toMatchObject({ file: 'latency.csv', line: 4034, field: 'value' });
    expect(result.rejections.slice(0, 11).every((r) => r.file === 'latency.csv' && /already exists/.test(r.reason))).toBe(true);
    expect(formatRejectionsCsv(result.rejections, result.rowsRejected).split('\r\n').length).toBe(1 + 12 + 1);
    await db.close();
  });

  describe('importRows with one batch in flight', () => {
    const lines = ['time,host,cpu'];
    for (let i = 0; i < 300; i++) lines.push(`${1_700_000_000 + i},h${i % 2},${i}`);
    const text = lines.join('\n');
    const mapping = csvMapping({
      timeFormat: { kind: 'epoch', unit: 's' },
      dimensions: [{ column: 'host', name: 'host' }],
      measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
      target,
    });
    /** The batch (of 100 rows) a request's first row came from. */
    const batchOf = (request: WriteColumnsRequest): number => Number((request.times[0] as bigint) / 1_000_000_000n - 1_700_000_000n) / 100;
    const ok = (request: WriteColumnsRequest): WriteRecordsResponse => ({
      RecordsIngested: { Total: request.times.length, MemoryStore: request.times.length, MagneticStore: 0 },
      RejectedRecords: [],
    });
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("parses the next batch while a batch's writes are in flight, never more than one, and returns once all are written", async () => {
      const open = new Map<number, number>();
      const startedWhileOpen: [number, number[]][] = [];
      let written = 0;
      const result = await importRows(
        text,
        mapping,
        async (request) => {
          const batch = Math.floor(batchOf(request));
          startedWhileOpen.push([batch, [...open.keys()].filter((b) => b !== batch && open.get(b)! > 0)]);
          open.set(batch, (open.get(batch) ?? 0) + 1);
          await later(5);
          open.set(batch, open.get(batch)! - 1);
          written += request.times.length;
          return ok(request);
        },
        { batchRows: 100 },
      );
      expect(result).toMatchObject({ rowsEmitted: 300, recordsIngested: 300, aborted: false });
      expect(written).toBe(300);
      // A batch's writes start only once every earlier batch's writes have ended (upserts keep their order).
      for (const [batch, others] of startedWhileOpen)
        expect(
          others.filter((b) => b < batch),
          `batch ${batch}`,
        ).toEqual([]);
      expect(new Set(startedWhileOpen.map(([b]) => b))).toEqual(new Set([0, 1, 2]));
    });

    it('a write that fails mid-file is reported with the counts of the batches written before it', async () => {
      const error = await importRows(
        text,
        mapping,
        async (request) => {
          await later(1);
          if (batchOf(request) >= 1 && batchOf(request) < 2) throw new TidemarkError('QUOTA_EXCEEDED', 'full');
          return ok(request);
        },
        { batchRows: 100, fileName: 'f.csv' },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { rowsEmitted: 100, batchesEmitted: 1, lastEmittedLine: 101 } });
    });

    it('a write of the last batch that fails is reported the same way', async () => {
      const error = await importRows(
        text,
        mapping,
        async (request) => {
          await later(1);
          if (batchOf(request) >= 2) throw new TidemarkError('QUOTA_EXCEEDED', 'full');
          return ok(request);
        },
        { batchRows: 100, fileName: 'f.csv' },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        position: { file: 'f.csv' },
        details: { rowsEmitted: 200, batchesEmitted: 2, lastEmittedLine: 201 },
      });
    });

    it('on abort, every row it counts as emitted was written', async () => {
      const controller = new AbortController();
      let written = 0;
      const result = await importRows(
        text,
        mapping,
        async (request) => {
          await later(3);
          written += request.times.length;
          if (written >= 100) controller.abort();
          return ok(request);
        },
        { batchRows: 100, signal: controller.signal, sliceBytes: 256 },
      );
      expect(result.aborted).toBe(true);
      expect(result.rowsEmitted).toBeGreaterThanOrEqual(100);
      expect(written).toBe(result.rowsEmitted);
      expect(result.recordsIngested).toBe(result.rowsEmitted);
    });
  });
});
