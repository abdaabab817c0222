import type { ScanStatistics } from '../catalog.ts';
import type { OperatorStatistics } from '../exec/execution-context.ts';
import { formatType } from '../types/sql-type.ts';
import { valueToText } from '../values/cast.ts';
import { formatTimestamp } from '../values/time-text.ts';
import type { BoundExpression } from './bound-expression.ts';
import type { PlanNode } from './plan-nodes.ts';
import { planChildren } from './plan-walk.ts';

/** A bound expression as readable text, with columns shown by name (`#index` when unnamed). */
export function describeExpression(expr: BoundExpression, columns: readonly { name: string }[]): string {
  const d = (e: BoundExpression) => describeExpression(e, columns);
  switch (expr.kind) {
    case 'Column':
      return columns[expr.index]?.name ?? `#${expr.index}`;
    case 'OuterColumn':
      return `outer(${expr.depth}).#${expr.index}`;
    case 'Literal':
      return typeof expr.value === 'string' ? `'${expr.value}'` : valueToText(expr.value, expr.type);
    case 'Call':
      return /^[=<>!+\-*/%|]+$/.test(expr.name) && expr.args.length === 2
        ? `(${d(expr.args[0]!)} ${expr.name} ${d(expr.args[1]!)})`
        : `${expr.name}(${expr.args.map(d).join(', ')})`;
    case 'Cast':
      return `CAST(${d(expr.value)} AS ${formatType(expr.type)})`;
    case 'And':
    case 'Or':
      return `(${expr.args.map(d).join(` ${expr.kind.toUpperCase()} `)})`;
    case 'Not':
      return `NOT ${d(expr.arg)}`;
    case 'IsNull':
      return `${d(expr.arg)} IS ${expr.negated ? 'NOT ' : ''}NULL`;
    case 'IsDistinctFrom':
      return `${d(expr.left)} IS ${expr.negated ? 'NOT ' : ''}DISTINCT FROM ${d(expr.right)}`;
    case 'Case':
      return `CASE ${expr.whens.map((w) => `WHEN ${d(w.condition)} THEN ${d(w.result)}`).join(' ')} ELSE ${d(expr.else)} END`;
    case 'Coalesce':
      return `coalesce(${expr.args.map(d).join(', ')})`;
    case 'InList':
      return `${d(expr.value)} ${expr.negated ? 'NOT ' : ''}IN (${expr.list.map(d).join(', ')})`;
    case 'Try':
      return `try(${d(expr.arg)})`;
    case 'Lambda':
      return `(${expr.params.map((_, i) => `$${i}`).join(', ')}) -> ${d(expr.body)}`;
    case 'LambdaParam':
      return `$${expr.index}`;
    case 'Subquery':
      return `${expr.mode}(subquery${expr.correlated ? ', correlated' : ''})`;
  }
}

function inputColumns(node: PlanNode): readonly { name: string }[] {
  switch (node.kind) {
    case 'Scan':
    case 'Values':
      return node.output;
    case 'Join':
      return [...node.left.output, ...node.right.output];
    case 'SetOperation':
      return node.left.output;
    default:
      return node.input.output;
  }
}

function nodeLine(node: PlanNode): string {
  const cols = inputColumns(node);
  const d = (e: BoundExpression) => describeExpression(e, cols);
  switch (node.kind) {
    case 'Scan': {
      const { timeRange, dimensions, measureNames } = node.pushdown;
      const parts = [
        `${node.table.database}.${node.table.table}`,
        node.columnNames.length === node.output.length
          ? `columns: ${node.output.length}`
          : `columns: ${node.columnNames.length} of ${node.output.length}`,
      ];
      if (timeRange.from !== undefined || timeRange.to !== undefined) {
        parts.push(
          `time: [${timeRange.from === undefined ? '-∞' : formatTimestamp(timeRange.from)}, ${timeRange.to === undefined ? '+∞' : formatTimestamp(timeRange.to)})`,
        );
      }
      for (const [name, values] of dimensions) parts.push(`${name} IN (${values.map((v) => `'${v}'`).join(', ')})`);
      if (measureNames) parts.push(`measure_name IN (${measureNames.map((v) => `'${v}'`).join(', ')})`);
      for (const f of node.pushdown.valueFilters ?? []) parts.push(`${f.column} ${f.op} ${f.value} (late materialised)`);
      return `Scan ${parts.join(', ')}`;
    }
    case 'Values':
      return `Values ${node.rows.length} rows`;
    case 'Filter':
      return `Filter ${d(node.predicate)}${node.enforcedByScans ? ` (${node.enforcedByScans.length} conjunct${node.enforcedByScans.length === 1 ? '' : 's'} enforced by the scan)` : ''}`;
    case 'Project':
      return `Project ${node.exprs.map((e, i) => `${node.output[i]?.name} := ${d(e)}`).join(', ')}`;
    case 'Aggregate':
      return `${node.pushdown ? `Aggregate (pushed into storage: per series and bucket from chunk headers, kernel or points${node.pushdown.topBuckets ? `; ${node.pushdown.topBuckets.newest ? 'newest' : 'oldest'} ${node.pushdown.topBuckets.count} buckets with data` : ''})` : 'Aggregate'} keys: [${node.groupBy.map(d).join(', ')}] aggregates: [${node.aggregates.map((a) => `${a.name}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map(d).join(', ')})`).join(', ')}]${node.groupingSets ? ` sets: ${node.groupingSets.length}` : ''}`;
    case 'Window':
      return `Window ${node.functions.map((f) => `${f.name}(${f.args.map(d).join(', ')}) OVER (${f.partitionBy.length ? `PARTITION BY ${f.partitionBy.map(d).join(', ')} ` : ''}${f.orderBy.length ? `ORDER BY ${f.orderBy.map((k) => d(k.expr)).join(', ')} ` : ''}${f.frame.unit})`).join(', ')}`;
    case 'Sort':
      return `Sort ${node.keys.map((k) => `${d(k.expr)}${k.descending ? ' DESC' : ''}${k.nullsFirst ? ' NULLS FIRST' : ''}`).join(', ')}`;
    case 'Limit':
      return `Limit ${node.limit ?? 'ALL'}${node.offset ? ` offset ${node.offset}` : ''}`;
    case 'Distinct':
      return 'Distinct';
    case 'Join':
      return `${node.joinType} Join${node.equiKeys.length ? ` hash keys: ${node.equiKeys.map((k) => `${describeExpression(k.left, node.left.output)} = ${describeExpression(k.right, node.right.output)}`).join(', ')}` : ' nested loop'}${node.residual ? ` filter: ${d(node.residual)}` : ''}`;
    case 'SetOperation':
      return `${node.operator}${node.all ? ' ALL' : ''}`;
    case 'Unnest':
      return `Unnest ${node.args.map(d).join(', ')}${node.withOrdinality ? ' WITH ORDINALITY' : ''}`;
  }
}

/**
 * The plan as an indented tree, one operator a line. With statistics (EXPLAIN ANALYZE), each line
 * adds its rows out and its own time, and the scan adds chunks pruned and read and bytes decoded.
 */
export function explainPlan(
  root: PlanNode,
  analyze?: {
    operators: Map<PlanNode, OperatorStatistics>;
    scan: ScanStatistics;
    totalMs: number;
    /** Time spent before the plan ran: parsing the text, binding and planning it. */
    planning?: { parseMs: number; planMs: number };
  },
): string {
  const lines: string[] = [];
  const visit = (node: PlanNode, depth: number) => {
    let line = `${'  '.repeat(depth)}${depth > 0 ? '└─ ' : ''}${nodeLine(node)}`;
    if (analyze) {
      const stats = analyze.operators.get(node);
      const childMs = planChildren(node).reduce((sum, c) => sum + (analyze.operators.get(c)?.totalMs ?? 0), 0);
      if (stats?.pushedDown) line += '  [not run: the aggregate above was answered by the storage]';
      else if (stats)
        line += `  [rows: ${stats.rowsOut}, batches: ${stats.batchesOut}, self: ${Math.max(0, stats.totalMs - childMs).toFixed(2)} ms${stats.note ? `; ${stats.note}` : ''}]`;
      else line += '  [not run]';
    }
    lines.push(line);
    for (const child of planChildren(node)) visit(child, depth + 1);
  };
  visit(root, 0);
  if (analyze) {
    const s = analyze.scan;
    lines.push(
      `Storage: chunks ${s.chunksTotal} total, ${s.chunksPruned} pruned, ${s.chunksDecoded} decoded, ${s.chunksAnsweredFromHeaders} answered from headers, ${s.chunksAggregatedInKernel ?? 0} aggregated in the kernel; ${s.bytesDecoded} bytes decoded; ${s.rowsProduced} rows scanned`,
      ...(analyze.planning
        ? [`Planning: parse ${analyze.planning.parseMs.toFixed(2)} ms, bind and plan ${analyze.planning.planMs.toFixed(2)} ms`]
        : []),
      `Total: ${analyze.totalMs.toFixed(2)} ms`,
    );
  }
  return lines.join('\n');
}
