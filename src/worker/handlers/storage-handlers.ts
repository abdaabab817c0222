import { backupDatabase, type Database, exportQuery, exportTable, restoreDatabase } from '../../engine/index.ts';
import { TidemarkError } from '../../errors/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';

/** A file name safe on every system: letters, digits, `-`, `_` and `.` kept, the rest as `_`. */
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'export';
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Export, backup and restore over the protocol: files are made here, in the worker, and handed over as Blobs. */
export function storageHandlers(database: Promise<Database>): MethodHandlers {
  return {
    'storage.export': async (params, context) => {
      const db = await database;
      const extension = params.format === 'csv' ? 'csv' : 'parquet';
      if (params.format !== 'csv' && params.format !== 'parquet') {
        throw new TidemarkError('INVALID_ARGUMENT', `format must be "csv" or "parquet", not "${String(params.format)}".`, {
          details: { field: 'format' },
        });
      }
      if ('sql' in params) {
        const { blob, rows } = await exportQuery(db, params.sql, params.format, context.signal);
        return { blob, rows, fileName: `query-${stamp(new Date())}.${extension}` };
      }
      const { blob, rows } = await exportTable(db, params.database, params.table, params.format, context.signal);
      return { blob, rows, fileName: `${safeFileName(`${params.database}.${params.table}`)}.${extension}` };
    },
    'storage.backup': async ({ database: name }, context) => {
      const db = await database;
      const { blob, summary } = await backupDatabase(db, name, {
        signal: context.signal,
        onProgress: (p) => context.progress({ done: p.tablesDone, total: p.tables, message: `${p.points} points` }),
      });
      return { blob, summary, fileName: `${safeFileName(name)}-${stamp(new Date())}.tidemark-backup.ndjson.gz` };
    },
    'storage.restore': async ({ file, as }, context) => {
      const db = await database;
      if (!(file instanceof Blob))
        throw new TidemarkError('INVALID_ARGUMENT', 'storage.restore needs a File or Blob.', { details: { field: 'file' } });
      return restoreDatabase(db, file, {
        signal: context.signal,
        ...(as !== undefined && as !== '' ? { as } : {}),
        onProgress: (p) => context.progress({ done: p.points, total: p.totalPoints, message: `${p.points} points` }),
      });
    },
  };
}
