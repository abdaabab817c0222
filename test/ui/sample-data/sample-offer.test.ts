import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TidemarkClient, type WorkerLike } from '../../../src/client/tidemark-client.ts';
import { DemoStream, openDatabase } from '../../../src/engine/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import {
  AUTO_INSTALLED_KEY,
  DISMISSED_KEY,
  decideOffer,
  type FlagStore,
  installSamples,
  SampleDataOfferView,
} from '../../../src/ui/sample-data/index.ts';
import { Dispatcher } from '../../../src/worker/dispatcher.ts';
import { databaseHandlers } from '../../../src/worker/handlers/database-handlers.ts';
import { sampleHandlers } from '../../../src/worker/handlers/sample-handlers.ts';

function flags(initial: Record<string, string> = {}): FlagStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

describe('sample data offer', () => {
  it('auto-installs on the very first start, offers otherwise, and stays hidden once dismissed or installed', () => {
    expect(decideOffer([], flags(), true)).toBe('auto-install');
    expect(decideOffer([], flags(), false)).toBe('offer');
    expect(decideOffer([], flags({ [AUTO_INSTALLED_KEY]: '1' }), true)).toBe('offer');
    expect(decideOffer(['mine'], flags(), true)).toBe('offer');
    expect(decideOffer(['mine', 'sampleDB'], flags(), true)).toBe('hidden');
    expect(decideOffer(['mine'], flags({ [DISMISSED_KEY]: '1' }), true)).toBe('hidden');
    expect(decideOffer([], null, true)).toBe('auto-install');
  });

  it('installs both samples through the worker with progress from 0 to 1', async () => {
    const kernel = await loadKernelFromFile();
    const db = await openDatabase({ name: 'ui', storage: 'memory', kernel, retentionIntervalMs: 0 });
    const database = Promise.resolve(db);
    const channel = new MessageChannel();
    const dispatcher = new Dispatcher(channel.port2, {
      ...databaseHandlers(database, 'ui'),
      ...sampleHandlers(database, new DemoStream(database)),
    });
    const client = new TidemarkClient(channel.port1 as unknown as WorkerLike);
    channel.port1.start();
    channel.port2.start();
    channel.port2.postMessage({ type: 'ready', info: { kernel: kernel.info(), startupMs: 0 } });
    try {
      const seen: number[] = [];
      const results = await installSamples(client, (fraction) => seen.push(fraction));
      expect(results.map((r) => r.name)).toEqual(['devops', 'iot']);
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number);
      expect(await client.call('db.listTables', { database: 'sampleDB' })).toEqual(['DevOps', 'DevOpsMulti', 'IoT', 'IoTMulti']);
      expect(decideOffer(await client.call('db.listDatabases', {}), flags(), true)).toBe('hidden');
    } finally {
      dispatcher.dispose();
      channel.port1.close();
      channel.port2.close();
      await db.close();
    }
  });

  it('renders each state', () => {
    const render = (state: Parameters<typeof SampleDataOfferView>[0]['state']) =>
      renderToStaticMarkup(
        createElement(SampleDataOfferView, { state, onInstall: () => undefined, onDismiss: () => undefined, onCancel: () => undefined }),
      );
    expect(render({ kind: 'hidden' })).toBe('');
    expect(render({ kind: 'offer' })).toContain('Load sample data (DevOps, IoT)');
    expect(render({ kind: 'offer' })).toContain('Not now');
    const installing = render({ kind: 'installing', fraction: 0.5, message: 'Loading IoT…' });
    expect(installing).toContain('<progress max="1" value="0.5"');
    expect(installing).toContain('Loading IoT…');
    expect(render({ kind: 'error', message: 'Could not load the sample data: full' })).toContain('role="alert"');
    const done = render({
      kind: 'done',
      results: [{ name: 'devops', database: 'sampleDB', tables: ['DevOps'], points: 1234, alreadyInstalled: false, elapsedMs: 1 }],
    });
    expect(done).toContain('1,234 values');
  });
});
