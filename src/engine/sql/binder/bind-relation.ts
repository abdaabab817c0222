import type { Expression, Identifier, JoinRelation, Relation, UnnestRelation } from '../ast/nodes.ts';
import type { SqlCatalog, SqlTableSchema } from '../catalog.ts';
import { COMPARISON_OPERATORS, comparisonType } from '../functions/index.ts';
import { type BoundExpression, readsOuterColumns } from '../plan/bound-expression.ts';
import type { PlanColumn, PlanNode } from '../plan/plan-nodes.ts';
import { T, typeEquals } from '../types/sql-type.ts';
import type { ExpressionBinder } from './bind-expression.ts';
import { didYouMean } from './nearest-name.ts';
import { emptyPushdown } from './scan-pushdown.ts';
import { Scope } from './scope.ts';
import { semanticError } from './semantic-error.ts';

/** A bound FROM item: its plan and the scope its columns are visible in. */
export interface BoundRelation {
  readonly plan: PlanNode;
  readonly scope: Scope;
}

/** A CTE visible by name while binding: its plan is reused wherever it is referenced. */
export interface CommonTable {
  readonly plan: PlanNode;
}

export interface RelationServices {
  readonly sql: string;
  readonly catalog: SqlCatalog;
  readonly expressions: ExpressionBinder;
  readonly defaultDatabase: string | undefined;
  bindQueryPlan(query: Extract<Relation, { kind: 'SubqueryRelation' }>['query'], outer: Scope | null): PlanNode;
  lookupCommonTable(name: Identifier): CommonTable | undefined;
}

/** A single empty row: the FROM of `SELECT 1` and the input of a standalone UNNEST. */
export const SINGLE_ROW: PlanNode = { kind: 'Values', rows: [[]], output: [] };

export function bindRelation(relation: Relation, services: RelationServices, outer: Scope | null): BoundRelation {
  switch (relation.kind) {
    case 'TableRelation':
      return bindTable(relation, services, outer);
    case 'SubqueryRelation': {
      const plan = services.bindQueryPlan(relation.query, outer);
      return renamed(plan, relation.alias, relation.columnAliases, services, relation.span, outer);
    }
    case 'UnnestRelation': {
      const input: BoundRelation = { plan: SINGLE_ROW, scope: new Scope([], outer) };
      return bindUnnest(input, relation, services, false);
    }
    case 'JoinRelation':
      return bindJoin(relation, services, outer);
  }
}

function bindTable(relation: Extract<Relation, { kind: 'TableRelation' }>, services: RelationServices, outer: Scope | null): BoundRelation {
  const { sql, catalog } = services;
  const parts = relation.name;
  if (parts.length === 1) {
    const common = services.lookupCommonTable(parts[0]!);
    if (common) return renamed(common.plan, relation.alias ?? parts[0], relation.columnAliases, services, relation.span, outer);
  }
  if (parts.length > 2) throw semanticError(sql, relation.span, `A table is named as database.table, not with ${parts.length} parts.`);
  const tableName = parts[parts.length - 1]!;
  const databaseName = parts.length === 2 ? parts[0]! : undefined;
  // Both names as written, exactly: the catalog answers directly (a table it returns is in its lists, and an
  // exact name is the one the lists would resolve to), without listing every database and table per query.
  const exactDatabase = databaseName ? databaseName.name : services.defaultDatabase;
  const exact = exactDatabase === undefined ? undefined : catalog.getTable(exactDatabase, tableName.name);
  if (exact) return tableScan(exact, relation, services, outer);
  const database = databaseName ? resolveName(catalog.listDatabases(), databaseName) : services.defaultDatabase;
  if (database === undefined) {
    if (databaseName)
      throw semanticError(
        sql,
        databaseName.span,
        `Database '${databaseName.name}' does not exist.${didYouMean(databaseName.name, catalog.listDatabases())}`,
        {
          database: databaseName.name,
        },
      );
    throw semanticError(sql, relation.span, `Name the database of table '${tableName.name}', as "database"."${tableName.name}".`);
  }
  const table = resolveName(catalog.listTables(database), tableName);
  const schema = table === undefined ? undefined : catalog.getTable(database, table);
  if (!schema)
    throw semanticError(
      sql,
      tableName.span,
      `Table '${database}.${tableName.name}' does not exist.${didYouMean(tableName.name, catalog.listTables(database))}`,
      {
        database,
        table: tableName.name,
      },
    );
  return tableScan(schema, relation, services, outer);
}

function tableScan(
  schema: SqlTableSchema,
  relation: Extract<Relation, { kind: 'TableRelation' }>,
  services: RelationServices,
  outer: Scope | null,
): BoundRelation {
  const qualifier = relation.alias?.name ?? schema.table;
  const output: PlanColumn[] = schema.columns.map((c) => ({ name: c.name, type: c.type, qualifier }));
  const plan: PlanNode = {
    kind: 'Scan',
    table: { database: schema.database, table: schema.table },
    columnNames: schema.columns.map((c) => c.name),
    pushdown: emptyPushdown(),
    output,
  };
  if (relation.columnAliases) return renamed(plan, relation.alias, relation.columnAliases, services, relation.span, outer);
  return { plan, scope: new Scope(output, outer) };
}

function resolveName(names: readonly string[], written: Identifier): string | undefined {
  return (
    names.find((n) => n === written.name) ??
    (written.quoted ? undefined : names.find((n) => n.toLowerCase() === written.name.toLowerCase()))
  );
}

/** Gives a plan's columns the relation's alias as qualifier and, when listed, new names. */
function renamed(
  plan: PlanNode,
  alias: Identifier | undefined,
  columnAliases: readonly Identifier[] | undefined,
  services: RelationServices,
  span: Relation['span'],
  outer: Scope | null,
): BoundRelation {
  const visible = plan.output.filter((c) => !c.hidden);
  if (columnAliases && columnAliases.length !== visible.length) {
    throw semanticError(services.sql, span, `${columnAliases.length} column names are given for ${visible.length} columns.`);
  }
  let v = 0;
  const output = plan.output.map((column) => {
    if (column.hidden) return column;
    const name = columnAliases ? columnAliases[v]!.name : column.name;
    v++;
    return { name, type: column.type, ...(alias ? { qualifier: alias.name } : column.qualifier ? { qualifier: column.qualifier } : {}) };
  });
  const renamedPlan: PlanNode = {
    kind: 'Project',
    input: plan,
    exprs: plan.output.map((c, index) => ({ kind: 'Column', index, type: c.type })),
    output,
  };
  return { plan: renamedPlan, scope: new Scope(output, outer) };
}

function bindJoin(join: JoinRelation, services: RelationServices, outer: Scope | null): BoundRelation {
  const left = bindRelation(join.left, services, outer);
  if (join.right.kind === 'UnnestRelation') {
    // UNNEST on the right of a join reads the left side's columns (a lateral reference).
    return bindUnnest(left, join.right, services, join.joinType === 'LEFT');
  }
  const right = bindRelation(join.right, services, outer);
  const output = [...left.plan.output, ...right.plan.output];
  const scope = new Scope(output, outer);
  const joinType = join.joinType === 'IMPLICIT' ? 'CROSS' : join.joinType;
  const leftWidth = left.plan.output.length;
  let condition: BoundExpression | undefined;
  let using: { name: string; left: number; right: number; type: BoundExpression['type'] }[] = [];
  if (join.criteria?.kind === 'On') {
    condition = services.expressions.condition(join.criteria.condition, scope, { clause: 'a JOIN condition' }, 'ON');
  } else if (join.criteria?.kind === 'Using') {
    const conjuncts: BoundExpression[] = [];
    using = [];
    for (const column of join.criteria.columns) {
      const l = left.scope.find(column.name, column.quoted);
      const r = right.scope.find(column.name, column.quoted);
      if (l.length !== 1 || r.length !== 1)
        throw semanticError(services.sql, column.span, `USING column '${column.name}' must exist once on each side of the join.`);
      const lt = left.plan.output[l[0]!]!.type;
      const rt = right.plan.output[r[0]!]!.type;
      if (!comparisonType(lt, rt))
        throw semanticError(services.sql, column.span, `USING column '${column.name}' has types that cannot be compared.`);
      conjuncts.push(
        equality({ kind: 'Column', index: l[0]!, type: lt }, { kind: 'Column', index: leftWidth + r[0]!, type: rt }, services),
      );
      using.push({ name: left.plan.output[l[0]!]!.name, left: l[0]!, right: leftWidth + r[0]!, type: comparisonType(lt, rt)! });
    }
    condition = conjuncts.length === 1 ? conjuncts[0] : { kind: 'And', args: conjuncts, type: T.boolean };
  }
  const { equiKeys, residual } = splitJoinCondition(condition, leftWidth, output.length);
  const plan: PlanNode = {
    kind: 'Join',
    joinType,
    left: left.plan,
    right: right.plan,
    equiKeys,
    ...(residual ? { residual } : {}),
    output,
  };
  if (using.length === 0) return { plan, scope };
  // USING merges each join column into one, first in SELECT * and reachable by its bare name:
  // coalesce(l.x, r.x), which is l.x for inner and left joins and r.x where only the right matched.
  // The sides' own copies stay reachable as l.x and r.x.
  const merged = using.map((u) => ({
    expr: {
      kind: 'Coalesce' as const,
      args: [
        services.expressions.coerce({ kind: 'Column', index: u.left, type: output[u.left]!.type }, u.type, undefined),
        services.expressions.coerce({ kind: 'Column', index: u.right, type: output[u.right]!.type }, u.type, undefined),
      ],
      type: u.type,
    },
    column: { name: u.name, type: u.type },
  }));
  const mergedAway = new Set(using.flatMap((u) => [u.left, u.right]));
  const projected: PlanColumn[] = [
    ...merged.map((m) => m.column),
    ...output.map((c, i) => (mergedAway.has(i) ? { ...c, qualifiedOnly: true } : c)),
  ];
  const project: PlanNode = {
    kind: 'Project',
    input: plan,
    exprs: [...merged.map((m) => m.expr), ...output.map((c, index): BoundExpression => ({ kind: 'Column', index, type: c.type }))],
    output: projected,
  };
  return { plan: project, scope: new Scope(projected, outer) };
}

function equality(left: BoundExpression, right: BoundExpression, services: RelationServices): BoundExpression {
  const type = comparisonType(left.type, right.type)!;
  const binder = services.expressions;
  const l = binder.coerce(left, type, undefined);
  const r = binder.coerce(right, type, undefined);
  return { kind: 'Call', name: '=', impl: equalityImpl(type), args: [l, r], type: T.boolean };
}

function equalityImpl(type: BoundExpression['type']) {
  // Reuse the comparison operator's implementation for this type.
  return COMPARE_EQUAL.resolve([type, type]);
}

const COMPARE_EQUAL = COMPARISON_OPERATORS['='];

/** Which columns an expression reads: -1 when it reads outer columns or subqueries (keep it as a residual). */
function columnRange(expr: BoundExpression, out: Set<number>): boolean {
  switch (expr.kind) {
    case 'Column':
      out.add(expr.index);
      return true;
    case 'Literal':
    case 'LambdaParam':
      return true;
    case 'Lambda':
      return columnRange(expr.body, out);
    case 'OuterColumn':
    case 'Subquery':
      return false;
    case 'Call':
    case 'And':
    case 'Or':
    case 'Coalesce':
      return expr.args.every((a) => columnRange(a, out));
    case 'Cast':
      return columnRange(expr.value, out);
    case 'Not':
    case 'IsNull':
    case 'Try':
      return columnRange(expr.arg, out);
    case 'IsDistinctFrom':
      return columnRange(expr.left, out) && columnRange(expr.right, out);
    case 'Case':
      return expr.whens.every((w) => columnRange(w.condition, out) && columnRange(w.result, out)) && columnRange(expr.else, out);
    case 'InList':
      return columnRange(expr.value, out) && expr.list.every((e) => columnRange(e, out));
  }
}

/** Moves an expression over the joined columns onto one side's columns by subtracting `offset`. */
export function shiftColumns(expr: BoundExpression, offset: number): BoundExpression {
  switch (expr.kind) {
    case 'Column':
      return { ...expr, index: expr.index - offset };
    case 'Literal':
    case 'OuterColumn':
    case 'Subquery':
    case 'LambdaParam':
      return expr;
    case 'Lambda':
      return { ...expr, body: shiftColumns(expr.body, offset) };
    case 'Call':
      return { ...expr, args: expr.args.map((a) => shiftColumns(a, offset)) };
    case 'And':
    case 'Or':
      return { ...expr, args: expr.args.map((a) => shiftColumns(a, offset)) };
    case 'Coalesce':
      return { ...expr, args: expr.args.map((a) => shiftColumns(a, offset)) };
    case 'Cast':
      return { ...expr, value: shiftColumns(expr.value, offset) };
    case 'Not':
    case 'IsNull':
    case 'Try':
      return { ...expr, arg: shiftColumns(expr.arg, offset) };
    case 'IsDistinctFrom':
      return { ...expr, left: shiftColumns(expr.left, offset), right: shiftColumns(expr.right, offset) };
    case 'Case':
      return {
        ...expr,
        whens: expr.whens.map((w) => ({ condition: shiftColumns(w.condition, offset), result: shiftColumns(w.result, offset) })),
        else: shiftColumns(expr.else, offset),
      };
    case 'InList':
      return { ...expr, value: shiftColumns(expr.value, offset), list: expr.list.map((e) => shiftColumns(e, offset)) };
  }
}

/** Splits an ON condition into hash-join equalities (one side each) and the residual rest. */
function splitJoinCondition(
  condition: BoundExpression | undefined,
  leftWidth: number,
  width: number,
): { equiKeys: { left: BoundExpression; right: BoundExpression; type: BoundExpression['type'] }[]; residual?: BoundExpression } {
  if (!condition) return { equiKeys: [] };
  const conjuncts = condition.kind === 'And' ? condition.args : [condition];
  const equiKeys: { left: BoundExpression; right: BoundExpression; type: BoundExpression['type'] }[] = [];
  const rest: BoundExpression[] = [];
  const side = (expr: BoundExpression): 'left' | 'right' | null => {
    const columns = new Set<number>();
    if (!columnRange(expr, columns) || columns.size === 0 || readsOuterColumns(expr)) return null;
    const all = [...columns];
    if (all.every((c) => c < leftWidth)) return 'left';
    if (all.every((c) => c >= leftWidth && c < width)) return 'right';
    return null;
  };
  for (const conjunct of conjuncts) {
    if (conjunct.kind === 'Call' && conjunct.name === '=' && conjunct.args.length === 2) {
      const [a, b] = conjunct.args as [BoundExpression, BoundExpression];
      const sa = side(a);
      const sb = side(b);
      if (sa && sb && sa !== sb && typeEquals(a.type, b.type)) {
        const [l, r] = sa === 'left' ? [a, b] : [b, a];
        equiKeys.push({ left: l, right: shiftColumns(r, leftWidth), type: a.type });
        continue;
      }
    }
    rest.push(conjunct);
  }
  if (rest.length === 0) return { equiKeys };
  return { equiKeys, residual: rest.length === 1 ? rest[0]! : { kind: 'And', args: rest, type: T.boolean } };
}

function bindUnnest(input: BoundRelation, relation: UnnestRelation, services: RelationServices, keepEmpty: boolean): BoundRelation {
  const args = relation.args.map((a: Expression) => services.expressions.bind(a, input.scope, { clause: 'UNNEST' }));
  const produced: PlanColumn[] = [];
  const qualifier = relation.alias?.name;
  args.forEach((arg, i) => {
    const type = arg.type;
    const base = `_col${produced.length}`;
    if (type.kind === 'array') produced.push({ name: base, type: type.element });
    else if (type.kind === 'map')
      produced.push({ name: `${base}`, type: type.key }, { name: `_col${produced.length + 1}`, type: type.value });
    else if (type.kind === 'timeseries') produced.push({ name: 'time', type: T.timestamp }, { name: 'value', type: type.value });
    else throw semanticError(services.sql, relation.args[i]!.span, 'UNNEST needs an array, a map or a timeseries.');
  });
  if (relation.withOrdinality) produced.push({ name: 'ordinality', type: T.bigint });
  if (relation.columnAliases && relation.columnAliases.length !== produced.length) {
    throw semanticError(
      services.sql,
      relation.span,
      `UNNEST produces ${produced.length} columns but ${relation.columnAliases.length} names are given.`,
    );
  }
  const named = produced.map((c, i) => ({
    name: relation.columnAliases?.[i]?.name ?? c.name,
    type: c.type,
    ...(qualifier ? { qualifier } : {}),
  }));
  const output = [...input.plan.output, ...named];
  const plan: PlanNode = { kind: 'Unnest', input: input.plan, args, withOrdinality: relation.withOrdinality, keepEmpty, output };
  return { plan, scope: new Scope(output, input.scope.parent) };
}
