import { describe, expect, it } from 'vitest';
import { editsOf } from '../../../../src/ui/views/dashboards/leave-guard.ts';
import { addPanel, newDashboard } from '../../../../src/ui/views/dashboards/model/ops.ts';
import type { Dashboard } from '../../../../src/ui/views/dashboards/model/types.ts';

describe('what counts as an unsaved edit when leaving a dashboard', () => {
  const saved: Dashboard = {
    ...newDashboard('Hosts', 'hosts'),
    variables: [{ name: 'host', label: 'Host', source: { kind: 'custom', values: ['a', 'b'] }, multi: false, current: ['a'] }],
  };

  it('ignores view state kept in the URL: time range, refresh, live, chosen variable values, save time', () => {
    const viewed: Dashboard = {
      ...saved,
      time: { kind: 'relative', last: '6h' },
      refresh: '5s',
      live: !saved.live,
      variables: saved.variables.map((v) => ({ ...v, current: ['b'] })),
      updatedMs: saved.updatedMs + 1000,
    };
    expect(editsOf(viewed)).toBe(editsOf(saved));
  });

  it('sees panels, titles and variable definitions', () => {
    const withPanel = addPanel(saved, {
      title: 'CPU',
      sql: 'SELECT 1',
      visual: { kind: 'timeseries', style: 'line' },
      unit: '%',
      thresholds: [],
    });
    expect(editsOf(withPanel)).not.toBe(editsOf(saved));
    expect(editsOf({ ...saved, title: 'Other' })).not.toBe(editsOf(saved));
    const widened = { ...saved, variables: saved.variables.map((v) => ({ ...v, multi: true })) };
    expect(editsOf(widened)).not.toBe(editsOf(saved));
  });
});
