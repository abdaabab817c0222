import type { PlanNode } from '../../plan/plan-nodes.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, vectorFromValues } from '../../vector/index.ts';
import { evaluateRow } from '../evaluate.ts';
import type { ExecutionContext } from '../execution-context.ts';

type ValuesNode = Extract<PlanNode, { kind: 'Values' }>;

const EMPTY: Batch = { columns: [], length: 1 };

/** VALUES rows: each cell is a constant expression, evaluated once. */
export async function* runValues(node: ValuesNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const columns: SqlValue[][] = node.output.map(() => []);
  for (const row of node.rows) {
    row.forEach((expr, i) => {
      columns[i]!.push(evaluateRow(expr, EMPTY, 0, context));
    });
  }
  yield { columns: node.output.map((c, i) => vectorFromValues(c.type, columns[i]!)), length: node.rows.length };
}
