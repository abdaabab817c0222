import type { Expression, FunctionCall, GroupingElement, Identifier, Query, QueryBody, SelectQuery, SortItem } from '../ast/nodes.ts';
import type { SqlCatalog } from '../catalog.ts';
import { columnRoles, dimensionNames } from '../column-roles.ts';
import { lookupFunction } from '../functions/index.ts';
import { type BoundExpression, expressionKey } from '../plan/bound-expression.ts';
import type { BoundAggregate, BoundFrame, BoundWindowFunction, PlanColumn, PlanNode, SortKey } from '../plan/plan-nodes.ts';
import { commonSuperType } from '../types/coercion.ts';
import { formatType, isOrderable, T } from '../types/sql-type.ts';
import { exactConjunct, planAggregatePushdown, withTopBuckets } from './aggregate-pushdown.ts';
import { findAggregateAndWindowCalls } from './ast-walk.ts';
import { type ClauseHooks, calledName, ExpressionBinder, literal } from './bind-expression.ts';
import type { BindRecorder } from './bind-recorder.ts';
import { bindRelation, type CommonTable, SINGLE_ROW } from './bind-relation.ts';
import { evaluateConstant } from './constant.ts';
import { pushIntoJoinScans } from './join-pushdown.ts';
import { extractPushdown, valueFilterOf } from './scan-pushdown.ts';
import { Scope } from './scope.ts';
import { atSpan, semanticError } from './semantic-error.ts';

/** What binding a query needs: the catalog, the SQL text (for error excerpts), the query's `now`. */
export interface QueryBinderOptions {
  readonly catalog: SqlCatalog;
  readonly sql: string;
  readonly now: bigint;
  readonly defaultDatabase?: string;
  /** Set when this bind is to serve as a plan template (see BindRecorder). */
  readonly recorder?: BindRecorder;
}

// lookupFunction ignores case, so the lower-cased name finds what the name as written would.
const isAggregateCall = (call: FunctionCall) => !call.over && lookupFunction(calledName(call))?.kind === 'aggregate';
/** No column is taken for a dimension (valueFilterOf's question here is only whether the column is a value column). */
const NO_DIMENSIONS: ReadonlySet<string> = new Set();

/**
 * Turns a query's syntax tree into a logical plan: FROM, WHERE (with pushdown into scans),
 * GROUP BY and aggregates, HAVING, windows, the select list, DISTINCT, ORDER BY and LIMIT, set
 * operations and CTEs. Names are resolved and types checked here, so the executor never meets
 * an unknown column or a type mismatch.
 */
export class QueryBinder {
  readonly expressions: ExpressionBinder;
  private readonly commonTables: Map<string, CommonTable>[] = [];

  private readonly recorder: BindRecorder | undefined;

  constructor(private readonly options: QueryBinderOptions) {
    this.recorder = options.recorder;
    this.expressions = new ExpressionBinder({
      sql: options.sql,
      bindSubquery: (query, outer) => this.bindQuery(query, outer),
      recorder: options.recorder,
    });
  }

  bindQuery(query: Query, outer: Scope | null): PlanNode {
    const frame = new Map<string, CommonTable>();
    this.commonTables.push(frame);
    try {
      for (const cte of query.with?.ctes ?? []) {
        if (query.with?.recursive) throw semanticError(this.options.sql, query.span, 'WITH RECURSIVE is not supported.');
        let plan = this.bindQuery(cte.query, outer);
        if (cte.columns) plan = renameColumns(plan, cte.columns, this.options.sql, query);
        frame.set(cte.name.name, { plan });
      }
      if (query.body.kind === 'SelectQuery') return this.bindSelect(query.body, query, outer);
      let plan = this.bindBody(query.body, outer);
      plan = this.orderAndLimit(plan, new Scope(plan.output, outer), query, null);
      return plan;
    } finally {
      this.commonTables.pop();
    }
  }

  private bindBody(body: QueryBody, outer: Scope | null): PlanNode {
    switch (body.kind) {
      case 'Query':
        return this.bindQuery(body, outer);
      case 'SelectQuery':
        return this.bindSelect(body, null, outer);
      case 'ValuesQuery':
        return this.bindValues(body, outer);
      case 'SetOperation': {
        const left = this.bindBody(body.left, outer);
        const right = this.bindBody(body.right, outer);
        const lv = left.output.filter((c) => !c.hidden);
        const rv = right.output.filter((c) => !c.hidden);
        if (lv.length !== rv.length) {
          throw semanticError(
            this.options.sql,
            body.span,
            `${body.operator} needs the same number of columns on both sides (${lv.length} and ${rv.length}).`,
          );
        }
        const output = lv.map((column, i) => {
          const type = commonSuperType(column.type, rv[i]!.type);
          if (!type) {
            throw semanticError(
              this.options.sql,
              body.span,
              `Column ${i + 1} of ${body.operator} has types that do not meet: ${formatType(column.type)} and ${formatType(rv[i]!.type)}.`,
            );
          }
          return { name: column.name, type };
        });
        return { kind: 'SetOperation', operator: body.operator, all: body.all, left: visibleOnly(left), right: visibleOnly(right), output };
      }
    }
  }

  private bindValues(body: Extract<QueryBody, { kind: 'ValuesQuery' }>, outer: Scope | null): PlanNode {
    const scope = new Scope([], outer);
    const rows = body.rows.map((row) =>
      (row.kind === 'RowExpr' ? row.fields : [row]).map((e) => this.expressions.bind(e, scope, { clause: 'VALUES' })),
    );
    const width = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== width))
      throw semanticError(this.options.sql, body.span, 'Every VALUES row must have the same number of columns.');
    const types = Array.from({ length: width }, (_, i) => {
      let type = rows[0]![i]!.type;
      for (const row of rows) {
        const next = commonSuperType(type, row[i]!.type);
        if (!next)
          throw semanticError(
            this.options.sql,
            body.span,
            `Column ${i + 1} of VALUES mixes ${formatType(type)} and ${formatType(row[i]!.type)}.`,
          );
        type = next;
      }
      return type.kind === 'unknown' ? T.varchar : type;
    });
    const coerced = rows.map((row) => row.map((e, i) => this.expressions.coerce(e, types[i]!, body.span)));
    return { kind: 'Values', rows: coerced, output: types.map((type, i) => ({ name: `_col${i}`, type })) };
  }

  private lookupCommonTable(name: Identifier): CommonTable | undefined {
    for (let i = this.commonTables.length - 1; i >= 0; i--) {
      const frame = this.commonTables[i]!;
      const exact = frame.get(name.name);
      if (exact) return exact;
      if (!name.quoted) for (const [key, table] of frame) if (key.toLowerCase() === name.name.toLowerCase()) return table;
    }
    return undefined;
  }

  /** One SELECT block, with the ORDER BY / LIMIT of its enclosing query when it is the whole body. */
  private bindSelect(select: SelectQuery, query: Query | null, outer: Scope | null): PlanNode {
    const sql = this.options.sql;
    const from = select.from
      ? bindRelation(
          select.from,
          {
            sql,
            catalog: this.options.catalog,
            expressions: this.expressions,
            defaultDatabase: this.options.defaultDatabase,
            bindQueryPlan: (q, o) => this.bindQuery(q, o),
            lookupCommonTable: (name) => this.lookupCommonTable(name),
          },
          outer,
        )
      : { plan: SINGLE_ROW, scope: new Scope([], outer) };
    let plan = from.plan;
    let scope = from.scope;

    if (select.where) {
      const predicate = this.expressions.condition(select.where, scope, { clause: 'WHERE' }, 'WHERE');
      plan = whereFilter(plan, predicate, this.options.catalog, this.options.now);
      this.recorder?.whereFilters.add(plan);
    }

    const orderBy = query?.orderBy ?? [];
    const selectExprs = select.items.flatMap((item) => (item.kind === 'SelectExpr' ? [item.expr] : []));
    // One walk finds both: the aggregates in the select list, HAVING and ORDER BY, the windows in the select list and ORDER BY.
    const calls = findAggregateAndWindowCalls(
      selectExprs,
      [select.having],
      orderBy.map((s) => s.expr),
      isAggregateCall,
    );
    const aggregateCalls = calls.aggregates;
    const hasAggregation = select.groupBy !== undefined || aggregateCalls.length > 0 || select.having !== undefined;

    let postScope = scope;
    let hooks: ClauseHooks = { clause: 'the select list' };
    if (hasAggregation) {
      const grouped = this.bindAggregation(select, plan, scope, aggregateCalls, outer);
      plan = grouped.plan;
      postScope = grouped.scope;
      hooks = grouped.hooks;
      if (select.having) {
        const predicate = this.expressions.condition(select.having, postScope, { ...hooks, clause: 'HAVING' }, 'HAVING');
        plan = { kind: 'Filter', input: plan, predicate, output: plan.output };
      }
    }

    const windowCalls = calls.windows;
    if (windowCalls.length > 0) {
      const windowed = this.bindWindows(windowCalls, plan, postScope, hooks);
      plan = windowed.plan;
      postScope = windowed.scope;
      hooks = windowed.hooks;
    }
    scope = postScope;

    // The select list, with * expanded.
    const exprs: BoundExpression[] = [];
    const output: PlanColumn[] = [];
    for (const item of select.items) {
      if (item.kind === 'SelectStar') {
        if (hasAggregation) throw semanticError(sql, item.span, 'SELECT * cannot be used with GROUP BY or aggregates; list the columns.');
        const qualifier = item.qualifier?.[item.qualifier.length - 1];
        if (qualifier && !scope.hasQualifier(qualifier.name, qualifier.quoted))
          throw semanticError(sql, item.span, `No table named '${qualifier.name}' is in FROM.`);
        scope.columns.forEach((column, index) => {
          if (column.hidden || (column.qualifiedOnly && !qualifier)) return;
          if (
            qualifier &&
            !(
              column.qualifier &&
              (column.qualifier === qualifier.name ||
                (!qualifier.quoted && column.qualifier.toLowerCase() === qualifier.name.toLowerCase()))
            )
          )
            return;
          exprs.push({ kind: 'Column', index, type: column.type });
          output.push({ name: column.name, type: column.type });
        });
        continue;
      }
      const bound = this.expressions.bind(item.expr, scope, hooks);
      exprs.push(bound);
      output.push({ name: item.alias?.name ?? defaultName(item.expr, output.length), type: bound.type });
    }
    if (select.distinct) {
      plan = { kind: 'Project', input: plan, exprs, output };
      plan = { kind: 'Distinct', input: plan, output };
      if (!query) return plan;
      return this.orderAndLimit(plan, new Scope(output, outer), query, { exprs, scope, hooks, distinct: true });
    }
    if (!query) return { kind: 'Project', input: plan, exprs, output };
    return this.orderAndLimit({ kind: 'Project', input: plan, exprs, output }, new Scope(output, outer), query, {
      exprs,
      scope,
      hooks,
      distinct: false,
    });
  }

  /**
   * ORDER BY, OFFSET and LIMIT over a projected plan. Keys may be ordinals, output names, or (for
   * a plain SELECT) expressions over the SELECT's input, which are computed as hidden columns.
   */
  private orderAndLimit(
    projected: PlanNode,
    outputScope: Scope,
    query: Query,
    select: { exprs: BoundExpression[]; scope: Scope; hooks: ClauseHooks; distinct: boolean } | null,
  ): PlanNode {
    const sql = this.options.sql;
    let plan = projected;
    if (query.orderBy && query.orderBy.length > 0) {
      const keys: SortKey[] = [];
      const hidden: BoundExpression[] = [];
      const visibleCount = plan.output.length;
      for (const item of query.orderBy) {
        const expr = this.orderKey(item, plan, outputScope, select, visibleCount, hidden);
        if (!isOrderable(expr.type)) throw semanticError(sql, item.expr.span, `Cannot ORDER BY a value of type ${formatType(expr.type)}.`);
        const descending = item.direction === 'DESC';
        // Presto puts NULLs last unless told otherwise, whatever the direction.
        keys.push({ expr, descending, nullsFirst: item.nulls === 'FIRST' });
      }
      if (hidden.length > 0 && plan.kind === 'Project') {
        plan = {
          kind: 'Project',
          input: plan.input,
          exprs: [...plan.exprs, ...hidden],
          output: [...plan.output, ...hidden.map((h, i) => ({ name: `$order${i}`, type: h.type, hidden: true }))],
        };
      }
      plan = { kind: 'Sort', input: plan, keys, output: plan.output };
    }
    if (query.offset || query.limit) {
      const offset = query.offset ? this.count(query.offset, 'OFFSET') : undefined;
      const limit = query.limit ? this.count(query.limit, 'LIMIT') : undefined;
      plan = withTopBuckets({ kind: 'Limit', input: plan, offset: offset?.n ?? 0, limit: limit?.n ?? null, output: plan.output });
      this.recorder?.limits.set(plan, { offset: offset?.bound, limit: limit?.bound });
    }
    if (plan.output.some((c) => c.hidden)) plan = visibleOnly(plan);
    return plan;
  }

  private orderKey(
    item: SortItem,
    plan: PlanNode,
    outputScope: Scope,
    select: { exprs: BoundExpression[]; scope: Scope; hooks: ClauseHooks; distinct: boolean } | null,
    visibleCount: number,
    hidden: BoundExpression[],
  ): BoundExpression {
    const sql = this.options.sql;
    const expr = item.expr;
    if (expr.kind === 'NumberLiteral' && expr.numberKind === 'integer') {
      this.recorder?.pinned.add(expr);
      const ordinal = Number(expr.text);
      if (ordinal < 1 || ordinal > visibleCount)
        throw semanticError(sql, expr.span, `ORDER BY position ${ordinal} is not in the select list (1 to ${visibleCount}).`);
      return { kind: 'Column', index: ordinal - 1, type: plan.output[ordinal - 1]!.type };
    }
    if (expr.kind === 'ColumnRef' && expr.parts.length === 1) {
      const matches = outputScope.find(expr.parts[0]!.name, expr.parts[0]!.quoted);
      if (matches.length === 1) return { kind: 'Column', index: matches[0]!, type: plan.output[matches[0]!]!.type };
    }
    if (!select) {
      return this.expressions.bind(expr, outputScope, { clause: 'ORDER BY' });
    }
    const bound = this.expressions.bind(expr, select.scope, { ...select.hooks, clause: 'ORDER BY' });
    if (this.recorder) {
      this.recorder.keys.push({ kind: 'expr', expr: bound });
      for (const e of select.exprs) this.recorder.keys.push({ kind: 'expr', expr: e });
    }
    const key = expressionKey(bound);
    const same = select.exprs.findIndex((e) => expressionKey(e) === key);
    if (same >= 0) return { kind: 'Column', index: same, type: bound.type };
    if (select.distinct) throw semanticError(sql, expr.span, 'With SELECT DISTINCT, ORDER BY expressions must appear in the select list.');
    hidden.push(bound);
    return { kind: 'Column', index: visibleCount + hidden.length - 1, type: bound.type };
  }

  private count(expr: Expression, clause: string): { n: number; bound: BoundExpression } {
    const bound = this.expressions.bind(expr, new Scope([]), { clause });
    const n = countValue(bound, this.options.now);
    if (n === undefined) {
      if (this.recorder) this.recorder.literalErrors++;
      throw semanticError(this.options.sql, expr.span, `${clause} needs a whole number of rows, 0 or more.`);
    }
    return { n, bound };
  }

  private bindAggregation(
    select: SelectQuery,
    input: PlanNode,
    scope: Scope,
    aggregateCalls: readonly FunctionCall[],
    outer: Scope | null,
  ): { plan: PlanNode; scope: Scope; hooks: ClauseHooks } {
    const sql = this.options.sql;
    // GROUP BY keys: expressions, ordinals into the select list, or (as a convenience) select aliases.
    const keyExprs: BoundExpression[] = [];
    const keyIndex = new Map<string, number>();
    // What groupKey answers for the very syntax nodes bound as keys (a select item named by its ordinal or
    // alias, usually): binding the same node in the same scope gives the same expression, so the select list
    // need not bind it a second time to find its key. Null where groupKey answers undefined (a literal).
    const keyOfNode = new Map<Expression, BoundExpression | null>();
    const addKey = (expr: Expression): number => {
      const resolved = this.groupingTarget(expr, select, scope);
      const bound = this.expressions.bind(resolved, scope, { clause: 'GROUP BY' });
      this.recorder?.keys.push({ kind: 'expr', expr: bound });
      const key = expressionKey(bound);
      let index = keyIndex.get(key);
      if (index === undefined) {
        index = keyExprs.length;
        keyExprs.push(bound);
        keyIndex.set(key, index);
      }
      // A subquery's key is never equal to another (not even its own again), so groupKey never matches it: not remembered.
      if (!keyOfNode.has(resolved) && !key.includes('subquery#'))
        keyOfNode.set(resolved, bound.kind === 'Literal' ? null : { kind: 'Column', index, type: bound.type });
      return index;
    };
    const sets = this.groupingSets(select.groupBy?.elements ?? [], addKey);

    // Aggregates, shared when written twice.
    const aggregates: BoundAggregate[] = [];
    const aggregateIndex = new Map<string, number>();
    const aggregateOf = new Map<FunctionCall, number>();
    for (const call of aggregateCalls) {
      const bound = this.bindAggregate(call, scope);
      this.recorder?.keys.push({ kind: 'aggregate', aggregate: bound });
      const key = `${bound.name}|${bound.distinct}|${bound.args.map(expressionKey).join(',')}|${bound.filter ? expressionKey(bound.filter) : ''}`;
      let index = aggregateIndex.get(key);
      if (index === undefined) {
        index = aggregates.length;
        aggregates.push(bound);
        aggregateIndex.set(key, index);
      }
      aggregateOf.set(call, index);
    }

    const output: PlanColumn[] = [
      ...keyExprs.map((e, i) => ({ name: `$key${i}`, type: e.type, hidden: true })),
      ...aggregates.map((a, i) => ({ name: `$agg${i}`, type: a.type, hidden: true })),
    ];
    const aggregate: Extract<PlanNode, { kind: 'Aggregate' }> = {
      kind: 'Aggregate',
      input,
      groupBy: keyExprs,
      aggregates,
      ...(sets ? { groupingSets: sets } : {}),
      output,
    };
    const pushdown = planAggregatePushdown(aggregate, this.options.catalog, this.options.now);
    const plan: PlanNode = pushdown ? { ...aggregate, pushdown } : aggregate;
    const postScope = new Scope(output, outer);
    const hooks: ClauseHooks = {
      clause: 'the select list',
      afterAggregation: true,
      preAggregationScope: scope,
      groupKey: (expr) => {
        if (expr.kind === 'FunctionCall') {
          // One of this SELECT's aggregate calls: the column the aggregate hook gives it, without going through
          // functionCall to reach that hook (an aggregate call has no OVER and is no special form: tested).
          const index = aggregateOf.get(expr);
          if (index !== undefined) return { kind: 'Column', index: keyExprs.length + index, type: aggregates[index]!.type };
        }
        const known = keyOfNode.get(expr);
        if (known !== undefined) return known === null ? undefined : { ...known };
        let bound: BoundExpression;
        try {
          bound = this.expressions.bind(expr, scope, { clause: 'GROUP BY' });
        } catch {
          return undefined;
        }
        this.recorder?.keys.push({ kind: 'expr', expr: bound });
        const index = keyIndex.get(expressionKey(bound));
        if (index === undefined || bound.kind === 'Literal') return undefined;
        return { kind: 'Column', index, type: bound.type };
      },
      aggregate: (call) => {
        const index = aggregateOf.get(call);
        if (index === undefined) throw semanticError(sql, call.span, 'An aggregate is not allowed here.');
        return { kind: 'Column', index: keyExprs.length + index, type: aggregates[index]!.type };
      },
    };
    return { plan, scope: postScope, hooks };
  }

  /** A GROUP BY item as the expression it stands for: an ordinal or a select alias becomes the select expression. */
  private groupingTarget(expr: Expression, select: SelectQuery, scope: Scope): Expression {
    const items = select.items;
    if (expr.kind === 'NumberLiteral' && expr.numberKind === 'integer') {
      this.recorder?.pinned.add(expr);
      const ordinal = Number(expr.text);
      const item = items[ordinal - 1];
      if (item?.kind !== 'SelectExpr')
        throw semanticError(this.options.sql, expr.span, `GROUP BY position ${ordinal} is not an expression of the select list.`);
      return item.expr;
    }
    if (expr.kind === 'ColumnRef' && expr.parts.length === 1 && scope.find(expr.parts[0]!.name, expr.parts[0]!.quoted).length === 0) {
      const alias = items.find(
        (i) => i.kind === 'SelectExpr' && i.alias && i.alias.name.toLowerCase() === expr.parts[0]!.name.toLowerCase(),
      );
      if (alias && alias.kind === 'SelectExpr') return alias.expr;
    }
    return expr;
  }

  private groupingSets(elements: readonly GroupingElement[], addKey: (e: Expression) => number): number[][] | undefined {
    // A plain GROUP BY (the usual one) has no sets to build: its keys are added in order, as below.
    let plainOnly = true;
    for (const element of elements) if (element.kind !== 'GroupingExpr') plainOnly = false;
    if (plainOnly) {
      for (const element of elements) if (element.kind === 'GroupingExpr') addKey(element.expr);
      return undefined;
    }
    let sets: number[][] = [[]];
    let plain = true;
    for (const element of elements) {
      let options: number[][];
      switch (element.kind) {
        case 'GroupingExpr':
          options = [[addKey(element.expr)]];
          break;
        case 'Rollup': {
          plain = false;
          const keys = element.exprs.map(addKey);
          options = keys.map((_, i) => keys.slice(0, keys.length - i)).concat([[]]);
          break;
        }
        case 'Cube': {
          plain = false;
          const keys = element.exprs.map(addKey);
          options = [];
          for (let mask = (1 << keys.length) - 1; mask >= 0; mask--)
            options.push(keys.filter((_, i) => mask & (1 << (keys.length - 1 - i))));
          break;
        }
        case 'GroupingSets':
          plain = false;
          options = element.sets.map((set) => set.map(addKey));
          break;
      }
      sets = sets.flatMap((set) => options.map((option) => [...new Set([...set, ...option])]));
    }
    return plain ? undefined : sets;
  }

  private bindAggregate(call: FunctionCall, scope: Scope): BoundAggregate {
    const sql = this.options.sql;
    const name = calledName(call);
    const fn = lookupFunction(name);
    if (fn?.kind !== 'aggregate') throw semanticError(sql, call.span, `${name} is not an aggregate function.`);
    const hooks: ClauseHooks = { clause: `the arguments of ${name}` };
    const args = call.args.map((a) => this.expressions.bind(a, scope, hooks));
    if (call.star && name !== 'count') throw semanticError(sql, call.span, `Only count takes *; ${name}(*) does not exist.`);
    let impl: ReturnType<typeof fn.resolve>;
    try {
      impl = fn.resolve(args.map((a) => a.type));
    } catch (error) {
      throw atSpan(sql, call.span, error);
    }
    const filter = call.filter ? this.expressions.condition(call.filter, scope, { clause: 'FILTER' }, 'FILTER') : undefined;
    return {
      name,
      impl,
      args: args.map((a, i) => this.expressions.coerce(a, impl.argTypes[i] ?? a.type, call.span)),
      distinct: call.distinct,
      ...(filter ? { filter } : {}),
      type: impl.returnType,
    };
  }

  private bindWindows(
    calls: readonly FunctionCall[],
    input: PlanNode,
    scope: Scope,
    hooks: ClauseHooks,
  ): { plan: PlanNode; scope: Scope; hooks: ClauseHooks } {
    const sql = this.options.sql;
    const functions: BoundWindowFunction[] = [];
    const indexOf = new Map<FunctionCall, number>();
    const width = input.output.length;
    for (const call of calls) {
      const name = call.name
        .map((p) => p.name)
        .join('.')
        .toLowerCase();
      const fn = lookupFunction(name);
      if (!fn || fn.kind === 'scalar')
        throw semanticError(sql, call.span, `${name} cannot be used with OVER: it is not a window or aggregate function.`);
      // Window calls may not nest: their arguments are bound without the window hook.
      const { window: _nested, ...outerHooks } = hooks;
      const inner: ClauseHooks = { ...outerHooks, clause: 'a window function' };
      const args = call.args.map((a) => this.expressions.bind(a, scope, inner));
      if (call.nullTreatment === 'IGNORE' && !(fn.kind === 'window' && fn.allowsIgnoreNulls)) {
        throw semanticError(sql, call.span, `IGNORE NULLS is not allowed with ${name}.`);
      }
      const over = call.over!;
      const partitionBy = over.partitionBy.map((e) => this.expressions.bind(e, scope, inner));
      const orderBy = over.orderBy.map((item) => ({
        expr: this.expressions.bind(item.expr, scope, inner),
        descending: item.direction === 'DESC',
        nullsFirst: item.nulls === 'FIRST',
      }));
      let resolved: BoundWindowFunction['function'];
      try {
        resolved =
          fn.kind === 'window'
            ? { kind: 'window', impl: fn.resolve(args.map((a) => a.type)) }
            : { kind: 'aggregate', impl: fn.resolve(args.map((a) => a.type)) };
      } catch (error) {
        throw atSpan(sql, call.span, error);
      }
      const frame = this.frame(call, orderBy.length > 0, scope, inner);
      indexOf.set(call, functions.length);
      functions.push({
        name,
        function: resolved,
        args: args.map((a, i) => this.expressions.coerce(a, resolved.impl.argTypes[i] ?? a.type, call.span)),
        partitionBy,
        orderBy,
        frame,
        ignoreNulls: call.nullTreatment === 'IGNORE',
        type: resolved.impl.returnType,
      });
    }
    const output: PlanColumn[] = [...input.output, ...functions.map((f, i) => ({ name: `$window${i}`, type: f.type, hidden: true }))];
    const plan: PlanNode = { kind: 'Window', input, functions, output };
    const windowScope = new Scope(output, scope.parent);
    const windowHooks: ClauseHooks = {
      ...hooks,
      window: (call) => {
        const index = indexOf.get(call);
        if (index === undefined) throw semanticError(sql, call.span, 'A window function is not allowed here.');
        return { kind: 'Column', index: width + index, type: functions[index]!.type };
      },
    };
    return { plan, scope: windowScope, hooks: windowHooks };
  }

  /** The frame as written, or SQL's default: RANGE UNBOUNDED PRECEDING to CURRENT ROW with ORDER BY, the whole partition without. */
  private frame(call: FunctionCall, ordered: boolean, scope: Scope, hooks: ClauseHooks): BoundFrame {
    const written = call.over?.frame;
    if (!written) {
      return ordered
        ? { unit: 'RANGE', start: { kind: 'UnboundedPreceding' }, end: { kind: 'CurrentRow' } }
        : { unit: 'ROWS', start: { kind: 'UnboundedPreceding' }, end: { kind: 'UnboundedFollowing' } };
    }
    if (written.unit === 'GROUPS') throw semanticError(this.options.sql, call.span, 'GROUPS frames are not supported; use ROWS or RANGE.');
    const bound = (b: NonNullable<typeof written.end>) => ({
      kind: b.kind,
      ...(b.offset ? { offset: this.expressions.bind(b.offset, scope, hooks) } : {}),
    });
    return { unit: written.unit, start: bound(written.start), end: written.end ? bound(written.end) : { kind: 'CurrentRow' } };
  }
}

/** LIMIT's or OFFSET's count of rows from its bound expression, or undefined when it is not a whole number, 0 or more. */
export function countValue(bound: BoundExpression, now: bigint): number | undefined {
  const value = evaluateConstant(bound, now);
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n !== 'number' || !Number.isInteger(n) || n < 0 ? undefined : n;
}

/**
 * WHERE's Filter over `input`, its conjuncts over a table pushed into that table's scan (time range,
 * dimensions, measure names, value filters) and those the scans hold exactly listed as enforced.
 */
export function whereFilter(input: PlanNode, predicate: BoundExpression, catalog: SqlCatalog, now: bigint): PlanNode {
  const enforced = new Set<number>();
  const conjuncts = predicate.kind === 'And' ? predicate.args : [predicate];
  // The scan's table schema is asked for once per scan, not once per conjunct (scans are asked about in turn).
  let lastScan: Extract<PlanNode, { kind: 'Scan' }> | undefined;
  let lastSchema: ReturnType<SqlCatalog['getTable']>;
  const schemaOf = (scan: Extract<PlanNode, { kind: 'Scan' }>) => {
    if (scan !== lastScan) {
      lastScan = scan;
      lastSchema = catalog.getTable(scan.table.database, scan.table.table);
    }
    return lastSchema;
  };
  const plan = pushIntoJoinScans(
    input,
    conjuncts,
    (scan, own) => {
      const dimensions = dimensionNames(schemaOf(scan));
      return { ...scan, pushdown: extractPushdown(scan, own, now, dimensions) };
    },
    (scan, conjunct) => {
      const roles = columnRoles(schemaOf(scan));
      const roleOf = (e: BoundExpression) => (e.kind === 'Column' ? roles.get(scan.output[e.index]?.name ?? '') : undefined);
      // A value filter is enforced only on a value column of this table (the storage reads it as such).
      const value = valueFilterOf(scan, conjunct, now, NO_DIMENSIONS);
      if (value && (roles.get(value.column) === 'MULTI' || roles.get(value.column) === 'MEASURE_VALUE')) return true;
      return exactConjunct(conjunct, roleOf, now);
    },
    enforced,
  );
  if (enforced.size === 0) return { kind: 'Filter', input: plan, predicate, output: plan.output };
  // In WHERE's order, without a sort (the scans under a join are asked left side first).
  const enforcedByScans: number[] = [];
  for (let i = 0; i < conjuncts.length; i++) if (enforced.has(i)) enforcedByScans.push(i);
  return { kind: 'Filter', input: plan, predicate, enforcedByScans, output: plan.output };
}

function visibleOnly(plan: PlanNode): PlanNode {
  if (!plan.output.some((c) => c.hidden)) return plan;
  const exprs: BoundExpression[] = [];
  const output: PlanColumn[] = [];
  plan.output.forEach((c, index) => {
    if (c.hidden) return;
    exprs.push({ kind: 'Column', index, type: c.type });
    output.push(c);
  });
  return { kind: 'Project', input: plan, exprs, output };
}

function renameColumns(plan: PlanNode, names: readonly Identifier[], sql: string, query: Query): PlanNode {
  const visible = visibleOnly(plan);
  if (names.length !== visible.output.length) {
    throw semanticError(sql, query.span, `The WITH query names ${names.length} columns but returns ${visible.output.length}.`);
  }
  return {
    kind: 'Project',
    input: visible,
    exprs: visible.output.map((c, index) => ({ kind: 'Column', index, type: c.type })),
    output: visible.output.map((c, i) => ({ name: names[i]!.name, type: c.type })),
  };
}

/** Presto's column names: a plain column keeps its name, anything else is _colN. */
function defaultName(expr: Expression, position: number): string {
  if (expr.kind === 'ColumnRef') return expr.parts[expr.parts.length - 1]!.name;
  return `_col${position}`;
}

export { literal };
