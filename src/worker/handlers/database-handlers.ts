import { batchBuffers, type Database, toColumnarResult, toTimestreamResponse } from '../../engine/index.ts';
import { listFunctions, SPECIAL_FORM_NAMES } from '../../engine/sql/functions/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';
import type { QueryParams } from '../protocol.ts';
import type { RequestContext } from '../request-context.ts';

/**
 * The database's methods over the protocol. The database opens in the background after the
 * kernel loads, so each handler waits for it; an open that failed fails every call with that error.
 */
export function databaseHandlers(database: Promise<Database>, name: string): MethodHandlers {
  const db = () => database;
  // The request's cancellation signal stops the query at its next checkpoint.
  const query = async ({ sql, timeoutMs, range, intervalMs, pixels }: QueryParams, context: RequestContext) =>
    (await db()).query(sql, {
      signal: context.signal,
      onProgress: (p) =>
        context.progress({
          done: p.rowsProduced,
          message: `${p.rowsProduced.toLocaleString('en-US')} rows read, ${(p.chunksDecoded + p.chunksAnsweredFromHeaders).toLocaleString('en-US')} chunks`,
        }),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(range !== undefined ? { range } : {}),
      ...(intervalMs !== undefined ? { intervalMs } : {}),
      ...(pixels !== undefined ? { pixels } : {}),
    });
  return {
    'db.info': async () => ({ name, storage: (await db()).storage }),
    'db.listDatabases': async () => (await db()).listDatabases(),
    'db.createDatabase': async ({ name: database }) => {
      await (await db()).createDatabase(database);
      return null;
    },
    'db.deleteDatabase': async ({ name: database }) => {
      await (await db()).deleteDatabase(database);
      return null;
    },
    'db.listTables': async ({ database }) => (await db()).listTables(database),
    'db.createTable': async ({ database, table, options }) => (await db()).createTable(database, table, options),
    'db.updateTable': async ({ database, table, options }) => (await db()).updateTable(database, table, options),
    'db.deleteTable': async ({ database, table }) => {
      await (await db()).deleteTable(database, table);
      return null;
    },
    'db.describeTable': async ({ database, table }) => (await db()).describeTable(database, table),
    'db.writeRecords': async (request) => (await db()).writeRecords(request),
    'db.writeColumns': async (request) => (await db()).writeColumns(request),
    'db.writeColumnsBatch': async ({ returnBuffers, ...request }) => {
      const response = await (await db()).writeColumnsBatch(request);
      return returnBuffers === true ? { ...response, buffers: batchBuffers(request) } : response;
    },
    'db.deleteRecords': async (request) => (await db()).deleteRecords(request),
    // Dictionary-coded text goes as its codes (wire-text.ts; the client unpacks it).
    'db.query': async (params, context) => toColumnarResult(await query(params, context), { packText: true }),
    'db.queryTimestream': async (params, context) => toTimestreamResponse(await query(params, context)),
    'db.stats': async () => (await db()).stats(),
    'db.functions': async () => [
      ...listFunctions().map((f) => ({ name: f.name, kind: f.kind, signatures: [...f.signatures] })),
      ...SPECIAL_FORM_NAMES.map((name) => ({ name, kind: 'special' as const, signatures: [] })),
    ],
  };
}
