import type { Statement } from './ast/nodes.ts';
import { semanticError } from './binder/semantic-error.ts';
import type { SqlCatalog } from './catalog.ts';
import { likePatternToRegExp } from './functions/index.ts';
import { arrayOf, formatType, rowOf, type SqlType, T } from './types/sql-type.ts';
import type { SqlValue } from './values/sql-value.ts';
import { type Vector, vectorFromValues } from './vector/index.ts';

interface MetadataResult {
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  readonly vectors: readonly Vector[];
  readonly rowCount: number;
}

type MetadataStatement = Extract<Statement, { kind: 'ShowDatabases' | 'ShowTables' | 'ShowMeasures' | 'Describe' }>;

function table(columns: readonly { name: string; type: SqlType }[], rows: readonly (readonly SqlValue[])[]): MetadataResult {
  return {
    columns,
    vectors: columns.map((c, i) =>
      vectorFromValues(
        c.type,
        rows.map((r) => r[i] ?? null),
      ),
    ),
    rowCount: rows.length,
  };
}

function matching(names: readonly string[], like: string | undefined): string[] {
  const sorted = [...names].sort();
  if (like === undefined) return sorted;
  const pattern = likePatternToRegExp(like, null);
  return sorted.filter((n) => pattern.test(n));
}

/** SHOW DATABASES, SHOW TABLES, SHOW MEASURES and DESCRIBE, with Timestream's column names. */
export function runMetadataStatement(catalog: SqlCatalog, sql: string, statement: MetadataStatement): MetadataResult {
  switch (statement.kind) {
    case 'ShowDatabases':
      return table(
        [{ name: 'Database', type: T.varchar }],
        matching(catalog.listDatabases(), statement.like).map((d) => [d]),
      );
    case 'ShowTables': {
      if (!statement.database) throw semanticError(sql, statement.span, 'Name the database: SHOW TABLES FROM "database".');
      const database = resolve(catalog.listDatabases(), statement.database.name);
      if (!database) throw semanticError(sql, statement.database.span, `Database '${statement.database.name}' does not exist.`);
      return table(
        [{ name: 'Table', type: T.varchar }],
        matching(catalog.listTables(database), statement.like).map((t) => [t]),
      );
    }
    case 'ShowMeasures':
    case 'Describe': {
      const parts = statement.table;
      if (parts.length !== 2) throw semanticError(sql, statement.span, 'Name the table as "database"."table".');
      const database = resolve(catalog.listDatabases(), parts[0]!.name);
      const tableName = database === undefined ? undefined : resolve(catalog.listTables(database), parts[1]!.name);
      const schema = database !== undefined && tableName !== undefined ? catalog.getTable(database, tableName) : undefined;
      if (!schema || database === undefined || tableName === undefined) {
        throw semanticError(sql, statement.span, `Table '${parts.map((p) => p.name).join('.')}' does not exist.`);
      }
      if (statement.kind === 'Describe') {
        return table(
          [
            { name: 'Column', type: T.varchar },
            { name: 'Type', type: T.varchar },
            { name: 'Timestream attribute type', type: T.varchar },
          ],
          schema.columns.map((c) => [c.name, formatType(c.type), c.role]),
        );
      }
      const dimensionType = rowOf([
        { name: 'dimension_name', type: T.varchar },
        { name: 'data_type', type: T.varchar },
      ]);
      const measures = catalog.listMeasures(database, tableName);
      const wanted = new Set(
        matching(
          measures.map((m) => m.measureName),
          statement.like,
        ),
      );
      return table(
        [
          { name: 'measure_name', type: T.varchar },
          { name: 'data_type', type: T.varchar },
          { name: 'dimensions', type: arrayOf(dimensionType) },
        ],
        measures
          .filter((m) => wanted.has(m.measureName))
          .sort((a, b) => (a.measureName < b.measureName ? -1 : 1))
          .map((m) => [m.measureName, m.dataType, m.dimensions.map((d) => [d.name, d.type])]),
      );
    }
  }
}

function resolve(names: readonly string[], written: string): string | undefined {
  return names.find((n) => n === written) ?? names.find((n) => n.toLowerCase() === written.toLowerCase());
}
