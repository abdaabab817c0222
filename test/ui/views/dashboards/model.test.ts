import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../../../src/client/index.ts';
import { dragTarget, gridGeometry, gridRect } from '../../../../src/ui/views/dashboards/grid/grid-geometry.ts';
import { collides, compact, keyboardStep, moveItem, nextFreeSpot, placeItem } from '../../../../src/ui/views/dashboards/model/grid.ts';
import { exportDashboardJson, importDashboardJson } from '../../../../src/ui/views/dashboards/model/json.ts';
import { addPanel, duplicatePanel, newDashboard, removePanel } from '../../../../src/ui/views/dashboards/model/ops.ts';
import { formatStat, reduceSeries, thresholdColor } from '../../../../src/ui/views/dashboards/model/stats.ts';
import type { Dashboard, GridPos, Panel } from '../../../../src/ui/views/dashboards/model/types.ts';
import { dashboardHash, parseDashboardHash } from '../../../../src/ui/views/dashboards/model/url-state.ts';
import { checkDashboard, parseDashboard } from '../../../../src/ui/views/dashboards/model/validate.ts';
import {
  effectiveValues,
  referencedVariables,
  sqlString,
  substituteVariables,
} from '../../../../src/ui/views/dashboards/model/variables.ts';

/** `${name}`, the braced reference form (written this way so no literal looks like a forgotten template). */
const BRACED = (name: string) => `\${${name}}`;

function panel(id: string, grid: GridPos, extra: Partial<Panel> = {}): Panel {
  return { id, title: id, sql: 'SELECT 1', visual: { kind: 'timeseries', style: 'line' }, unit: '', thresholds: [], grid, ...extra };
}

function sample(): Dashboard {
  return {
    ...newDashboard('Hosts', 'hosts'),
    variables: [
      { name: 'host', label: 'Host', source: { kind: 'query', sql: 'SELECT DISTINCT hostname FROM t' }, multi: true, current: ['a'] },
    ],
    panels: [
      panel('cpu', { x: 0, y: 0, w: 12, h: 8 }, { thresholds: [{ value: 80, color: 'red' }], unit: '%' }),
      panel('mem', { x: 12, y: 0, w: 12, h: 8 }, { visual: { kind: 'stat', reducer: 'last' } }),
    ],
  };
}

function thrown(f: () => unknown): TidemarkError {
  try {
    f();
  } catch (error) {
    if (error instanceof TidemarkError) return error;
    throw error;
  }
  throw new Error('expected a TidemarkError');
}

describe('dashboard validation', () => {
  it('accepts a valid dashboard and fills optional fields', () => {
    const raw = JSON.parse(exportDashboardJson(sample())) as Record<string, unknown>;
    delete raw.updatedMs;
    delete raw.refresh;
    const d = parseDashboard(raw);
    expect(d.refresh).toBe('off');
    expect(d.panels).toHaveLength(2);
    expect(d.panels[0]?.thresholds[0]).toEqual({ value: 80, color: 'red' });
  });

  it('names every wrong field by its path', () => {
    const raw = JSON.parse(exportDashboardJson(sample())) as { panels: Record<string, unknown>[]; time: unknown; titel?: string };
    raw.panels[1]!.grid = { x: 20, y: 0, w: 8, h: 8 };
    raw.panels[0]!.visual = { kind: 'pie' };
    raw.panels[0]!.thresholds = [{ value: 'high', color: 'mauve' }];
    raw.time = { kind: 'relative', last: '2h' };
    raw.titel = 'typo';
    const result = checkDashboard(raw);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'panels[1].grid.w',
        'panels[0].visual.kind',
        'panels[0].thresholds[0].value',
        'panels[0].thresholds[0].color',
        'time.last',
        'titel',
      ]),
    );
    const error = thrown(() => parseDashboard(raw));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('titel is not a known field');
    expect(error.message).toContain('(and 1 more)');
    expect(error.details?.issues).toContainEqual({
      path: 'panels[1].grid.w',
      message: "x + w must be at most 24 (the grid's width), got 20 + 8",
    });
  });

  it('refuses repeated panel ids, bad variable names and a wrong schema version', () => {
    const d = sample();
    const raw = JSON.parse(
      exportDashboardJson({
        ...d,
        panels: [d.panels[0]!, { ...d.panels[1]!, id: 'cpu' }],
        variables: [{ ...d.variables[0]!, name: '__x' }],
      }),
    ) as Record<string, unknown>;
    raw.schemaVersion = 7;
    const result = checkDashboard(raw);
    const messages = result.ok ? [] : result.issues.map((i) => `${i.path} ${i.message}`);
    expect(messages.some((m) => m.startsWith('panels[1].id repeats the panel id "cpu" of panels[0].id'))).toBe(true);
    expect(messages.some((m) => m.startsWith('variables[0].name must be a name'))).toBe(true);
    expect(messages.some((m) => m.startsWith('schemaVersion must be 1'))).toBe(true);
  });

  it('refuses several current values on a single-value variable and non-objects', () => {
    const d = sample();
    const single = { ...d, variables: [{ ...d.variables[0]!, multi: false, current: ['a', 'b'] }] };
    expect(checkDashboard(JSON.parse(JSON.stringify(single))).ok).toBe(false);
    const error = thrown(() => parseDashboard([1, 2]));
    expect(error.message).toContain('(root) must be an object, got an array');
  });
});

describe('JSON export and import', () => {
  it('round-trips a dashboard', () => {
    const d = sample();
    expect(importDashboardJson(exportDashboardJson(d))).toEqual(d);
  });

  it('reports bad JSON at its line and column', () => {
    const text = '{\n  "id": "x",\n  "title": "y",,\n}';
    const error = thrown(() => importDashboardJson(text, 'board.json'));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^board\.json is not valid JSON at line 3, column 16/);
    expect(error.position).toEqual({ line: 3, column: 16 });
  });

  it('reports truncated JSON at its end', () => {
    const error = thrown(() => importDashboardJson('{"id": "x"', 'cut.json'));
    expect(error.message).toMatch(/line 1, column 11/);
  });

  it('reports JSON that is not a dashboard by field', () => {
    const error = thrown(() =>
      importDashboardJson('{"schemaVersion": 1, "id": "a b", "title": "", "time": {"kind": "relative", "last": "1h"}, "panels": {}}'),
    );
    expect(error.message).toContain('panels must be an array, got an object');
    expect(error.message).toContain('id must be 1-64 letters');
    expect(error.message).toContain('title must not be empty');
  });
});

describe('grid layout', () => {
  const items = [
    { id: 'a', grid: { x: 0, y: 0, w: 12, h: 4 } },
    { id: 'b', grid: { x: 12, y: 0, w: 12, h: 4 } },
    { id: 'c', grid: { x: 0, y: 4, w: 24, h: 4 } },
  ];
  const noOverlap = (list: readonly { grid: GridPos }[]) => {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) expect(collides(list[i]!.grid, list[j]!.grid)).toBe(false);
  };

  it('compacts upward without overlap', () => {
    const out = compact([
      { id: 'a', grid: { x: 0, y: 5, w: 6, h: 3 } },
      { id: 'b', grid: { x: 0, y: 20, w: 6, h: 3 } },
    ]);
    expect(out.map((i) => i.grid.y)).toEqual([0, 3]);
  });

  it('moving a panel over its neighbour swaps them', () => {
    const out = moveItem(items, 'c', { x: 0, y: 0, w: 24, h: 4 });
    expect(out.find((i) => i.id === 'c')?.grid).toEqual({ x: 0, y: 0, w: 24, h: 4 });
    expect(out.find((i) => i.id === 'a')?.grid.y).toBe(4);
    noOverlap(out);
  });

  it('dragging a panel onto its same-row neighbour swaps them sideways', () => {
    const out = moveItem(items, 'b', { x: 0, y: 0, w: 12, h: 4 });
    expect(out.map((i) => i.grid)).toEqual([
      { x: 12, y: 0, w: 12, h: 4 },
      { x: 0, y: 0, w: 12, h: 4 },
      { x: 0, y: 4, w: 24, h: 4 },
    ]);
  });

  it('keeps the dragged panel fixed while dragging, others flow around it', () => {
    const out = placeItem(items, 'a', { x: 6, y: 0, w: 12, h: 4 });
    expect(out[0]?.grid).toEqual({ x: 6, y: 0, w: 12, h: 4 });
    noOverlap(out);
  });

  it('resizing pushes what is below further down', () => {
    const out = moveItem(items, 'a', { x: 0, y: 0, w: 12, h: 10 });
    expect(out.find((i) => i.id === 'c')?.grid.y).toBe(10);
    noOverlap(out);
  });

  it('clamps a target outside the grid', () => {
    const out = moveItem(items, 'b', { x: 30, y: -5, w: 40, h: 1 });
    expect(out.find((i) => i.id === 'b')?.grid).toEqual({ x: 0, y: 0, w: 24, h: 2 });
    noOverlap(out);
  });

  it('keyboard: arrows move a column or past a neighbour; shift+arrows resize', () => {
    expect(keyboardStep(items, 'a', 'ArrowRight', false)[0]?.grid.x).toBe(1);
    // Down steps past the full-width panel below (one row would be undone by gravity).
    const aDown = keyboardStep(items, 'a', 'ArrowDown', false);
    expect(aDown.map((i) => i.grid.y)).toEqual([8, 0, 4]);
    const stacked = [
      { id: 'p', grid: { x: 0, y: 0, w: 24, h: 4 } },
      { id: 'q', grid: { x: 0, y: 4, w: 24, h: 6 } },
    ];
    const down = keyboardStep(stacked, 'p', 'ArrowDown', false);
    expect(down.map((i) => i.grid.y)).toEqual([6, 0]);
    const up = keyboardStep(items, 'c', 'ArrowUp', false);
    expect(up[2]?.grid.y).toBe(0);
    expect(keyboardStep(items, 'a', 'ArrowLeft', false)[0]?.grid.x).toBe(0);
    const wider = keyboardStep(items, 'a', 'ArrowRight', true);
    expect(wider[0]?.grid.w).toBe(13);
    noOverlap(wider);
    expect(keyboardStep(items, 'a', 'ArrowDown', true)[0]?.grid.h).toBe(5);
    expect(keyboardStep(items, 'b', 'ArrowRight', true)[1]?.grid.w).toBe(12);
  });

  it('maps grid positions to pixels and drags back to grid cells', () => {
    // 24 columns with 8 px gaps across 1144 px: 40 px columns, a 48 px step.
    const g = gridGeometry(1144);
    expect(g.columnPx).toBe(40);
    expect(gridRect(g, { x: 2, y: 1, w: 3, h: 2 })).toEqual({ left: 96, top: 38, width: 136, height: 68 });
    const start = { x: 2, y: 1, w: 3, h: 2 };
    expect(dragTarget(g, start, 100, 40, 'move')).toEqual({ x: 4, y: 2, w: 3, h: 2 });
    expect(dragTarget(g, start, -20, -10, 'move')).toEqual({ x: 2, y: 1, w: 3, h: 2 });
    expect(dragTarget(g, start, 50, 80, 'resize')).toEqual({ x: 2, y: 1, w: 4, h: 4 });
  });

  it('puts a new panel below everything', () => {
    expect(nextFreeSpot(items, 8, 6)).toEqual({ x: 0, y: 8, w: 8, h: 6 });
  });
});

describe('variables', () => {
  const values = new Map<string, readonly string[]>([
    ['host', ['web-1', "o'brien"]],
    ['region', ['eu']],
    ['none', []],
  ]);

  it('quotes values and lists several for IN (...)', () => {
    expect(substituteVariables(`SELECT * FROM t WHERE hostname IN ($host) AND region = ${BRACED('region')}`, values)).toBe(
      "SELECT * FROM t WHERE hostname IN ('web-1', 'o''brien') AND region = 'eu'",
    );
  });

  it('cannot be used to inject SQL', () => {
    const evil = new Map([['x', ["'; DROP TABLE t; --"]]]);
    expect(substituteVariables('SELECT $x', evil)).toBe("SELECT '''; DROP TABLE t; --'");
    expect(sqlString("a'b")).toBe("'a''b'");
  });

  it('an empty selection is NULL so IN ($none) matches nothing', () => {
    expect(substituteVariables('x IN ($none)', values)).toBe('x IN (NULL)');
  });

  it('leaves macros, unknown names, longer names, identifiers and comments alone', () => {
    const sql = 'SELECT "$host", $hostname, $__timeFilter, $other -- $host\n/* $host */ FROM t';
    expect(substituteVariables(sql, values)).toBe(sql);
  });

  it('inside a string literal the values are escaped but not re-quoted', () => {
    expect(substituteVariables("SELECT 'on $region and $host' AS s, 'it''s'", values)).toBe(
      "SELECT 'on eu and web-1, o''brien' AS s, 'it''s'",
    );
  });

  it('finds referenced variables', () => {
    expect(referencedVariables(`a = $region AND b IN (${BRACED('host')}) AND c = $region`, ['host', 'region', 'x'])).toEqual([
      'region',
      'host',
    ]);
  });

  it('effective values fall back to the first option', () => {
    const v = { name: 'h', label: 'h', source: { kind: 'custom' as const, values: ['a', 'b'] }, multi: false, current: ['zz'] };
    expect(effectiveValues(v, ['a', 'b'])).toEqual(['a']);
    expect(effectiveValues({ ...v, current: ['b'] }, ['a', 'b'])).toEqual(['b']);
    expect(effectiveValues({ ...v, multi: true, current: ['a', 'b', 'q'] }, ['a', 'b'])).toEqual(['a', 'b']);
    expect(effectiveValues({ ...v, multi: true, current: ['q'] }, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(effectiveValues({ ...v, multi: true, current: ['b'] }, ['a', 'b', 'c'])).toEqual(['b']);
    expect(effectiveValues(v, [])).toEqual([]);
  });
});

describe('URL state', () => {
  it('round-trips id, time, refresh and variables', () => {
    const variables = new Map([['host', ['a b', 'c&d']]]);
    const hash = dashboardHash({ id: 'ops', time: { kind: 'absolute', fromMs: 1000, toMs: 5000 }, refresh: '5s', variables });
    const state = parseDashboardHash(hash);
    expect(state).toEqual({ id: 'ops', time: { kind: 'absolute', fromMs: 1000, toMs: 5000 }, refresh: '5s', variables, problems: [] });
    expect(
      parseDashboardHash(dashboardHash({ id: 'x', time: { kind: 'relative', last: '6h' }, refresh: 'off', variables: new Map() })).time,
    ).toEqual({
      kind: 'relative',
      last: '6h',
    });
  });

  it('carries live mode', () => {
    const hash = dashboardHash({ id: 'x', time: { kind: 'relative', last: '5m' }, refresh: 'off', live: true, variables: new Map() });
    expect(hash).toContain('live=1');
    expect(parseDashboardHash(hash).live).toBe(true);
    expect(parseDashboardHash('#/dashboards/x?live=0').live).toBe(false);
    expect(parseDashboardHash('#/dashboards/x?live=yes').problems).toEqual(['live=yes is not 1 or 0']);
  });

  it('skips what it cannot read and says so', () => {
    const state = parseDashboardHash('#/dashboards/ok?from=now-3h&to=now&refresh=2s');
    expect(state.id).toBe('ok');
    expect(state.time).toBeUndefined();
    expect(state.refresh).toBeUndefined();
    expect(state.problems).toHaveLength(2);
    expect(state.problems[0]).toContain('from=now-3h&to=now is not a time range');
    expect(parseDashboardHash('#/dashboards/bad%20id').problems[0]).toContain('"bad id"');
    expect(parseDashboardHash('#/dashboards').id).toBeNull();
    expect(parseDashboardHash('#/explore').id).toBeNull();
    expect(parseDashboardHash('#/dashboards?from=5&to=1').problems).toHaveLength(1);
  });
});

describe('stats and thresholds', () => {
  const values = new Float64Array([3, NaN, 7, 1, NaN]);
  it('reduces a series skipping gaps', () => {
    expect(reduceSeries(values, 'last')).toBe(1);
    expect(reduceSeries(values, 'min')).toBe(1);
    expect(reduceSeries(values, 'max')).toBe(7);
    expect(reduceSeries(values, 'mean')).toBeCloseTo(11 / 3);
    expect(reduceSeries(new Float64Array([NaN]), 'mean')).toBeNull();
    expect(reduceSeries(new Float64Array(0), 'last')).toBeNull();
  });

  it('colours a value by the highest step it reaches', () => {
    const steps = [
      { value: 90, color: 'red' },
      { value: 0, color: 'green' },
      { value: 70, color: 'yellow' },
    ];
    expect(thresholdColor(95, steps)).toBe('red');
    expect(thresholdColor(70, steps)).toBe('yellow');
    expect(thresholdColor(5, steps)).toBe('green');
    expect(thresholdColor(-1, steps)).toBeNull();
  });

  it('formats stats with their unit', () => {
    expect(formatStat(1234.567, 'ms')).toBe('1,235 ms');
    expect(formatStat(42.25, '%')).toBe('42.3%');
    expect(formatStat(null, '%')).toBe('No data');
  });
});

describe('panel operations', () => {
  it('adds, duplicates and removes panels, keeping the layout compact', () => {
    let d = sample();
    d = addPanel(d, { title: 'New', sql: 'SELECT 2', visual: { kind: 'table' }, unit: '', thresholds: [] });
    expect(d.panels[2]?.grid).toEqual({ x: 0, y: 8, w: 12, h: 8 });
    d = duplicatePanel(d, 'cpu');
    expect(d.panels[1]?.title).toBe('cpu (copy)');
    expect(d.panels[1]?.id).not.toBe('cpu');
    expect(d.panels[1]?.grid.y).toBe(16);
    d = removePanel(d, 'cpu');
    // cpu's copy and the new panel rise into the space cpu left.
    expect(d.panels.map((p) => [p.title, p.grid.x, p.grid.y])).toEqual([
      ['cpu (copy)', 0, 8],
      ['mem', 12, 0],
      ['New', 0, 0],
    ]);
    expect(checkDashboard(JSON.parse(exportDashboardJson(d))).ok).toBe(true);
  });
});
