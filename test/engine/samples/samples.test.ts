import { describe, expect, it } from 'vitest';
import {
  DEMO_BACKFILL_MS,
  DemoStream,
  installSample,
  isSampleInstalled,
  listSamples,
  openDatabase,
  type QueryResult,
} from '../../../src/engine/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { rejection } from '../../helpers/rejection.ts';

const kernel = await loadKernelFromFile();
const NOW = Date.UTC(2026, 0, 10, 12, 34, 56);

async function open(clock = () => NOW) {
  return openDatabase({ name: 'samples', storage: 'memory', kernel, clock, retentionIntervalMs: 0 });
}

function column(result: QueryResult, name: string): unknown[] {
  const i = result.columns.findIndex((c) => c.name === name);
  return Array.from({ length: result.rowCount }, (_, r) => result.vectors[i]?.get(r));
}

const DEFAULT_QUERY = `SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS cpu FROM "sampleDB"."DevOps" WHERE measure_name = 'cpu_utilization' AND $__timeFilter GROUP BY 1, 2 ORDER BY 1`;

describe('sample data', () => {
  it('installs DevOps: 12 hosts, cpu and memory over the last 3 days, single and multi', async () => {
    const db = await open();
    const result = await installSample(db, 'devops', { nowMs: NOW });
    expect(result.alreadyInstalled).toBe(false);
    expect(await db.listTables('sampleDB')).toEqual(['DevOps', 'DevOpsMulti']);
    const d = await db.describeTable('sampleDB', 'DevOps');
    expect(d.dimensions).toEqual(['az', 'hostname', 'region']);
    expect(d.measures).toEqual([
      { name: 'cpu_utilization', type: 'DOUBLE' },
      { name: 'memory_utilization', type: 'DOUBLE' },
    ]);
    const multi = await db.describeTable('sampleDB', 'DevOpsMulti');
    expect(multi.multiMeasureAttributes.map((a) => a.name)).toEqual(['cpu_utilization', 'memory_utilization']);
    const hosts = await db.query(`SELECT DISTINCT hostname, region, az FROM "sampleDB"."DevOps" ORDER BY hostname`);
    expect(hosts.rowCount).toBe(12);
    for (const h of column(hosts, 'hostname')) expect(h).toMatch(/^host-[A-Za-z]{5}$/);
    expect(new Set(column(hosts, 'region'))).toEqual(new Set(['us-east-1', 'us-west-2', 'eu-west-1']));
    const span = await db.query(
      `SELECT min(time) AS a, max(time) AS b, count(*) AS n, min(measure_value::double) AS lo, max(measure_value::double) AS hi FROM "sampleDB"."DevOps" WHERE measure_name = 'cpu_utilization'`,
    );
    const minutes = 3 * 24 * 60;
    expect(Number(column(span, 'n')[0])).toBe(12 * minutes); // NOW is not on a minute: [now - 3 d, now] holds 4320 minutes
    expect(Number((column(span, 'b')[0] as bigint) / 1_000_000n)).toBe(Math.floor(NOW / 60_000) * 60_000);
    expect(column(span, 'lo')[0] as number).toBeGreaterThanOrEqual(0);
    expect(column(span, 'hi')[0] as number).toBeLessThanOrEqual(100);
    // A daily cycle: hourly averages of one host differ by much more than the noise.
    const hourly = await db.query(
      `SELECT hour(time) AS h, avg(measure_value::double) AS v FROM "sampleDB"."DevOps" WHERE measure_name = 'cpu_utilization' AND hostname = '${column(hosts, 'hostname')[0]}' GROUP BY 1`,
    );
    const averages = column(hourly, 'v') as number[];
    expect(Math.max(...averages) - Math.min(...averages)).toBeGreaterThan(10);
    // Explore's default query draws one series per host.
    const explore = await db.query(DEFAULT_QUERY, { range: { fromMs: NOW - 86_400_000, toMs: NOW }, pixels: 800 });
    expect(new Set(column(explore, 'hostname')).size).toBe(12);
    await db.close();
  });

  it('installs IoT trucks with the console sample schema', async () => {
    const db = await open();
    await installSample(db, 'iot', { nowMs: NOW });
    const d = await db.describeTable('sampleDB', 'IoT');
    expect(d.dimensions).toEqual(['fleet', 'fuel_capacity', 'load_capacity', 'make', 'model', 'truck_id']);
    expect(d.measures).toEqual([
      { name: 'fuel-reading', type: 'DOUBLE' },
      { name: 'load', type: 'DOUBLE' },
      { name: 'location', type: 'VARCHAR' },
      { name: 'speed', type: 'DOUBLE' },
    ]);
    const trucks = await db.query(`SELECT DISTINCT truck_id, make, model FROM "sampleDB"."IoT"`);
    expect(trucks.rowCount).toBe(8);
    for (const id of column(trucks, 'truck_id')) expect(id).toMatch(/^\d{10}$/);
    expect(new Set(column(trucks, 'make'))).toEqual(new Set(['Peterbilt', 'Kenworth']));
    const where = await db.query(`SELECT measure_value::varchar AS l FROM "sampleDB"."IoT" WHERE measure_name = 'location' LIMIT 1`);
    expect(column(where, 'l')[0]).toMatch(/^\d+\.\d{4}° [NS], \d+\.\d{4}° [EW]$/);
    const speeds = await db.query(`SELECT max(speed) AS hi, min(speed) AS lo, count(*) AS n FROM "sampleDB"."IoTMulti"`);
    expect(column(speeds, 'lo')[0]).toBe(0); // parked between shifts
    expect(column(speeds, 'hi')[0] as number).toBeGreaterThan(50);
    await db.close();
  });

  it('is deterministic and idempotent', async () => {
    const a = await open();
    const b = await open();
    await installSample(a, 'devops', { nowMs: NOW });
    await installSample(b, 'devops', { nowMs: NOW });
    const sql = `SELECT hostname, time, measure_value::double AS v FROM "sampleDB"."DevOps" WHERE measure_name = 'memory_utilization' ORDER BY hostname, time`;
    const ra = await a.query(sql);
    const rb = await b.query(sql);
    expect(column(ra, 'v')).toEqual(column(rb, 'v'));
    const again = await installSample(a, 'devops', { nowMs: NOW + 3_600_000 });
    expect(again.alreadyInstalled).toBe(true);
    expect((await a.query(sql)).rowCount).toBe(ra.rowCount);
    expect((await listSamples(a)).map((s) => [s.name, s.installed])).toEqual([
      ['devops', true],
      ['iot', false],
    ]);
    // A half-finished install (a table exists but is empty) is completed, not doubled.
    await b.deleteTable('sampleDB', 'DevOpsMulti');
    expect(await isSampleInstalled(b, 'devops')).toBe(false);
    await installSample(b, 'devops', { nowMs: NOW });
    expect((await b.query(sql)).rowCount).toBe(ra.rowCount);
    const error = await rejection(installSample(a, 'nope' as 'iot'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    await a.close();
    await b.close();
  });
});

describe('demo stream', () => {
  it('fills the last minutes on start, writes every tick, and stops', async () => {
    const clock = { now: NOW };
    const db = await open(() => clock.now);
    const demo = new DemoStream(Promise.resolve(db), { clock: () => clock.now, tickMs: 60_000 });
    const started = await demo.start();
    expect(started.running).toBe(true);
    expect(await db.listTables('demo')).toEqual(['hosts', 'sensors']);
    const count = async () =>
      Number(
        column(
          await db.query(`SELECT count(*) AS n FROM demo.sensors WHERE device_id = 'sensor_01' AND measure_name = 'temperature'`),
          'n',
        )[0],
      );
    expect(await count()).toBe(DEMO_BACKFILL_MS / 1000 + 1);
    clock.now += 3000;
    await demo.tick();
    expect(await count()).toBe(DEMO_BACKFILL_MS / 1000 + 4);
    const status = demo.status();
    expect(status.ticks).toBe(1);
    expect(status.lastError).toBeNull();
    expect(status.points).toBe(42 * (DEMO_BACKFILL_MS / 1000 + 1) + 42 * 3);
    const hosts = await db.query(`SELECT DISTINCT hostname FROM demo.hosts`);
    expect(hosts.rowCount).toBe(6);
    expect(demo.stop().running).toBe(false);
    // Starting again over the same seconds stores them once.
    await demo.start();
    expect(await count()).toBe(DEMO_BACKFILL_MS / 1000 + 4);
    demo.stop();
    await db.close();
  });

  it('joins a start already under way', async () => {
    const db = await open(() => Date.now());
    const demo = new DemoStream(Promise.resolve(db), { tickMs: 60_000 });
    const [a, b] = await Promise.all([demo.start(), demo.start()]);
    expect(a.running && b.running).toBe(true);
    demo.stop();
    // A stop while starting wins.
    const starting = demo.start();
    demo.stop();
    expect((await starting).running).toBe(false);
    expect(demo.status()).toMatchObject({ running: false, startedAtMs: null });
    await db.close();
  });

  it('ticks on its own timer', async () => {
    const db = await open(() => Date.now());
    const demo = new DemoStream(Promise.resolve(db), { tickMs: 20 });
    await demo.start();
    for (let i = 0; i < 200 && demo.status().ticks === 0; i++) await new Promise((r) => setTimeout(r, 20));
    demo.stop();
    // A tick writes only once the wall clock reached a new second.
    expect(demo.status().ticks + demo.status().points).toBeGreaterThan(0);
    await db.close();
  });
});

describe('sample installs at the same time', () => {
  it('run one after the other, so the second finds the first done', async () => {
    const db = await open();
    const [a, b] = await Promise.all([installSample(db, 'iot', { nowMs: NOW }), installSample(db, 'iot', { nowMs: NOW })]);
    expect([a.alreadyInstalled, b.alreadyInstalled]).toEqual([false, true]);
    const both = await Promise.all([installSample(db, 'devops', { nowMs: NOW }), installSample(db, 'iot', { nowMs: NOW })]);
    expect(both.map((r) => r.alreadyInstalled)).toEqual([false, true]);
    await db.close();
  });
});
