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
  // Rows stream out a batch at a time, with a checkpoint after each: one input batch can expand
  // to millions of rows (3,000 rows of 3,000-element arrays), which must neither be held at once
  // nor keep a cancel waiting.
  let rows: SqlValue[][] = [];
  const flush = (): Batch => {
    const batch = {
      columns: node.output.map((c, i) =>
        vectorFromValues(
          c.type,
          rows.map((r) => r[i] ?? null),
        ),
      ),
      length: rows.length,
    };
    rows = [];
    return batch;
  };
  for await (const batch of executePlan(node.input, context)) {
    const args = node.args.map((e) => evaluate(e, batch, context));
    for (let row = 0; row < batch.length; row++) {
      const expanded = args.map((a) => expand(a.get(row)));
      const count = Math.max(0, ...expanded.map((e) => e.length));
      const base = batch.columns.map((c) => c.get(row));
      if (count === 0 && node.keepEmpty) rows.push([...base, ...node.output.slice(inputWidth).map(() => null)]);
      for (let i = 0; i < count; i++) {
        const cells = expanded.flatMap((e, a) => e[i] ?? new Array<SqlValue>(widthOf(node, a)).fill(null));
        rows.push([...base, ...cells, ...(node.withOrdinality ? [BigInt(i + 1)] : [])]);
        if (rows.length === BATCH_SIZE) {
          yield flush();
          await context.checkpoint();
        }
      }
    }
    await context.checkpoint();
  }
  if (rows.length > 0) yield flush();
}

/** How many output columns argument `a` expands to: 2 for maps and timeseries, 1 for arrays. */
function widthOf(node: UnnestNode, a: number): number {
  const type = node.args[a]!.type;
  return type.kind === 'map' || type.kind === 'timeseries' ? 2 : 1;
}
