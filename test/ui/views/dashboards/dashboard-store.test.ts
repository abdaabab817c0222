import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStore } from '../../../../src/ui/persistence/app-store.ts';
import { DashboardStore } from '../../../../src/ui/views/dashboards/dashboard-store.ts';
import { addPanel, newDashboard } from '../../../../src/ui/views/dashboards/model/ops.ts';
import { rejection } from '../../../helpers/rejection.ts';

let n = 0;
const opened: AppStore[] = [];
async function fresh(): Promise<{ app: AppStore; store: DashboardStore }> {
  const app = await AppStore.open(`dashboard-store-test-${n++}`);
  opened.push(app);
  return { app, store: new DashboardStore(app) };
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('DashboardStore', () => {
  it('saves, lists newest first, reads back and deletes', async () => {
    const { store } = await fresh();
    const a = addPanel(newDashboard('A', 'a'), { title: 'p', sql: 'SELECT 1', visual: { kind: 'table' }, unit: '', thresholds: [] });
    const savedA = await store.put(a, 100);
    await store.put(newDashboard('B', 'b'), 200);
    expect(savedA.updatedMs).toBe(100);
    expect((await store.list()).map((d) => [d.id, d.title, d.panelCount])).toEqual([
      ['b', 'B', 0],
      ['a', 'A', 1],
    ]);
    expect(await store.get('a')).toEqual(savedA);
    expect(await store.has('a')).toBe(true);
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    expect(await store.has('a')).toBe(false);
  });

  it('refuses to save an invalid dashboard and reports a damaged record by field', async () => {
    const { app, store } = await fresh();
    const bad = { ...newDashboard('x', 'x'), title: '' };
    const error = await rejection(store.put(bad));
    expect(error.message).toContain('title must not be empty');
    await app.db.put('dashboards', { id: 'd', title: 'd', updatedAt: 1, model: { schemaVersion: 1, id: 'd' } });
    const damaged = await rejection(store.get('d'));
    expect(damaged.code).toBe('VALIDATION');
    expect(damaged.message).toContain('The saved dashboard "d" is damaged: ');
    expect(damaged.message).toContain('title must be a string');
  });
});
