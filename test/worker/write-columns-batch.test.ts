import { afterEach, describe, expect, it } from 'vitest';
import type { TidemarkClient } from '../../src/client/tidemark-client.ts';
import { batchBuffers, type Database, openDatabase, toTimestreamResponse } from '../../src/engine/index.ts';
import { TidemarkError } from '../../src/errors/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';
import { connectDispatcher } from '../helpers/connect-dispatcher.ts';

const kernel = await loadKernelFromFile();
const START = Date.UTC(2026, 0, 10, 12);

interface Session {
  client: TidemarkClient;
  db: Database;
  close(): Promise<void>;
}

/** A real Dispatcher with the database handlers and a real client, over a MessageChannel. */
async function connect(): Promise<Session> {
  const db = await openDatabase({ name: 'batch', storage: 'memory', kernel, clock: () => START + 3_600_000, retentionIntervalMs: 0 });
  await db.createDatabase('demo');
  await db.createTable('demo', 'cpu');
  const connection = connectDispatcher(kernel, databaseHandlers(Promise.resolve(db), 'batch'));
  return {
    client: connection.client,
    db,
    close: async () => {
      connection.close();
      await db.close();
    },
  };
}

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Two hosts' MULTI series over 100 shared times: times, one buffer per field (a view per host), a validity. */
function batch() {
  const n = 100;
  const times = Float64Array.from({ length: n }, (_, i) => START + i * 10_000);
  const user = new Float64Array(2 * n).map((_, i) => i % 100);
  const idle = new Float64Array(2 * n).map((_, i) => 100 - (i % 100));
  const validity = new Uint8Array(n).fill(1);
  validity[3] = 0;
  const series = [0, 1].map((h) => ({
    dimensions: { hostname: `host_${h}` },
    measureName: 'cpu',
    columns: [
      { name: 'usage_user', type: 'DOUBLE' as const, values: user.subarray(h * n, (h + 1) * n), ...(h === 1 ? { validity } : {}) },
      { name: 'usage_idle', type: 'DOUBLE' as const, values: idle.subarray(h * n, (h + 1) * n) },
    ],
  }));
  return { request: { database: 'demo', table: 'cpu', times, series }, buffers: [times.buffer, user.buffer, idle.buffer, validity.buffer] };
}

async function stored(db: Database): Promise<string> {
  const result = await db.query('SELECT hostname, time, usage_user, usage_idle FROM "demo"."cpu" ORDER BY hostname, time');
  return JSON.stringify(toTimestreamResponse(result).Rows);
}

describe('db.writeColumnsBatch over the worker protocol', () => {
  it('batchBuffers lists each distinct buffer behind the arrays once, times first', () => {
    const { request, buffers } = batch();
    expect(batchBuffers(request)).toEqual(buffers);
    const versions = new BigInt64Array(100).fill(1n);
    const single = { ...request, series: [{ dimensions: { hostname: 'x' }, measureName: 'm', values: new Float64Array(100), versions }] };
    const found = batchBuffers(single);
    expect(found).toHaveLength(3);
    expect(found[2]).toBe(versions.buffer);
    // Text values hold no buffer.
    expect(
      batchBuffers({ ...request, series: [{ dimensions: { hostname: 'x' }, measureName: 'm', type: 'VARCHAR', values: ['a'] }] }),
    ).toEqual([request.times.buffer]);
  });

  it('writes a transferred batch, and with returnBuffers hands its buffers back, writable, without touching what was stored', async () => {
    session = await connect();
    const { request, buffers } = batch();
    const sizes = buffers.map((b) => b.byteLength);
    const response = await session.client.call('db.writeColumnsBatch', { ...request, returnBuffers: true }, { transfer: [...buffers] });
    // Transferred away: detached here until they come back.
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    expect(response.RecordsIngested.Total).toBe(200);
    expect(response.RejectedRecords).toEqual([]);
    const back = response.buffers ?? [];
    expect(back.map((b) => b.byteLength)).toEqual(sizes);
    const before = await stored(session.db);
    expect(before).toContain('host_1');
    for (const b of back) new Uint8Array(b).fill(0xff);
    expect(await stored(session.db)).toBe(before);
    // A host_1 row whose usage_user was marked missing reads as null.
    const missing = toTimestreamResponse(await session.db.query(`SELECT count(*) AS n FROM "demo"."cpu" WHERE usage_user IS NULL`));
    expect(missing.Rows[0]?.Data[0]).toEqual({ ScalarValue: '1' });
  });

  it('answers without buffers unless asked, and a malformed batch fails with a typed error naming the series', async () => {
    session = await connect();
    const { request } = batch();
    const response = await session.client.call('db.writeColumnsBatch', request);
    expect(response.buffers).toBeUndefined();
    expect(response.RecordsIngested.Total).toBe(200);
    const bad = { ...request, series: [request.series[0], { ...request.series[1], measureName: '' }] };
    const error = await session.client.call('db.writeColumnsBatch', bad as typeof request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TidemarkError);
    expect((error as TidemarkError).code).toBe('VALIDATION');
    expect((error as TidemarkError).details?.field).toBe('series[1].measureName');
  });
});
