import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

/**
 * Hands WHERE's conjuncts to the scans under inner and cross joins: a conjunct that reads only one
 * side's columns is rewritten over that side's columns and given to its scan's pushdown (time
 * range, dimensions, measure names). The Filter above keeps every conjunct; `enforced` collects the
 * positions of those a scan holds exactly (isExact), which an exact catalog lets the Filter skip.
 */
export function pushIntoJoinScans(
  plan: PlanNode,
  conjuncts: readonly BoundExpression[],
  pushIntoScan: (scan: ScanNode, conjuncts: readonly BoundExpression[]) => ScanNode,
  isExact: (scan: ScanNode, conjunct: BoundExpression) => boolean = () => false,
  enforced?: Set<number>,
  /** Each conjunct's position in WHERE's (its index when not given). */
  positions?: readonly number[],
): PlanNode {
  if (plan.kind === 'Scan') {
    if (conjuncts.length === 0) return plan;
    // Plain loops: a query of a kept shape runs this with cold caches, where iterators and callbacks cost most.
    if (enforced) for (let i = 0; i < conjuncts.length; i++) if (isExact(plan, conjuncts[i]!)) enforced.add(positions ? positions[i]! : i);
    return pushIntoScan(plan, conjuncts);
  }
  if (plan.kind !== 'Join' || (plan.joinType !== 'INNER' && plan.joinType !== 'CROSS')) return plan;
  const leftWidth = plan.left.output.length;
  const rightWidth = plan.right.output.length;
  const left: BoundExpression[] = [];
  const right: BoundExpression[] = [];
  const leftAt: number[] = [];
  const rightAt: number[] = [];
  conjuncts.forEach((conjunct, i) => {
    const at = positions ? positions[i]! : i;
    const onLeft = shifted(conjunct, 0, leftWidth);
    if (onLeft) {
      left.push(onLeft);
      leftAt.push(at);
    }
    const onRight = shifted(conjunct, leftWidth, rightWidth);
    if (onRight) {
      right.push(onRight);
      rightAt.push(at);
    }
  });
  if (left.length === 0 && right.length === 0) return plan;
  return {
    ...plan,
    left: pushIntoJoinScans(plan.left, left, pushIntoScan, isExact, enforced, leftAt),
    right: pushIntoJoinScans(plan.right, right, pushIntoScan, isExact, enforced, rightAt),
  };
}

/** The expression over columns [offset, offset + width) rewritten to start at 0, or undefined when it reads others or is not a simple form. */
function shifted(expr: BoundExpression, offset: number, width: number): BoundExpression | undefined {
  const all = (args: readonly BoundExpression[]): BoundExpression[] | undefined => {
    const out: BoundExpression[] = [];
    for (const a of args) {
      const s = shifted(a, offset, width);
      if (!s) return undefined;
      out.push(s);
    }
    return out;
  };
  switch (expr.kind) {
    case 'Column':
      return expr.index >= offset && expr.index < offset + width ? { ...expr, index: expr.index - offset } : undefined;
    case 'Literal':
      return expr;
    case 'Call': {
      const args = all(expr.args);
      return args ? { ...expr, args } : undefined;
    }
    case 'Cast': {
      const value = shifted(expr.value, offset, width);
      return value ? { ...expr, value } : undefined;
    }
    case 'InList': {
      const value = shifted(expr.value, offset, width);
      const list = all(expr.list);
      return value && list ? { ...expr, value, list } : undefined;
    }
    default:
      return undefined;
  }
}
