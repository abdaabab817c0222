import type { SourceSpan } from '../ast/nodes.ts';
import type { SqlCatalog } from '../catalog.ts';
import { commonPrefix } from '../lexer/relex.ts';
import { type Token, tokenOffsets } from '../lexer/tokens.ts';
import { type BoundExpression, boundChildren, expressionKey, someNode } from '../plan/bound-expression.ts';
import type { BoundAggregate, BoundWindowFunction, PlanNode, SortKey } from '../plan/plan-nodes.ts';
import { planChildren, planExpressions } from '../plan/plan-walk.ts';
import { T, typeEquals } from '../types/sql-type.ts';
import { CastError, castValue } from '../values/cast.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { planAggregatePushdown, withTopBuckets } from './aggregate-pushdown.ts';
import { countValue, whereFilter } from './bind-query.ts';
import type { BindRecorder, DecidingKey, LiteralNode, LiteralProvenance } from './bind-recorder.ts';
import { durationLiteralNanos, intervalLiteralValue, numberLiteralValue } from './literals.ts';
import { emptyPushdown } from './scan-pushdown.ts';

/**
 * A bound plan kept for its statement shape (same tokens but for the literals' values), and what it
 * takes to make the plan for other literal values without binding again: `specialise`.
 *
 * Why that is exact. The binder reads a literal's value in few places, and the recorder notes each:
 * (1) a bound literal holds a token's value, read as the syntax node reads it (numberLiteralValue and
 * friends), possibly cast by `coerce`: the value is recomputed by the same functions, and a value whose
 * type would change (an integer that no longer fits 32 bits) or that would fail (out of range, a cast
 * error) sends the statement to the binder, which raises the same error it always did; (2) ordinals
 * (ORDER BY 1) and any literal token no bound literal came from are structure: their values must stay
 * what they were; (3) the binder matches GROUP BY keys, shares aggregates and matches ORDER BY keys by
 * comparing expression keys, which hold literal values: every key it compared is recomputed and the
 * pattern of equal keys must be the same (then every such decision is); (4) what it derived from
 * literals (scan pushdowns and their enforced conjuncts, aggregate pushdowns, LIMIT counts and top
 * buckets) is derived again by the same functions from the specialised plan, in the binder's order
 * (children first), with the new `now`. Spans are rebuilt from the new text's tokens. Anything else
 * the recorder does not follow (AT TIME ZONE, a literal error the binder swallowed) leaves the shape
 * untemplated. The template's own literals run through `specialise` once when it is made, and must give
 * back the plan the binder made, or the template is dropped.
 */
export interface PlanTemplate {
  readonly plan: PlanNode;
  /** The text the template was bound from. */
  readonly sql: string;
  /**
   * Per expression of the plan (and of the keys the binder compared), where in the template's text the last token
   * its value or any span in it comes from ends (Infinity when it is rebuilt whatever the text: a subquery, a literal
   * whose value is an object): an expression whose tokens all end before a new text's first change is the template's own.
   */
  readonly reach: ReadonlyMap<BoundExpression, number>;
  /** Literal syntax nodes and their token's index. */
  readonly sites: ReadonlyMap<LiteralNode, number>;
  /** Tokens whose values must be what they were, and those values. */
  readonly pinned: readonly { readonly token: number; readonly value: unknown }[];
  readonly provenance: ReadonlyMap<BoundExpression, LiteralProvenance>;
  /** Token index by start offset and by end offset in the template's text, to rebuild spans. */
  readonly byStart: ReadonlyMap<number, number>;
  readonly byEnd: ReadonlyMap<number, number>;
  readonly keys: readonly DecidingKey[];
  /** Per deciding key, the index of the first key equal to it. */
  readonly keyClasses: readonly number[];
  /**
   * Per deciding key, the literals in it that came from tokens (null when it holds a subquery, whose key never
   * equals another's): the key is the template's when each of them kept its value.
   */
  readonly keyLiterals: readonly (readonly BoundExpression[] | null)[];
  readonly whereFilters: ReadonlySet<PlanNode>;
  readonly limits: BindRecorder['limits'];
}

const LITERAL_TOKEN_KINDS: ReadonlySet<Token['kind']> = new Set(['string', 'number', 'duration']);

/** The field of a literal node that holds its token's value, and that token's kind. */
const VALUE_FIELD: Readonly<Record<LiteralNode['kind'], { readonly field: string; readonly token: Token['kind'] }>> = {
  NumberLiteral: { field: 'text', token: 'number' },
  StringLiteral: { field: 'value', token: 'string' },
  DurationLiteral: { field: 'amount', token: 'duration' },
  TypedLiteral: { field: 'value', token: 'string' },
  IntervalLiteral: { field: 'value', token: 'string' },
};

export function newBindRecorder(): BindRecorder {
  return {
    provenance: new Map(),
    pinned: new Set(),
    keys: [],
    whereFilters: new Set(),
    limits: new Map(),
    unsafe: undefined,
    literalErrors: 0,
  };
}

let keysComparedAgain = 0;

/** How many specialisations had to compare the binder's keys again (some key held a literal whose value changed), for tests. */
export function keyComparisonsAgain(): number {
  return keysComparedAgain;
}

/** Thrown while specialising when the new literals need the binder (a value that fails or changes type, a changed decision). */
class NeedsBinder extends Error {}

/**
 * The template of a successful bind (its plan and what the recorder saw, over `tokens`), or undefined
 * when the bind did something with literals that templates do not follow.
 */
export function makePlanTemplate(
  plan: PlanNode,
  recorder: BindRecorder,
  sql: string,
  tokens: readonly Token[],
  catalog: SqlCatalog,
  now: bigint,
): PlanTemplate | undefined {
  if (recorder.unsafe !== undefined || recorder.literalErrors > 0) return undefined;
  const { byStart, byEnd } = tokenOffsets(tokens);
  const sites = new Map<LiteralNode, number>();
  for (const provenance of recorder.provenance.values()) {
    if (provenance.kind !== 'token' || sites.has(provenance.node)) continue;
    const token = siteToken(provenance.node, tokens, byStart, byEnd);
    if (token === undefined) return undefined;
    sites.set(provenance.node, token);
  }
  const free = new Set(sites.values());
  for (const node of recorder.pinned) {
    const at = byStart.get(node.span.start);
    if (at !== undefined) free.delete(at);
  }
  const pinned: { token: number; value: unknown }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (LITERAL_TOKEN_KINDS.has(token.kind) && !free.has(i)) pinned.push({ token: i, value: token.value });
  }
  const template: PlanTemplate = {
    plan,
    sql,
    reach: reachOf(plan, recorder),
    sites,
    pinned,
    provenance: recorder.provenance,
    byStart,
    byEnd,
    keys: recorder.keys,
    keyClasses: [],
    keyLiterals: recorder.keys.map((key) => keyLiterals(key, recorder.provenance)),
    whereFilters: recorder.whereFilters,
    limits: recorder.limits,
  };
  const classes = keyClasses(recorder.keys, (e) => e);
  const made: PlanTemplate = { ...template, keyClasses: classes };
  // The template's own literals must give back the binder's plan.
  const again = specialiseFrom(made, tokens, catalog, now, -Infinity);
  if (again === undefined || !samePlan(again, plan)) return undefined;
  return made;
}

/** The token a literal node's value came from (as the statement cache finds it), checked to hold that value. */
function siteToken(
  node: LiteralNode,
  tokens: readonly Token[],
  byStart: ReadonlyMap<number, number>,
  byEnd: ReadonlyMap<number, number>,
): number | undefined {
  const start = byStart.get(node.span.start);
  const end = byEnd.get(node.span.end);
  if (start === undefined || end === undefined) return undefined;
  let at: number | undefined = start;
  if (node.kind === 'TypedLiteral') at = end;
  else if (node.kind === 'IntervalLiteral') {
    at = undefined;
    for (let i = start; i <= end; i++)
      if ((tokens[i] as Token).kind === 'string') {
        at = i;
        break;
      }
    if (at === undefined) return undefined;
  }
  const token = tokens[at] as Token;
  const { field, token: kind } = VALUE_FIELD[node.kind];
  if (token.kind !== kind || token.value !== (node as unknown as Record<string, unknown>)[field]) return undefined;
  return at;
}

/** {@link PlanTemplate.reach} of every expression of `plan` and of the recorder's keys and LIMIT counts. */
function reachOf(plan: PlanNode, recorder: BindRecorder): Map<BoundExpression, number> {
  const reach = new Map<BoundExpression, number>();
  const expr = (e: BoundExpression): number => {
    const known = reach.get(e);
    if (known !== undefined) return known;
    let last = -1;
    if (e.kind === 'Subquery' || (e.kind === 'Literal' && typeof e.value === 'object' && e.value !== null)) last = Infinity;
    else if (e.kind === 'Literal') {
      const provenance = recorder.provenance.get(e);
      // The literal's syntax node ends at (or, for INTERVAL '1' DAY, after) the token its value comes from.
      if (provenance?.kind === 'token') last = provenance.node.span.end;
      else if (provenance?.kind === 'cast') last = expr(provenance.from);
    } else for (const child of boundChildren(e)) last = Math.max(last, expr(child));
    // A span ends at a token's end (and starts before it): it moves only if a token up to there does.
    if ((e.kind === 'Call' || e.kind === 'Cast') && e.span) last = Math.max(last, e.span.end);
    reach.set(e, last);
    return last;
  };
  const node = (n: PlanNode): void => {
    for (const e of planExpressions(n)) expr(e);
    const counts = recorder.limits.get(n);
    if (counts?.offset) expr(counts.offset);
    if (counts?.limit) expr(counts.limit);
    for (const child of planChildren(n)) node(child);
  };
  node(plan);
  for (const key of recorder.keys) {
    if (key.kind === 'expr') expr(key.expr);
    else for (const e of key.aggregate.filter ? [...key.aggregate.args, key.aggregate.filter] : key.aggregate.args) expr(e);
  }
  return reach;
}

/**
 * Where the tokens of `sql` (a text of the template's shape) that are surely the template's end: a token ending at
 * least three characters before the first character the texts differ in is the template's (the same value and
 * place), since the lexer reads at most two characters past a token's end (see relex.ts).
 */
function settledEnd(template: PlanTemplate, sql: string): number {
  return commonPrefix(template.sql, sql) - 3;
}

/** The literals of a deciding key that have a provenance, or null when it holds a subquery. */
function keyLiterals(key: DecidingKey, provenance: ReadonlyMap<BoundExpression, LiteralProvenance>): BoundExpression[] | null {
  const found: BoundExpression[] = [];
  const visit = (e: BoundExpression): boolean => {
    if (e.kind === 'Subquery') return true;
    if (e.kind === 'Literal' && provenance.has(e)) found.push(e);
    return false;
  };
  const exprs =
    key.kind === 'expr' ? [key.expr] : key.aggregate.filter ? [...key.aggregate.args, key.aggregate.filter] : key.aggregate.args;
  for (const e of exprs) if (someNode(e, visit)) return null;
  return found;
}

/** Per key, the index of the first key equal to it. */
function keyClasses(keys: readonly DecidingKey[], map: (e: BoundExpression) => BoundExpression): number[] {
  const first = new Map<string, number>();
  const out: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as DecidingKey;
    let text: string;
    if (key.kind === 'expr') text = `e${expressionKey(map(key.expr))}`;
    else {
      const a = key.aggregate;
      // The binder's aggregate key (bind-query.ts), over the mapped expressions.
      text = `a${a.name}|${a.distinct}|${a.args.map((e) => expressionKey(map(e))).join(',')}|${a.filter ? expressionKey(map(a.filter)) : ''}`;
    }
    let index = first.get(text);
    if (index === undefined) {
      index = i;
      first.set(text, i);
    }
    out.push(index);
  }
  return out;
}

/**
 * The plan the binder would make for `sql` (a text of the template's shape, its tokens `tokens`) against
 * `catalog` at `now`, or undefined when these literals need the binder itself (which then raises its own errors).
 * Every plan node of the result is new; an expression none of whose literals changed is the template's own
 * (bound expressions are immutable), and so is a span the new text puts at the same place.
 */
export function specialise(
  template: PlanTemplate,
  sql: string,
  tokens: readonly Token[],
  catalog: SqlCatalog,
  now: bigint,
): PlanNode | undefined {
  return specialiseFrom(template, tokens, catalog, now, settledEnd(template, sql));
}

/**
 * {@link specialise}, taking the expressions whose tokens all end by offset `settled` as the template's own without
 * looking into them (-Infinity: every expression is looked into, as the check of a new template does).
 */
function specialiseFrom(
  template: PlanTemplate,
  tokens: readonly Token[],
  catalog: SqlCatalog,
  now: bigint,
  settled: number,
): PlanNode | undefined {
  for (const { token, value } of template.pinned) if ((tokens[token] as Token).value !== value) return undefined;
  const memo = new Map<object, unknown>();
  const reach = template.reach;

  // The template's own span when the new text's tokens put it at the same place (the usual case: literals of
  // one length), so an expression whose parts are all the template's can be the template's itself.
  const span = (s: SourceSpan): SourceSpan => {
    const start = template.byStart.get(s.start);
    const end = template.byEnd.get(s.end);
    if (start === undefined || end === undefined) throw new NeedsBinder();
    const first = tokens[start] as Token;
    const last = (tokens[end] as Token).end;
    if (first.offset === s.start && last === s.end && first.line === s.line && first.column === s.column) return s;
    return { start: first.offset, end: last, line: first.line, column: first.column };
  };

  // Template literals whose token (through any casts) has the template's value: the same functions give the same
  // value, so the template's literal itself is taken (when its value is a primitive) without reading the text again.
  const unchanged = new Set<BoundExpression>();
  const same = (e: Extract<BoundExpression, { kind: 'Literal' }>): BoundExpression | undefined => {
    if (typeof e.value === 'object' && e.value !== null) return undefined;
    unchanged.add(e);
    return e;
  };

  const literalValue = (e: Extract<BoundExpression, { kind: 'Literal' }>): BoundExpression => {
    const provenance = template.provenance.get(e);
    if (provenance === undefined)
      return typeof e.value === 'object' && e.value !== null ? { kind: 'Literal', value: e.value, type: e.type } : e;
    if (provenance.kind === 'cast') {
      const from = expr(provenance.from) as Extract<BoundExpression, { kind: 'Literal' }>;
      // The source came back as itself: its token kept the template's value, or it has none (the NULL of a CASE
      // without ELSE, a keyword's value: structure, which cannot change).
      const kept = from === provenance.from || !template.provenance.has(provenance.from) ? same(e) : undefined;
      if (kept) return kept;
      let value: SqlValue;
      try {
        value = castValue(from.value, from.type, provenance.type);
      } catch (error) {
        if (!(provenance.safe && error instanceof CastError)) throw new NeedsBinder();
        value = null;
      }
      return { kind: 'Literal', value, type: provenance.type };
    }
    const node = provenance.node;
    const site = template.sites.get(node);
    if (site === undefined) throw new NeedsBinder();
    const text = (tokens[site] as Token).value as string;
    if (text === (node as unknown as Record<string, unknown>)[VALUE_FIELD[node.kind].field]) {
      const kept = same(e);
      if (kept) return kept;
    }
    let value: { value: SqlValue; type: typeof e.type } | null;
    switch (node.kind) {
      case 'StringLiteral':
      case 'TypedLiteral':
        value = { value: text, type: T.varchar };
        break;
      case 'NumberLiteral':
        value = numberLiteralValue({ ...node, text });
        break;
      case 'DurationLiteral': {
        const nanos = durationLiteralNanos({ ...node, amount: text });
        value = nanos === null ? null : { value: nanos, type: T.intervalDayToSecond };
        break;
      }
      case 'IntervalLiteral':
        value = intervalLiteralValue({ ...node, value: text });
        break;
    }
    if (value === null || !typeEquals(value.type, e.type)) throw new NeedsBinder();
    return { kind: 'Literal', value: value.value, type: e.type };
  };

  const exprs = (list: readonly BoundExpression[]): BoundExpression[] => list.map(expr);
  const sameOr = (list: readonly BoundExpression[]): readonly BoundExpression[] => sameItemsOr(list, expr);

  // Expressions are never changed once bound (nor are plans): one whose parts all came back as the template's is
  // the template's own, shared by every plan made from it; only the path to a changed literal is new.
  function expr(e: BoundExpression): BoundExpression {
    if ((reach.get(e) ?? Infinity) <= settled) return e;
    const known = memo.get(e);
    if (known !== undefined) return known as BoundExpression;
    let out: BoundExpression;
    switch (e.kind) {
      case 'Column':
      case 'OuterColumn':
      case 'LambdaParam':
        out = e;
        break;
      case 'Literal':
        out = literalValue(e);
        break;
      case 'Call': {
        const args = sameOr(e.args);
        const at = e.span ? span(e.span) : undefined;
        out = args === e.args && at === e.span ? e : at ? { ...e, args, span: at } : { ...e, args };
        break;
      }
      case 'Cast': {
        const value = expr(e.value);
        const at = e.span ? span(e.span) : undefined;
        out = value === e.value && at === e.span ? e : at ? { ...e, value, span: at } : { ...e, value };
        break;
      }
      case 'And':
      case 'Or':
      case 'Coalesce': {
        const args = sameOr(e.args);
        out = args === e.args ? e : { ...e, args };
        break;
      }
      case 'Not':
      case 'IsNull':
      case 'Try': {
        const arg = expr(e.arg);
        out = arg === e.arg ? e : { ...e, arg };
        break;
      }
      case 'IsDistinctFrom': {
        const left = expr(e.left);
        const right = expr(e.right);
        out = left === e.left && right === e.right ? e : { ...e, left, right };
        break;
      }
      case 'Case': {
        let changed = false;
        const whens = e.whens.map((w) => {
          const condition = expr(w.condition);
          const result = expr(w.result);
          if (condition === w.condition && result === w.result) return w;
          changed = true;
          return { condition, result };
        });
        const otherwise = expr(e.else);
        out = !changed && otherwise === e.else ? e : { ...e, whens, else: otherwise };
        break;
      }
      case 'InList': {
        const value = expr(e.value);
        const list = sameOr(e.list);
        out = value === e.value && list === e.list ? e : { ...e, value, list };
        break;
      }
      case 'Lambda': {
        const body = expr(e.body);
        out = body === e.body ? e : { ...e, body };
        break;
      }
      case 'Subquery': {
        const copy: { -readonly [K in keyof typeof e]: (typeof e)[K] } = { ...e, plan: node(e.plan) };
        if (e.value) copy.value = expr(e.value);
        if (e.span) copy.span = span(e.span);
        out = copy;
        break;
      }
    }
    memo.set(e, out);
    return out;
  }

  const aggregate = (a: BoundAggregate): BoundAggregate => {
    const args = sameOr(a.args);
    const filter = a.filter ? expr(a.filter) : undefined;
    if (args === a.args && filter === a.filter) return a;
    return filter ? { ...a, args, filter } : { ...a, args };
  };
  const sortKey = (k: SortKey): SortKey => {
    const e = expr(k.expr);
    return e === k.expr ? k : { ...k, expr: e };
  };
  const frameBound = (b: BoundWindowFunction['frame']['start']) => (b.offset ? { ...b, offset: expr(b.offset) } : { ...b });
  const windowFunction = (f: BoundWindowFunction): BoundWindowFunction => ({
    ...f,
    args: exprs(f.args),
    partitionBy: exprs(f.partitionBy),
    orderBy: f.orderBy.map(sortKey),
    frame: { unit: f.frame.unit, start: frameBound(f.frame.start), end: frameBound(f.frame.end) },
  });

  function node(n: PlanNode): PlanNode {
    const known = memo.get(n);
    if (known !== undefined) return known as PlanNode;
    let out: PlanNode;
    switch (n.kind) {
      case 'Scan':
        // Pushdowns come from the WHERE filter above, derived again there.
        out = { ...n, pushdown: emptyPushdown() };
        break;
      case 'Values':
        out = { ...n, rows: n.rows.map(exprs) };
        break;
      case 'Filter': {
        const input = node(n.input);
        const predicate = expr(n.predicate);
        if (template.whereFilters.has(n)) out = whereFilter(input, predicate, catalog, now);
        else out = { ...n, input, predicate };
        break;
      }
      case 'Project':
        out = { ...n, input: node(n.input), exprs: sameOr(n.exprs) };
        break;
      case 'Aggregate': {
        // One copy, its pushdown derived again (planAggregatePushdown reads the input, keys and aggregates only);
        // the object rest that drops the template's is taken only when the new literals push nothing down.
        const copy: { -readonly [K in keyof typeof n]: (typeof n)[K] } = {
          ...n,
          input: node(n.input),
          groupBy: sameOr(n.groupBy),
          aggregates: sameItemsOr(n.aggregates, aggregate),
        };
        const pushdown = planAggregatePushdown(copy, catalog, now);
        if (pushdown) copy.pushdown = pushdown;
        else if (copy.pushdown !== undefined) {
          const { pushdown: _old, ...rest } = copy;
          out = rest;
          break;
        }
        out = copy;
        break;
      }
      case 'Window':
        out = { ...n, input: node(n.input), functions: n.functions.map(windowFunction) };
        break;
      case 'Sort':
        out = { ...n, input: node(n.input), keys: sameItemsOr(n.keys, sortKey) };
        break;
      case 'Limit': {
        const counts = template.limits.get(n);
        if (!counts) throw new NeedsBinder();
        const offset = counts.offset ? countValue(expr(counts.offset), now) : 0;
        const limit = counts.limit ? countValue(expr(counts.limit), now) : null;
        if (offset === undefined || limit === undefined) throw new NeedsBinder();
        out = withTopBuckets({ kind: 'Limit', input: node(n.input), offset, limit, output: n.output });
        break;
      }
      case 'Distinct':
        out = { ...n, input: node(n.input) };
        break;
      case 'Join': {
        const join: { -readonly [K in keyof typeof n]: (typeof n)[K] } = {
          ...n,
          left: node(n.left),
          right: node(n.right),
          equiKeys: n.equiKeys.map((k) => ({ left: expr(k.left), right: expr(k.right), type: k.type })),
        };
        if (n.residual) join.residual = expr(n.residual);
        out = join;
        break;
      }
      case 'SetOperation':
        out = { ...n, left: node(n.left), right: node(n.right) };
        break;
      case 'Unnest':
        out = { ...n, input: node(n.input), args: exprs(n.args) };
        break;
    }
    memo.set(n, out);
    return out;
  }

  // Whether a key reads only literals that kept their values: its specialised copy then has the template's key
  // (expressionKey reads no span), so keys made of such alone keep the template's classes. A subquery's key is
  // never equal to another's: one is compared the long way.
  const fixedKey = (literals: readonly BoundExpression[] | null): boolean =>
    literals?.every((e) => unchanged.has(e) || (reach.get(e) ?? Infinity) <= settled) ?? false;

  try {
    const plan = node(template.plan);
    // Keys over literals that kept their values are the template's: their pattern of equal keys is too.
    if (template.keyLiterals.every(fixedKey)) return plan;
    // Every key the binder compared, compared again over the new literals: the same pattern of equal keys.
    keysComparedAgain++;
    const classes = keyClasses(template.keys, expr);
    for (let i = 0; i < classes.length; i++) if (classes[i] !== template.keyClasses[i]) return undefined;
    return plan;
  } catch (error) {
    if (error instanceof NeedsBinder) return undefined;
    throw error;
  }
}

/** `list` with `f` applied to each item, or `list` itself when each came back as itself. */
function sameItemsOr<T>(list: readonly T[], f: (item: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i] as T;
    const y = f(x);
    if (y !== x && out === undefined) out = list.slice(0, i);
    out?.push(y);
  }
  return out ?? list;
}

/**
 * Whether two plans are the same: equal values everywhere (maps and typed arrays by content, numbers by
 * Object.is), except that functions (the implementations' closures, made afresh by each resolve) compare
 * by their source.
 */
export function samePlan(a: unknown, b: unknown): boolean {
  return sameValue(a, b, new Map());
}

function sameValue(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === 'function') return String(a) === String(b);
  if (typeof a !== 'object') return false;
  const x = a as object;
  const y = b as object;
  if (seen.get(x) === y) return true;
  seen.set(x, y);
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const xs = x as ArrayLike<unknown>;
    const ys = y as ArrayLike<unknown>;
    if (xs.length !== ys.length) return false;
    for (let i = 0; i < xs.length; i++) if (!sameValue(xs[i], ys[i], seen)) return false;
    return true;
  }
  if (x instanceof Map) {
    const ym = y as Map<unknown, unknown>;
    if (x.size !== ym.size) return false;
    const xe = [...x.entries()];
    const ye = [...ym.entries()];
    for (let i = 0; i < xe.length; i++) {
      if (!sameValue(xe[i]?.[0], ye[i]?.[0], seen) || !sameValue(xe[i]?.[1], ye[i]?.[1], seen)) return false;
    }
    return true;
  }
  if (x instanceof Set) {
    return sameValue([...x], [...(y as Set<unknown>)], seen);
  }
  const xk = Object.keys(x);
  const yk = Object.keys(y);
  if (xk.length !== yk.length) return false;
  const record = y as Record<string, unknown>;
  for (const key of xk) {
    if (!Object.hasOwn(y, key)) return false;
    if (!sameValue((x as Record<string, unknown>)[key], record[key], seen)) return false;
  }
  return true;
}
