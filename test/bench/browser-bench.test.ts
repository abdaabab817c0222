import { Float64, makeData, makeVector, Table, TimestampMicrosecond } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { utf8Vector } from '../../bench/browser/arrow-utf8.ts';
import { canonDuckdb, canonTidemark, difference } from '../../bench/browser/compare.ts';
import type { TidemarkResult } from '../../bench/browser/tidemark-side.ts';
import { generateTsbsCpu, TSBS_INTERVAL_MS, TSBS_TAGS } from '../../bench/browser/tsbs-data.ts';
import { TSBS_FIELDS } from '../../bench/codecs/tsbs.ts';
import { duckdbSql, TSBS_CPU_ONLY_QUERIES, type TsbsQueryShape, timestreamSql, tsbsQueryDrawer } from '../../bench/query/tsbs-queries.ts';

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
