import { Float64, makeData, makeVector, Table, TimestampMicrosecond } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { utf8Vector } from '../../bench/browser/arrow-utf8.ts';
import { canonDuckdb, canonTidemark, difference } from '../../bench/browser/compare.ts';
import type { TidemarkResult } from '../../bench/browser/tidemark-side.ts';
import { BufferPool, HOST_BLOCK, tidemarkWrites } from '../../bench/browser/tidemark-writes.ts';
import { generateTsbsCpu, TSBS_INTERVAL_MS, TSBS_TAGS } from '../../bench/browser/tsbs-data.ts';
import { TSBS_FIELDS } from '../../bench/codecs/tsbs.ts';
import {
  duckdbSql,
  parseTsbsLayout,
  TSBS_CPU_ONLY_QUERIES,
  TSBS_MULTI_MEASURE,
  type TsbsQueryShape,
  tidemarkAnswerIsLong,
  timestreamSql,
  tsbsQueryDrawer,
  tsbsValuesScanned,
} from '../../bench/query/tsbs-queries.ts';
import { openDatabase, toColumnarResult } from '../../src/engine/index.ts';

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

function tidemark(columns: TidemarkResult['columns'], rowCount: number): TidemarkResult {
  return { columns, rowCount, statistics: { elapsedMs: 0, scan: {} } } as unknown as TidemarkResult;
}

const micros = (ms: readonly number[]) =>
  makeVector(makeData({ type: new TimestampMicrosecond(), length: ms.length, data: BigInt64Array.from(ms, (m) => BigInt(m) * 1000n) }));
const doubles = (xs: readonly number[]) => makeVector(makeData({ type: new Float64(), length: xs.length, data: Float64Array.from(xs) }));
const nsOf = (ms: readonly number[]) => BigInt64Array.from(ms, (m) => BigInt(m) * 1_000_000n);

describe('TSBS cpu-only data for the browser benchmark', () => {
  const data = generateTsbsCpu({ hosts: 5, hours: 1, startMs: START, seed: 9 });

  it('emits one row per host per 10 s epoch, integer fields in [0, 100], the same for the same seed', () => {
    expect(data.epochs).toBe(360);
    expect(data.endMs).toBe(START + 360 * TSBS_INTERVAL_MS);
    expect(data.fields).toHaveLength(TSBS_FIELDS.length);
    for (const field of data.fields) {
      expect(field).toHaveLength(360 * 5);
      expect(Math.max(...field)).toBeLessThanOrEqual(100);
    }
    expect(generateTsbsCpu({ hosts: 5, hours: 1, startMs: START, seed: 9 }).fields).toEqual(data.fields);
    expect(generateTsbsCpu({ hosts: 5, hours: 1, startMs: START, seed: 10 }).fields[0]).not.toEqual(data.fields[0]);
  });

  it('walks each field by small steps: consecutive epochs of one host differ by a few units at most', () => {
    const usage = data.fields[0] as Uint8Array;
    let biggest = 0;
    for (let e = 1; e < data.epochs; e++)
      for (let h = 0; h < 5; h++) biggest = Math.max(biggest, Math.abs(usage[e * 5 + h]! - usage[(e - 1) * 5 + h]!));
    expect(biggest).toBeGreaterThan(0);
    expect(biggest).toBeLessThanOrEqual(7);
  });

  it('gives every host the ten TSBS tags, its hostname first and a datacenter in its region', () => {
    expect(TSBS_TAGS).toHaveLength(10);
    for (const [h, tags] of data.tags.entries()) {
      expect(tags).toHaveLength(10);
      expect(tags[0]).toBe(`host_${h}`);
      expect(tags[2]?.startsWith(tags[1] as string)).toBe(true);
      expect(Number(tags[3])).toBeLessThan(100);
    }
  });

  it('refuses a scale with no host or no epoch', () => {
    expect(() => generateTsbsCpu({ hosts: 0, hours: 1, startMs: START, seed: 1 })).toThrow(/hosts/);
    expect(() => generateTsbsCpu({ hosts: 1, hours: 0, startMs: START, seed: 1 })).toThrow(/hours/);
  });
});

describe('TSBS cpu-only query draws and dialects', () => {
  it('draws windows of the query length inside the data and distinct hosts, the same for the same seed', () => {
    const draw = tsbsQueryDrawer({ hosts: 20, startMs: START, endMs: START + 24 * HOUR, seed: 3 });
    const again = tsbsQueryDrawer({ hosts: 20, startMs: START, endMs: START + 24 * HOUR, seed: 3 });
    for (const { shape } of TSBS_CPU_ONLY_QUERIES) {
      const p = draw(shape);
      expect(again(shape)).toEqual(p);
      expect(p.from).toBeGreaterThanOrEqual(START);
      expect(p.to).toBeLessThanOrEqual(START + 24 * HOUR);
      expect(new Set(p.hosts).size).toBe(p.hosts.length);
    }
    const p = draw({ kind: 'cpu-max-all', hosts: 8 });
    expect(p.to - p.from).toBe(8 * HOUR);
    expect(p.hosts).toHaveLength(8);
  });

  it('puts the same window and hosts into both dialects', () => {
    const shape: TsbsQueryShape = { kind: 'single-groupby', metrics: 5, hosts: 2, hours: 1 };
    const p = { from: START + 1234, to: START + 1234 + HOUR, hosts: [3, 11] };
    const ts = timestreamSql(shape, p, '"bench"."cpu"');
    const duck = duckdbSql(shape, p, 'cpu');
    for (const sql of [ts, duck]) {
      expect(sql).toContain("'2026-01-01 00:00:01.234'");
      expect(sql).toContain("'2026-01-01 01:00:01.234'");
      expect(sql).toContain("'host_3', 'host_11'");
      expect(sql).toContain('max_usage_iowait');
      expect(sql).not.toContain('usage_irq');
    }
    expect(ts).toContain('bin(time, 1m)');
    expect(duck).toContain("time_bucket(INTERVAL '1 minute', time)");
  });
});

describe('comparing the engines answers', () => {
  const minute = [START, START + 60_000];
  const groupShape: TsbsQueryShape = { kind: 'single-groupby', metrics: 1, hosts: 1, hours: 1 };

  it('accepts equal answers, floats within rounding, and times in ns against Arrow microseconds', () => {
    const t = tidemark(
      [
        { name: 'minute', type: 'timestamp', kind: 'bigint', data: nsOf(minute), timeMs: Float64Array.from(minute) },
        { name: 'max_usage_user', type: 'double', kind: 'number', data: Float64Array.from([1 / 3, 7]) },
      ],
      2,
    );
    const d = new Table({ minute: micros(minute), max_usage_user: doubles([0.3333333333333333 + 1e-15, 7]) });
    expect(difference(canonTidemark(groupShape, t), canonDuckdb(groupShape, d))).toBeUndefined();
  });

  it('reports a different value, a different row count and a different order', () => {
    const t = tidemark(
      [
        { name: 'minute', type: 'timestamp', kind: 'bigint', data: nsOf(minute), timeMs: Float64Array.from(minute) },
        { name: 'max_usage_user', type: 'double', kind: 'number', data: Float64Array.from([5, 7]) },
      ],
      2,
    );
    const value = new Table({ minute: micros(minute), max_usage_user: doubles([5, 7.001]) });
    expect(difference(canonTidemark(groupShape, t), canonDuckdb(groupShape, value))).toMatch(/row 1 differs/);
    const fewer = new Table({ minute: micros(minute.slice(0, 1)), max_usage_user: doubles([5]) });
    expect(difference(canonTidemark(groupShape, t), canonDuckdb(groupShape, fewer))).toMatch(/Tidemark has 2 rows, DuckDB 1/);
    const reversed = new Table({ minute: micros([...minute].reverse()), max_usage_user: doubles([7, 5]) });
    expect(difference(canonTidemark(groupShape, t), canonDuckdb(groupShape, reversed))).toMatch(/row 0 differs/);
  });

  it("pivots Timestream's long high-cpu rows to wide ones and matches them in any order; a missing measure is a mismatch", () => {
    const shape: TsbsQueryShape = { kind: 'high-cpu', hosts: null };
    const hosts: string[] = [];
    const times: number[] = [];
    const names: string[] = [];
    const values: number[] = [];
    for (const [host, time] of [
      ['host_1', START + 10_000],
      ['host_0', START],
    ] as const)
      for (const [f, field] of TSBS_FIELDS.entries()) {
        hosts.push(host);
        times.push(time);
        names.push(field);
        values.push(90 + f);
      }
    const long = (n: number) =>
      tidemark(
        [
          { name: 'hostname', type: 'varchar', kind: 'text', data: hosts.slice(0, n) },
          { name: 'time', type: 'timestamp', kind: 'bigint', data: nsOf(times.slice(0, n)), timeMs: Float64Array.from(times.slice(0, n)) },
          { name: 'measure_name', type: 'varchar', kind: 'text', data: names.slice(0, n) },
          { name: 'measure_value::double', type: 'double', kind: 'number', data: Float64Array.from(values.slice(0, n)) },
        ],
        n,
      );
    const wide: Record<string, ReturnType<typeof makeVector>> = {
      hostname: utf8Vector(['host_0', 'host_1']),
      time: micros([START, START + 10_000]),
    };
    for (const [f, field] of TSBS_FIELDS.entries()) wide[field] = doubles([90 + f, 90 + f]);
    const d = new Table(wide);
    expect(difference(canonTidemark(shape, long(20)), canonDuckdb(shape, d))).toBeUndefined();
    expect(difference(canonTidemark(shape, long(19)), canonDuckdb(shape, d))).toMatch(/differs/);
  });
});

describe('the MULTI layout (one record per host and time, the ten fields as attributes)', () => {
  it('reads BENCH_LAYOUT: single or multi, the fallback when unset, an error naming the choices otherwise', () => {
    expect(parseTsbsLayout(undefined, 'single')).toBe('single');
    expect(parseTsbsLayout('', 'multi')).toBe('multi');
    expect(parseTsbsLayout('multi', 'single')).toBe('multi');
    expect(parseTsbsLayout('single', 'multi')).toBe('single');
    expect(() => parseTsbsLayout('wide', 'single')).toThrow(/BENCH_LAYOUT must be single or multi \(got wide\)/);
  });

  it('writes one MULTI series per host with the ten DOUBLE attributes, or one single-measure series per host and field, in batches of hosts sharing their times', () => {
    const data = generateTsbsCpu({ hosts: 3, hours: 1, startMs: START, seed: 5 });
    const multi = [...tidemarkWrites(data, 'multi')];
    expect(multi.map((w) => [w.from, w.to])).toEqual([[0, 3]]);
    const [batch] = multi;
    if (!batch) throw new Error('no batch');
    expect(batch.request.times).toHaveLength(data.epochs);
    expect((batch.request.times as Float64Array)[1]! - (batch.request.times as Float64Array)[0]!).toBe(TSBS_INTERVAL_MS);
    expect(batch.records).toBe(3 * data.epochs);
    expect(batch.request.series).toHaveLength(3);
    for (const [host, series] of batch.request.series.entries()) {
      expect(series.measureName).toBe(TSBS_MULTI_MEASURE);
      expect(series.dimensions.hostname).toBe(`host_${host}`);
      expect(Object.keys(series.dimensions).sort()).toEqual([...TSBS_TAGS].sort());
      expect(series.values).toBeUndefined();
      expect(series.columns?.map((c) => [c.name, c.type])).toEqual(TSBS_FIELDS.map((f) => [f, 'DOUBLE']));
      // Host h's value at epoch e is row e * hosts + h of the emitted data.
      for (const [f, column] of (series.columns ?? []).entries()) {
        expect(column.values).toHaveLength(data.epochs);
        expect(column.values[7]).toBe((data.fields[f] as Uint8Array)[7 * 3 + host]);
      }
    }
    // The times and one buffer per field, each distinct, holding every array of the batch.
    expect(batch.buffers).toHaveLength(1 + TSBS_FIELDS.length);
    expect(new Set(batch.buffers).size).toBe(batch.buffers.length);
    for (const series of batch.request.series)
      for (const column of series.columns ?? []) expect(batch.buffers).toContain((column.values as Float64Array).buffer);
    const single = [...tidemarkWrites(data, 'single')];
    expect(single).toHaveLength(1);
    const series = single[0]?.request.series ?? [];
    expect(series).toHaveLength(3 * TSBS_FIELDS.length);
    expect(single[0]?.records).toBe(3 * TSBS_FIELDS.length * data.epochs);
    expect(series.map((s) => s.measureName).slice(0, TSBS_FIELDS.length)).toEqual([...TSBS_FIELDS]);
    expect(series[TSBS_FIELDS.length + 2]?.values?.[7]).toBe((data.fields[2] as Uint8Array)[7 * 3 + 1]);
  });

  it('transposes every value of every host, across blocks of hosts', () => {
    // More hosts than one block, and a last block that is not full.
    const hosts = 2 * HOST_BLOCK + 6;
    const data = generateTsbsCpu({ hosts, hours: 1, startMs: START, seed: 9 });
    const multi = [...tidemarkWrites(data, 'multi')];
    expect(multi.map((w) => [w.from, w.to])).toEqual([
      [0, HOST_BLOCK],
      [HOST_BLOCK, 2 * HOST_BLOCK],
      [2 * HOST_BLOCK, hosts],
    ]);
    for (const { from, request } of multi)
      for (const [i, series] of request.series.entries()) {
        const host = from + i;
        expect(series.dimensions.hostname).toBe(`host_${host}`);
        for (const [f, column] of (series.columns ?? []).entries()) {
          const expected = Float64Array.from({ length: data.epochs }, (_, e) => (data.fields[f] as Uint8Array)[e * hosts + host]!);
          expect(column.values, `host ${host} field ${f}`).toEqual(expected);
        }
      }
  });

  it('fills buffers handed back to its pool again (stale contents overwritten), and takes fresh ones otherwise', () => {
    const pool = new BufferPool();
    const a = new ArrayBuffer(16);
    const b = new ArrayBuffer(24);
    pool.give([a, b, new ArrayBuffer(0)]);
    expect(pool.take(24)).toBe(b);
    expect(pool.take(16)).toBe(a);
    const fresh = pool.take(16);
    expect(fresh).not.toBe(a);
    expect(fresh.byteLength).toBe(16);

    const hosts = 2 * HOST_BLOCK + 3;
    const data = generateTsbsCpu({ hosts, hours: 1, startMs: START, seed: 3 });
    const reusing = new BufferPool();
    const given = new Set<ArrayBuffer>();
    const reused: number[] = [];
    for (const { from, request, buffers } of tidemarkWrites(data, 'multi', reusing)) {
      reused.push(buffers.filter((buffer) => given.has(buffer)).length);
      for (const [i, series] of request.series.entries())
        for (const [f, column] of (series.columns ?? []).entries()) {
          const expected = Float64Array.from({ length: data.epochs }, (_, e) => (data.fields[f] as Uint8Array)[e * hosts + from + i]!);
          expect(column.values, `host ${from + i} field ${f}`).toEqual(expected);
        }
      expect((request.times as Float64Array)[5]).toBe(data.startMs + 5 * TSBS_INTERVAL_MS);
      // As the worker would: the buffers come back dirty, and the next batch (of the same size) fills them.
      for (const buffer of buffers) new Uint8Array(buffer).fill(0xee);
      for (const buffer of buffers) given.add(buffer);
      reusing.give(buffers);
    }
    // The second block reuses all of the first's buffers; the last, smaller one only the times' buffer.
    expect(reused).toEqual([0, 1 + TSBS_FIELDS.length, 1]);
  });

  it('writes each query over MULTI records without measure_name, CASE or a join, with the same window, hosts and columns as DuckDB', () => {
    const draw = tsbsQueryDrawer({ hosts: 20, startMs: START, endMs: START + 24 * HOUR, seed: 4 });
    for (const { name, shape } of TSBS_CPU_ONLY_QUERIES) {
      const p = draw(shape);
      const multi = timestreamSql(shape, p, '"bench"."cpu"', 'multi');
      const duck = duckdbSql(shape, p, 'cpu');
      expect(multi, name).not.toMatch(/measure_name|measure_value|CASE|JOIN/);
      expect(multi, name).toContain('FROM "bench"."cpu"');
      for (const host of p.hosts) expect(multi, name).toContain(`'host_${host}'`);
      if (shape.kind !== 'lastpoint') expect(multi, name).toContain(`'${new Date(p.to).toISOString().replace('T', ' ').replace('Z', '')}'`);
      // The aggregates' columns are DuckDB's, by name and in order (high-cpu and lastpoint are checked whole below).
      const columnsOf = (sql: string) => [...sql.matchAll(/ AS (\w+)/g)].map((m) => m[1]);
      if (shape.kind !== 'high-cpu' && shape.kind !== 'lastpoint') expect(columnsOf(multi), name).toEqual(columnsOf(duck));
      expect(tidemarkAnswerIsLong(shape, 'multi')).toBe(false);
    }
    const p = { from: START, to: START + 12 * HOUR, hosts: [] };
    expect(timestreamSql({ kind: 'high-cpu', hosts: null }, p, 't', 'multi')).toBe(
      `SELECT hostname, time, ${TSBS_FIELDS.join(', ')} FROM t WHERE usage_user > 90.0 AND time >= '2026-01-01 00:00:00.000' AND time < '2026-01-01 12:00:00.000'`,
    );
    expect(timestreamSql({ kind: 'lastpoint' }, p, 't', 'multi')).toBe(
      `SELECT hostname, max(time) AS time, ${TSBS_FIELDS.map((f) => `max_by(${f}, time) AS ${f}`).join(', ')} FROM t GROUP BY hostname`,
    );
    expect(timestreamSql({ kind: 'lastpoint' }, p, 't')).toBe(timestreamSql({ kind: 'lastpoint' }, p, 't', 'single'));
    expect(tidemarkAnswerIsLong({ kind: 'lastpoint' }, 'single')).toBe(true);
    expect(tidemarkAnswerIsLong({ kind: 'double-groupby', metrics: 5 }, 'single')).toBe(false);
  });

  it("compares Tidemark's wide high-cpu rows directly with DuckDB's, in any order", () => {
    const shape: TsbsQueryShape = { kind: 'high-cpu', hosts: null };
    const columns = (hosts: string[], times: number[], bump: number): TidemarkResult['columns'] => [
      { name: 'hostname', type: 'varchar', kind: 'text', data: hosts },
      { name: 'time', type: 'timestamp', kind: 'bigint', data: nsOf(times), timeMs: Float64Array.from(times) },
      ...TSBS_FIELDS.map((f, i) => ({
        name: f,
        type: 'double',
        kind: 'number' as const,
        data: Float64Array.from(hosts, (_, r) => 90 + i + r * bump),
      })),
    ];
    const wide: Record<string, ReturnType<typeof makeVector>> = {
      hostname: utf8Vector(['host_0', 'host_1']),
      time: micros([START, START + 10_000]),
    };
    // DuckDB's row 0 (host_0) is Tidemark's row 1: values 90 + i + 1 * bump there.
    for (const [i, field] of TSBS_FIELDS.entries()) wide[field] = doubles([91 + i, 90 + i]);
    const d = new Table(wide);
    const t = tidemark(columns(['host_1', 'host_0'], [START + 10_000, START], 1), 2);
    expect(difference(canonTidemark(shape, t, 'multi'), canonDuckdb(shape, d))).toBeUndefined();
    const off = tidemark(columns(['host_1', 'host_0'], [START + 10_000, START], 2), 2);
    expect(difference(canonTidemark(shape, off, 'multi'), canonDuckdb(shape, d))).toMatch(/row 0 differs/);
  });

  it('answers every TSBS query over MULTI records exactly as over single-measure records, on the same data in Tidemark', async () => {
    // Small chunks, so the answers come from headers, the kernel's bucket pass and decoded points alike.
    const data = generateTsbsCpu({ hosts: 6, hours: 6, startMs: START, seed: 11 });
    const db = await openDatabase({
      name: 'tsbs-layouts',
      storage: 'memory',
      clock: () => data.endMs + 60_000,
      chunkPoints: 256,
      retentionIntervalMs: 0,
    });
    try {
      await db.createDatabase('bench');
      for (const layout of ['single', 'multi'] as const) {
        await db.createTable('bench', layout, { memoryStoreRetentionHours: 24 });
        for (const { request, records } of tidemarkWrites(data, layout)) {
          const response = await db.writeColumnsBatch({ database: 'bench', table: layout, ...request });
          expect(response.RejectedRecords).toEqual([]);
          expect(response.RecordsIngested.Total).toBe(records);
        }
      }
      const draw = tsbsQueryDrawer({ hosts: data.hosts, startMs: data.startMs, endMs: data.endMs, seed: 2 });
      const answered: Record<string, number> = {};
      for (const { name, shape } of TSBS_CPU_ONLY_QUERIES) {
        for (let run = 0; run < 3; run++) {
          const p = draw(shape);
          const single = toColumnarResult(await db.query(timestreamSql(shape, p, '"bench"."single"', 'single')));
          const multi = toColumnarResult(await db.query(timestreamSql(shape, p, '"bench"."multi"', 'multi')));
          const a = canonTidemark(shape, single as TidemarkResult, 'single');
          const b = canonTidemark(shape, multi as TidemarkResult, 'multi');
          expect(difference(a, b), `${name}: ${timestreamSql(shape, p, '"bench"."multi"', 'multi')}`).toBeUndefined();
          answered[name] = (answered[name] ?? 0) + b.rows.length;
        }
      }
      // Every query found rows (this seed drives some host's usage_user above 90 in the high-cpu windows).
      for (const { name } of TSBS_CPU_ONLY_QUERIES) expect(answered[name], name).toBeGreaterThan(0);
      expect(answered.lastpoint).toBe(3 * 6);
    } finally {
      await db.close();
    }
  });
});

describe('tsbsValuesScanned', () => {
  it('counts one value per single-measure row and one per field read in a MULTI row', () => {
    const all = TSBS_CPU_ONLY_QUERIES.find((q) => q.name === 'double-groupby-all')?.shape;
    const one = TSBS_CPU_ONLY_QUERIES.find((q) => q.name === 'double-groupby-1')?.shape;
    if (!all || !one) throw new Error('TSBS query set changed');
    expect(tsbsValuesScanned(all, 'single', 4320)).toBe(4320);
    expect(tsbsValuesScanned(all, 'multi', 4320)).toBe(43_200);
    expect(tsbsValuesScanned(one, 'multi', 4320)).toBe(4320);
  });
});
