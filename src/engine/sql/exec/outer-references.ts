import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';

/** A column of an enclosing row that a subquery reads: `depth` 1 is the row the subquery runs for. */
export interface OuterReference {
  readonly depth: number;
  readonly index: number;
}

function expressionsOf(node: PlanNode): BoundExpression[] {
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

function childrenOf(node: PlanNode): PlanNode[] {
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

/**
 * Every outer column a subquery's plan reads, as seen from the row it runs for. A subquery nested
 * inside it sees one more level of nesting, so its references are shifted down by one.
 */
export function outerReferences(plan: PlanNode): OuterReference[] {
  const found = new Map<string, OuterReference>();
  const visitPlan = (node: PlanNode, level: number) => {
    for (const expr of expressionsOf(node)) visitExpression(expr, level);
    for (const child of childrenOf(node)) visitPlan(child, level);
  };
  const visitExpression = (expr: BoundExpression, level: number): void => {
    switch (expr.kind) {
      case 'OuterColumn':
        if (expr.depth > level) found.set(`${expr.depth - level}:${expr.index}`, { depth: expr.depth - level, index: expr.index });
        return;
      case 'Subquery':
        visitPlan(expr.plan, level + 1);
        if (expr.value) visitExpression(expr.value, level);
        return;
      case 'Call':
      case 'And':
      case 'Or':
      case 'Coalesce':
        for (const a of expr.args) visitExpression(a, level);
        return;
      case 'Cast':
        visitExpression(expr.value, level);
        return;
      case 'Not':
      case 'IsNull':
      case 'Try':
        visitExpression(expr.arg, level);
        return;
      case 'IsDistinctFrom':
        visitExpression(expr.left, level);
        visitExpression(expr.right, level);
        return;
      case 'Case':
        for (const w of expr.whens) {
          visitExpression(w.condition, level);
          visitExpression(w.result, level);
        }
        visitExpression(expr.else, level);
        return;
      case 'InList':
        visitExpression(expr.value, level);
        for (const e of expr.list) visitExpression(e, level);
        return;
      case 'Lambda':
        visitExpression(expr.body, level);
        return;
      default:
        return;
    }
  };
  visitPlan(plan, 0);
  return [...found.values()];
}
