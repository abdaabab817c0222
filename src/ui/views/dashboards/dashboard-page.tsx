import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type TidemarkClient, TidemarkError } from '../../../client/index.ts';
import {
  autoIntervalMs,
  RELATIVE_MS,
  type RefreshEvery,
  RefreshPicker,
  refreshMs,
  resolveTimeRange,
  type TimeRange,
  TimeRangePicker,
  zoomOut,
} from '../../time-range/index.ts';
import type { DashboardStore } from './dashboard-store.ts';
import { dropDraft, setDraft } from './drafts.ts';
import { DashboardSettings } from './editor/dashboard-settings.tsx';
import { PanelEditor } from './editor/panel-editor.tsx';
import { DashboardGrid, type GridCellProps } from './grid/dashboard-grid.tsx';
import { editsOf, useLeaveGuard } from './leave-guard.ts';
import { exportDashboardJson } from './model/json.ts';
import { addPanel, duplicatePanel, removePanel, updatePanel } from './model/ops.ts';
import type { Dashboard, Panel } from './model/types.ts';
import { type DashboardUrlState, dashboardHash, parseDashboardHash } from './model/url-state.ts';
import { substituteVariables } from './model/variables.ts';
import { PanelFrame } from './panels/panel-frame.tsx';
import type { PanelRequest } from './panels/use-panel-query.ts';
import { useVariableOptions, variableValues } from './variables/use-variable-options.ts';
import { VariableBar } from './variables/variable-bar.tsx';

const NEW_PANEL_SQL = `SELECT bin(time, $__interval) AS t, avg(measure_value::double) AS value
FROM "sampleDB"."DevOps"
WHERE measure_name = 'cpu_utilization' AND $__timeFilter
GROUP BY 1 ORDER BY 1`;

function withoutSaveTime(d: Dashboard): string {
  return JSON.stringify({ ...d, updatedMs: 0 });
}

/** Applies what a link carries (time, refresh, variable values) over the saved dashboard. */
export function applyUrlState(saved: Dashboard, url: DashboardUrlState): Dashboard {
  return {
    ...saved,
    ...(url.time ? { time: url.time } : {}),
    ...(url.refresh ? { refresh: url.refresh } : {}),
    ...(url.live !== undefined ? { live: url.live } : {}),
    variables: saved.variables.map((v) => {
      const values = url.variables.get(v.name);
      return values ? { ...v, current: v.multi ? values : values.slice(0, 1) } : v;
    }),
  };
}

/**
 * One dashboard: the toolbar (time range and refresh for every panel, variables, add panel,
 * save, export), the grid of panels, and the editors. The time range, refresh and variable
 * values live in the URL, so a link reopens the same view.
 */
export function DashboardPage({
  initial,
  saved: savedInitially,
  client,
  store,
  onSaved,
  onDeleted,
}: {
  /** What to show: the saved dashboard, or an unsaved draft of it, with the link's view state applied. */
  initial: Dashboard;
  /** The saved dashboard (with the link's view state): what "unsaved" compares with and Discard returns to. */
  saved: Dashboard;
  client: TidemarkClient;
  store: DashboardStore;
  onSaved: (d: Dashboard) => void;
  onDeleted: (id: string) => void;
}) {
  const [dashboard, setDashboard] = useState(initial);
  const [saved, setSaved] = useState(savedInitially);
  const savedJson = useMemo(() => withoutSaveTime(saved), [saved]);
  const [editing, setEditing] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [tick, setTick] = useState(0);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const syncKey = `dashboard-${dashboard.id}`;

  // Live needs a sliding (relative) window; with an absolute range the panels query once.
  const live = dashboard.live && dashboard.time.kind === 'relative';
  // Refresh: each tick moves a relative range to now and runs every panel again (live panels need no timer).
  const every = live ? null : refreshMs(dashboard.refresh);
  useEffect(() => {
    if (every === null) return;
    const refresh = () => {
      setNowMs(Date.now());
      setTick((t) => t + 1);
    };
    // A hidden tab does not query (nobody sees it); it catches up at once when shown again.
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, every);
    const onVisible = () => {
      if (!document.hidden) refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [every]);

  const range = useMemo(() => resolveTimeRange(dashboard.time, nowMs), [dashboard.time, nowMs]);
  const rangeKey = dashboard.time.kind === 'relative' ? dashboard.time.last : `${dashboard.time.fromMs}-${dashboard.time.toMs}`;
  const options = useVariableOptions(client, dashboard.variables, range, rangeKey);
  const values = useMemo(() => variableValues(dashboard.variables, options), [dashboard.variables, options]);
  const variablesReady = dashboard.variables.every((v) => options.get(v.name)?.options != null);

  // The URL follows the view (replaceState: no history entry per refresh or variable change).
  useEffect(() => {
    const hash = dashboardHash({
      id: dashboard.id,
      time: dashboard.time,
      refresh: dashboard.refresh,
      live: dashboard.live,
      variables: values,
    });
    // Only while the URL still names this dashboard: a navigation elsewhere (another dashboard,
    // another view) that lands just before this effect must not be written over.
    if (parseDashboardHash(location.hash).id !== dashboard.id) return;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }, [dashboard.id, dashboard.time, dashboard.refresh, dashboard.live, values]);

  const prepareSql = useCallback((sql: string) => substituteVariables(sql, values), [values]);

  const requests = useMemo(() => {
    const map = new Map<string, PanelRequest | null>();
    for (const p of dashboard.panels) {
      if (!variablesReady) {
        map.set(p.id, null);
        continue;
      }
      // One point per pixel of the panel's width (the grid has 24 columns over the page).
      const pixels = Math.max(100, Math.round((p.grid.w / 24) * (typeof window === 'undefined' ? 1200 : window.innerWidth)));
      // Only charts ask for pixel resolution: M4 keeps each pixel's extremes, which a stat's mean or a table must not see.
      map.set(p.id, {
        sql: prepareSql(p.sql),
        fromMs: range.fromMs,
        toMs: range.toMs,
        intervalMs: autoIntervalMs(range, pixels),
        ...(p.visual.kind === 'timeseries' ? { pixels } : {}),
        tick,
        ...(live && dashboard.time.kind === 'relative' ? { live: { lastMs: RELATIVE_MS[dashboard.time.last] } } : {}),
      });
    }
    return map;
  }, [dashboard.panels, dashboard.time, live, variablesReady, prepareSql, range, tick]);

  const change = useCallback((update: (d: Dashboard) => Dashboard) => setDashboard((d) => update(d)), []);
  const onLayout = useCallback((panels: Panel[]) => change((d) => ({ ...d, panels })), [change]);
  const onEdit = useCallback((id: string) => setEditing(id), []);
  const onDuplicate = useCallback((id: string) => change((d) => duplicatePanel(d, id)), [change]);
  const onRemove = useCallback((id: string) => change((d) => removePanel(d, id)), [change]);
  const setTime = useCallback((time: TimeRange) => change((d) => ({ ...d, time })), [change]);
  const onZoom = useCallback((fromMs: number, toMs: number) => setTime({ kind: 'absolute', fromMs, toMs }), [setTime]);
  const onZoomOut = useCallback(() => change((d) => ({ ...d, time: zoomOut(d.time, Date.now()) })), [change]);

  const dirty = withoutSaveTime(dashboard) !== savedJson;
  // Leaving with unsaved edits asks first (a changed time range or variable value is in the URL: no prompt).
  const savedEdits = useMemo(() => editsOf(saved), [saved]);
  const leaveGuard = useLeaveGuard(
    editsOf(dashboard) !== savedEdits,
    useCallback((hash: string) => parseDashboardHash(hash).id !== dashboard.id, [dashboard.id]),
  );
  // Unsaved edits survive leaving the page (another view or dashboard) until a reload.
  useEffect(() => {
    if (dirty) setDraft(dashboard);
    else dropDraft(dashboard.id);
  }, [dirty, dashboard]);
  const save = async () => {
    try {
      const stored = await store.put(dashboard);
      setDashboard(stored);
      setSaved(stored);
      setMessage({ kind: 'info', text: `Saved "${stored.title}".` });
      onSaved(stored);
    } catch (error) {
      setMessage({ kind: 'error', text: TidemarkError.from(error).message });
    }
  };

  const exportJson = () => {
    const blob = new Blob([exportDashboardJson(dashboard)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${dashboard.id}.dashboard.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const remove = async () => {
    if (!confirm(`Delete the dashboard "${dashboard.title}"? This cannot be undone.`)) return;
    try {
      await store.delete(dashboard.id);
      dropDraft(dashboard.id);
      leaveGuard.allowLeave();
      onDeleted(dashboard.id);
    } catch (error) {
      setMessage({ kind: 'error', text: TidemarkError.from(error).message });
    }
  };

  // Ctrl/Cmd+S saves, as in Grafana.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void saveRef.current();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const renderPanel = useCallback(
    (cell: GridCellProps) => (
      <PanelFrame
        {...cell}
        client={client}
        request={requests.get(cell.panel.id) ?? null}
        syncKey={syncKey}
        onEdit={onEdit}
        onDuplicate={onDuplicate}
        onRemove={onRemove}
        onZoom={onZoom}
        onZoomOut={onZoomOut}
      />
    ),
    [client, requests, syncKey, onEdit, onDuplicate, onRemove, onZoom, onZoomOut],
  );

  const editingPanel = dashboard.panels.find((p) => p.id === editing);
  return (
    <div className="dash-page" data-testid="dashboard-page" data-dashboard-id={dashboard.id}>
      <div className="dash-toolbar">
        <h2 className="dash-title" data-testid="dashboard-title">
          {dashboard.title}
          {dirty && (
            <span className="dash-dirty" title="Unsaved changes">
              {' '}
              (unsaved)
            </span>
          )}
        </h2>
        <span className="dash-toolbar-gap" />
        <button
          type="button"
          onClick={() =>
            change((d) =>
              addPanel(d, {
                title: 'New panel',
                sql: NEW_PANEL_SQL,
                visual: { kind: 'timeseries', style: 'line' },
                unit: '%',
                thresholds: [],
              }),
            )
          }
          data-testid="add-panel"
        >
          Add panel
        </button>
        <button type="button" onClick={() => setSettingsOpen(true)} data-testid="dashboard-settings">
          Settings
        </button>
        <button type="button" className="primary" onClick={() => void save()} data-testid="save-dashboard">
          Save
        </button>
        {dirty && (
          <button type="button" onClick={() => setDashboard(saved)} data-testid="discard-changes">
            Discard changes
          </button>
        )}
        <button type="button" onClick={exportJson} data-testid="export-dashboard">
          Export JSON
        </button>
        <button type="button" onClick={() => void remove()}>
          Delete
        </button>
        {/* Time controls at the right, as in Grafana (the picker's panel opens leftwards from there). */}
        <TimeRangePicker value={dashboard.time} onChange={setTime} />
        <RefreshPicker value={dashboard.refresh} onChange={(refresh: RefreshEvery) => change((d) => ({ ...d, refresh }))} />
        <label
          className="dash-live"
          title={dashboard.time.kind === 'relative' ? 'Panels update as new points land' : 'Live needs a relative time range (Last …)'}
        >
          <input
            type="checkbox"
            checked={dashboard.live}
            onChange={(e) => change((d) => ({ ...d, live: e.target.checked }))}
            data-testid="dashboard-live"
          />{' '}
          Live
          {dashboard.live && !live && <span className="dash-panel-note"> (paused: absolute range)</span>}
        </label>
        <button
          type="button"
          onClick={() => {
            setNowMs(Date.now());
            setTick((t) => t + 1);
          }}
          data-testid="dashboard-refresh"
        >
          Refresh
        </button>
      </div>
      <VariableBar
        variables={dashboard.variables}
        options={options}
        onChange={(name, current) =>
          change((d) => ({ ...d, variables: d.variables.map((v) => (v.name === name ? { ...v, current } : v)) }))
        }
      />
      {message && (
        <p
          className={message.kind === 'error' ? 'dash-form-error' : 'dash-info'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="dashboard-message"
        >
          {message.text}
        </p>
      )}
      <p id="dash-grid-help" className="sr-only">
        Drag a panel's header to move it and its bottom-right corner to resize it; or focus the header and use the arrow keys to move it and
        Shift with the arrow keys to resize it.
      </p>
      {dashboard.panels.length === 0 ? (
        <p className="empty-state">This dashboard has no panels yet. Add one with "Add panel".</p>
      ) : (
        <DashboardGrid panels={dashboard.panels} onLayout={onLayout} renderPanel={renderPanel} />
      )}
      {editingPanel && (
        <PanelEditor
          panel={editingPanel}
          client={client}
          prepareSql={prepareSql}
          range={range}
          onApply={(p) => {
            change((d) => updatePanel(d, p));
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {settingsOpen && (
        <DashboardSettings
          dashboard={dashboard}
          onApply={(next) => {
            change(() => next);
            setSettingsOpen(false);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </div>
  );
}
