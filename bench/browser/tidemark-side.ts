/**
 * Tidemark in the benchmark page, as the app runs it: the engine's worker (kernel, database in IndexedDB)
 * behind TidemarkClient. Ingest goes through the columnar fast path, `db.writeColumnsBatch`: a block of hosts
 * per request sharing one time column, arrays transferred and handed back for the next batches. Either layout:
 * one single-measure series per host and field, as TSBS's Timestream loader models the data, or one MULTI
 * series per host (measure_name `cpu`, the ten fields as DOUBLE attributes), as Timestream recommends for
 * metrics that share a timestamp.
 */

import { startEngine, type TidemarkClient } from '../../src/client/index.ts';
import type { WorkerResult } from '../../src/worker/protocol.ts';
import type { TsbsLayout } from '../query/tsbs-queries.ts';
import { BufferPool, tidemarkWrites } from './tidemark-writes.ts';
import type { TsbsCpuData } from './tsbs-data.ts';

export const TIDEMARK_TABLE = '"bench"."cpu"';
export type TidemarkResult = WorkerResult<'db.query'>;

/**
 * Batches in flight at once (HOST_BLOCK hosts each): the worker always has the next one queued while the page
 * transposes more and IndexedDB commits the earlier ones (a write answers once it is durable).
 */
const IN_FLIGHT = 8;

export class TidemarkSide {
  private constructor(private readonly client: TidemarkClient) {}

  /** Starts the worker and waits until it has answered a first query. */
  static async start(): Promise<TidemarkSide> {
    const client = startEngine();
    await client.ready;
    await client.call('db.query', { sql: 'SELECT 1' });
    return new TidemarkSide(client);
  }

  /** Creates bench.cpu (its memory store spans the data) and writes every series; resolves when all are durable. */
  async ingest(data: TsbsCpuData, nowMs: number, layout: TsbsLayout): Promise<void> {
    const hoursBack = Math.ceil((nowMs - data.startMs) / 3_600_000) + 24;
    await this.client.call('db.createDatabase', { name: 'bench' });
    await this.client.call('db.createTable', { database: 'bench', table: 'cpu', options: { memoryStoreRetentionHours: hoursBack } });
    const writes = new Set<Promise<void>>();
    const pool = new BufferPool();
    for (const { from, to, request, buffers, records } of tidemarkWrites(data, layout, pool)) {
      const pending = this.client
        .call('db.writeColumnsBatch', { database: 'bench', table: 'cpu', ...request, returnBuffers: true }, { transfer: [...buffers] })
        .then((response) => {
          pool.give(response.buffers ?? []);
          if (response.RecordsIngested.Total !== records || response.RejectedRecords.length > 0)
            throw new Error(
              `Tidemark ingested ${response.RecordsIngested.Total} of ${records} records of hosts ${from}-${to - 1} (${response.RejectedRecords.length} rejected).`,
            );
          writes.delete(pending);
        });
      writes.add(pending);
      if (writes.size >= IN_FLIGHT) await Promise.race(writes);
    }
    await Promise.all(writes);
  }

  /** Bytes the storage holds in RAM for the benchmark's table (both tiers) and the kernel's copies of its chunks (total), and those copies alone. */
  async memory(): Promise<{ readonly total: number; readonly resident: number }> {
    const stats = await this.client.call('db.stats', {});
    let bytes = 0;
    for (const t of stats.tables) if (t.database === 'bench') bytes += t.memory.bytesInRam + t.magnetic.bytesInRam;
    // The kernel's copies of sealed chunks, kept between queries (the bench's is the only database on the page).
    return { total: bytes + stats.residentChunks.bytes, resident: stats.residentChunks.bytes };
  }

  /** Runs one statement; the result arrives as typed columns, as the app's views get it. */
  query(sql: string): Promise<TidemarkResult> {
    return this.client.call('db.query', { sql });
  }
}
