import type { SourceSpan } from '../ast/nodes.ts';
import type { ScalarImpl } from '../functions/index.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { PlanNode } from './plan-nodes.ts';

/**
 * An expression after binding: names resolved to column positions, functions resolved to
 * implementations, implicit casts made explicit, every node typed. This is what the executor
 * evaluates over batches.
 */
export type BoundExpression =
  | { readonly kind: 'Column'; readonly index: number; readonly type: SqlType }
  /** A column of an enclosing query's row, in a correlated subquery: `depth` 1 is the nearest outer query. */
  | { readonly kind: 'OuterColumn'; readonly depth: number; readonly index: number; readonly type: SqlType }
  | { readonly kind: 'Literal'; readonly value: SqlValue; readonly type: SqlType }
  | {
      readonly kind: 'Call';
      readonly name: string;
      readonly impl: ScalarImpl;
      readonly args: readonly BoundExpression[];
      readonly type: SqlType;
      readonly span?: SourceSpan;
    }
  | { readonly kind: 'Cast'; readonly value: BoundExpression; readonly safe: boolean; readonly type: SqlType; readonly span?: SourceSpan }
  | { readonly kind: 'And' | 'Or'; readonly args: readonly BoundExpression[]; readonly type: SqlType }
  | { readonly kind: 'Not'; readonly arg: BoundExpression; readonly type: SqlType }
  | { readonly kind: 'IsNull'; readonly arg: BoundExpression; readonly negated: boolean; readonly type: SqlType }
  | {
      readonly kind: 'IsDistinctFrom';
      readonly left: BoundExpression;
      readonly right: BoundExpression;
      readonly negated: boolean;
      readonly compareType: SqlType;
      readonly type: SqlType;
    }
  | {
      readonly kind: 'Case';
      readonly whens: readonly { readonly condition: BoundExpression; readonly result: BoundExpression }[];
      readonly else: BoundExpression;
      readonly type: SqlType;
    }
  | { readonly kind: 'Coalesce'; readonly args: readonly BoundExpression[]; readonly type: SqlType }
  | {
      readonly kind: 'InList';
      readonly value: BoundExpression;
      readonly list: readonly BoundExpression[];
      readonly negated: boolean;
      readonly compareType: SqlType;
      readonly type: SqlType;
    }
  /** A lambda: its parameters' types and its body, which reads them through LambdaParam. */
  | { readonly kind: 'Lambda'; readonly params: readonly SqlType[]; readonly body: BoundExpression; readonly type: SqlType }
  /** A lambda's parameter: `depth` 0 is the innermost enclosing lambda. */
  | { readonly kind: 'LambdaParam'; readonly depth: number; readonly index: number; readonly type: SqlType }
  /** try(x): NULL where evaluating x raises an error. */
  | { readonly kind: 'Try'; readonly arg: BoundExpression; readonly type: SqlType }
  /** A subquery evaluated per outer row (or once when uncorrelated). */
  | {
      readonly kind: 'Subquery';
      readonly mode: 'scalar' | 'exists' | 'in';
      readonly plan: PlanNode;
      readonly correlated: boolean;
      /** For `in`: the outer value compared with the subquery's single column. */
      readonly value?: BoundExpression;
      readonly negated: boolean;
      readonly compareType?: SqlType;
      readonly type: SqlType;
      readonly span?: SourceSpan;
    };

/**
 * A structural key for a bound expression: equal keys mean the same computation. The binder uses
 * it to match SELECT expressions against GROUP BY keys and to share identical aggregates.
 */
export function expressionKey(expr: BoundExpression): string {
  switch (expr.kind) {
    case 'Column':
      return `c${expr.index}`;
    case 'OuterColumn':
      return `o${expr.depth}.${expr.index}`;
    case 'Literal':
      return `l(${typeof expr.value === 'bigint' ? `${expr.value}n` : JSON.stringify(expr.value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}:${expr.type.kind})`;
    case 'Call':
      return `${expr.name}(${expr.args.map(expressionKey).join(',')})`;
    case 'Cast':
      return `cast${expr.safe ? '?' : ''}(${expressionKey(expr.value)}:${JSON.stringify(expr.type)})`;
    case 'And':
    case 'Or':
      return `${expr.kind}(${expr.args.map(expressionKey).join(',')})`;
    case 'Not':
      return `not(${expressionKey(expr.arg)})`;
    case 'IsNull':
      return `isnull${expr.negated ? '!' : ''}(${expressionKey(expr.arg)})`;
    case 'IsDistinctFrom':
      return `distinct${expr.negated ? '!' : ''}(${expressionKey(expr.left)},${expressionKey(expr.right)})`;
    case 'Case':
      return `case(${expr.whens.map((w) => `${expressionKey(w.condition)}=>${expressionKey(w.result)}`).join(',')};${expressionKey(expr.else)})`;
    case 'Coalesce':
      return `coalesce(${expr.args.map(expressionKey).join(',')})`;
    case 'InList':
      return `in${expr.negated ? '!' : ''}(${expressionKey(expr.value)};${expr.list.map(expressionKey).join(',')})`;
    case 'Try':
      return `try(${expressionKey(expr.arg)})`;
    case 'Lambda':
      return `lambda(${expr.params.length}:${expressionKey(expr.body)})`;
    case 'LambdaParam':
      return `p${expr.depth}.${expr.index}`;
    case 'Subquery':
      // Subqueries are never shared: each occurrence keeps its own plan.
      return `subquery#${Math.random()}`;
  }
}

/**
 * The expressions directly inside `expr`: a subquery's compared value, but not its plan (whose
 * expressions read another row), and a lambda's body (which reads the same row as the lambda).
 */
export function boundChildren(expr: BoundExpression): readonly BoundExpression[] {
  switch (expr.kind) {
    case 'Column':
    case 'OuterColumn':
    case 'Literal':
    case 'LambdaParam':
      return NO_CHILDREN;
    case 'Call':
    case 'And':
    case 'Or':
    case 'Coalesce':
      return expr.args;
    case 'Cast':
      return [expr.value];
    case 'Not':
    case 'IsNull':
    case 'Try':
      return [expr.arg];
    case 'IsDistinctFrom':
      return [expr.left, expr.right];
    case 'Case':
      return [...expr.whens.flatMap((w) => [w.condition, w.result]), expr.else];
    case 'InList':
      return [expr.value, ...expr.list];
    case 'Lambda':
      return [expr.body];
    case 'Subquery':
      return expr.value ? [expr.value] : [];
  }
}

const NO_CHILDREN: readonly BoundExpression[] = Object.freeze([]);

/**
 * Whether `test` holds for the expression or any expression in it, not descending into subqueries' plans
 * (a subquery's own value, as in `x IN (SELECT ...)`, is descended).
 */
export function someNode(expr: BoundExpression, test: (e: BoundExpression) => boolean): boolean {
  if (test(expr)) return true;
  for (const child of boundChildren(expr)) if (someNode(child, test)) return true;
  return false;
}

/** Whether an expression reads an enclosing query's columns (so a subquery holding it is correlated). */
export function readsOuterColumns(expr: BoundExpression): boolean {
  return someNode(expr, (e) => e.kind === 'OuterColumn' || (e.kind === 'Subquery' && e.correlated));
}
