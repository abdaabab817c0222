import type { PlanNode } from '../../plan/plan-nodes.ts';
import type { Batch } from '../../vector/index.ts';
import type { ExecutionContext } from '../execution-context.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

/** Reads a table through the catalog with the plan's pushdown; the catalog counts chunks and bytes. */
export async function* runScan(node: ScanNode, context: ExecutionContext): AsyncGenerator<Batch> {
  // With the fast paths off (the plain operators, tests' reference) value filters stay in the Filter alone.
  let pushdown = node.pushdown;
  if (context.aggregatePushdown === false && pushdown.valueFilters) {
    const { valueFilters: _valueFilters, ...rest } = pushdown;
    pushdown = rest;
  }
  for await (const batch of context.catalog.scan(node.table, node.output, pushdown, context.signal, context.scanStatistics)) {
    context.scanStatistics.rowsProduced += batch.length;
    yield batch;
    await context.checkpoint();
  }
}
