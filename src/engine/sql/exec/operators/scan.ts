import type { PlanColumn, PlanNode } from '../../plan/plan-nodes.ts';
import { type Batch, ConstantVector, type Vector } from '../../vector/index.ts';
import type { ExecutionContext } from '../execution-context.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

/**
 * Reads a table through the catalog with the plan's pushdown; the catalog counts chunks and bytes. Only the
 * node's `columnNames` are read (see pruneColumns); the others are NULL, so every batch has the node's output.
 */
export async function* runScan(node: ScanNode, context: ExecutionContext): AsyncGenerator<Batch> {
  // With the fast paths off (the plain operators, tests' reference) value filters stay in the Filter alone.
  let pushdown = node.pushdown;
  if (context.aggregatePushdown === false && pushdown.valueFilters) {
    const { valueFilters: _valueFilters, ...rest } = pushdown;
    pushdown = rest;
  }
  const read = readPositions(node);
  const columns = read === null ? node.output : read.map((i) => node.output[i] as PlanColumn);
  for await (const batch of context.catalog.scan(node.table, columns, pushdown, context.signal, context.scanStatistics)) {
    context.scanStatistics.rowsProduced += batch.length;
    yield read === null ? batch : widen(batch, read, node.output);
    await context.checkpoint();
  }
}

/** The output positions of the columns the node reads, or null when it reads them all. */
function readPositions(node: ScanNode): number[] | null {
  if (node.columnNames.length === node.output.length) return null;
  const names = new Set(node.columnNames);
  const positions: number[] = [];
  for (let i = 0; i < node.output.length; i++) if (names.has((node.output[i] as PlanColumn).name)) positions.push(i);
  return positions;
}

/** A batch of the read columns as the node's output: the unread columns are NULL. */
function widen(batch: Batch, read: readonly number[], output: readonly PlanColumn[]): Batch {
  const columns: Vector[] = new Array(output.length);
  let next = 0;
  for (let i = 0; i < output.length; i++) {
    columns[i] =
      read[next] === i ? (batch.columns[next++] as Vector) : new ConstantVector((output[i] as PlanColumn).type, null, batch.length);
  }
  return { columns, length: batch.length };
}
