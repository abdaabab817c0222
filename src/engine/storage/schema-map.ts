/**
 * The source of schema versions. One counter for every table, so a table dropped and created again
 * under the same name never repeats a version a cache may still hold for the old one.
 */
let nextSchemaVersion = 1;

/** A version number no table has had yet. */
export function freshSchemaVersion(): number {
  return nextSchemaVersion++;
}

/**
 * A number that moves whenever any table's schema changes or a database or table is created or dropped
 * (anywhere in this process): what SQL binding reads of every catalog is the same while it holds, so the
 * query engine's plan templates are kept exactly that long.
 */
export function schemaEpoch(): number {
  return nextSchemaVersion;
}

/**
 * A Map whose changes (a new key, a key bound to another value, a removal) call `onChange`. A
 * table's name-to-type maps are these, so the SQL catalog can keep a table's schema until one of
 * them really changes, however many places in the write path touch them.
 */
export class SchemaMap<K, V> extends Map<K, V> {
  constructor(private readonly onChange: () => void) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) || this.get(key) !== value) this.onChange();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const removed = super.delete(key);
    if (removed) this.onChange();
    return removed;
  }

  override clear(): void {
    if (this.size > 0) this.onChange();
    super.clear();
  }
}
