import { beforeAll, describe, expect, it } from 'vitest';
import {
  BEYOND_TSBS_QUERIES,
  TSBS_CPU_ONLY_QUERIES,
  type TsbsQueryParams,
  timestreamSql,
  tsbsQueryDrawer,
} from '../../../../bench/query/tsbs-queries.ts';
import { QueryBinder } from '../../../../src/engine/sql/binder/bind-query.ts';
import {
  keyComparisonsAgain,
  makePlanTemplate,
  newBindRecorder,
  type PlanTemplate,
  samePlan,
  specialise,
} from '../../../../src/engine/sql/binder/plan-template.ts';
import type { Token } from '../../../../src/engine/sql/lexer/tokens.ts';
import { lexForShape, parseStatementUncached } from '../../../../src/engine/sql/parser/parse.ts';
import type { PlanNode } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import type { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { ALL_CORPUS_QUERIES } from '../corpus.ts';
import { factsOf, type GeneratedTable } from '../differential/data/dataset.ts';
import { generateDevopsEvents, generateDevopsMulti } from '../differential/data/devops.ts';
import { loadIntoTidemark } from '../differential/data/load-tidemark.ts';
import { generateTsbsCpu, tsbsCpuAsMulti } from '../differential/data/tsbs-cpu.ts';
import { generateQueries } from '../differential/queries/generate-queries.ts';
import { Random } from '../differential/random.ts';

/**
 * The plan templates' exactness proof: for many statements (the parser corpus, the differential suite's
 * queries, the TSBS shapes with many draws) and many literal variations of each (fuzzed numbers, strings
 * and durations, out-of-range and ill-typed ones included), the plan specialised from a template must be
 * the plan the binder makes for the new text (spans into the new text included), and wherever the binder
 * raises an error the template must decline (so the binder runs and raises it, as without templates).
 */
const SEED = 20_240_101;
const NOW_MS = Date.UTC(2024, 0, 1, 0, 5, 0);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const VARIANTS = Number(process.env.TEMPLATE_VARIANTS ?? 12);

const tsbsCpu = generateTsbsCpu(SEED, 2, 10, NOW_MS - 30_000);
const tables: GeneratedTable[] = [
  tsbsCpu,
  generateDevopsMulti(SEED + 1, 1, 10, NOW_MS - 20_000),
  generateDevopsEvents(SEED + 2, 1, 10, NOW_MS - 20_000),
  tsbsCpuAsMulti(tsbsCpu),
];
const [cpu, devops, events, cpuMulti] = tables.map(factsOf) as [
  ReturnType<typeof factsOf>,
  ReturnType<typeof factsOf>,
  ReturnType<typeof factsOf>,
  ReturnType<typeof factsOf>,
];

let catalog: StorageSqlCatalog;
beforeAll(async () => {
  catalog = (await loadIntoTidemark(tables, NOW_MS, SEED)).catalog;
});

type Bound = { readonly plan: PlanNode } | { readonly error: TidemarkError };

/** The binder's own answer for `sql`: its plan or its error. */
function bindFresh(sql: string, now: bigint): Bound {
  try {
    const statement = parseStatementUncached(sql);
    if (statement.kind !== 'Query') return { error: new TidemarkError('INTERNAL', 'not a query') };
    return { plan: new QueryBinder({ catalog, sql, now }).bindQuery(statement, null) };
  } catch (error) {
    if (error instanceof TidemarkError) return { error };
    throw error;
  }
}

/** The template of `sql`'s bind, or undefined when it has none (an error, a statement templates do not follow). */
function templateOf(sql: string, now: bigint): PlanTemplate | undefined {
  let statement: ReturnType<typeof parseStatementUncached>;
  try {
    statement = parseStatementUncached(sql);
  } catch {
    return undefined;
  }
  if (statement.kind !== 'Query') return undefined;
  const recorder = newBindRecorder();
  let plan: PlanNode;
  try {
    plan = new QueryBinder({ catalog, sql, now, recorder }).bindQuery(statement, null);
  } catch {
    return undefined;
  }
  return makePlanTemplate(plan, recorder, sql, lexForShape(sql).tokens, catalog, now);
}

const LITERAL_KINDS = new Set(['string', 'number', 'duration']);

function sameShape(a: readonly Token[], b: readonly Token[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Token;
    const y = b[i] as Token;
    if (x.kind !== y.kind) return false;
    if (
      x.kind === 'number'
        ? x.numberKind !== y.numberKind
        : x.kind === 'duration'
          ? x.unit !== y.unit
          : x.kind === 'string'
            ? false
            : x.text !== y.text
    )
      return false;
  }
  return true;
}

const INTEGERS = ['0', '1', '2', '3', '5', '7', '59', '100', '2147483647', '2147483648', '9223372036854775807', '99999999999999999999'];
const DECIMALS = ['0.5', '1.0', '1.00', '90.0', '0.0', '12.25', '99999999999999999999.5'];
const DOUBLES = ['1e3', '1E0', '2.5e-3', '1e308', '1e309'];
const STRINGS = [
  '2024-01-01 00:00:00',
  '2023-12-31 23:59:00.5',
  '2024-01-01T00:02:00Z',
  '2024-01-01',
  '2023-13-45 99:00:00',
  'host_0',
  'host_1',
  'usage_user',
  'cpu',
  '',
  'x',
  '1',
  '2.5',
  'true',
  'UTC',
  '1 02:03:04',
  '3',
  "it's",
];
const DURATIONS = ['1', '15', '0', '1.5', '60', '0.0000000001', '24'];

/** A text of the same shape as `sql` with some literal tokens replaced (sometimes all strings alike, sometimes copies of each other). */
function variant(sql: string, tokens: readonly Token[], random: Random): string {
  const literals = tokens.filter((t) => LITERAL_KINDS.has(t.kind));
  if (literals.length === 0) return sql;
  const mode = random.int(0, 3);
  const shared = new Map<string, string>();
  let out = '';
  let at = 0;
  for (const token of literals) {
    let text = token.text;
    const change = mode === 0 || random.int(0, 2) > 0;
    if (change) {
      const key = `${token.kind}:${token.numberKind ?? token.unit ?? ''}`;
      const fresh = (): string => {
        if (token.kind === 'number')
          return random.pick(token.numberKind === 'integer' ? INTEGERS : token.numberKind === 'decimal' ? DECIMALS : DOUBLES);
        if (token.kind === 'duration') return `${random.pick(DURATIONS)}${token.text.replace(/^[\d.]+/, '')}`;
        const value = random.int(0, 3) === 0 ? (literals.find((l) => l.kind === 'string')?.value as string) : random.pick(STRINGS);
        return `'${value.replaceAll("'", "''")}'`;
      };
      // Mode 1: every literal of a kind gets the same new text (equal keys stay equal); otherwise each its own.
      text = mode === 1 ? (shared.get(key) ?? fresh()) : fresh();
      shared.set(key, text);
    }
    out += sql.slice(at, token.offset) + text;
    at = token.end;
  }
  return out + sql.slice(at);
}

interface Tally {
  statements: number;
  templated: number;
  specialised: number;
  declined: number;
  declinedOk: number;
}

/** Checks the template of `base` against the binder on `texts`; returns what happened. */
function check(base: string, texts: readonly string[], tally: Tally, nows: readonly bigint[] = [NOW]): void {
  tally.statements++;
  const template = templateOf(base, NOW);
  if (!template) return;
  tally.templated++;
  const baseTokens = lexForShape(base).tokens;
  for (const text of texts) {
    let tokens: readonly Token[];
    try {
      tokens = lexForShape(text).tokens;
    } catch {
      continue;
    }
    if (!sameShape(baseTokens, tokens)) continue;
    for (const now of nows) {
      const specialised = specialise(template, text, tokens, catalog, now);
      const fresh = bindFresh(text, now);
      if (specialised === undefined) {
        tally.declined++;
        if ('error' in fresh) tally.declinedOk++;
        continue;
      }
      tally.specialised++;
      if ('error' in fresh)
        throw new Error(`The template made a plan where the binder raises ${fresh.error.message}\n${base}\n-- for --\n${text}`);
      if (!samePlan(specialised, fresh.plan)) {
        throw new Error(
          `The specialised plan differs from the binder's\n${base}\n-- for --\n${text}\n${firstDifference(specialised, fresh.plan)}`,
        );
      }
    }
  }
}

/** Where two plans first differ, for the failure message. */
function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (samePlan(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object' && !(a instanceof Map)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  const show = (v: unknown) =>
    JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Map ? [...x] : x))?.slice(0, 300);
  return `${path}: ${show(a)} vs ${show(b)}`;
}

function variantsOf(sql: string, seed: number, count: number): string[] {
  const tokens = lexForShape(sql).tokens;
  const random = new Random(seed);
  return Array.from({ length: count }, () => variant(sql, tokens, random));
}

describe('plan templates give the binder plan for new literals, or decline', () => {
  it('on the TSBS shapes, both layouts, over many draws and fuzzed literals', () => {
    const tally: Tally = { statements: 0, templated: 0, specialised: 0, declined: 0, declinedOk: 0 };
    const draw = tsbsQueryDrawer({ hosts: 2, startMs: cpu.startMs, endMs: cpu.endMs + 3_600_000 * 24 });
    for (const query of [...TSBS_CPU_ONLY_QUERIES, ...BEYOND_TSBS_QUERIES]) {
      for (const layout of ['single', 'multi'] as const) {
        const table = layout === 'single' ? `"${cpu.database}"."${cpu.table}"` : `"${cpuMulti.database}"."${cpuMulti.table}"`;
        const render = (p: TsbsQueryParams) => timestreamSql(query.shape, p, table, layout);
        const draws = Array.from({ length: 20 }, () => render(draw(query.shape)));
        const base = draws[0] as string;
        check(base, [...draws.slice(1), ...variantsOf(base, SEED, VARIANTS)], tally, [NOW, NOW + 3_600_000_000_000n]);
      }
    }
    // Every TSBS shape is templated and its draws are served by the template.
    expect(tally.templated).toBe(tally.statements);
    expect(tally.specialised).toBeGreaterThan(tally.statements * 15);
  });

  it('on the differential suite’s queries and fuzzed literal variations of them', () => {
    const tally: Tally = { statements: 0, templated: 0, specialised: 0, declined: 0, declinedOk: 0 };
    const queries = generateQueries({ nowMs: NOW_MS, cpu, devops, events, cpuMulti }, SEED, Number(process.env.TEMPLATE_QUERIES ?? 400));
    queries.forEach((query, i) => {
      const sql = query.sql.render('tidemark');
      const others = variantsOf(sql, SEED + i, VARIANTS);
      // At the template's now and another (ago() and now() move the pushed time ranges).
      check(sql, others, tally, [NOW, NOW + 90_000_000_000n]);
      // And the other way round: a variant's template on the original text.
      if (others[0]) check(others[0], [sql], tally);
    });
    expect(tally.templated).toBeGreaterThan(tally.statements / 2);
    expect(tally.specialised).toBeGreaterThan(tally.statements);
    // The binder raised errors on some variants (out-of-range numbers, bad timestamps): the templates declined those.
    expect(tally.declinedOk).toBeGreaterThan(0);
  });

  it('on the parser corpus and fuzzed variations (most of its tables do not exist: the binder raises errors there and templates decline)', () => {
    const tally: Tally = { statements: 0, templated: 0, specialised: 0, declined: 0, declinedOk: 0 };
    ALL_CORPUS_QUERIES.forEach((sql, i) => {
      check(sql, variantsOf(sql, SEED + i, VARIANTS), tally);
    });
    expect(tally.statements).toBe(ALL_CORPUS_QUERIES.length);
  });
});

describe('plan templates and the keys the binder compared', () => {
  // Keys over literals that kept their values are taken as the template's; one whose literal changed is compared again.
  const table = () => `"${cpu.database}"."${cpu.table}"`;
  const grouped = (select: string, group: string, bound: string) =>
    `SELECT bin(time, ${select}) AS b, max(measure_value::double) FROM ${table()} WHERE time >= '${bound}' GROUP BY bin(time, ${group})`;

  it('follows new literals elsewhere while the keys keep theirs', () => {
    const base = grouped('1h', '1h', '2023-12-31 00:00:00');
    const template = templateOf(base, NOW) as PlanTemplate;
    expect(template).toBeDefined();
    const text = grouped('1h', '1h', '2023-12-31 12:00:00');
    const specialised = specialise(template, text, lexForShape(text).tokens, catalog, NOW);
    const fresh = bindFresh(text, NOW);
    expect(specialised).toBeDefined();
    expect('plan' in fresh && samePlan(specialised, fresh.plan)).toBe(true);
  });

  it('takes a key as the template’s when its only other literal is the NULL of a CASE without ELSE', () => {
    // The implicit ELSE NULL is cast to the result's type: a literal with no token, so it cannot change.
    const pivot = (bound: string) =>
      `SELECT bin(time, 1h) AS b, avg(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END) AS u, avg(CASE WHEN measure_name = 'usage_system' THEN measure_value::double ELSE NULL END) AS s FROM ${table()} WHERE time >= '${bound}' GROUP BY 1`;
    const template = templateOf(pivot('2023-12-31 00:00:00'), NOW) as PlanTemplate;
    expect(template).toBeDefined();
    const text = pivot('2023-12-31 12:00:00');
    const before = keyComparisonsAgain();
    const specialised = specialise(template, text, lexForShape(text).tokens, catalog, NOW);
    expect(keyComparisonsAgain()).toBe(before);
    const fresh = bindFresh(text, NOW);
    expect(specialised).toBeDefined();
    expect('plan' in fresh && samePlan(specialised, fresh.plan)).toBe(true);
    // A changed key literal still has the keys compared again.
    const other = pivot('2023-12-31 12:00:00').replace("'usage_user'", "'usage_idle'");
    specialise(template, other, lexForShape(other).tokens, catalog, NOW);
    expect(keyComparisonsAgain()).toBe(before + 1);
  });

  it('declines when a key literal changes so that keys the binder matched no longer match', () => {
    const template = templateOf(grouped('1h', '1h', '2023-12-31 00:00:00'), NOW) as PlanTemplate;
    const text = grouped('2h', '1h', '2023-12-31 00:00:00');
    // The binder rejects it (the select's bin is not the grouped one): the template must not make a plan.
    expect('error' in bindFresh(text, NOW)).toBe(true);
    expect(specialise(template, text, lexForShape(text).tokens, catalog, NOW)).toBeUndefined();
  });

  it('makes the binder plan when every key literal changes alike', () => {
    const template = templateOf(grouped('1h', '1h', '2023-12-31 00:00:00'), NOW) as PlanTemplate;
    const text = grouped('2h', '2h', '2023-12-31 00:00:00');
    const specialised = specialise(template, text, lexForShape(text).tokens, catalog, NOW);
    const fresh = bindFresh(text, NOW);
    expect(specialised).toBeDefined();
    expect('plan' in fresh && samePlan(specialised, fresh.plan)).toBe(true);
  });
});

describe('plan templates and the text before the first change', () => {
  // Expressions whose tokens all end before the first character a new text changes are the template's own.
  const table = () => `"${cpu.database}"."${cpu.table}"`;
  const text = (host: string, above: string) =>
    `SELECT count(*), max(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END) FROM ${table()} WHERE hostname = '${host}' AND measure_value::double > ${above}`;

  it('looks again at a literal that a new text continues past the end the template’s had', () => {
    const tally: Tally = { statements: 0, templated: 0, specialised: 0, declined: 0, declinedOk: 0 };
    // The string goes on after a doubled quote; the number gets another digit; both right where the template's ended.
    check(text('host_0', '12'), [text("host_0''x", '12'), text('host_0', '123'), text('host_0', '1'), text('host_01', '12')], tally);
    expect(tally.templated).toBe(1);
    expect(tally.specialised).toBe(4);
  });

  it('keeps the template’s expressions before the first change', () => {
    const template = templateOf(text('host_0', '12'), NOW) as PlanTemplate;
    expect(template).toBeDefined();
    const later = text('host_0', '13');
    const specialised = specialise(template, later, lexForShape(later).tokens, catalog, NOW);
    const aggregates = (plan: PlanNode | undefined): unknown[] => {
      for (let n = plan; n; n = 'input' in n ? n.input : undefined) if (n.kind === 'Aggregate') return [...n.aggregates];
      return [];
    };
    const own = aggregates(template.plan);
    expect(own).toHaveLength(2);
    for (const [i, a] of aggregates(specialised).entries()) expect(a).toBe(own[i]);
  });
});
