import { describe, expect, it } from 'vitest';
import { DemoStream, openDatabase } from '../../src/engine/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';
import { liveHandlers } from '../../src/worker/handlers/live-handlers.ts';
import { sampleHandlers } from '../../src/worker/handlers/sample-handlers.ts';
import { LiveQueries } from '../../src/worker/live/live-queries.ts';
import type { LiveUpdate, ProgressEvent } from '../../src/worker/protocol.ts';
import { connectDispatcher, type DispatcherConnection } from '../helpers/connect-dispatcher.ts';

const kernel = await loadKernelFromFile();

describe('sample and demo methods over the protocol', () => {
  it('lists and installs samples with progress, and the demo stream feeds a subscription', async () => {
    const clock = { now: Date.now() };
    const db = await openDatabase({ name: 'w', storage: 'memory', kernel, clock: () => clock.now, retentionIntervalMs: 0 });
    const database = Promise.resolve(db);
    let connection: DispatcherConnection | null = null;
    const live = new LiveQueries(database, (id, event) => connection?.dispatcher.postEvent(id, event), { clock: () => clock.now });
    const demo = new DemoStream(database, { clock: () => clock.now, tickMs: 3_600_000 });
    const connected = connectDispatcher(kernel, {
      ...databaseHandlers(database, 'w'),
      ...liveHandlers(live),
      ...sampleHandlers(database, demo),
    });
    connection = connected;
    const { client } = connected;
    try {
      expect((await client.call('sample.list', {})).map((s) => [s.name, s.installed])).toEqual([
        ['devops', false],
        ['iot', false],
      ]);
      const progress: ProgressEvent[] = [];
      const installed = await client.call('sample.install', { name: 'iot' }, { onProgress: (p) => progress.push(p) });
      expect(installed.tables).toEqual(['IoT', 'IoTMulti']);
      expect(installed.points).toBeGreaterThan(100_000);
      expect(progress.at(-1)).toMatchObject({ done: 40, total: 40 });
      expect((await client.call('sample.list', {})).find((s) => s.name === 'iot')?.installed).toBe(true);
      expect((await client.call('sample.install', { name: 'iot' })).alreadyInstalled).toBe(true);
      const bad = await client.call('sample.install', { name: 'x' as 'iot' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT' });

      expect((await client.call('demo.status', {})).running).toBe(false);
      const started = await client.call('demo.start', {});
      expect(started).toMatchObject({ running: true, database: 'demo', tables: ['sensors', 'hosts'] });
      const updates: LiveUpdate[] = [];
      client.subscribe(
        {
          sql: `SELECT time, measure_value::double AS cpu, hostname FROM demo.hosts WHERE measure_name = 'cpu_utilization' AND $__timeFilter ORDER BY time`,
          range: { lastMs: 5 * 60_000 },
          pixels: 300,
        },
        (u) => updates.push(u),
      );
      for (let i = 0; i < 200 && updates.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(updates[0]?.replaceFromMs).toBeNull();
      clock.now += 2000;
      await demo.tick();
      const fresh = () => updates.slice(1).find((u) => u.result.rowCount > 0);
      for (let i = 0; i < 200 && !fresh(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(fresh()?.replaceFromMs).not.toBeNull();
      expect(fresh()?.result.rowCount).toBeGreaterThanOrEqual(6);
      expect((await client.call('demo.stop', {})).running).toBe(false);
    } finally {
      demo.stop();
      live.dispose();
      connected.close();
      await db.close();
    }
  });
});
