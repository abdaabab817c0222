import { TidemarkError } from '../errors/index.ts';
import type { Database } from './api.ts';
import type { ImportSource } from './ingest/byte-source.ts';
import { checkImportMapping } from './ingest/check-mapping.ts';
import { type ImportResult, importRows } from './ingest/import-rows.ts';
import { type ImportProposal, proposeImport } from './ingest/propose-import.ts';
import type { BatchStreamer } from './ingest/stream-import.ts';
import type { ImportMapping, ImportProgress } from './ingest/types.ts';
import type { TableOptionsInput } from './model/options.ts';

/**
 * What `importFile` reads: a Blob or File, bytes, a byte stream, `{ path }` (Node: a file, read in slices), or
 * `{ text }` (a paste). A bare string is a path in Node, as the library's users expect.
 */
export type ImportFileSource = ImportSource | { readonly path: string } | { readonly text: string };

export interface ImportFileOptions {
  /**
   * The mapping to use. A function receives the proposal (detected format, inferred mapping, previews) and
   * returns the mapping, to adjust the inferred one; omitted, the inferred mapping is used as it is.
   */
  readonly mapping?: ImportMapping | ((proposal: ImportProposal) => ImportMapping);
  /** Overrides the target of the mapping. */
  readonly database?: string;
  readonly table?: string;
  /**
   * Creates the database and table when missing (default true), with these options; a new table accepts
   * magnetic-store writes by default, since imported data is usually older than the memory tier's hours.
   */
  readonly createTable?: boolean | TableOptionsInput;
  readonly fileName?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Awaited before each write. A worker yields to its event loop here, so that a stop message can arrive while
   * a file whose slices read without a task boundary (an in-memory Blob) is imported.
   */
  readonly beforeWrite?: () => Promise<void>;
  readonly batchRows?: number;
  readonly sliceBytes?: number;
  readonly maxRejectionsKept?: number;
  /** Parses the source into batches (streamImport by default; the app's worker parses on a thread of its own). */
  readonly parse?: BatchStreamer;
}

/** What `importFile` did: the import's result, the mapping it used, and whether it created the table. */
export interface ImportFileResult extends ImportResult {
  readonly mapping: ImportMapping;
  readonly createdTable: boolean;
}

interface Opened {
  /** A fresh source for one read (a path or a stream can be read only once per opening). */
  readonly open: () => Promise<{ source: ImportSource; totalBytes?: number }>;
  readonly fileName: string;
}

function isPlainSource(source: ImportFileSource): source is Exclude<ImportSource, string> {
  return (
    (typeof Blob !== 'undefined' && source instanceof Blob) ||
    source instanceof Uint8Array ||
    (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream)
  );
}

async function opened(source: ImportFileSource | string, fileName: string | undefined): Promise<Opened> {
  if (typeof source !== 'string' && isPlainSource(source)) {
    const name = fileName ?? (typeof File !== 'undefined' && source instanceof File ? source.name : 'input');
    return { fileName: name, open: async () => ({ source }) };
  }
  if (typeof source === 'object' && 'text' in source) {
    const text = source.text;
    return { fileName: fileName ?? 'pasted', open: async () => ({ source: text }) };
  }
  const path = typeof source === 'string' ? source : source.path;
  // Behind a dynamic import so browser bundles never see node:fs.
  const { openNodeFileSource } = await import('./ingest/node-file-source.ts');
  const first = await openNodeFileSource(path).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    throw new TidemarkError(code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT', `Cannot read "${path}": ${(error as Error).message}`, {
      details: { field: 'source' },
      cause: error,
    });
  });
  await first.stream.cancel();
  return {
    fileName: fileName ?? first.fileName,
    open: async () => {
      const file = await openNodeFileSource(path);
      return { source: file.stream, totalBytes: file.totalBytes };
    },
  };
}

/**
 * Imports a file into a database: proposes a mapping from the file's head (unless one is given), checks it,
 * creates the target when missing, then streams the file in slices through the parser into `writeColumns`.
 * The result lists every rejected line (parse and write) by line; `aborted` says the signal stopped it, with
 * `rowsEmitted`/`recordsIngested` exactly what was written.
 */
export async function importFile(
  db: Database,
  source: ImportFileSource | string,
  options: ImportFileOptions = {},
): Promise<ImportFileResult> {
  const input = await opened(source, options.fileName);
  let mapping: ImportMapping;
  if (options.mapping !== undefined && typeof options.mapping !== 'function') mapping = options.mapping;
  else {
    if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
      throw new TidemarkError('INVALID_ARGUMENT', 'A stream can be read only once: give a mapping to import it, or give a Blob or a path.');
    }
    const head = await input.open();
    const proposal = await proposeImport(head.source, { fileName: input.fileName });
    if (typeof head.source === 'object' && head.source instanceof ReadableStream) await head.source.cancel().catch(() => undefined);
    mapping = typeof options.mapping === 'function' ? options.mapping(proposal) : proposal.inferred.mapping;
    if (options.mapping === undefined && proposal.problem !== undefined) {
      throw new TidemarkError('VALIDATION', `${input.fileName}: ${proposal.problem}`, { details: { field: 'mapping' } });
    }
  }
  if (options.database !== undefined || options.table !== undefined) {
    mapping = {
      ...mapping,
      target: { database: options.database ?? mapping.target.database, table: options.table ?? mapping.target.table },
    };
  }
  const problems = checkImportMapping(mapping);
  if (problems.length > 0) {
    throw new TidemarkError('VALIDATION', `The mapping cannot be used: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, {
      details: { field: problems[0]!.field, problems },
    });
  }
  const createdTable = await ensureTarget(db, mapping.target, options.createTable ?? true);
  const { source: body, totalBytes } = await input.open();
  const beforeWrite = options.beforeWrite;
  const write = beforeWrite
    ? async (request: Parameters<Database['writeColumns']>[0]) => {
        await beforeWrite();
        return db.writeColumns(request);
      }
    : (request: Parameters<Database['writeColumns']>[0]) => db.writeColumns(request);
  const result = await importRows(body, mapping, write, {
    fileName: input.fileName,
    ...(totalBytes !== undefined ? { totalBytes } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.batchRows !== undefined ? { batchRows: options.batchRows } : {}),
    ...(options.sliceBytes !== undefined ? { sliceBytes: options.sliceBytes } : {}),
    ...(options.maxRejectionsKept !== undefined ? { maxRejectionsKept: options.maxRejectionsKept } : {}),
    ...(options.parse ? { parse: options.parse } : {}),
  });
  return { ...result, mapping, createdTable };
}

async function ensureTarget(
  db: Database,
  target: { readonly database: string; readonly table: string },
  create: boolean | TableOptionsInput,
): Promise<boolean> {
  const databases = await db.listDatabases();
  const hasDatabase = databases.includes(target.database);
  if (hasDatabase && (await db.listTables(target.database)).includes(target.table)) return false;
  if (create === false) {
    throw new TidemarkError('NOT_FOUND', `Table "${target.database}"."${target.table}" does not exist (createTable is false).`, {
      details: { field: 'target' },
    });
  }
  // Two imports into one new target may race: the one that finds it created by the other goes on.
  const tolerateExisting = (error: unknown): void => {
    if (!(error instanceof TidemarkError && error.code === 'ALREADY_EXISTS')) throw error;
  };
  if (!hasDatabase) await db.createDatabase(target.database).catch(tolerateExisting);
  try {
    await db.createTable(target.database, target.table, { enableMagneticStoreWrites: true, ...(create === true ? {} : create) });
    return true;
  } catch (error) {
    tolerateExisting(error);
    return false;
  }
}
