import type { TidemarkClient } from '../../client/index.ts';
import type { FunctionInfo } from '../../worker/protocol.ts';

/** Columns of a Timestream table as a query names them, from its description. */
export interface TableColumns {
  readonly dimensions: readonly string[];
  readonly measureValues: readonly string[];
  readonly multiMeasures: readonly string[];
}

type Caller = Pick<TidemarkClient, 'call'>;

/**
 * The live catalog for completion: databases, tables, columns, measure names (SHOW MEASURES)
 * and functions, fetched from the worker on demand and kept for `ttlMs` so new tables show up.
 */
export class Catalog {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly client: Caller,
    private readonly ttlMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {}

  databases(): Promise<string[]> {
    return this.cached('dbs', () => this.client.call('db.listDatabases', {}));
  }

  tables(database: string): Promise<string[]> {
    return this.cached(`tables:${database}`, () => this.client.call('db.listTables', { database }));
  }

  columns(database: string, table: string): Promise<TableColumns> {
    return this.cached(`columns:${database}.${table}`, async () => {
      const d = await this.client.call('db.describeTable', { database, table });
      const valueTypes = new Set(d.measures.map((m) => m.type.toLowerCase()).filter((t) => t !== 'multi'));
      return {
        dimensions: [...d.dimensions],
        measureValues: [...valueTypes].sort().map((t) => `measure_value::${t}`),
        multiMeasures: d.multiMeasureAttributes.map((a) => a.name),
      };
    });
  }

  measures(database: string, table: string): Promise<string[]> {
    return this.cached(`measures:${database}.${table}`, async () => {
      const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const result = await this.client.call('db.query', { sql: `SHOW MEASURES FROM ${quoted(database)}.${quoted(table)}` });
      const column = result.columns.find((c) => c.name === 'measure_name');
      if (column?.kind !== 'text') return [];
      return column.data.filter((v): v is string => v !== null);
    });
  }

  functions(): Promise<FunctionInfo[]> {
    return this.cached('functions', () => this.client.call('db.functions', {}), Number.POSITIVE_INFINITY);
  }

  /** Forgets everything (after a write or an import). */
  clear(): void {
    this.cache.clear();
  }

  private cached<T>(key: string, load: () => Promise<T>, ttl = this.ttlMs): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < ttl) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { at: this.now(), value });
    // A failed lookup is not cached: the next keystroke asks again.
    value.catch(() => this.cache.delete(key));
    return value;
  }
}
