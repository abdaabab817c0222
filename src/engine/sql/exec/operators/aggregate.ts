import type { Accumulator } from '../../functions/index.ts';
import type { PlanNode } from '../../plan/plan-nodes.ts';
import { hashKey } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, type Vector, vectorFromValues } from '../../vector/index.ts';
import { evaluate } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import { BATCH_SIZE, type ExecutionContext } from '../execution-context.ts';
import { prepareSubqueries } from '../subqueries.ts';

type AggregateNode = Extract<PlanNode, { kind: 'Aggregate' }>;

interface Group {
  readonly keys: readonly SqlValue[];
  readonly accumulators: Accumulator[];
  /** For DISTINCT aggregates: the argument combinations already added. */
  readonly distinctSeen: (Set<string> | null)[];
}

/**
 * GROUP BY with a hash table: each row finds its group by the keys' values and feeds the
 * group's accumulators. Grouping sets (ROLLUP, CUBE, GROUPING SETS) run the same input through
 * one table per set, with the keys outside the set NULL.
 */
export async function* runAggregate(node: AggregateNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const keyCount = node.groupBy.length;
  const sets = node.groupingSets ?? [node.groupBy.map((_, i) => i)];
  const tables = sets.map(() => new Map<string, Group>());
  const newGroup = (keys: SqlValue[]): Group => ({
    keys,
    accumulators: node.aggregates.map((a) => a.impl.create()),
    distinctSeen: node.aggregates.map((a) => (a.distinct ? new Set<string>() : null)),
  });

  const inputs = [...node.groupBy, ...node.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])];
  for await (const batch of executePlan(node.input, context)) {
    await prepareSubqueries(inputs, batch, context);
    const keys = node.groupBy.map((e) => evaluate(e, batch, context));
    const args = node.aggregates.map((a) => a.args.map((e) => evaluate(e, batch, context)));
    const filters = node.aggregates.map((a) => (a.filter ? evaluate(a.filter, batch, context) : null));
    sets.forEach((set, s) => {
      accumulate(tables[s]!, set, keyCount, keys, args, filters, batch.length, node, newGroup);
    });
    await context.checkpoint();
  }

  const rows: SqlValue[][] = [];
  sets.forEach((set, s) => {
    const table = tables[s]!;
    // A global aggregate (no keys in this set) gives one row even over no input.
    if (set.length === 0 && table.size === 0) table.set('', newGroup(new Array(keyCount).fill(null)));
    for (const group of table.values()) rows.push([...group.keys, ...group.accumulators.map((a) => a.result())]);
  });
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
}

function accumulate(
  table: Map<string, Group>,
  set: readonly number[],
  keyCount: number,
  keys: readonly Vector[],
  args: readonly (readonly Vector[])[],
  filters: readonly (Vector | null)[],
  length: number,
  node: AggregateNode,
  newGroup: (keys: SqlValue[]) => Group,
): void {
  const aggregates = node.aggregates;
  const single = set.length === 1 ? keys[set[0]!]! : null;
  const values: SqlValue[][] = aggregates.map((a) => new Array<SqlValue>(a.args.length));
  for (let row = 0; row < length; row++) {
    const groupKey = single ? hashKey(single.get(row)) : set.map((k) => hashKey(keys[k]!.get(row))).join('|');
    let group = table.get(groupKey);
    if (!group) {
      const groupKeys = new Array<SqlValue>(keyCount).fill(null);
      for (const k of set) groupKeys[k] = keys[k]!.get(row);
      group = newGroup(groupKeys);
      table.set(groupKey, group);
    }
    for (let a = 0; a < aggregates.length; a++) {
      const filter = filters[a];
      if (filter && filter.get(row) !== true) continue;
      const argValues = values[a]!;
      const argVectors = args[a]!;
      let hasNull = false;
      for (let i = 0; i < argVectors.length; i++) {
        const v = argVectors[i]!.get(row);
        argValues[i] = v;
        if (v === null) hasNull = true;
      }
      if (hasNull && aggregates[a]!.impl.skipNullRows) continue;
      const seen = group.distinctSeen[a];
      if (seen) {
        const key = argValues.map(hashKey).join('|');
        if (seen.has(key)) continue;
        seen.add(key);
      }
      group.accumulators[a]!.add(argValues);
    }
  }
}
