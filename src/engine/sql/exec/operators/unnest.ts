import { TidemarkError } from '../../../../errors/index.ts';
import type { PlanNode } from '../../plan/plan-nodes.ts';
import { type SqlValue, TimeSeries } from '../../values/sql-value.ts';
import { type Batch, vectorFromValues } from '../../vector/index.ts';
import { evaluate } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import { BATCH_SIZE, type ExecutionContext } from '../execution-context.ts';

type UnnestNode = Extract<PlanNode, { kind: 'Unnest' }>;

/** The rows an UNNEST argument expands to: array elements, map entries, or timeseries (time, value) points. */
function expand(value: SqlValue): SqlValue[][] {
  if (value === null) return [];
  if (value instanceof TimeSeries) return value.times.map((t, i) => [t, value.values[i] ?? null]);
  if (value instanceof Map) return [...value].map(([k, v]) => [k, v]);
  if (Array.isArray(value)) return value.map((v) => [v]);
  throw new TidemarkError('SQL_SEMANTIC', 'UNNEST needs an array, a map or a timeseries.');
}

/**
 * CROSS JOIN UNNEST(...): each input row is repeated once per element; several arguments are
 * zipped (the shorter padded with NULLs), and WITH ORDINALITY adds the 1-based position.
 */
export async function* runUnnest(node: UnnestNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const inputWidth = node.input.output.length;
  for await (const batch of executePlan(node.input, context)) {
    const args = node.args.map((e) => evaluate(e, batch, context));
    const rows: SqlValue[][] = [];
    for (let row = 0; row < batch.length; row++) {
      const expanded = args.map((a) => expand(a.get(row)));
      const count = Math.max(0, ...expanded.map((e) => e.length));
      const base = batch.columns.map((c) => c.get(row));
      if (count === 0 && node.keepEmpty) rows.push([...base, ...node.output.slice(inputWidth).map(() => null)]);
      for (let i = 0; i < count; i++) {
        const cells = expanded.flatMap((e, a) => e[i] ?? new Array<SqlValue>(widthOf(node, a)).fill(null));
        rows.push([...base, ...cells, ...(node.withOrdinality ? [BigInt(i + 1)] : [])]);
      }
    }
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
      const slice = rows.slice(start, start + BATCH_SIZE);
      yield {
        columns: node.output.map((c, i) =>
          vectorFromValues(
            c.type,
            slice.map((r) => r[i] ?? null),
          ),
        ),
        length: slice.length,
      };
    }
    await context.checkpoint();
  }
}

/** How many output columns argument `a` expands to: 2 for maps and timeseries, 1 for arrays. */
function widthOf(node: UnnestNode, a: number): number {
  const type = node.args[a]!.type;
  return type.kind === 'map' || type.kind === 'timeseries' ? 2 : 1;
}
