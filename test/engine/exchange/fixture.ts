import { type Database, openDatabase, toColumnarResult } from '../../../src/engine/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';

/** The clock every exchange test runs at. */
export const NOW_MS = Date.UTC(2026, 0, 10);
const MINUTE_NS = 60_000_000_000n;
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;

export async function memoryDb(name: string): Promise<Database> {
  return openDatabase({ name, storage: 'memory', clock: () => NOW_MS, kernel: await loadKernelFromFile(), retentionIntervalMs: 0 });
}

/**
 * Database `src` with two tables: `single` (single-measure records of every type, in two series per type) and
 * `multi` (MULTI records of every type with missing attributes), times with nanosecond digits, spread over the
 * memory tier and years back in the magnetic tier.
 */
export async function fillSource(db: Database, database = 'src'): Promise<void> {
  await db.createDatabase(database);
  await db.createTable(database, 'single', {
    enableMagneticStoreWrites: true,
    memoryStoreRetentionHours: 12,
    magneticStoreRetentionDays: 3650,
  });
  await db.createTable(database, 'multi', { enableMagneticStoreWrites: true });
  const times = (count: number, offset: bigint): BigInt64Array => {
    const out = new BigInt64Array(count);
    // Half the points a year back (magnetic), half in the last hour (memory); odd ns digits on each.
    for (let i = 0; i < count; i++)
      out[i] = NOW_NS - (i < count / 2 ? 365n * 24n * 60n : 60n) * MINUTE_NS + BigInt(i) * MINUTE_NS + offset + 123_456_789n;
    return out;
  };
  for (const host of ['a', 'b,"quoted"']) {
    const dims = { host, region: 'eu-west-1' };
    const n = 40;
    await db.writeColumns({
      database,
      table: 'single',
      dimensions: dims,
      measureName: 'cpu',
      times: times(n, 1n),
      type: 'DOUBLE',
      values: Float64Array.from({ length: n }, (_, i) => (i * 0.1 - 1.7) * (host === 'a' ? 1 : 1e300)),
    });
    await db.writeColumns({
      database,
      table: 'single',
      dimensions: dims,
      measureName: 'bytes',
      times: times(n, 2n),
      type: 'BIGINT',
      values: BigInt64Array.from({ length: n }, (_, i) => 9_007_199_254_740_993n * BigInt(i - 20)),
    });
    await db.writeColumns({
      database,
      table: 'single',
      dimensions: dims,
      measureName: 'up',
      times: times(n, 3n),
      type: 'BOOLEAN',
      values: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    });
    await db.writeColumns({
      database,
      table: 'single',
      dimensions: dims,
      measureName: 'status',
      times: times(n, 4n),
      type: 'VARCHAR',
      values: Array.from({ length: n }, (_, i) => (i % 2 ? `ok ${i}, "fine"\nnext` : `  =spaced ${i}`)),
    });
    await db.writeColumns({
      database,
      table: 'single',
      dimensions: dims,
      measureName: 'seen',
      times: times(n, 5n),
      type: 'TIMESTAMP',
      values: BigInt64Array.from({ length: n }, (_, i) => NOW_NS - BigInt(i) * 1_000_000_007n),
    });
  }
  const n = 30;
  const validity = (k: number) => Uint8Array.from({ length: n }, (_, i) => (i % k === 0 ? 0 : 1));
  await db.writeColumns({
    database,
    table: 'multi',
    dimensions: { device: 'sensor-1' },
    measureName: 'reading',
    times: times(n, 7n),
    columns: [
      { name: 'temperature', type: 'DOUBLE', values: Float64Array.from({ length: n }, (_, i) => 20 + i / 3), validity: validity(4) },
      { name: 'count', type: 'BIGINT', values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) ** 9n), validity: validity(5) },
      { name: 'ok', type: 'BOOLEAN', values: Uint8Array.from({ length: n }, (_, i) => i & 1) },
      {
        name: 'note',
        type: 'VARCHAR',
        values: Array.from({ length: n }, (_, i) => (i % 6 === 0 ? null : `note ${i}`)),
        validity: validity(6),
      },
      { name: 'at', type: 'TIMESTAMP', values: BigInt64Array.from({ length: n }, (_, i) => NOW_NS + BigInt(i)) },
    ],
  });
}

/** Every row of a table as text, in a fixed order: the comparison of "identical data". */
export async function tableRows(db: Database, database: string, table: string): Promise<string[]> {
  const result = toColumnarResult(await db.query(`SELECT * FROM "${database}"."${table}"`));
  const rows: string[] = [];
  const columns = [...result.columns].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (let r = 0; r < result.rowCount; r++) {
    rows.push(
      JSON.stringify(
        columns.map((c) => {
          if (c.kind === 'text') return [c.name, c.data[r]];
          if (c.valid && c.valid[r] === 0) return [c.name, null];
          const v = c.data[r];
          return [c.name, typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : v];
        }),
      ),
    );
  }
  return rows.sort();
}
