import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_DB_NAME, APP_DB_VERSION, AppStore, HISTORY_LIMIT } from '../../../src/ui/persistence/app-store.ts';

let n = 0;
const opened: AppStore[] = [];
async function fresh(): Promise<AppStore> {
  const store = await AppStore.open(`app-store-test-${n++}`);
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('AppStore', () => {
  it('creates all four stores in version 1 of tidemark-app', async () => {
    expect(APP_DB_NAME).toBe('tidemark-app');
    expect(APP_DB_VERSION).toBe(1);
    const store = await fresh();
    expect([...store.db.objectStoreNames].sort()).toEqual(['dashboards', 'history', 'import-shapes', 'saved-queries']);
  });

  it('lists history newest first and moves a re-run query to the top without duplicating it', async () => {
    const store = await fresh();
    await store.addHistory({ sql: 'SELECT 1', at: 1 });
    await store.addHistory({ sql: 'SELECT 2', at: 2, rowCount: 1 });
    await store.addHistory({ sql: '  SELECT 1  ', at: 3, durationMs: 4 });
    const history = await store.listHistory();
    expect(history.map((h) => [h.sql, h.at])).toEqual([
      ['SELECT 1', 3],
      ['SELECT 2', 2],
    ]);
    expect(history[0]?.durationMs).toBe(4);
    expect(await store.listHistory(1)).toHaveLength(1);
    await store.clearHistory();
    expect(await store.listHistory()).toEqual([]);
  });

  it('keeps at most HISTORY_LIMIT entries, dropping the oldest', async () => {
    const store = await fresh();
    for (let i = 0; i < HISTORY_LIMIT + 3; i++) await store.addHistory({ sql: `SELECT ${i}`, at: i });
    const all = await store.listHistory(HISTORY_LIMIT + 10);
    expect(all).toHaveLength(HISTORY_LIMIT);
    expect(all.at(-1)?.sql).toBe('SELECT 3');
  });

  it('rejects empty history SQL with a typed error', async () => {
    const store = await fresh();
    await expect(store.addHistory({ sql: '   ', at: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('saves, renames, lists by name and deletes saved queries', async () => {
    const store = await fresh();
    const b = await store.saveQuery({ name: 'b cpu', sql: 'SELECT 1' }, 10);
    const a = await store.saveQuery({ name: 'a mem', sql: 'SELECT 2' }, 11);
    expect((await store.listSavedQueries()).map((q) => q.name)).toEqual(['a mem', 'b cpu']);
    const renamed = await store.saveQuery({ id: b.id, name: 'c cpu', sql: 'SELECT 3' }, 20);
    expect(renamed).toEqual({ id: b.id, name: 'c cpu', sql: 'SELECT 3', createdAt: 10, updatedAt: 20 });
    await store.deleteSavedQuery(a.id);
    expect((await store.listSavedQueries()).map((q) => q.name)).toEqual(['c cpu']);
  });

  it('rejects a saved query without a name or SQL', async () => {
    const store = await fresh();
    await expect(store.saveQuery({ name: ' ', sql: 'SELECT 1' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'A saved query needs a name.',
    });
    await expect(store.saveQuery({ name: 'x', sql: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('persists across reopening', async () => {
    const name = `app-store-test-${n++}`;
    const first = await AppStore.open(name);
    await first.saveQuery({ name: 'kept', sql: 'SELECT 1' });
    first.close();
    const second = await AppStore.open(name);
    opened.push(second);
    expect((await second.listSavedQueries()).map((q) => q.name)).toEqual(['kept']);
    await second.db.put('dashboards', { id: 'd1', title: 'Hosts', updatedAt: 1, model: { panels: [] } });
    expect(await second.db.get('dashboards', 'd1')).toMatchObject({ title: 'Hosts' });
  });
});
