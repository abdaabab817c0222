import type { PlanNode } from '../plan/plan-nodes.ts';
import type { Batch } from '../vector/index.ts';
import type { ExecutionContext, OperatorStatistics } from './execution-context.ts';
import { runAggregate } from './operators/aggregate.ts';
import { runDistinct } from './operators/distinct.ts';
import { runFilter } from './operators/filter.ts';
import { runJoin } from './operators/join.ts';
import { runLimit } from './operators/limit.ts';
import { runProject } from './operators/project.ts';
import { runScan } from './operators/scan.ts';
import { runSetOperation } from './operators/set-operation.ts';
import { runSort } from './operators/sort.ts';
import { runUnnest } from './operators/unnest.ts';
import { runValues } from './operators/values.ts';
import { runWindow } from './operators/window.ts';

function operatorFor(node: PlanNode, context: ExecutionContext): AsyncGenerator<Batch> {
  switch (node.kind) {
    case 'Scan':
      return runScan(node, context);
    case 'Values':
      return runValues(node, context);
    case 'Filter':
      return runFilter(node, context);
    case 'Project':
      return runProject(node, context);
    case 'Aggregate':
      return runAggregate(node, context);
    case 'Window':
      return runWindow(node, context);
    case 'Sort':
      return runSort(node, context);
    case 'Limit':
      return runLimit(node, context);
    case 'Distinct':
      return runDistinct(node, context);
    case 'Join':
      return runJoin(node, context);
    case 'SetOperation':
      return runSetOperation(node, context);
    case 'Unnest':
      return runUnnest(node, context);
  }
}

/**
 * Runs a plan node and yields its output batches. Each operator pulls from its inputs through
 * this function, which also records rows, batches and the operator's own time for EXPLAIN ANALYZE.
 */
export async function* executePlan(node: PlanNode, context: ExecutionContext): AsyncGenerator<Batch> {
  let statistics = context.operatorStatistics.get(node);
  if (!statistics) {
    statistics = { rowsOut: 0, batchesOut: 0, totalMs: 0 } satisfies OperatorStatistics;
    context.operatorStatistics.set(node, statistics);
  }
  const operator = operatorFor(node, context);
  while (true) {
    const started = performance.now();
    const next = await operator.next();
    statistics.totalMs += performance.now() - started;
    if (next.done) return;
    statistics.rowsOut += next.value.length;
    statistics.batchesOut++;
    yield next.value;
  }
}

/** Pulls every batch of a node (for operators that must see all their input first). */
export async function collectBatches(node: PlanNode, context: ExecutionContext): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of executePlan(node, context)) batches.push(batch);
  return batches;
}
