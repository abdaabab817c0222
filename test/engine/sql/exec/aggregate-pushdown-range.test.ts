import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageEngine } from '../../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../../src/engine/storage/memory-durability.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../../../src/kernel/node.ts';
import { rowsOf } from '../../../helpers/result-rows.ts';
import { random } from '../../../helpers/seeded-random.ts';

// The kernel's range pass (chunks straddling the query's range aggregated without decoding to
// points) and the top-buckets walk (ORDER BY bin LIMIT n reading only the newest / oldest
// buckets) must give exactly what the plain scan + hash aggregate + sort give, over random data
// and random windows: regular and irregular series, several chunks per series, the head,
// out-of-order writes, and a table whose data thins out so the walk has to widen its window.

const HOUR = 3_600_000;
const START_MS = Date.UTC(2024, 0, 1);
const NOW_MS = START_MS + 12 * HOUR;
const NOW = BigInt(NOW_MS) * 1_000_000n;
let catalog: StorageSqlCatalog;

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

const rand = random(11);

function integerWalk(n: number): Float64Array {
  let walk = Math.floor(rand() * 100);
  return Float64Array.from({ length: n }, () => {
    walk += Math.floor(rand() * 5) - 2 + (rand() < 0.01 ? Math.floor((rand() - 0.5) * 1000) : 0);
    return walk;
  });
}

beforeAll(async () => {
  const kernel = await loadKernelFromFile();
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock: () => NOW_MS,
    chunkPoints: 500,
  });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 48 });
  await engine.createTable('tdb', 'sparse', { memoryStoreRetentionHours: 48 });
  const columns = (n: number) => [
    ...['a', 'b', 'c'].map((name, c) => ({
      name,
      type: 'DOUBLE' as const,
      values: Float64Array.from({ length: n }, () => (c === 2 ? rand() * 1e6 - 5e5 : Math.round(rand() * 10000) / 100)),
    })),
    // An integer walk with rare jumps, as TSBS's cpu fields: integer-valued ALP vectors, which the range pass
    // sums without their running values when no min / max is asked for.
    { name: 'd', type: 'DOUBLE' as const, values: integerWalk(n) },
  ];
  // Regular hosts at 10 s over 10 h (several chunks each, the rest in the head).
  for (const host of ['r0', 'r1', 'r2', 'r3']) {
    const n = 3600;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + i * 10_000 + (host === 'r3' ? 3_000 : 0));
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: host },
      measureName: 'cpu',
      times,
      columns: columns(n),
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  // An irregular host: random steps from 1 ms to 20 min.
  {
    const times: number[] = [];
    let t = START_MS;
    while (t < START_MS + 10 * HOUR) {
      times.push(t);
      t += rand() < 0.1 ? Math.floor(rand() * 1_200_000) : 1 + Math.floor(rand() * 30_000);
    }
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: 'irregular' },
      measureName: 'cpu',
      times: Float64Array.from(times),
      columns: columns(times.length),
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  // A host written twice over the same span, interleaved (overlapping chunks, merged as a scan merges them).
  for (let pass = 0; pass < 2; pass++) {
    const n = 1000;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + HOUR + pass * 5_000 + i * (pass === 0 ? 20_000 : 30_000));
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: 'twice' },
      measureName: 'cpu',
      times,
      columns: columns(n),
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  // A host whose attribute c only starts later: its first chunks lack the column (NULL at every row, edges included).
  for (let part = 0; part < 2; part++) {
    const n = part === 0 ? 2000 : 1000;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + (part * 2000 + i) * 10_000 + 7_000);
    const cols = columns(n).filter((c) => part === 1 || c.name !== 'c');
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: 'late' },
      measureName: 'cpu',
      times,
      columns: cols,
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  // Sparse: dense for the first hour, then a point now and then, far apart.
  for (const host of ['s0', 's1']) {
    const times: number[] = [];
    for (let i = 0; i < 360; i++) times.push(START_MS + i * 10_000);
    for (const h of [3, 5.5, 9]) times.push(START_MS + h * HOUR + (host === 's1' ? 60_000 : 0));
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'sparse',
      dimensions: { hostname: host },
      measureName: 'cpu',
      times: Float64Array.from(times),
      columns: columns(times.length),
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  catalog = new StorageSqlCatalog(engine);
});

type Cell = string | number | bigint | boolean | null;

/** Row by row, in order (the queries order their rows fully); doubles within 1e-9 relative. */
function expectSameRows(pushed: Cell[][], plain: Cell[][], sql: string): void {
  expect(pushed.length, sql).toBe(plain.length);
  pushed.forEach((row, i) => {
    row.forEach((cell, j) => {
      const expected = plain[i]![j];
      if (typeof cell === 'number' && typeof expected === 'number')
        expect(Math.abs(cell - expected), `${sql} row ${i} col ${j}: ${cell} vs ${expected}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected)),
        );
      else expect(cell, `${sql} row ${i} col ${j}`).toEqual(expected);
    });
  });
}

async function compare(sql: string): Promise<QueryResult> {
  const pushed = await runSql(catalog, sql, { now: NOW });
  const plain = await runSql(catalog, sql, { now: NOW, pushdown: false });
  expectSameRows(rowsOf<Cell>(pushed), rowsOf<Cell>(plain), sql);
  return pushed;
}

async function explain(sql: string): Promise<string> {
  return rowsOf<Cell>(await runSql(catalog, `EXPLAIN ANALYZE ${sql}`, { now: NOW }))
    .map((r) => r[0])
    .join('\n');
}

const AGGS = 'count(*), avg(a), sum(b), min(c), max(c), max(a), count(b), max_by(a, time), min_by(c, time), min(time), max(time)';
const WIDTHS = ['5s', '10s', '1m', '7m', '1h', '1d'];

/** A random window inside (or past the ends of) the data, at any alignment. */
function window(): [number, number] {
  const a = START_MS - HOUR + Math.floor(rand() * 12 * HOUR);
  const b = a + Math.floor(rand() * rand() * 11 * HOUR);
  return [a, b];
}

describe('the kernel range pass agrees with the plain aggregate', () => {
  it('over random windows and widths, GROUP BY bin and hostname', async () => {
    let inKernel = 0;
    for (let q = 0; q < 40; q++) {
      const [a, b] = window();
      const width = WIDTHS[q % WIDTHS.length];
      const where = `WHERE time >= '${iso(a)}' AND time < '${iso(b)}'${q % 5 === 0 ? ` AND hostname IN ('r1', 'irregular', 'twice')` : ''}`;
      const result = await compare(
        `SELECT bin(time, ${width}) AS t, hostname, ${AGGS} FROM tdb.multi ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      inKernel += result.statistics.scan.chunksAggregatedInKernel ?? 0;
      await compare(`SELECT bin(time, ${width}) AS t, avg(a), max(b), count(*) FROM tdb.multi ${where} GROUP BY 1 ORDER BY 1`);
    }
    // Windows cut through chunks: those went through the range pass rather than decoding to points.
    expect(inKernel).toBeGreaterThan(40);
  });

  it('over an integer column with sums and counts only (no min / max: the range pass sums without running values)', async () => {
    let inKernel = 0;
    for (let q = 0; q < 30; q++) {
      const [a, b] = window();
      const width = WIDTHS[q % WIDTHS.length];
      const where = `WHERE time >= '${iso(a)}' AND time < '${iso(b)}'`;
      const result = await compare(
        `SELECT bin(time, ${width}) AS t, hostname, avg(d), sum(d), count(d), count(*) FROM tdb.multi ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      inKernel += result.statistics.scan.chunksAggregatedInKernel ?? 0;
      await compare(
        `SELECT bin(time, ${width}) AS t, avg(d), max_by(d, time), min_by(d, time) FROM tdb.multi ${where} GROUP BY 1 ORDER BY 1`,
      );
      await compare(`SELECT hostname, sum(d), avg(a), max(d) FROM tdb.multi ${where} GROUP BY 1 ORDER BY 1`);
    }
    expect(inKernel).toBeGreaterThan(30);
  });

  it('without a bucket (one group per series or a global aggregate) and with one-sided ranges', async () => {
    for (let q = 0; q < 10; q++) {
      const [a, b] = window();
      await compare(`SELECT hostname, ${AGGS} FROM tdb.multi WHERE time >= '${iso(a)}' AND time < '${iso(b)}' GROUP BY 1 ORDER BY 1`);
      await compare(`SELECT ${AGGS} FROM tdb.multi WHERE time < '${iso(b)}'`);
      await compare(`SELECT bin(time, 1h), ${AGGS} FROM tdb.multi WHERE time > '${iso(a)}' GROUP BY 1 ORDER BY 1`);
    }
    const text = await explain(`SELECT hostname, max(a) FROM tdb.multi WHERE time >= '${iso(START_MS + 1234)}' GROUP BY 1`);
    expect(Number(/(\d+) aggregated in the kernel/.exec(text)?.[1])).toBeGreaterThan(0);
  });
});

describe('ORDER BY the bucket LIMIT n reads only the buckets it needs', () => {
  it('gives the same rows as sorting every bucket, newest or oldest first, with OFFSET and more keys', async () => {
    for (let q = 0; q < 30; q++) {
      const [a, b] = window();
      const width = WIDTHS[(q % (WIDTHS.length - 1)) + 1];
      const limit = 1 + Math.floor(rand() * 12);
      const range = q % 3 === 0 ? `time < '${iso(b)}'` : `time >= '${iso(a)}' AND time < '${iso(b)}'`;
      await compare(`SELECT bin(time, ${width}) AS m, max(a) FROM tdb.multi WHERE ${range} GROUP BY 1 ORDER BY m DESC LIMIT ${limit}`);
      await compare(
        `SELECT bin(time, ${width}) AS m, ${AGGS} FROM tdb.multi WHERE ${range} GROUP BY 1 ORDER BY 1 ASC LIMIT ${limit} OFFSET 2`,
      );
      await compare(
        `SELECT bin(time, ${width}) AS m, hostname, avg(b) FROM tdb.multi WHERE ${range} GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT ${limit}`,
      );
      await compare(`SELECT bin(time, ${width}) AS m, max(c) FROM tdb.sparse WHERE ${range} GROUP BY 1 ORDER BY m DESC LIMIT ${limit}`);
    }
  });

  it('widens its window until enough buckets hold data (a table that thins out)', async () => {
    // The newest 5 minutes with data are at 9 h, 5.5 h, 3 h and the end of the first hour: the first window sees one.
    const sql = `SELECT bin(time, 1m) AS m, max(a), count(*) FROM tdb.sparse GROUP BY 1 ORDER BY m DESC LIMIT 5`;
    const rows = rowsOf<Cell>(await compare(sql));
    expect(rows.length).toBe(5);
    expect(await explain(sql)).toContain('newest 5 buckets with data');
    // Fewer buckets than asked: every one of them.
    const all = rowsOf<Cell>(await compare(`SELECT bin(time, 1d) AS d, count(*) FROM tdb.sparse GROUP BY 1 ORDER BY d DESC LIMIT 10`));
    expect(all.length).toBe(1);
  });

  it('leaves chunks older than the newest buckets unread', async () => {
    const sql = `SELECT bin(time, 1m) AS m, max(a) FROM tdb.multi WHERE hostname = 'r0' GROUP BY 1 ORDER BY m DESC LIMIT 5`;
    await compare(sql);
    const text = await explain(sql);
    expect(text).toContain('newest 5 buckets with data');
    expect(Number(/(\d+) pruned/.exec(text)?.[1])).toBeGreaterThan(3);
  });

  it('is not used where the sort is on something else or a HAVING filters groups', async () => {
    for (const sql of [
      `SELECT bin(time, 1m) AS m, max(a) AS x FROM tdb.multi GROUP BY 1 ORDER BY x DESC LIMIT 5`,
      `SELECT bin(time, 1m) AS m, max(a) AS x FROM tdb.multi GROUP BY 1 HAVING max(a) > 50 ORDER BY m DESC LIMIT 5`,
      `SELECT hostname, bin(time, 1m) AS m, max(a) AS x FROM tdb.multi GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT 5`,
    ]) {
      expect(await explain(sql), sql).not.toContain('buckets with data');
      await compare(sql);
    }
  });
});

describe('pushed aggregates run at once', () => {
  it('answers queries run at once as it answers them one at a time (the buffers of a scan go back only once its rows are built)', async () => {
    const queries: string[] = [];
    for (let q = 0; q < 16; q++) {
      const [a, b] = window();
      // Sum-only and full aggregates (partials without and with min / max), over every regular host.
      const aggs = q % 2 === 0 ? 'avg(a), sum(d), count(b)' : AGGS;
      queries.push(
        `SELECT bin(time, ${WIDTHS[q % WIDTHS.length]}) AS t, hostname, ${aggs} FROM tdb.multi WHERE time >= '${iso(a)}' AND time < '${iso(b)}' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    }
    const alone: Cell[][][] = [];
    for (const sql of queries) alone.push(rowsOf<Cell>(await runSql(catalog, sql, { now: NOW })));
    const together = await Promise.all(queries.map((sql) => runSql(catalog, sql, { now: NOW })));
    for (const [q, result] of together.entries()) expect(rowsOf<Cell>(result), queries[q]).toEqual(alone[q]);
    expect(alone.filter((rows) => rows.length > 10).length).toBeGreaterThan(8);
  });
});
