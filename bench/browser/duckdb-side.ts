/**
 * DuckDB-WASM in the benchmark page: the single-threaded EH and MVP bundles, loaded from this server (Vite
 * emits the wasm and worker files as assets; nothing comes from a CDN), in its own worker. Ingest goes
 * through Arrow (`insertArrowTable`): one wide row per host and time, tags dictionary-encoded, fields DOUBLE.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { Dictionary, Float64, Int32, makeData, makeVector, Table, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { TSBS_FIELDS } from '../codecs/tsbs.ts';
import { utf8Vector } from './arrow-utf8.ts';
import { TSBS_INTERVAL_MS, TSBS_TAGS, type TsbsCpuData } from './tsbs-data.ts';

export const DUCKDB_TABLE = 'cpu';
export type DuckdbResult = Table;

/** Rows per Arrow batch handed to DuckDB (about a million, whole epochs). */
const BATCH_ROWS = 1 << 20;

export class DuckdbSide {
  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
  ) {}

  /** Loads the bundle the browser supports, opens an in-memory database and waits until it has answered a first query. */
  static async start(): Promise<DuckdbSide> {
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: mvpModule, mainWorker: mvpWorker },
      eh: { mainModule: ehModule, mainWorker: ehWorker },
    });
    if (!bundle.mainWorker) throw new Error('DuckDB-WASM selected a bundle without a worker.');
    const worker = new Worker(bundle.mainWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    const conn = await db.connect();
    await conn.query('SELECT 1');
    return new DuckdbSide(db, conn);
  }

  /** Builds Arrow batches of the rows in emission order and inserts them into `cpu`. */
  async ingest(data: TsbsCpuData): Promise<void> {
    const { hosts, epochs } = data;
    // Per tag: its distinct values (the dictionary) and each host's code in it.
    const dictionaries = TSBS_TAGS.map((_, t) => {
      const values: string[] = [];
      const index = new Map<string, number>();
      const codes = new Int32Array(hosts);
      for (let h = 0; h < hosts; h++) {
        const value = (data.tags[h] as readonly string[])[t] as string;
        let code = index.get(value);
        if (code === undefined) {
          code = values.length;
          index.set(value, code);
          values.push(value);
        }
        codes[h] = code;
      }
      return { dictionary: utf8Vector(values), codes };
    });
    const epochsPerBatch = Math.max(1, Math.floor(BATCH_ROWS / hosts));
    for (let e0 = 0; e0 < epochs; e0 += epochsPerBatch) {
      const e1 = Math.min(epochs, e0 + epochsPerBatch);
      const rows = (e1 - e0) * hosts;
      const time = new BigInt64Array(rows);
      for (let e = e0; e < e1; e++) time.fill(BigInt(data.startMs + e * TSBS_INTERVAL_MS) * 1000n, (e - e0) * hosts, (e - e0 + 1) * hosts);
      const columns: Record<string, ReturnType<typeof makeVector>> = {
        time: makeVector(makeData({ type: new TimestampMicrosecond(), length: rows, data: time })),
      };
      for (const [t, name] of TSBS_TAGS.entries()) {
        const { dictionary, codes } = dictionaries[t] as (typeof dictionaries)[number];
        const indices = new Int32Array(rows);
        for (let e = 0; e < e1 - e0; e++) indices.set(codes, e * hosts);
        columns[name] = makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32(), t), length: rows, data: indices, dictionary }));
      }
      for (const [f, name] of TSBS_FIELDS.entries()) {
        const values = (data.fields[f] as Uint8Array).subarray(e0 * hosts, e1 * hosts);
        columns[name] = makeVector(makeData({ type: new Float64(), length: rows, data: Float64Array.from(values) }));
      }
      await this.conn.insertArrowTable(new Table(columns), { name: DUCKDB_TABLE, create: e0 === 0 });
    }
  }

  /** Bytes DuckDB's buffer manager holds (duckdb_memory(): the table's data and everything else it keeps). */
  async memoryBytes(): Promise<number> {
    const result = await this.conn.query('SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()');
    return Number(result.getChild('bytes')?.get(0) ?? Number.NaN);
  }

  version(): Promise<string> {
    return this.db.getVersion();
  }

  /** The column types DuckDB gave the table (so a run can show that the tags became strings). */
  async describe(): Promise<string> {
    const result = await this.conn.query(
      `SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = '${DUCKDB_TABLE}'`,
    );
    return [...(result.getChild('c') ?? [])].join(', ');
  }

  /** Runs one statement; the result arrives as an Arrow table, as an app using DuckDB-WASM gets it. */
  query(sql: string): Promise<DuckdbResult> {
    return this.conn.query(sql);
  }
}
