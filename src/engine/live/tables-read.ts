import { TidemarkError } from '../../errors/index.ts';
import { QueryBinder } from '../sql/binder/bind-query.ts';
import type { SqlCatalog } from '../sql/catalog.ts';
import { parseStatement } from '../sql/parser/parse.ts';

/**
 * The tables a SELECT reads, found in its bound plan (subqueries and CTEs included), so a live
 * query knows which writes concern it. A statement that is not a query reads no table.
 */
export function tablesReadBy(catalog: SqlCatalog, sql: string): { database: string; table: string }[] {
  const statement = parseStatement(sql);
  if (statement.kind !== 'Query') {
    throw new TidemarkError('INVALID_ARGUMENT', `Only a SELECT query can be live (got ${statement.kind}).`, { details: { field: 'sql' } });
  }
  const plan = new QueryBinder({ catalog, sql, now: 0n }).bindQuery(statement, null);
  const found = new Map<string, { database: string; table: string }>();
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node) || ArrayBuffer.isView(node)) return;
    seen.add(node);
    const record = node as { kind?: unknown; table?: { database?: unknown; table?: unknown } };
    if (record.kind === 'Scan' && typeof record.table?.database === 'string' && typeof record.table.table === 'string') {
      found.set(`${record.table.database}\u0000${record.table.table}`, { database: record.table.database, table: record.table.table });
    }
    for (const value of Array.isArray(node) ? node : Object.values(node)) walk(value);
  };
  walk(plan);
  return [...found.values()];
}
