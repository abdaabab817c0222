import { beforeAll, describe, expect, it } from 'vitest';
import { knownOrdered, markOrdered } from '../../../../src/engine/sql/exec/ordered-vectors.ts';
import type { SortKey } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import { BigIntVector, NumberVector, ValueVector } from '../../../../src/engine/sql/vector/index.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { rowsOf } from '../../../helpers/result-rows.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';

// A pushed-down aggregate marks its bin and key columns as ordered, and the Sort above skips
// comparing rows only when the ORDER BY is that order (or a prefix of it): ascending, NULLs last.

const key = (descending = false, nullsFirst = false): SortKey => ({
  expr: { kind: 'Literal' } as unknown as SortKey['expr'],
  descending,
  nullsFirst,
});

describe('knownOrdered', () => {
  const bins = new BigIntVector(T.timestamp, BigInt64Array.from([1n, 1n, 2n]));
  const hosts = new ValueVector(T.varchar, ['a', 'b', 'a']);
  const other = new NumberVector(T.double, Float64Array.from([3, 2, 1]));
  markOrdered([bins, hosts]);

  it('holds for the run in its order, a prefix of it, or the whole run followed by any key', () => {
    expect(knownOrdered([key(), key()], [bins, hosts])).toBe(true);
    expect(knownOrdered([key()], [bins])).toBe(true);
    expect(knownOrdered([key(), key(), key(true)], [bins, hosts, other])).toBe(true);
  });

  it('does not hold out of order, descending, NULLs first, after a prefix with another key, or for unmarked vectors', () => {
    expect(knownOrdered([key(), key()], [hosts, bins])).toBe(false);
    expect(knownOrdered([key()], [hosts])).toBe(false);
    expect(knownOrdered([key(true), key()], [bins, hosts])).toBe(false);
    expect(knownOrdered([key(), key(false, true)], [bins, hosts])).toBe(false);
    expect(knownOrdered([key(), key()], [bins, other])).toBe(false);
    expect(knownOrdered([key()], [other])).toBe(false);
    // Another run's vectors do not combine with this one's.
    const bins2 = new BigIntVector(T.timestamp, BigInt64Array.from([1n, 1n, 2n]));
    const hosts2 = new ValueVector(T.varchar, ['a', 'b', 'a']);
    markOrdered([bins2, hosts2]);
    expect(knownOrdered([key(), key()], [bins, hosts2])).toBe(false);
    expect(knownOrdered([key(), key()], [bins2, hosts2])).toBe(true);
  });
});

const NOW_MS = Date.UTC(2024, 0, 1, 6);
const START_MS = NOW_MS - 4 * 3_600_000;
let catalog: StorageSqlCatalog;

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 100,
  });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 24 });
  // Hosts in two regions and one without a region (a NULL key), written in no particular key order.
  const hosts: [string, string | null][] = [
    ['h3', 'west'],
    ['h1', 'east'],
    ['h2', null],
    ['h0', 'west'],
  ];
  for (const [i, [host, region]] of hosts.entries()) {
    const n = 1400;
    const times = Float64Array.from({ length: n }, (_, k) => START_MS + k * 10_000 + i * 1_000);
    const values = Float64Array.from({ length: n }, (_, k) => ((k * 7 + i * 13) % 101) / 4);
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: region === null ? { host } : { host, region },
      measureName: 'cpu',
      times,
      columns: [{ name: 'v', type: 'DOUBLE', values }],
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  catalog = new StorageSqlCatalog(engine);
});

describe('ORDER BY over a pushed-down aggregate', () => {
  it('gives the plain aggregate and sort rows for orders the aggregate emits and for others', async () => {
    const now = BigInt(NOW_MS) * 1_000_000n;
    const from = `'${new Date(START_MS + 1_234_567).toISOString().replace('T', ' ').replace('Z', '')}'`;
    const query = (order: string) =>
      `SELECT bin(time, 30m) AS b, region, host, max(v) AS m FROM "tdb"."multi" WHERE time >= ${from} GROUP BY 1, 2, 3 ${order}`;
    const orders = [
      'ORDER BY 1, 2, 3',
      'ORDER BY 1, 2, 3, 4 DESC',
      'ORDER BY 2, 1, 3',
      'ORDER BY 1 DESC, 2, 3',
      'ORDER BY 1, 2 NULLS FIRST, 3',
      'ORDER BY 1, 3, 2',
      'ORDER BY 4, 1, 2, 3',
    ];
    for (const order of orders) {
      const sql = query(order);
      const pushed = await runSql(catalog, sql, { now });
      const plain = await runSql(catalog, sql, { now, pushdown: false });
      expect(pushed.rowCount, sql).toBeGreaterThan(20);
      expect(rowsOf(pushed), sql).toEqual(rowsOf(plain));
    }
    // A prefix of the emitted order leaves ties as emitted (a stable sort would too): the full order's rows.
    const full = rowsOf(await runSql(catalog, query('ORDER BY 1, 2, 3'), { now, pushdown: false }));
    for (const order of ['ORDER BY 1', 'ORDER BY 1, 2']) expect(rowsOf(await runSql(catalog, query(order), { now })), order).toEqual(full);
    // Keys in another order than the GROUP BY's (the aggregate still emits bin first, then region, then host).
    const sql = `SELECT host, region, bin(time, 1h) AS b, count(*) AS n FROM "tdb"."multi" GROUP BY host, region, bin(time, 1h) ORDER BY 3, 2, 1`;
    expect(rowsOf(await runSql(catalog, sql, { now }))).toEqual(rowsOf(await runSql(catalog, sql, { now, pushdown: false })));
  });
});
