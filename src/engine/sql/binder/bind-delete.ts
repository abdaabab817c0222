import type { DeleteStatement, Query } from '../ast/nodes.ts';
import { conjuncts } from '../ast/walk.ts';
import type { SqlCatalog } from '../catalog.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode, ScanPushdown, TableHandle } from '../plan/plan-nodes.ts';
import type { QueryBinder } from './bind-query.ts';
import { extractPushdown } from './scan-pushdown.ts';
import { semanticError } from './semantic-error.ts';

/** What a DELETE removes: a table, and the time range, dimension values and measure names of the points. */
export interface BoundDelete {
  readonly table: TableHandle;
  readonly pushdown: ScanPushdown;
}

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

/**
 * Binds `DELETE FROM db.table [WHERE ...]`. The storage deletes by time range, dimension values
 * and measure name, so every condition must be one of those (ANDed): deleting by a value
 * predicate would need a read-modify-write the storage does not offer, and silently deleting a
 * superset would lose data. Anything else is refused with its position.
 */
export function bindDelete(binder: QueryBinder, catalog: SqlCatalog, statement: DeleteStatement, sql: string, now: bigint): BoundDelete {
  // Binding `SELECT * FROM table WHERE ...` resolves the table and the condition's names and
  // types exactly as a query would, with the same errors and suggestions.
  const first = statement.table[0]?.span ?? statement.span;
  const last = statement.table[statement.table.length - 1]?.span ?? statement.span;
  const tableSpan = { ...first, end: last.end };
  const query: Query = {
    kind: 'Query',
    body: {
      kind: 'SelectQuery',
      distinct: false,
      items: [{ kind: 'SelectStar', span: tableSpan }],
      from: { kind: 'TableRelation', name: statement.table, span: tableSpan },
      ...(statement.where === undefined ? {} : { where: statement.where }),
      span: statement.span,
    },
    span: statement.span,
  };
  const plan = binder.bindQuery(query, null);
  const scan = findScan(plan);
  if (!scan) throw semanticError(sql, tableSpan, 'DELETE needs a table of this database.');
  if (statement.where === undefined) return { table: scan.table, pushdown: scan.pushdown };

  const filter = findFilter(plan);
  const bound: readonly BoundExpression[] = filter ? conjunctsOf(filter.predicate) : [];
  const written = conjuncts(statement.where);
  const schema = catalog.getTable(scan.table.database, scan.table.table);
  const dimensions = new Set((schema?.columns ?? []).filter((c) => c.role === 'DIMENSION').map((c) => c.name));
  bound.forEach((conjunct, i) => {
    const alone = extractPushdown(scan, [conjunct], now, dimensions);
    const used =
      alone.timeRange.from !== undefined || alone.timeRange.to !== undefined || alone.dimensions.size > 0 || alone.measureNames !== null;
    if (!used) {
      const span = written.length === bound.length ? written[i]?.span : statement.where?.span;
      throw semanticError(
        sql,
        span,
        'DELETE can only remove points by time range (time compared with constants, BETWEEN, ago()), dimension values (= or IN) and measure_name (= or IN), joined by AND; this condition is none of those.',
      );
    }
  });
  return { table: scan.table, pushdown: scan.pushdown };
}

function findScan(plan: PlanNode): ScanNode | undefined {
  if (plan.kind === 'Scan') return plan;
  return 'input' in plan && typeof plan.input === 'object' ? findScan(plan.input as PlanNode) : undefined;
}

function findFilter(plan: PlanNode): Extract<PlanNode, { kind: 'Filter' }> | undefined {
  if (plan.kind === 'Filter') return plan;
  return 'input' in plan && typeof plan.input === 'object' ? findFilter(plan.input as PlanNode) : undefined;
}

function conjunctsOf(predicate: BoundExpression): readonly BoundExpression[] {
  return predicate.kind === 'And' ? predicate.args : [predicate];
}
