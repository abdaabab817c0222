import { compact, nextFreeSpot } from './grid.ts';
import { DASHBOARD_SCHEMA_VERSION, type Dashboard, type Panel } from './types.ts';

/** A short random id (letters and digits), unique enough for dashboards and panels in one browser. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}-${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`;
}

export function newDashboard(title: string, id = newId('dash')): Dashboard {
  return {
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    id,
    title,
    time: { kind: 'relative', last: '1h' },
    refresh: 'off',
    live: false,
    variables: [],
    panels: [],
    updatedMs: 0,
  };
}

/** A new time-series panel at the bottom of the dashboard (its query is the caller's). */
export function addPanel(dashboard: Dashboard, fields: Omit<Panel, 'id' | 'grid'> & { grid?: { w: number; h: number } }): Dashboard {
  const { grid, ...rest } = fields;
  const panel: Panel = { ...rest, id: newId('panel'), grid: nextFreeSpot(dashboard.panels, grid?.w ?? 12, grid?.h ?? 8) };
  return { ...dashboard, panels: [...dashboard.panels, panel] };
}

/** A copy of a panel right after it ("(copy)" added to its title); the layout settles around it. */
export function duplicatePanel(dashboard: Dashboard, panelId: string): Dashboard {
  const index = dashboard.panels.findIndex((p) => p.id === panelId);
  const source = dashboard.panels[index];
  if (!source) return dashboard;
  const copy: Panel = {
    ...source,
    id: newId('panel'),
    title: `${source.title} (copy)`,
    grid: nextFreeSpot(dashboard.panels, source.grid.w, source.grid.h),
  };
  const panels = [...dashboard.panels];
  panels.splice(index + 1, 0, copy);
  return { ...dashboard, panels };
}

export function removePanel(dashboard: Dashboard, panelId: string): Dashboard {
  return { ...dashboard, panels: compact(dashboard.panels.filter((p) => p.id !== panelId)) };
}

export function updatePanel(dashboard: Dashboard, panel: Panel): Dashboard {
  return { ...dashboard, panels: dashboard.panels.map((p) => (p.id === panel.id ? panel : p)) };
}
