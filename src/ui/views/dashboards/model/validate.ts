import { TidemarkError } from '../../../../client/index.ts';
import { REFRESH_CHOICES, RELATIVE_RANGES, type RefreshEvery } from '../../../time-range/index.ts';
import {
  CHART_STYLES,
  DASHBOARD_SCHEMA_VERSION,
  type Dashboard,
  type DashboardTimeRange,
  GRID_COLUMNS,
  GRID_MAX_ROWS,
  type GridPos,
  type Panel,
  STAT_REDUCERS,
  type ThresholdStep,
  type Variable,
  type Visualisation,
} from './types.ts';

/** One problem found in a dashboard: where (a JSON path such as `panels[2].grid.w`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const VARIABLE_NAME_PATTERN = /^(?!__)[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const PALETTE: Readonly<Record<string, string>> = {
  green: '#2f9e44',
  yellow: '#e0a800',
  orange: '#f76707',
  red: '#e03131',
  blue: '#1c7ed6',
  purple: '#9c36b5',
  grey: '#868e96',
};
const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** A threshold colour as CSS: palette names map to their hex value. */
export function cssColor(color: string): string {
  return PALETTE[color] ?? color;
}

export function isValidColor(color: string): boolean {
  return Object.hasOwn(PALETTE, color) || HEX_COLOR.test(color);
}

/**
 * Collects issues while reading untrusted data. Each reader returns a usable value even when
 * the input is wrong, so one pass reports every problem instead of only the first.
 */
class Reader {
  readonly issues: ValidationIssue[] = [];

  fail(path: string, message: string): void {
    this.issues.push({ path: path || '(root)', message });
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(path, `must be an object, got ${describeValue(value)}`);
    return {};
  }

  array(value: unknown, path: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(path, `must be an array, got ${describeValue(value)}`);
    return [];
  }

  string(value: unknown, path: string, options: { nonEmpty?: boolean; pattern?: RegExp; patternText?: string; max?: number } = {}): string {
    if (typeof value !== 'string') {
      this.fail(path, `must be a string, got ${describeValue(value)}`);
      return '';
    }
    if (options.nonEmpty && value.trim() === '') this.fail(path, 'must not be empty');
    else if (options.pattern && !options.pattern.test(value))
      this.fail(path, `must be ${options.patternText}, got ${JSON.stringify(value)}`);
    if (options.max !== undefined && value.length > options.max) this.fail(path, `must be at most ${options.max} characters long`);
    return value;
  }

  number(value: unknown, path: string, options: { integer?: boolean; min?: number; max?: number } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `must be a finite number, got ${describeValue(value)}`);
      return options.min ?? 0;
    }
    const range =
      options.min !== undefined && options.max !== undefined
        ? ` from ${options.min} to ${options.max}`
        : options.min !== undefined
          ? ` of at least ${options.min}`
          : '';
    if (
      (options.integer && !Number.isInteger(value)) ||
      (options.min !== undefined && value < options.min) ||
      (options.max !== undefined && value > options.max)
    ) {
      this.fail(path, `must be ${options.integer ? 'an integer' : 'a number'}${range}, got ${value}`);
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value === 'boolean') return value;
    this.fail(path, `must be true or false, got ${describeValue(value)}`);
    return false;
  }

  oneOf<T extends string>(value: unknown, choices: readonly T[], path: string): T {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.fail(path, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describeValue(value)}`);
    return choices[0]!;
  }

  /** Flags keys the model does not know, so a typo ("titel") is not silently dropped. */
  knownKeys(obj: Record<string, unknown>, keys: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key)) this.fail(join(path, key), `is not a known field (expected one of ${keys.join(', ')})`);
    }
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing (the field is missing)';
  return `${typeof value} ${String(value)}`;
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function readTime(r: Reader, value: unknown, path: string): DashboardTimeRange {
  const o = r.object(value, path);
  const issues = r.issues.length;
  const kind = r.oneOf(o.kind, ['relative', 'absolute'] as const, join(path, 'kind'));
  if (r.issues.length > issues) return { kind: 'relative', last: '1h' };
  if (kind === 'relative') {
    r.knownKeys(o, ['kind', 'last'], path);
    return { kind, last: r.oneOf(o.last, RELATIVE_RANGES, join(path, 'last')) };
  }
  r.knownKeys(o, ['kind', 'fromMs', 'toMs'], path);
  const fromMs = r.number(o.fromMs, join(path, 'fromMs'), { min: 0 });
  const toMs = r.number(o.toMs, join(path, 'toMs'), { min: 0 });
  if (fromMs >= toMs) r.fail(join(path, 'toMs'), `must be after fromMs (${fromMs}), got ${toMs}`);
  return { kind, fromMs, toMs };
}

function readGrid(r: Reader, value: unknown, path: string): GridPos {
  const o = r.object(value, path);
  r.knownKeys(o, ['x', 'y', 'w', 'h'], path);
  const x = r.number(o.x, join(path, 'x'), { integer: true, min: 0, max: GRID_COLUMNS - 1 });
  const y = r.number(o.y, join(path, 'y'), { integer: true, min: 0, max: GRID_MAX_ROWS });
  const w = r.number(o.w, join(path, 'w'), { integer: true, min: 1, max: GRID_COLUMNS });
  const h = r.number(o.h, join(path, 'h'), { integer: true, min: 2, max: GRID_MAX_ROWS });
  if (Number.isInteger(x) && Number.isInteger(w) && x + w > GRID_COLUMNS) {
    r.fail(join(path, 'w'), `x + w must be at most ${GRID_COLUMNS} (the grid's width), got ${x} + ${w}`);
  }
  return { x, y, w, h };
}

function readVisual(r: Reader, value: unknown, path: string): Visualisation {
  const o = r.object(value, path);
  const issues = r.issues.length;
  const kind = r.oneOf(o.kind, ['timeseries', 'stat', 'table'] as const, join(path, 'kind'));
  // With the kind wrong, the other fields cannot be judged: report the kind alone.
  if (r.issues.length > issues) return { kind: 'table' };
  if (kind === 'timeseries') {
    r.knownKeys(o, ['kind', 'style'], path);
    return { kind, style: r.oneOf(o.style, CHART_STYLES, join(path, 'style')) };
  }
  if (kind === 'stat') {
    r.knownKeys(o, ['kind', 'reducer'], path);
    return { kind, reducer: r.oneOf(o.reducer, STAT_REDUCERS, join(path, 'reducer')) };
  }
  r.knownKeys(o, ['kind'], path);
  return { kind };
}

function readThresholds(r: Reader, value: unknown, path: string): ThresholdStep[] {
  return r.array(value, path).map((item, i) => {
    const p = join(path, i);
    const o = r.object(item, p);
    r.knownKeys(o, ['value', 'color'], p);
    const color = r.string(o.color, join(p, 'color'));
    if (typeof o.color === 'string' && !isValidColor(color)) {
      r.fail(join(p, 'color'), `must be one of ${Object.keys(PALETTE).join(', ')} or a #rgb/#rrggbb colour, got ${JSON.stringify(color)}`);
    }
    return { value: r.number(o.value, join(p, 'value')), color };
  });
}

const PANEL_KEYS = ['id', 'title', 'sql', 'visual', 'unit', 'thresholds', 'grid'] as const;

function readPanel(r: Reader, value: unknown, path: string): Panel {
  const o = r.object(value, path);
  r.knownKeys(o, PANEL_KEYS, path);
  return {
    id: r.string(o.id, join(path, 'id'), { pattern: ID_PATTERN, patternText: '1-64 letters, digits, - or _' }),
    title: r.string(o.title, join(path, 'title'), { max: 200 }),
    sql: r.string(o.sql, join(path, 'sql'), { nonEmpty: true, max: 100_000 }),
    visual: readVisual(r, o.visual, join(path, 'visual')),
    unit: o.unit === undefined ? '' : r.string(o.unit, join(path, 'unit'), { max: 20 }),
    thresholds: o.thresholds === undefined ? [] : readThresholds(r, o.thresholds, join(path, 'thresholds')),
    grid: readGrid(r, o.grid, join(path, 'grid')),
  };
}

function readVariable(r: Reader, value: unknown, path: string): Variable {
  const o = r.object(value, path);
  r.knownKeys(o, ['name', 'label', 'source', 'multi', 'current'], path);
  const name = r.string(o.name, join(path, 'name'), {
    pattern: VARIABLE_NAME_PATTERN,
    patternText: 'a name of letters, digits and _ (not starting with a digit or "__")',
  });
  const label = o.label === undefined ? name : r.string(o.label, join(path, 'label'), { max: 100 });
  const sp = join(path, 'source');
  const so = r.object(o.source, sp);
  const kind = r.oneOf(so.kind, ['query', 'custom'] as const, join(sp, 'kind'));
  let source: Variable['source'];
  if (kind === 'query') {
    r.knownKeys(so, ['kind', 'sql'], sp);
    source = { kind, sql: r.string(so.sql, join(sp, 'sql'), { nonEmpty: true, max: 100_000 }) };
  } else {
    r.knownKeys(so, ['kind', 'values'], sp);
    source = { kind, values: r.array(so.values, join(sp, 'values')).map((v, i) => r.string(v, join(join(sp, 'values'), i))) };
  }
  const multi = o.multi === undefined ? false : r.boolean(o.multi, join(path, 'multi'));
  const current =
    o.current === undefined ? [] : r.array(o.current, join(path, 'current')).map((v, i) => r.string(v, join(join(path, 'current'), i)));
  if (!multi && current.length > 1) r.fail(join(path, 'current'), `holds ${current.length} values but the variable is not multi-value`);
  return { name, label, source, multi, current };
}

const DASHBOARD_KEYS = ['schemaVersion', 'id', 'title', 'time', 'refresh', 'live', 'variables', 'panels', 'updatedMs'] as const;

/** Reads a dashboard from untrusted data, or returns every problem found with its path. */
export function checkDashboard(value: unknown): { ok: true; dashboard: Dashboard } | { ok: false; issues: readonly ValidationIssue[] } {
  const r = new Reader();
  const o = r.object(value, '');
  if (o.schemaVersion !== DASHBOARD_SCHEMA_VERSION) {
    r.fail(
      'schemaVersion',
      `must be ${DASHBOARD_SCHEMA_VERSION} (this version of Tidemark reads dashboard model ${DASHBOARD_SCHEMA_VERSION}), got ${describeValue(o.schemaVersion)}`,
    );
  }
  r.knownKeys(o, DASHBOARD_KEYS, '');
  const panels = r.array(o.panels, 'panels').map((p, i) => readPanel(r, p, `panels[${i}]`));
  const variables = o.variables === undefined ? [] : r.array(o.variables, 'variables').map((v, i) => readVariable(r, v, `variables[${i}]`));
  const dashboard: Dashboard = {
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    id: r.string(o.id, 'id', { pattern: ID_PATTERN, patternText: '1-64 letters, digits, - or _' }),
    title: r.string(o.title, 'title', { nonEmpty: true, max: 200 }),
    time: readTime(r, o.time, 'time'),
    refresh: (o.refresh === undefined ? 'off' : r.oneOf(o.refresh, REFRESH_CHOICES, 'refresh')) as RefreshEvery,
    live: o.live === undefined ? false : r.boolean(o.live, 'live'),
    variables,
    panels,
    updatedMs: o.updatedMs === undefined ? 0 : r.number(o.updatedMs, 'updatedMs', { min: 0 }),
  };
  duplicates(
    r,
    panels.map((p) => p.id),
    (i) => `panels[${i}].id`,
    'panel id',
  );
  duplicates(
    r,
    variables.map((v) => v.name),
    (i) => `variables[${i}].name`,
    'variable name',
  );
  return r.issues.length === 0 ? { ok: true, dashboard } : { ok: false, issues: r.issues };
}

function duplicates(r: Reader, values: readonly string[], pathOf: (i: number) => string, what: string): void {
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const first = seen.get(v);
    if (first !== undefined) r.fail(pathOf(i), `repeats the ${what} ${JSON.stringify(v)} of ${pathOf(first)}`);
    else seen.set(v, i);
  });
}

/** Formats issues for a person: the first few, each as "path: message". */
export function describeIssues(issues: readonly ValidationIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((i) => `${i.path} ${i.message}`);
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Reads a dashboard from untrusted data; throws a VALIDATION TidemarkError naming every problem and where. */
export function parseDashboard(value: unknown, source = 'The dashboard'): Dashboard {
  const result = checkDashboard(value);
  if (result.ok) return result.dashboard;
  throw new TidemarkError('VALIDATION', `${source} is not valid: ${describeIssues(result.issues)}.`, {
    details: { issues: result.issues.map((i) => ({ ...i })) },
  });
}
