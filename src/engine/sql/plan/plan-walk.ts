import { type BoundExpression, boundChildren } from './bound-expression.ts';
import type { PlanNode } from './plan-nodes.ts';

/** The expressions a plan node evaluates over its input's rows (a join's: over both sides' rows side by side). */
export function planExpressions(node: PlanNode): BoundExpression[] {
  switch (node.kind) {
    case 'Scan':
      return [];
    case 'Values':
      return node.rows.flat();
    case 'Filter':
      return [node.predicate];
    case 'Project':
      return [...node.exprs];
    case 'Aggregate':
      return [...node.groupBy, ...node.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])];
    case 'Window':
      return node.functions.flatMap((f) => [
        ...f.args,
        ...f.partitionBy,
        ...f.orderBy.map((k) => k.expr),
        ...(f.frame.start.offset ? [f.frame.start.offset] : []),
        ...(f.frame.end.offset ? [f.frame.end.offset] : []),
      ]);
    case 'Sort':
      return node.keys.map((k) => k.expr);
    case 'Limit':
    case 'Distinct':
    case 'SetOperation':
      return [];
    case 'Join':
      return [...node.equiKeys.flatMap((k) => [k.left, k.right]), ...(node.residual ? [node.residual] : [])];
    case 'Unnest':
      return [...node.args];
  }
}

export function planChildren(node: PlanNode): PlanNode[] {
  switch (node.kind) {
    case 'Scan':
    case 'Values':
      return [];
    case 'Join':
    case 'SetOperation':
      return [node.left, node.right];
    default:
      return [node.input];
  }
}

/** A column of an enclosing row that a subquery reads: `depth` 1 is the row the subquery runs for. */
export interface OuterReference {
  readonly depth: number;
  readonly index: number;
}

/**
 * Every outer column a subquery's plan reads, as seen from the row it runs for. A subquery nested
 * inside it sees one more level of nesting, so its references are shifted down by one.
 */
export function outerReferences(plan: PlanNode): OuterReference[] {
  const found = new Map<string, OuterReference>();
  const visitPlan = (node: PlanNode, level: number) => {
    for (const expr of planExpressions(node)) visitExpression(expr, level);
    for (const child of planChildren(node)) visitPlan(child, level);
  };
  const visitExpression = (expr: BoundExpression, level: number): void => {
    if (expr.kind === 'OuterColumn' && expr.depth > level)
      found.set(`${expr.depth - level}:${expr.index}`, { depth: expr.depth - level, index: expr.index });
    if (expr.kind === 'Subquery') visitPlan(expr.plan, level + 1);
    for (const child of boundChildren(expr)) visitExpression(child, level);
  };
  visitPlan(plan, 0);
  return [...found.values()];
}
