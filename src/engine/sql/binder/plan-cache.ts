import type { Query } from '../ast/nodes.ts';
import type { SqlCatalog } from '../catalog.ts';
import type { Token } from '../lexer/tokens.ts';
import type { StatementShape } from '../parser/statement-cache.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';
import { QueryBinder, type QueryBinderOptions } from './bind-query.ts';
import { makePlanTemplate, newBindRecorder, type PlanTemplate, specialise } from './plan-template.ts';

/**
 * Plan templates by statement shape (the statement cache's handle, so they go when their shape is
 * forgotten) and by everything else binding reads: the catalog's owner and binding version and the
 * default database. The query's `now` is not part of the key: what depends on it is derived again.
 */
interface Kept {
  readonly owner: object;
  readonly version: number;
  readonly defaultDatabase: string | undefined;
  readonly template: PlanTemplate;
  /**
   * Whether `finish` changed a plan made from this template (it is asked once): what it changes (the columns a
   * scan reads) follows the plan's structure, which every plan of the template shares, so a template whose
   * first plan it left alone skips it from then on.
   */
  finishes?: boolean;
}

const kept = new WeakMap<StatementShape, Kept[]>();
/** Templates kept per shape (several catalogs, or a catalog's versions): the newest few. */
const PER_SHAPE = 2;
let hits = 0;
let made = 0;

/**
 * The plan of a text `sql` of shape `shape` (its tokens `tokens`) from a template kept for it, or undefined
 * when none is kept for this catalog's version and default database or these literals need the binder.
 */
export function templatedPlan(
  shape: StatementShape,
  sql: string,
  tokens: readonly Token[],
  catalog: SqlCatalog,
  defaultDatabase: string | undefined,
  now: bigint,
  finish?: (plan: PlanNode) => PlanNode,
): PlanNode | undefined {
  const list = kept.get(shape);
  if (list === undefined) return undefined;
  const version = catalog.bindingVersion?.();
  if (version === undefined) return undefined;
  for (const entry of list) {
    if (entry.owner !== version.owner || entry.version !== version.version || entry.defaultDatabase !== defaultDatabase) continue;
    let plan: PlanNode | undefined;
    try {
      plan = specialise(entry.template, sql, tokens, catalog, now);
    } catch {
      // Whatever went wrong (out of stack on a deep plan, say), the binder answers as if nothing were kept.
      return undefined;
    }
    if (plan === undefined) return undefined;
    hits++;
    if (finish === undefined || entry.finishes === false) return plan;
    const finished = finish(plan);
    entry.finishes = finished !== plan;
    return finished;
  }
  return undefined;
}

/**
 * Binds a query; when its shape is remembered and the catalog has a binding version, and no template
 * for them is kept yet, the bind is recorded and kept as a template for the next texts of that shape.
 */
export function bindQueryKeepingTemplate(
  options: QueryBinderOptions,
  query: Query,
  shape: StatementShape | undefined,
  tokens: readonly Token[],
): PlanNode {
  const version = shape === undefined ? undefined : options.catalog.bindingVersion?.();
  if (shape === undefined || version === undefined) return new QueryBinder(options).bindQuery(query, null);
  const list = kept.get(shape) ?? [];
  const defaultDatabase = options.defaultDatabase;
  // A template for this catalog version that these literals could not use: bind as ever, without recording again.
  if (list.some((e) => e.owner === version.owner && e.version === version.version && e.defaultDatabase === defaultDatabase))
    return new QueryBinder(options).bindQuery(query, null);
  const recorder = newBindRecorder();
  const plan = new QueryBinder({ ...options, recorder }).bindQuery(query, null);
  let template: PlanTemplate | undefined;
  try {
    template = makePlanTemplate(plan, recorder, options.sql, tokens, options.catalog, options.now);
  } catch {
    // Out of stack on a very deep plan, say: simply not kept (the bind itself succeeded).
    template = undefined;
  }
  if (template !== undefined) {
    made++;
    const next = [
      ...list.filter((e) => e.owner !== version.owner || e.version === version.version),
      { ...version, defaultDatabase, template },
    ];
    kept.set(shape, next.slice(-PER_SHAPE));
  }
  return plan;
}

/** How many templates were made and how many plans came from one, for tests. */
export function planTemplateStatistics(): { made: number; hits: number } {
  return { made, hits };
}
