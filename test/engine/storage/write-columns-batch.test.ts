import { describe, expect, it } from 'vitest';
import type { SeriesColumns, StorageEngine, WriteColumnsBatchRequest } from '../../../src/engine/storage/index.ts';
import { TidemarkError } from '../../../src/errors/index.ts';
import { DB, HOUR, memoryEngine, T0, TABLE } from './helpers.ts';
import { IDBFactory, idbEngine, snapshot } from './idb-helpers.ts';

const FIELDS = ['usage_user', 'usage_system', 'usage_idle'];

/** n rows every 10 s ending before T0, and per host a MULTI series (three DOUBLE fields) and a single-measure one. */
function batchOf(hosts: number, n: number, startMs = T0 - 2 * HOUR): WriteColumnsBatchRequest {
  const times = Float64Array.from({ length: n }, (_, i) => startMs + i * 10_000);
  const series: SeriesColumns[] = [];
  for (let h = 0; h < hosts; h++) {
    const dimensions = { hostname: `host_${h}`, region: h % 2 ? 'eu' : 'us' };
    series.push({
      dimensions,
      measureName: 'cpu',
      columns: FIELDS.map((name, f) => ({
        name,
        type: 'DOUBLE' as const,
        values: Float64Array.from(times, (_, i) => (i * 7 + h * 13 + f) % 101),
      })),
    });
    series.push({ dimensions, measureName: 'mem', values: Float64Array.from(times, (_, i) => h * 1000 + i) });
  }
  return { database: DB, table: TABLE, times, series };
}

/** The same writes, one writeColumns call per series. */
async function writeOneByOne(e: StorageEngine, batch: WriteColumnsBatchRequest) {
  const responses = [];
  for (const s of batch.series)
    responses.push(await e.writeColumns({ database: batch.database, table: batch.table, times: batch.times, ...s }));
  return responses;
}

async function expectError(work: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TidemarkError);
  expect((error as TidemarkError).code).toBe('VALIDATION');
  expect((error as TidemarkError).details?.field).toBe(field);
  expect((error as TidemarkError).message).toMatch(message);
}

/** Entries in the write-ahead log of the test database. */
async function walEntries(factory: IDBFactory): Promise<number> {
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('tidemark:test');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const count = await new Promise<number>((resolve, reject) => {
    const request = raw.transaction('wal').objectStore('wal').count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  raw.close();
  return count;
}

describe('writeColumnsBatch', () => {
  it('stores exactly what one writeColumns per series stores, sealed chunks and head rows alike', async () => {
    const batch = batchOf(5, 700);
    const a = await memoryEngine({ chunkPoints: 128 });
    const b = await memoryEngine({ chunkPoints: 128 });
    const res = await a.writeColumnsBatch(batch);
    expect(res).toEqual({ RecordsIngested: { Total: 10 * 700, MemoryStore: 10 * 700, MagneticStore: 0 }, RejectedRecords: [] });
    await writeOneByOne(b, batch);
    expect(await snapshot(a)).toEqual(await snapshot(b));
    expect((await snapshot(a)).points.size).toBe(10 * 700);
    // The series' chunks (whose time payloads the batch encodes once per slice) are byte for byte the same.
    const chunks = async (e: StorageEngine) =>
      (await e.scan({ database: DB, table: TABLE, want: 'chunk-headers' })).headers.map((h) => [h.header.count, h.header.timeMin]);
    expect(await chunks(a)).toEqual(await chunks(b));
    expect(a.stats().tables[0]?.memory.bytesInRam).toBe(b.stats().tables[0]?.memory.bytesInRam);
    // A second batch continues every series (its heads, then new chunks).
    const next = batchOf(5, 300, T0 - 2 * HOUR + 700 * 10_000);
    await a.writeColumnsBatch(next);
    await writeOneByOne(b, next);
    expect(await snapshot(a)).toEqual(await snapshot(b));
    expect(a.describeTable(DB, TABLE).series).toBe(10);
  });

  it('applies writeColumns rules per series, a rejected row indexed seriesIndex * rows + row', async () => {
    const batch = batchOf(2, 4);
    const bad = batch.series.map((s, i) =>
      i === 1
        ? { ...s, values: Float64Array.of(1, Number.NaN, 3, 4) }
        : i === 3
          ? { ...s, values: Float64Array.of(1, 2, 3, Number.POSITIVE_INFINITY) }
          : s,
    );
    const a = await memoryEngine();
    const b = await memoryEngine();
    const res = await a.writeColumnsBatch({ ...batch, series: bad });
    expect(res.RecordsIngested.Total).toBe(4 * 4 - 2);
    expect(res.RejectedRecords.map((r) => [r.RecordIndex, r.Reason])).toEqual([
      [1 * 4 + 1, 'values[1] is NaN; DOUBLE values cannot be NaN or Infinity.'],
      [3 * 4 + 3, 'values[3] is Infinity; DOUBLE values cannot be NaN or Infinity.'],
    ]);
    const each = await writeOneByOne(b, { ...batch, series: bad });
    expect(each.map((r) => r.RecordsIngested.Total)).toEqual([4, 3, 4, 3]);
    expect(await snapshot(a)).toEqual(await snapshot(b));
  });

  it('takes a series twice in one batch as two writes in order (the second upserts into the first)', async () => {
    const batch = batchOf(1, 5);
    const twice = {
      ...batch,
      series: [batch.series[1] as SeriesColumns, { ...(batch.series[1] as SeriesColumns), values: new Float64Array(5).fill(7) }],
    };
    const a = await memoryEngine();
    const b = await memoryEngine();
    const res = await a.writeColumnsBatch(twice);
    const each = await writeOneByOne(b, twice);
    expect(res.RecordsIngested.Total).toBe(each.reduce((s, r) => s + r.RecordsIngested.Total, 0));
    expect(res.RejectedRecords.map((r) => r.RecordIndex)).toEqual(each[1]?.RejectedRecords.map((r) => 5 + r.RecordIndex));
    expect(await snapshot(a)).toEqual(await snapshot(b));
  });

  it('refuses a malformed batch with a typed error naming the series, before writing anything', async () => {
    const e = await memoryEngine();
    const batch = batchOf(2, 4);
    const s0 = batch.series[0] as SeriesColumns;
    await expectError(e.writeColumnsBatch({ ...batch, series: [] }), 'series', /non-empty array/);
    await expectError(
      e.writeColumnsBatch({ ...batch, series: undefined } as unknown as WriteColumnsBatchRequest),
      'series',
      /non-empty array/,
    );
    await expectError(
      e.writeColumnsBatch({ ...batch, series: [s0, null] } as unknown as WriteColumnsBatchRequest),
      'series[1]',
      /must be an object/,
    );
    await expectError(
      e.writeColumnsBatch({ ...batch, series: [s0, { ...s0, columns: [{ name: 'x', type: 'DOUBLE', values: new Float64Array(3) }] }] }),
      'series[1].columns[0].values',
      /^series\[1\]: columns\[0\]\.values has 3 rows but times has 4\./,
    );
    await expectError(
      e.writeColumnsBatch({ ...batch, series: [s0, { ...s0, measureName: '' }] }),
      'series[1].measureName',
      /^series\[1\]: /,
    );
    await expectError(e.writeColumnsBatch({ ...batch, series: [s0, { ...s0, dimensions: {} }] }), 'series[1].dimensions', /dimension/);
    await expectError(
      e.writeColumnsBatch({ ...batch, times: [1, 2, 3, 4] as unknown as Float64Array }),
      'times',
      /times must be a Float64Array \(ms\) or a BigInt64Array \(ns\)/,
    );
    // Series 0 was well formed each time, yet nothing was written.
    expect((await snapshot(e)).points.size).toBe(0);
    expect(e.describeTable(DB, TABLE).series).toBe(0);
    await expect(e.writeColumnsBatch({ ...batch, table: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is durable as one log entry: after a crash the log replays the batch, after a clean close the checkpoint holds it', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 64 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    const first = batchOf(3, 300);
    await a.writeColumnsBatch(first);
    // Changing the caller's arrays afterwards changes nothing stored.
    for (const s of first.series) (s.values as Float64Array | undefined)?.fill(-1);
    const before = await snapshot(a);
    expect(before.points.size).toBe(6 * 300);
    expect(await walEntries(factory)).toBe(1);
    // The tab dies without closing the engine: a new one replays the log.
    const b = await idbEngine(factory, { chunkPoints: 64 });
    expect(await snapshot(b)).toEqual(before);
    await b.writeColumnsBatch(batchOf(3, 100, T0 - 2 * HOUR + 300 * 10_000));
    const after = await snapshot(b);
    expect(after.points.size).toBe(6 * 400);
    expect(after.duplicates).toBe(0);
    await b.close();
    const c = await idbEngine(factory, { chunkPoints: 64 });
    expect(await snapshot(c)).toEqual(after);
    await c.close();
  });
});
