import type { ScanStatistics, SqlCatalog } from '../catalog.ts';
import type { EvalContext } from '../functions/index.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';
import type { SqlValue } from '../values/sql-value.ts';

/** Rows per batch when an operator builds batches itself. */
export const BATCH_SIZE = 8192;

/** Per-operator figures for EXPLAIN ANALYZE. */
export interface OperatorStatistics {
  rowsOut: number;
  batchesOut: number;
  /** Time spent producing its output, its inputs included, in milliseconds (EXPLAIN subtracts the children's). */
  totalMs: number;
  /** Set on an aggregate's input when the storage answered the aggregate instead (the input never ran). */
  pushedDown?: boolean;
  /** What the executor changed at run time (a runtime filter), for EXPLAIN ANALYZE. */
  note?: string;
}

/** Everything a running query shares: its clock, cancellation, the catalog, and what it measured. */
export interface ExecutionContext extends EvalContext {
  readonly catalog: SqlCatalog;
  readonly signal: AbortSignal;
  /** The rows of enclosing queries while a correlated subquery runs: [0] is the nearest. */
  readonly outerRows: readonly (readonly SqlValue[])[];
  /** Results of subqueries for the batch being evaluated (correlated: one per row) or for the query (uncorrelated). */
  readonly subqueryValues: Map<BoundExpression, SqlValue | readonly SqlValue[]>;
  /** Arguments of the lambdas being invoked, innermost first. */
  readonly lambdaArgs?: readonly (readonly SqlValue[])[];
  readonly scanStatistics: ScanStatistics;
  /** False runs every aggregate over a scan (tests compare it with the pushed-down answers); default on. */
  readonly aggregatePushdown?: boolean;
  readonly operatorStatistics: Map<PlanNode, OperatorStatistics>;
  /** Yields to the event loop now and then so a cancel can arrive; throws ABORTED once cancelled. */
  checkpoint(): Promise<void>;
}
