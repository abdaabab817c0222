import { TidemarkError } from '../../errors/index.ts';
import { checkDatabaseName, checkTableName } from '../model/names.ts';
import type { TableOptions } from '../model/types.ts';
import { freshSchemaVersion } from './schema-map.ts';
import type { Series, SeriesRecord } from './series.ts';
import { type TableRecord, TableState } from './table-state.ts';

/** The persisted form of a database. */
export interface DatabaseRecord {
  readonly name: string;
  readonly createdAt: number;
}

/** A database in RAM. */
export interface DatabaseState {
  readonly name: string;
  readonly createdAt: number;
  readonly tables: Map<string, TableState>;
}

/** Databases and their tables, with the lookups every operation starts from. */
export class Catalog {
  readonly databases = new Map<string, DatabaseState>();
  readonly tablesById = new Map<number, TableState>();
  readonly seriesById = new Map<number, Series>();
  nextTableId = 1;
  nextSeriesId = 1;
  /**
   * Series dropped since the last checkpoint, which must delete what is stored of them. Until it
   * does, their records are still on disk, so reopening sees their ids (never given out again) and
   * replays the log that empties and drops them once more.
   */
  readonly droppedSeries = new Set<number>();

  database(name: string): DatabaseState {
    const db = this.databases.get(name);
    if (!db) throw new TidemarkError('NOT_FOUND', `The database "${name}" does not exist.`, { details: { database: name } });
    return db;
  }

  table(database: string, table: string): TableState {
    const t = this.database(database).tables.get(table);
    if (!t)
      throw new TidemarkError('NOT_FOUND', `The table "${table}" does not exist in database "${database}".`, {
        details: { database, table },
      });
    return t;
  }

  checkNewDatabase(name: string): void {
    const reason = checkDatabaseName(name);
    if (reason) throw new TidemarkError('VALIDATION', reason, { details: { field: 'DatabaseName' } });
    if (this.databases.has(name))
      throw new TidemarkError('ALREADY_EXISTS', `The database "${name}" already exists.`, { details: { database: name } });
  }

  checkNewTable(database: string, name: string): void {
    const db = this.database(database);
    const reason = checkTableName(name);
    if (reason) throw new TidemarkError('VALIDATION', reason, { details: { field: 'TableName' } });
    if (db.tables.has(name))
      throw new TidemarkError('ALREADY_EXISTS', `The table "${name}" already exists in database "${database}".`, {
        details: { database, table: name },
      });
  }

  addDatabase(record: DatabaseRecord): DatabaseState {
    const db: DatabaseState = { name: record.name, createdAt: record.createdAt, tables: new Map() };
    this.databases.set(record.name, db);
    // Names SQL resolves changed: the schema epoch moves (see schemaEpoch).
    freshSchemaVersion();
    return db;
  }

  addTable(record: TableRecord): TableState {
    const db = this.database(record.database);
    const table = new TableState(record);
    db.tables.set(record.name, table);
    this.tablesById.set(record.id, table);
    if (record.id >= this.nextTableId) this.nextTableId = record.id + 1;
    return table;
  }

  removeTable(table: TableState): void {
    freshSchemaVersion();
    this.databases.get(table.database)?.tables.delete(table.name);
    this.tablesById.delete(table.id);
    for (const s of table.series.values()) this.seriesById.delete(s.id);
  }

  /** Adds a series to its table's catalog and indexes, and to the id lookup. */
  registerSeries(table: TableState, record: SeriesRecord): Series {
    const series = table.addSeries(record);
    this.seriesById.set(series.id, series);
    if (record.id >= this.nextSeriesId) this.nextSeriesId = record.id + 1;
    return series;
  }

  /** Drops a series from its table and the id lookup, to be deleted from storage at the next checkpoint. */
  dropSeries(series: Series): void {
    this.tablesById.get(series.tableId)?.removeSeries(series);
    this.seriesById.delete(series.id);
    this.droppedSeries.add(series.id);
  }

  newTableRecord(database: string, name: string, options: TableOptions, createdAt: number): TableRecord {
    return { id: this.nextTableId++, database, name, options, createdAt };
  }
}
