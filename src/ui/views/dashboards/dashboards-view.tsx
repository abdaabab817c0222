import { type ChangeEvent, useCallback, useEffect, useState } from 'react';
import { TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { DemoStreamToggle } from '../../live/index.ts';
import { appStore } from '../../persistence/app-store.ts';
import { SampleDataOffer } from '../../sample-data/index.ts';
import { applyUrlState, DashboardPage } from './dashboard-page.tsx';
import { DashboardStore, type DashboardSummary } from './dashboard-store.ts';
import { getDraft } from './drafts.ts';
import { exampleDashboards } from './examples.ts';
import { importDashboardJson } from './model/json.ts';
import { newDashboard, newId } from './model/ops.ts';
import type { Dashboard } from './model/types.ts';
import { parseDashboardHash } from './model/url-state.ts';
import './dashboards.css';

/** Set once the example dashboards were offered, so deleting them does not bring them back. */
const SEEDED_KEY = 'tidemark.dashboards.examples-seeded';

function useDashboardStore(): { store: DashboardStore | null; error: TidemarkError | null } {
  const [state, setState] = useState<{ store: DashboardStore | null; error: TidemarkError | null }>({ store: null, error: null });
  useEffect(() => {
    let live = true;
    appStore().then(
      async (app) => {
        const store = new DashboardStore(app);
        if (!localStorage.getItem(SEEDED_KEY)) {
          for (const d of exampleDashboards()) if (!(await store.has(d.id))) await store.put(d);
          localStorage.setItem(SEEDED_KEY, '1');
        }
        if (live) setState({ store, error: null });
      },
      (error: unknown) => live && setState({ store: null, error: TidemarkError.from(error) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash;
}

/** Dashboards: the list of saved dashboards, or the one the URL names (`#/dashboards/<id>?…`). */
export function DashboardsView() {
  const engine = useEngine();
  const { store, error } = useDashboardStore();
  const hash = useHash();
  const url = parseDashboardHash(hash);
  const [list, setList] = useState<DashboardSummary[] | null>(null);
  const [opened, setOpened] = useState<{ dashboard: Dashboard; saved: Dashboard; key: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const reload = useCallback(() => {
    store?.list().then(setList, (e: unknown) => setMessage(TidemarkError.from(e).message));
  }, [store]);
  useEffect(reload, [reload]);

  // Open the dashboard the URL names (once per id: later URL changes are the page's own).
  const id = url.id;
  useEffect(() => {
    if (!store || !id) {
      setOpened(null);
      return;
    }
    let live = true;
    store.get(id).then(
      (d) => {
        if (!live) return;
        if (!d) {
          setOpened(null);
          setMessage(`There is no dashboard "${id}" in this browser.`);
          return;
        }
        const current = parseDashboardHash(location.hash);
        const draft = getDraft(id);
        setOpened({
          dashboard: applyUrlState(draft ?? d, current),
          saved: applyUrlState(d, current),
          key: `${id}-${Date.now()}`,
        });
        if (current.problems.length > 0) setMessage(`Parts of the link were ignored: ${current.problems.join('; ')}.`);
        else setMessage(null);
      },
      (e: unknown) => live && setMessage(TidemarkError.from(e).message),
    );
    return () => {
      live = false;
    };
  }, [store, id]);

  const open = (dashboardId: string) => {
    location.hash = `#/dashboards/${encodeURIComponent(dashboardId)}`;
  };

  const create = async () => {
    if (!store) return;
    try {
      const d = await store.put(newDashboard('New dashboard'));
      reload();
      open(d.id);
    } catch (e) {
      setMessage(TidemarkError.from(e).message);
    }
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !store) return;
    try {
      let d = importDashboardJson(await file.text(), file.name);
      // An import never overwrites: a dashboard with the same id is kept and the import gets a new one.
      if (await store.has(d.id)) d = { ...d, id: newId('dash'), title: `${d.title} (imported)` };
      d = await store.put(d);
      setMessage(`Imported "${d.title}".`);
      reload();
      open(d.id);
    } catch (e) {
      setMessage(TidemarkError.from(e).message);
    }
  };

  if (error) {
    return (
      <p className="dash-form-error" role="alert">
        Dashboards cannot be stored: {error.message}
      </p>
    );
  }
  if (!store || engine.status === 'starting') return <p className="empty-state">Loading dashboards…</p>;
  if (engine.status === 'failed') {
    return (
      <p className="dash-form-error" role="alert">
        The engine did not start: {engine.error.message}
      </p>
    );
  }

  const importControl = (
    <label className="dash-import">
      Import JSON
      <input type="file" accept=".json,application/json" onChange={(e) => void importFile(e)} data-testid="import-dashboard" />
    </label>
  );

  // Installing the sample data reopens the dashboard, so its panels and variables query it at once.
  const onSamplesInstalled = () =>
    setOpened((o) => (o ? { ...o, dashboard: getDraft(o.dashboard.id) ?? o.dashboard, key: `${o.dashboard.id}-${Date.now()}` } : o));
  const usesDemo = opened?.dashboard.panels.some((p) => p.sql.includes('"demo".')) ?? false;

  return (
    <div className="dashboards">
      <SampleDataOffer onInstalled={onSamplesInstalled} />
      {message && (
        <p className="dash-info" role="status" data-testid="dashboards-message">
          {message}
        </p>
      )}
      {id && opened && opened.dashboard.id === id ? (
        <>
          <nav className="dash-breadcrumb">
            <a href="#/dashboards">All dashboards</a>
            {importControl}
            {usesDemo && <DemoStreamToggle />}
          </nav>
          <DashboardPage
            key={opened.key}
            initial={opened.dashboard}
            saved={opened.saved}
            client={engine.client}
            store={store}
            onSaved={reload}
            onDeleted={() => {
              reload();
              location.hash = '#/dashboards';
            }}
          />
        </>
      ) : (
        <div className="dash-list" data-testid="dashboard-list">
          <div className="dash-row">
            <button type="button" className="primary" onClick={() => void create()} data-testid="new-dashboard">
              New dashboard
            </button>
            {importControl}
            <DemoStreamToggle />
          </div>
          {list === null ? (
            <p>Loading…</p>
          ) : list.length === 0 ? (
            <p className="empty-state">No dashboards yet. Create one, or import an exported JSON file.</p>
          ) : (
            <ul>
              {list.map((d) => (
                <li key={d.id}>
                  <a href={`#/dashboards/${encodeURIComponent(d.id)}`}>{d.title}</a>{' '}
                  <span className="dash-panel-note">
                    {d.panelCount} panel{d.panelCount === 1 ? '' : 's'}
                    {d.updatedMs ? `, saved ${new Date(d.updatedMs).toLocaleString()}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
