import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { TidemarkError } from '../../client/index.ts';

/**
 * The app's own state in IndexedDB, apart from the engine's database: Explore's query history
 * and saved queries, Dashboards' dashboards, Import's saved import shapes. All four stores are
 * created in version 1 so no view ever needs a migration to add its store.
 */
export const APP_DB_NAME = 'tidemark-app';
export const APP_DB_VERSION = 1;
/** History keeps this many entries; older ones are dropped. */
export const HISTORY_LIMIT = 500;

export interface HistoryEntry {
  readonly id: number;
  readonly sql: string;
  /** When it last ran (epoch ms). */
  readonly at: number;
  readonly durationMs?: number;
  readonly rowCount?: number;
  /** The engine's error message when it failed. */
  readonly error?: string;
}

export interface SavedQuery {
  readonly id: string;
  readonly name: string;
  readonly sql: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A dashboard as Dashboards stores it (its model is Dashboards' own JSON). */
export interface DashboardRecord {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
  readonly model: unknown;
}

/** A saved import mapping as Import stores it. */
export interface ImportShapeRecord {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: number;
  readonly shape: unknown;
}

export interface AppSchema extends DBSchema {
  history: { key: number; value: HistoryEntry; indexes: { at: number; sql: string } };
  'saved-queries': { key: string; value: SavedQuery; indexes: { name: string } };
  dashboards: { key: string; value: DashboardRecord; indexes: { updatedAt: number } };
  'import-shapes': { key: string; value: ImportShapeRecord; indexes: { name: string } };
}

export type AppDatabase = IDBPDatabase<AppSchema>;

function wrap<T>(what: string, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    const e = TidemarkError.from(error);
    throw e.code === 'QUOTA_EXCEEDED'
      ? e
      : new TidemarkError(e.code, `Could not ${what} in the app's IndexedDB store: ${e.message}`, { cause: error });
  });
}

export class AppStore {
  private constructor(readonly db: AppDatabase) {}

  /** Opens (creating on first use) the app database; `name` lets tests use a fresh one. */
  static async open(name: string = APP_DB_NAME): Promise<AppStore> {
    const db = await wrap(
      'open the database',
      openDB<AppSchema>(name, APP_DB_VERSION, {
        upgrade(database, oldVersion) {
          if (oldVersion < 1) {
            const history = database.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
            history.createIndex('at', 'at');
            history.createIndex('sql', 'sql');
            database.createObjectStore('saved-queries', { keyPath: 'id' }).createIndex('name', 'name');
            database.createObjectStore('dashboards', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
            database.createObjectStore('import-shapes', { keyPath: 'id' }).createIndex('name', 'name');
          }
        },
      }),
    );
    return new AppStore(db);
  }

  /**
   * Records a run. Running the same SQL again moves its entry to the top instead of adding a
   * duplicate; beyond HISTORY_LIMIT entries the oldest go.
   */
  async addHistory(entry: Omit<HistoryEntry, 'id'>): Promise<HistoryEntry> {
    const sql = entry.sql.trim();
    if (!sql) throw new TidemarkError('VALIDATION', 'A history entry needs SQL text.');
    return wrap(
      'save the query history',
      (async () => {
        const tx = this.db.transaction('history', 'readwrite');
        const existing = await tx.store.index('sql').getKey(sql);
        const record = { ...entry, sql, ...(existing !== undefined ? { id: existing } : {}) };
        const id = await tx.store.put(record as HistoryEntry);
        let count = await tx.store.count();
        if (count > HISTORY_LIMIT) {
          let cursor = await tx.store.index('at').openCursor();
          while (cursor && count > HISTORY_LIMIT) {
            await cursor.delete();
            count--;
            cursor = await cursor.continue();
          }
        }
        await tx.done;
        return { ...record, id } as HistoryEntry;
      })(),
    );
  }

  /** The most recent runs first. */
  async listHistory(limit = 100): Promise<HistoryEntry[]> {
    return wrap(
      'read the query history',
      (async () => {
        const out: HistoryEntry[] = [];
        let cursor = await this.db.transaction('history').store.index('at').openCursor(null, 'prev');
        while (cursor && out.length < limit) {
          out.push(cursor.value);
          cursor = await cursor.continue();
        }
        return out;
      })(),
    );
  }

  async clearHistory(): Promise<void> {
    await wrap('clear the query history', this.db.clear('history'));
  }

  /** Saves a query under a name; an id updates that saved query. */
  async saveQuery(input: { id?: string; name: string; sql: string }, nowMs = Date.now()): Promise<SavedQuery> {
    const name = input.name.trim();
    if (!name) throw new TidemarkError('VALIDATION', 'A saved query needs a name.');
    if (!input.sql.trim()) throw new TidemarkError('VALIDATION', `The saved query "${name}" has no SQL.`);
    return wrap(
      'save the query',
      (async () => {
        const previous = input.id ? await this.db.get('saved-queries', input.id) : undefined;
        const record: SavedQuery = {
          id: input.id ?? crypto.randomUUID(),
          name,
          sql: input.sql,
          createdAt: previous?.createdAt ?? nowMs,
          updatedAt: nowMs,
        };
        await this.db.put('saved-queries', record);
        return record;
      })(),
    );
  }

  /** Saved queries by name. */
  async listSavedQueries(): Promise<SavedQuery[]> {
    return wrap('read the saved queries', this.db.getAllFromIndex('saved-queries', 'name'));
  }

  async deleteSavedQuery(id: string): Promise<void> {
    await wrap('delete the saved query', this.db.delete('saved-queries', id));
  }

  close(): void {
    this.db.close();
  }
}

let shared: Promise<AppStore> | null = null;

/** The page's one app store, opened on first use. */
export function appStore(): Promise<AppStore> {
  shared ??= AppStore.open().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}
