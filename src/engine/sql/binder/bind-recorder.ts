import type { DurationLiteral, Expression, IntervalLiteral, NumberLiteral, StringLiteral, TypedLiteral } from '../ast/nodes.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import type { BoundAggregate, PlanNode } from '../plan/plan-nodes.ts';
import type { SqlType } from '../types/sql-type.ts';

/** A syntax node whose value is a literal token's. */
export type LiteralNode = NumberLiteral | StringLiteral | DurationLiteral | IntervalLiteral | TypedLiteral;

/** Where a bound literal's value came from: a literal token (through its syntax node), or a cast of another bound literal. */
export type LiteralProvenance =
  | { readonly kind: 'token'; readonly node: LiteralNode }
  | { readonly kind: 'cast'; readonly from: BoundExpression; readonly type: SqlType; readonly safe: boolean };

/** A key whose equality with other keys decided something while binding: an expression's, or an aggregate's. */
export type DecidingKey =
  | { readonly kind: 'expr'; readonly expr: BoundExpression }
  | { readonly kind: 'aggregate'; readonly aggregate: BoundAggregate };

/**
 * What a bind did with the query's literal values, written down while binding so that the plan can
 * later be made for other values of the same statement shape without binding again (plan-template.ts):
 * which bound literals hold which token's value and through which casts, which literals were read as
 * structure (ORDER BY 1), which keys were compared, which filters were pushed into scans, which LIMIT
 * counts came from which expressions, and whether anything literal-dependent failed and was swallowed.
 * (An interface, so that its documentation costs the library nothing; newBindRecorder makes one.)
 */
export interface BindRecorder {
  readonly provenance: Map<BoundExpression, LiteralProvenance>;
  /** Literal syntax nodes read as structure (ordinals): their values must stay what they were. */
  readonly pinned: Set<Expression>;
  readonly keys: DecidingKey[];
  /** WHERE filters, whose predicates the binder pushed into the scans below them. */
  readonly whereFilters: Set<PlanNode>;
  /** Limit nodes (as in the plan) and the expressions their offset and limit were counted from. */
  readonly limits: Map<PlanNode, { readonly offset: BoundExpression | undefined; readonly limit: BoundExpression | undefined }>;
  /** Why the bind cannot serve as a template (a literal-dependent step this recorder does not follow), if it cannot. */
  unsafe: string | undefined;
  /** Errors raised by literal values (range, cast, count): one swallowed by the binder makes the bind unsafe. */
  literalErrors: number;
}
