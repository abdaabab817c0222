import { TidemarkError } from '../../../client/index.ts';
import type { AppStore } from '../../persistence/app-store.ts';
import type { Dashboard } from './model/types.ts';
import { checkDashboard, describeIssues } from './model/validate.ts';

/** One saved dashboard as the list shows it. */
export interface DashboardSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedMs: number;
  readonly panelCount: number;
}

function fail(what: string, error: unknown): never {
  const e = TidemarkError.from(error);
  throw e.code === 'QUOTA_EXCEEDED' ? e : new TidemarkError(e.code, `Could not ${what}: ${e.message}`, { cause: error });
}

/**
 * Dashboards in the app store (IndexedDB `tidemark-app`, store `dashboards`). A stored model is
 * validated on the way out as well as in, so a record damaged by hand or by an older version
 * is reported by field, never drawn half-way.
 */
export class DashboardStore {
  constructor(private readonly store: AppStore) {}

  async list(): Promise<DashboardSummary[]> {
    try {
      const records = await this.store.db.getAllFromIndex('dashboards', 'updatedAt');
      return records.reverse().map((r) => {
        const model = r.model as { panels?: unknown };
        return { id: r.id, title: r.title, updatedMs: r.updatedAt, panelCount: Array.isArray(model?.panels) ? model.panels.length : 0 };
      });
    } catch (error) {
      return fail('list the saved dashboards', error);
    }
  }

  /** The dashboard, or null when none has this id. */
  async get(id: string): Promise<Dashboard | null> {
    let record: Awaited<ReturnType<AppStore['db']['get']>>;
    try {
      record = await this.store.db.get('dashboards', id);
    } catch (error) {
      return fail(`read the dashboard "${id}"`, error);
    }
    if (!record) return null;
    const checked = checkDashboard(record.model);
    if (!checked.ok) {
      throw new TidemarkError('VALIDATION', `The saved dashboard "${id}" is damaged: ${describeIssues(checked.issues)}.`, {
        details: { issues: checked.issues.map((i) => ({ ...i })) },
      });
    }
    return checked.dashboard;
  }

  /** Saves (creating or replacing by id) and returns the dashboard with its save time. */
  async put(dashboard: Dashboard, nowMs = Date.now()): Promise<Dashboard> {
    const saved: Dashboard = { ...dashboard, updatedMs: nowMs };
    const checked = checkDashboard(saved);
    if (!checked.ok) throw new TidemarkError('VALIDATION', `The dashboard cannot be saved: ${describeIssues(checked.issues)}.`);
    try {
      await this.store.db.put('dashboards', { id: saved.id, title: saved.title, updatedAt: nowMs, model: saved });
    } catch (error) {
      return fail(`save the dashboard "${saved.title}"`, error);
    }
    return saved;
  }

  async has(id: string): Promise<boolean> {
    try {
      return (await this.store.db.getKey('dashboards', id)) !== undefined;
    } catch (error) {
      return fail(`read the dashboard "${id}"`, error);
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await this.store.db.delete('dashboards', id);
    } catch (error) {
      fail(`delete the dashboard "${id}"`, error);
    }
  }
}
