import { describe, expect, it } from 'vitest';
import type { StorageEngine, WriteColumnsRequest } from '../../../src/engine/storage/index.ts';
import { DB, T0, TABLE } from './helpers.ts';
import { IDBFactory, idbEngine, snapshot } from './idb-helpers.ts';

type LoggedPut = { chunk?: Uint8Array; rows?: boolean; times?: BigInt64Array };

async function logged(factory: IDBFactory): Promise<LoggedPut[]> {
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('tidemark:test');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const entries = await new Promise<{ puts?: LoggedPut[] }[]>((resolve, reject) => {
    const request = raw.transaction('wal').objectStore('wal').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  raw.close();
  return entries.flatMap((e) => e.puts ?? []);
}

/** Rows [from, to) of one MULTI series with every type, nulls in the DOUBLE and VARCHAR columns. */
function rows(from: number, to: number, withFlag: boolean): Omit<WriteColumnsRequest, 'database' | 'table'> {
  const n = to - from;
  const at = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, k) => f(from + k));
  return {
    dimensions: { host: 'a' },
    measureName: 'state',
    times: at((i) => T0 - 3_600_000 + i * 1000),
    columns: [
      {
        name: 'load',
        type: 'DOUBLE',
        values: at((i) => Math.sin(i / 9) * 40 + 0.25),
        validity: Uint8Array.from({ length: n }, (_, k) => ((from + k) % 7 === 3 ? 0 : 1)),
      },
      { name: 'requests', type: 'BIGINT', values: BigInt64Array.from({ length: n }, (_, k) => BigInt((from + k) * 3) - 500n) },
      { name: 'mode', type: 'VARCHAR', values: Array.from({ length: n }, (_, k) => ((from + k) % 5 === 0 ? null : `m${(from + k) % 3}`)) },
      ...(withFlag ? [{ name: 'up', type: 'BOOLEAN' as const, values: Uint8Array.from({ length: n }, (_, k) => (from + k) % 2) }] : []),
    ],
  };
}

const chunkCounts = async (e: StorageEngine) =>
  (await e.scan({ database: DB, table: TABLE, want: 'chunk-headers' })).headers.map((h) => h.header.count);

describe('head rows in the write-ahead log', () => {
  it('logs a bulk tail encoded, and replay puts it back into the head exactly (every type, nulls, a missing column)', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 1024 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    // 1,024 rows seal a chunk; the 300 after them stay in the head. The second write lacks the BOOLEAN column.
    await a.writeColumns({ database: DB, table: TABLE, ...rows(0, 1324, true) });
    await a.writeColumns({ database: DB, table: TABLE, ...rows(1324, 1624, false) });
    const puts = await logged(factory);
    expect(puts.filter((p) => p.rows === true)).toHaveLength(2);
    expect(puts.some((p) => p.times !== undefined)).toBe(false);
    const before = await snapshot(a);
    expect(before.points.size).toBe(1624);

    a.abandon();
    const b = await idbEngine(factory, { chunkPoints: 1024 });
    expect(await snapshot(b)).toEqual(before);
    // The head came back as rows (600 of them), not as chunks of their own: the chunks are those the writes sealed.
    const series = [...b.catalog.seriesById.values()][0];
    expect(series?.head.length).toBe(600);
    expect(await chunkCounts(b)).toEqual([1024]);
    // Writing on fills that head and seals it as one chunk, as it would have without the crash.
    await b.writeColumns({ database: DB, table: TABLE, ...rows(1624, 2100, true) });
    expect(await chunkCounts(b)).toEqual([1024, 1024]);
    const after = await snapshot(b);
    expect(after.points.size).toBe(2100);
    await b.close();
    const c = await idbEngine(factory, { chunkPoints: 1024 });
    expect(await snapshot(c)).toEqual(after);
    c.abandon();
  });
});
