import type { ColumnRole, SqlTableSchema } from './catalog.ts';

// A table's columns by role, read once per schema object rather than once per WHERE conjunct and per
// aggregate: the catalog hands out the same schema object until the table changes, and a schema is
// never modified, so what is derived from it stays right for as long as the object lives.
const ROLES = new WeakMap<SqlTableSchema, ReadonlyMap<string, ColumnRole>>();
const DIMENSIONS = new WeakMap<SqlTableSchema, ReadonlySet<string>>();
const NO_ROLES: ReadonlyMap<string, ColumnRole> = new Map();
const NO_DIMENSIONS: ReadonlySet<string> = new Set();

/** Each column's role by name (the last column wins where two share a name). Empty for no schema. */
export function columnRoles(schema: SqlTableSchema | undefined): ReadonlyMap<string, ColumnRole> {
  if (schema === undefined) return NO_ROLES;
  let roles = ROLES.get(schema);
  if (roles === undefined) {
    roles = new Map(schema.columns.map((c) => [c.name, c.role]));
    ROLES.set(schema, roles);
  }
  return roles;
}

/** The names of the table's dimension columns. Empty for no schema. */
export function dimensionNames(schema: SqlTableSchema | undefined): ReadonlySet<string> {
  if (schema === undefined) return NO_DIMENSIONS;
  let dimensions = DIMENSIONS.get(schema);
  if (dimensions === undefined) {
    dimensions = new Set(schema.columns.filter((c) => c.role === 'DIMENSION').map((c) => c.name));
    DIMENSIONS.set(schema, dimensions);
  }
  return dimensions;
}
