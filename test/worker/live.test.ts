import { afterEach, describe, expect, it } from 'vitest';
import type { TidemarkClient } from '../../src/client/tidemark-client.ts';
import { type ColumnarResult, type Database, openDatabase } from '../../src/engine/index.ts';
import type { TidemarkError } from '../../src/errors/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';
import { liveHandlers } from '../../src/worker/handlers/live-handlers.ts';
import { LiveQueries } from '../../src/worker/live/live-queries.ts';
import type { LiveUpdate } from '../../src/worker/protocol.ts';
import { connectDispatcher, type DispatcherConnection } from '../helpers/connect-dispatcher.ts';

const kernel = await loadKernelFromFile();
const START = Date.UTC(2026, 0, 10, 12);
const MINUTE = 60_000;

interface Session {
  client: TidemarkClient;
  live: LiveQueries;
  db: Database;
  clock: { now: number };
  close(): Promise<void>;
}

/** A real Dispatcher with the database and live handlers and a real client, over a MessageChannel. */
async function connect(): Promise<Session> {
  const clock = { now: START + 60 * MINUTE };
  const db = await openDatabase({ name: 'live', storage: 'memory', kernel, clock: () => clock.now, retentionIntervalMs: 0 });
  await db.createDatabase('demo');
  await db.createTable('demo', 'cpu');
  await db.createTable('demo', 'other');
  // One point before every window, so the table has its columns from the start.
  await db.writeColumns({
    database: 'demo',
    table: 'cpu',
    dimensions: { host: 'seed' },
    measureName: 'usage',
    times: Float64Array.of(START - 60 * MINUTE),
    values: Float64Array.of(0),
  });
  // Live queries post through the dispatcher, which serves them: made first, it reaches the dispatcher late.
  let connection: DispatcherConnection | null = null;
  const live = new LiveQueries(Promise.resolve(db), (id, event) => connection?.dispatcher.postEvent(id, event), {
    clock: () => clock.now,
    slideMs: 20,
  });
  const connected = connectDispatcher(kernel, { ...databaseHandlers(Promise.resolve(db), 'live'), ...liveHandlers(live) });
  connection = connected;
  return {
    client: connected.client,
    live,
    db,
    clock,
    close: async () => {
      live.dispose();
      connected.close();
      await db.close();
    },
  };
}

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Writes one point per second for host `host` over [fromMs, toMs). */
async function write(s: Session, fromMs: number, toMs: number, host = 'a', table = 'cpu', value = (t: number) => (t / 1000) % 100) {
  const times: number[] = [];
  for (let t = fromMs; t < toMs; t += 1000) times.push(t);
  await s.client.call('db.writeColumns', {
    database: 'demo',
    table,
    dimensions: { host },
    measureName: 'usage',
    times: Float64Array.from(times),
    values: Float64Array.from(times, value),
  });
}

async function until<T>(what: () => T | undefined, label: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = what();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${label}`);
}

/** Time (ms) and value rows of a result, for comparing. */
function rows(result: ColumnarResult): string[] {
  const time = result.columns.find((c) => c.kind === 'bigint' && c.timeMs);
  const out: string[] = [];
  for (let r = 0; r < result.rowCount; r++) {
    const cells = result.columns.map((c) => {
      if (c === time && c.kind === 'bigint') return String(c.timeMs?.[r]);
      if (c.kind === 'text') return String(c.data[r]);
      if (c.valid && c.valid[r] === 0) return 'null';
      return String(c.data[r]);
    });
    out.push(cells.join('|'));
  }
  return out;
}

function timesOf(result: ColumnarResult): number[] {
  const time = result.columns.find((c) => c.kind === 'bigint' && c.timeMs);
  return time?.kind === 'bigint' && time.timeMs ? [...time.timeMs] : [];
}

/** What a chart does with updates: keeps its rows before replaceFromMs and appends the new ones. */
function applyUpdates(updates: readonly LiveUpdate[]): string[] {
  let held: { t: number; row: string }[] = [];
  for (const u of updates) {
    const incoming = rows(u.result).map((row, i) => ({ t: timesOf(u.result)[i] as number, row }));
    if (u.replaceFromMs === null) held = incoming;
    else held = [...held.filter((h) => h.t < (u.replaceFromMs as number) && h.t >= u.fromMs), ...incoming];
  }
  return held.map((h) => h.row);
}

const BUCKETED = `SELECT bin(time, $__interval) AS t, host, avg(measure_value::double) AS v, count(*) AS n FROM demo.cpu WHERE measure_name = 'usage' AND $__timeFilter GROUP BY 1, 2 ORDER BY 1, 2`;

describe('live queries', () => {
  it('pushes the first result, then only the touched buckets after a write', async () => {
    session = await connect();
    const s = session;
    await write(s, START, START + 30 * MINUTE);
    const updates: LiveUpdate[] = [];
    const range = { fromMs: START, toMs: START + 60 * MINUTE };
    s.client.subscribe({ sql: BUCKETED, range, intervalMs: 5 * MINUTE }, (u) => updates.push(u));
    const first = await until(() => updates[0], 'the first result');
    expect(first.replaceFromMs).toBeNull();
    expect(first.result.rowCount).toBe(6);
    await write(s, START + 32 * MINUTE + 7000, START + 41 * MINUTE, 'a');
    const second = await until(() => updates[1], 'an update');
    expect(second.replaceFromMs).toBe(START + 30 * MINUTE);
    expect(Math.min(...timesOf(second.result))).toBeGreaterThanOrEqual(START + 30 * MINUTE);
    expect(second.result.rowCount).toBe(3); // buckets 30, 35, 40
    const full = await s.client.call('db.query', { sql: BUCKETED, range, intervalMs: 5 * MINUTE });
    expect(applyUpdates(updates)).toEqual(rows(full));
  });

  it('re-reads the window after a delete', async () => {
    session = await connect();
    const s = session;
    await write(s, START, START + 30 * MINUTE);
    const updates: LiveUpdate[] = [];
    const range = { fromMs: START, toMs: START + 60 * MINUTE };
    s.client.subscribe({ sql: BUCKETED, range, intervalMs: 5 * MINUTE }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    await s.client.call('db.deleteRecords', {
      database: 'demo',
      table: 'cpu',
      timeRange: { from: START + 20 * MINUTE, to: START + 40 * MINUTE },
    });
    const update = await until(() => updates[1], 'an update');
    expect(update.replaceFromMs).toBe(START + 20 * MINUTE);
    const full = await s.client.call('db.query', { sql: BUCKETED, range, intervalMs: 5 * MINUTE });
    expect(full.rowCount).toBe(4);
    expect(applyUpdates(updates)).toEqual(rows(full));
  });

  it('re-reads raw queries from the earliest new point, and ignores other tables', async () => {
    session = await connect();
    const s = session;
    await write(s, START, START + 10_000);
    const updates: LiveUpdate[] = [];
    const sql = `SELECT time, measure_value::double AS v FROM demo.cpu WHERE measure_name = 'usage' AND host = 'a' AND $__timeFilter ORDER BY time`;
    s.client.subscribe({ sql, range: { fromMs: START, toMs: START + 60 * MINUTE } }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    await write(s, START, START + 50_000, 'a', 'other');
    await write(s, START + 20_500, START + 23_000);
    const update = await until(() => updates[1], 'an update');
    expect(update.replaceFromMs).toBe(START + 20_500);
    expect(timesOf(update.result)).toEqual([START + 20_500, START + 21_500, START + 22_500]);
    await new Promise((r) => setTimeout(r, 30));
    expect(updates).toHaveLength(2); // the write to demo.other caused none
  });

  it('re-runs a query bounded without $__timeFilter whole (a macro in a comment does not count)', async () => {
    session = await connect();
    const s = session;
    const updates: LiveUpdate[] = [];
    const sql = `SELECT time, measure_value::double AS v FROM demo.cpu -- $__timeFilter\nWHERE measure_name = 'usage' AND time >= from_milliseconds(${START}) ORDER BY time`;
    s.client.subscribe({ sql, range: { fromMs: START, toMs: START + 60 * MINUTE } }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    await write(s, START + 5000, START + 7000);
    const update = await until(() => updates[1], 'an update');
    expect(update.replaceFromMs).toBeNull();
    expect(update.result.rowCount).toBe(2);
  });

  it('coalesces a burst of writes: one run at a time, the last one sees everything', async () => {
    session = await connect();
    const s = session;
    const updates: LiveUpdate[] = [];
    const range = { fromMs: START, toMs: START + 60 * MINUTE };
    s.client.subscribe({ sql: BUCKETED, range, intervalMs: MINUTE }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    const writes: Promise<unknown>[] = [];
    // Straight into the worker's database, as a burst of commits queued behind each other.
    for (let i = 0; i < 20; i++) {
      const times = Float64Array.from({ length: 30 }, (_, k) => START + i * MINUTE + k * 1000);
      writes.push(
        s.db.writeColumns({
          database: 'demo',
          table: 'cpu',
          dimensions: { host: i % 2 ? 'a' : 'b' },
          measureName: 'usage',
          times,
          values: times.map((t) => t % 7),
        }),
      );
    }
    await Promise.all(writes);
    const full = await s.client.call('db.query', { sql: BUCKETED, range, intervalMs: MINUTE });
    await until(() => (applyUpdates(updates).length === full.rowCount ? true : undefined), 'the burst to settle');
    await new Promise((r) => setTimeout(r, 50));
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(applyUpdates(updates)).toEqual(rows(full));
  });

  it('keeps a pixel-resolution subscription on its window grid', async () => {
    session = await connect();
    const s = session;
    await write(s, START, START + 40 * MINUTE, 'a', 'cpu', (t) => Math.sin(t / 60_000) * 10);
    const sql = `SELECT time, measure_value::double AS v, host FROM demo.cpu WHERE measure_name = 'usage' AND $__timeFilter ORDER BY time`;
    const range = { fromMs: START, toMs: START + 60 * MINUTE };
    const updates: LiveUpdate[] = [];
    s.client.subscribe({ sql, range, pixels: 120 }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    expect(updates[0]?.result.rowCount).toBeLessThanOrEqual(4 * 80);
    await write(s, START + 40 * MINUTE, START + 45 * MINUTE, 'a', 'cpu', (t) => Math.cos(t / 60_000) * 10);
    const update = await until(() => updates[1], 'an update');
    // The tail starts at the pixel column holding the first new point (30 s columns).
    expect(update.replaceFromMs).toBeGreaterThan(START + 39 * MINUTE);
    expect(update.replaceFromMs).toBeLessThanOrEqual(START + 40 * MINUTE);
    const full = await s.client.call('db.query', { sql, range, pixels: 120 });
    expect(applyUpdates(updates)).toEqual(rows(full));
  });

  it('slides a { lastMs } window with the clock', async () => {
    session = await connect();
    const s = session;
    const updates: LiveUpdate[] = [];
    s.client.subscribe({ sql: BUCKETED, range: { lastMs: 10 * MINUTE }, intervalMs: MINUTE }, (u) => updates.push(u));
    const first = await until(() => updates[0], 'the first result');
    expect(first.toMs - first.fromMs).toBe(10 * MINUTE);
    s.clock.now += 2 * MINUTE;
    await write(s, s.clock.now - 30_000, s.clock.now);
    // (A slide with no rows may come first: the clock moved before the write.)
    const second = await until(() => updates.slice(1).find((u) => u.result.rowCount > 0), 'an update');
    expect(second.fromMs).toBe(first.fromMs + 2 * MINUTE);
    expect(second.toMs).toBe(s.clock.now);
    expect(second.result.rowCount).toBe(1);
  });

  it('moves a sliding window without writes: an update with no rows and the new window', async () => {
    session = await connect();
    const s = session;
    const updates: LiveUpdate[] = [];
    s.client.subscribe({ sql: BUCKETED, range: { lastMs: 10 * MINUTE }, intervalMs: MINUTE }, (u) => updates.push(u));
    const first = await until(() => updates[0], 'the first result');
    await new Promise((r) => setTimeout(r, 60));
    expect(updates).toHaveLength(1); // the clock has not moved by an interval
    s.clock.now += 90_000;
    const slide = await until(() => updates[1], 'a slide');
    expect(slide.result.rowCount).toBe(0);
    expect(slide.result.columns.map((c) => c.name)).toEqual(['t', 'host', 'v', 'n']);
    expect(slide.fromMs).toBe(first.fromMs + 90_000);
    expect(slide.replaceFromMs).toBe(slide.toMs);
  });

  it('stops on unsubscribe and reports errors typed', async () => {
    session = await connect();
    const s = session;
    const updates: LiveUpdate[] = [];
    const stop = s.client.subscribe({ sql: BUCKETED, range: { fromMs: START, toMs: START + MINUTE * 60 } }, (u) => updates.push(u));
    await until(() => updates[0], 'the first result');
    expect(s.live.size).toBe(1);
    stop();
    await until(() => (s.live.size === 0 ? true : undefined), 'the worker to drop it');
    await write(s, START, START + 5000);
    await new Promise((r) => setTimeout(r, 30));
    expect(updates).toHaveLength(1);

    const errors: TidemarkError[] = [];
    s.client.subscribe(
      { sql: 'SELECT nope FROM demo.cpu WHERE $__timeFilter', range: { fromMs: 0, toMs: 1 } },
      () => undefined,
      (e) => errors.push(e),
    );
    s.client.subscribe(
      { sql: BUCKETED, range: { lastMs: -1 } },
      () => undefined,
      (e) => errors.push(e),
    );
    s.client.subscribe(
      { sql: 'SHOW DATABASES', range: { lastMs: 1000 } },
      () => undefined,
      (e) => errors.push(e),
    );
    await until(() => (errors.length === 3 ? true : undefined), 'three errors');
    const codes = errors.map((e) => e.code).sort();
    expect(codes).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'SQL_SEMANTIC']);
    expect(errors.find((e) => e.code === 'SQL_SEMANTIC')?.position).toEqual({ line: 1, column: 8 });
    expect(s.client.subscriptionCount).toBe(0);
  });

  it('drops its subscriptions when the client closes', async () => {
    session = await connect();
    const s = session;
    const errors: TidemarkError[] = [];
    s.client.subscribe(
      { sql: BUCKETED, range: { lastMs: MINUTE } },
      () => undefined,
      (e) => errors.push(e),
    );
    expect(s.client.subscriptionCount).toBe(1);
    s.client.close();
    expect(s.client.subscriptionCount).toBe(0);
    expect(errors).toEqual([]);
  });
});
