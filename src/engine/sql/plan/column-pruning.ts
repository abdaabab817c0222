import { type BoundExpression, boundChildren } from './bound-expression.ts';
import type { PlanNode } from './plan-nodes.ts';
import { outerReferences } from './plan-walk.ts';

type SubqueryExpression = Extract<BoundExpression, { kind: 'Subquery' }>;

/**
 * The plan with each Scan reading only the columns something above it uses (projection pushdown).
 * A MULTI table holds every measure of a record as a column; a query naming one of ten would
 * otherwise decode all ten.
 *
 * Column positions do not change: a Scan's output keeps every table column, and the scan fills the
 * ones it does not read with NULL. So no expression is renumbered, and a mistake here could only
 * show as NULLs, which the differential suite would see. To be sure nothing evaluates over those
 * NULLs, a Project's expressions that nobody above uses become NULL literals too (an expression
 * over a column it no longer reads could otherwise raise an error the query never asked for).
 * Aggregates, windows, sorts, joins and DISTINCT keep every expression they have.
 *
 * A subquery's plan is pruned on its own: an IN or scalar subquery needs its visible columns, EXISTS
 * none. The columns of the row it runs for that it reads (its outer references) count as used by
 * the expression holding it.
 */
export function pruneColumns(plan: PlanNode, options: PruneOptions = {}): PlanNode {
  return new ColumnPruning(options.storageAggregates === true).prune(plan, everyColumn(plan));
}

export interface PruneOptions {
  /**
   * Whether the catalog answers pushed-down aggregates itself (SqlCatalog.aggregateScan): their inputs are then
   * only fallbacks and are not walked, so a query the storage aggregates pays nothing for this pass.
   */
  readonly storageAggregates?: boolean;
}

/** Which output positions of a node something reads. */
type Needed = Uint8Array;

function everyColumn(node: PlanNode): Needed {
  return new Uint8Array(node.output.length).fill(1);
}

function visibleColumns(node: PlanNode): Needed {
  return Uint8Array.from(node.output, (c) => (c.hidden ? 0 : 1));
}

class ColumnPruning {
  /** A subquery met twice (a shared expression) keeps one identity: its result is cached by it. */
  private readonly subqueries = new Map<SubqueryExpression, SubqueryExpression>();

  constructor(private readonly storageAggregates: boolean) {}

  prune(node: PlanNode, needed: Needed): PlanNode {
    switch (node.kind) {
      case 'Scan': {
        const columnNames = node.output.filter((_, i) => needed[i] === 1).map((c) => c.name);
        return columnNames.length === node.columnNames.length ? node : { ...node, columnNames };
      }
      case 'Values':
        return node;
      case 'Filter': {
        const input = this.prune(node.input, this.reading([node.predicate], copy(needed, node.input)));
        const predicate = this.expression(node.predicate);
        return input === node.input && predicate === node.predicate ? node : { ...node, input, predicate };
      }
      case 'Project': {
        const inputNeeds = new Uint8Array(node.input.output.length);
        const exprs = node.exprs.map((expr, i) => {
          if (needed[i] !== 1) return expr.kind === 'Literal' && expr.value === null ? expr : unused(expr);
          this.reading([expr], inputNeeds);
          return this.expression(expr);
        });
        const input = this.prune(node.input, inputNeeds);
        return input === node.input && exprs.every((e, i) => e === node.exprs[i]) ? node : { ...node, input, exprs };
      }
      case 'Aggregate': {
        if (node.pushdown && this.storageAggregates) return node;
        const groupBy = node.groupBy.map((e) => this.expression(e));
        const aggregates = node.aggregates.map((a) => {
          const args = a.args.map((e) => this.expression(e));
          const filter = a.filter && this.expression(a.filter);
          return args.every((e, i) => e === a.args[i]) && filter === a.filter ? a : { ...a, args, ...(filter ? { filter } : {}) };
        });
        const inputNeeds = this.reading(
          [...node.groupBy, ...node.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])],
          new Uint8Array(node.input.output.length),
        );
        const input = this.prune(node.input, inputNeeds);
        const same =
          input === node.input && groupBy.every((e, i) => e === node.groupBy[i]) && aggregates.every((a, i) => a === node.aggregates[i]);
        return same ? node : { ...node, input, groupBy, aggregates };
      }
      case 'Window': {
        const expressions = node.functions.flatMap((f) => [
          ...f.args,
          ...f.partitionBy,
          ...f.orderBy.map((k) => k.expr),
          ...(f.frame.start.offset ? [f.frame.start.offset] : []),
          ...(f.frame.end.offset ? [f.frame.end.offset] : []),
        ]);
        // Window expressions holding subqueries stay as they are (their plans unpruned): rare, and safe.
        const input = this.prune(node.input, this.reading(expressions, copy(needed, node.input)));
        return input === node.input ? node : { ...node, input };
      }
      case 'Sort': {
        const keys = node.keys.map((k) => {
          const expr = this.expression(k.expr);
          return expr === k.expr ? k : { ...k, expr };
        });
        const input = this.prune(
          node.input,
          this.reading(
            node.keys.map((k) => k.expr),
            copy(needed, node.input),
          ),
        );
        return input === node.input && keys.every((k, i) => k === node.keys[i]) ? node : { ...node, input, keys };
      }
      case 'Limit': {
        const input = this.prune(node.input, needed);
        return input === node.input ? node : { ...node, input };
      }
      case 'Distinct': {
        const input = this.prune(node.input, everyColumn(node.input));
        return input === node.input ? node : { ...node, input };
      }
      case 'SetOperation': {
        // UNION ALL passes rows through column by column; the others compare whole rows.
        const passThrough = node.operator === 'UNION' && node.all;
        const left = this.prune(node.left, passThrough ? needed : everyColumn(node.left));
        const right = this.prune(node.right, passThrough ? needed : everyColumn(node.right));
        return left === node.left && right === node.right ? node : { ...node, left, right };
      }
      case 'Join': {
        // The residual reads both sides' rows side by side; each equi key reads its own side's.
        const width = node.left.output.length;
        const both = new Uint8Array(node.output.length);
        both.set(needed.subarray(0, both.length));
        if (node.residual) this.reading([node.residual], both);
        const left = this.prune(
          node.left,
          this.reading(
            node.equiKeys.map((k) => k.left),
            both.slice(0, width),
          ),
        );
        const right = this.prune(
          node.right,
          this.reading(
            node.equiKeys.map((k) => k.right),
            both.slice(width),
          ),
        );
        return left === node.left && right === node.right ? node : { ...node, left, right };
      }
      case 'Unnest': {
        const input = this.prune(node.input, this.reading(node.args, copy(needed, node.input)));
        return input === node.input ? node : { ...node, input };
      }
    }
  }

  /** Marks in `into` the input positions `exprs` read: their columns and the outer columns of their subqueries. */
  private reading(exprs: readonly BoundExpression[], into: Needed): Needed {
    const visit = (expr: BoundExpression): void => {
      if (expr.kind === 'Column') into[expr.index] = 1;
      else if (expr.kind === 'Subquery') for (const r of outerReferences(expr.plan)) if (r.depth === 1) into[r.index] = 1;
      for (const child of boundChildren(expr)) visit(child);
    };
    for (const expr of exprs) visit(expr);
    return into;
  }

  /** The expression with its subqueries' plans pruned (itself when it holds none). */
  private expression(expr: BoundExpression): BoundExpression {
    if (expr.kind === 'Subquery') return this.subquery(expr);
    const children = boundChildren(expr);
    if (children.length === 0) return expr;
    const mapped = children.map((c) => this.expression(c));
    return mapped.every((c, i) => c === children[i]) ? expr : withChildren(expr, mapped);
  }

  private subquery(expr: SubqueryExpression): SubqueryExpression {
    const known = this.subqueries.get(expr);
    if (known) return known;
    const plan = this.prune(expr.plan, expr.mode === 'exists' ? new Uint8Array(expr.plan.output.length) : visibleColumns(expr.plan));
    const value = expr.value && this.expression(expr.value);
    const pruned = plan === expr.plan && value === expr.value ? expr : { ...expr, plan, ...(value ? { value } : {}) };
    this.subqueries.set(expr, pruned);
    return pruned;
  }
}

/** `needed` for a node that passes its input's columns through first (its own come after). */
function copy(needed: Needed, input: PlanNode): Needed {
  const into = new Uint8Array(input.output.length);
  into.set(needed.subarray(0, Math.min(needed.length, into.length)));
  return into;
}

/** What a Project computes for a column nobody reads: NULL of the column's type. */
function unused(expr: BoundExpression): BoundExpression {
  return { kind: 'Literal', value: null, type: expr.type };
}

/** `expr` with its direct children (in boundChildren's order) replaced. */
function withChildren(expr: BoundExpression, c: readonly BoundExpression[]): BoundExpression {
  switch (expr.kind) {
    case 'Call':
    case 'And':
    case 'Or':
    case 'Coalesce':
      return { ...expr, args: c };
    case 'Cast':
      return { ...expr, value: c[0] as BoundExpression };
    case 'Not':
    case 'IsNull':
    case 'Try':
      return { ...expr, arg: c[0] as BoundExpression };
    case 'IsDistinctFrom':
      return { ...expr, left: c[0] as BoundExpression, right: c[1] as BoundExpression };
    case 'Case':
      return {
        ...expr,
        whens: expr.whens.map((_, i) => ({ condition: c[2 * i] as BoundExpression, result: c[2 * i + 1] as BoundExpression })),
        else: c[c.length - 1] as BoundExpression,
      };
    case 'InList':
      return { ...expr, value: c[0] as BoundExpression, list: c.slice(1) };
    case 'Lambda':
      return { ...expr, body: c[0] as BoundExpression };
    default:
      return expr;
  }
}
