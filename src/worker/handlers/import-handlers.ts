import {
  checkImportMapping,
  type Database,
  formatRejectionsCsv,
  type ImportProgress,
  importFile,
  mappingFromBatchLoadJson,
  previewParsed,
  proposeImport,
  readHead,
} from '../../engine/index.ts';
import { TidemarkError } from '../../errors/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';
import { PARSE_WORKER_NAME, parseInWorker } from '../parse-channel.ts';
import { yieldToEventLoop } from '../request-context.ts';
import { yieldGate } from '../yield-gate.ts';

/** Progress events at most this often: a fast import reads a slice every few milliseconds. */
const PROGRESS_EVERY_MS = 100;
/** How long an import may run without yielding to the worker's event loop (where a stop arrives). */
const YIELD_EVERY_MS = 20;

/** How long the parse worker is kept after an import, for the next file (a drop of many files imports them in turn). */
const KEEP_PARSER_MS = 60_000;

/**
 * Parses an import on a worker of its own, this worker's own script started under PARSE_WORKER_NAME, while this
 * one writes; where nested workers do not exist, here.
 */
const parseOnItsOwnThread = parseInWorker(
  () => {
    if (typeof Worker === 'undefined' || typeof location === 'undefined') throw new Error('no nested workers');
    return new Worker(location.href, { type: 'module', name: PARSE_WORKER_NAME });
  },
  { keepIdleMs: KEEP_PARSER_MS },
);

/**
 * The import methods over the protocol. The file stays a Blob in the worker and is read slice by slice, so
 * a file of any size costs a slice of memory plus the batch being written. Running imports are kept by id so
 * `import.stop` can end one and still get its result (a cancelled request would lose it).
 */
export function importHandlers(database: Promise<Database>): MethodHandlers {
  const running = new Map<string, AbortController>();
  return {
    'import.propose': async ({ file, fileName, format, dialect }) => {
      if (!(file instanceof Blob))
        throw new TidemarkError('INVALID_ARGUMENT', 'import.propose needs a File or Blob.', { details: { field: 'file' } });
      return proposeImport(file, {
        fileName: fileName ?? (file instanceof File ? file.name : 'input'),
        ...(format !== undefined ? { format } : {}),
        ...(dialect !== undefined ? { dialect } : {}),
      });
    },
    'import.check': ({ mapping }) => checkImportMapping(mapping),
    'import.batchLoadMapping': ({ json, target }) => mappingFromBatchLoadJson(json, target),
    'import.preview': async ({ file, mapping, rows }) => {
      if (!(file instanceof Blob))
        throw new TidemarkError('INVALID_ARGUMENT', 'import.preview needs a File or Blob.', { details: { field: 'file' } });
      const head = await readHead(file);
      try {
        const { table, rejections } = previewParsed(head.bytes, head.complete, mapping, rows ?? 20);
        return { parsed: table, rejections };
      } catch (error) {
        return { parsed: { columns: [], rows: [] }, rejections: [], problem: TidemarkError.from(error).message };
      }
    },
    'import.run': async ({ file, mapping, fileName, importId, createTable }, context) => {
      const db = await database;
      if (importId !== undefined && running.has(importId)) {
        throw new TidemarkError('ALREADY_EXISTS', `An import with id "${importId}" is already running.`, {
          details: { field: 'importId' },
        });
      }
      const stopper = new AbortController();
      if (importId !== undefined) running.set(importId, stopper);
      let last = 0;
      // A stop message can only arrive while the import yields; yielding before every series write costs a
      // task round trip each (hundreds per batch), so it yields at most every YIELD_EVERY_MS, once for all the
      // writes waiting then.
      const beforeWrite = yieldGate(YIELD_EVERY_MS, yieldToEventLoop);
      const onProgress = (progress: ImportProgress): void => {
        const now = performance.now();
        const finished = progress.totalBytes !== undefined && progress.bytesRead >= progress.totalBytes;
        if (now - last < PROGRESS_EVERY_MS && !finished) return;
        last = now;
        context.progress({
          done: progress.bytesRead,
          ...(progress.totalBytes !== undefined ? { total: progress.totalBytes } : {}),
          message: `${progress.rowsEmitted} rows`,
          import: progress,
        });
      };
      try {
        const name = fileName ?? (file instanceof File ? file.name : typeof file === 'string' ? 'pasted' : 'input');
        const result = await importFile(db, typeof file === 'string' ? { text: file } : file, {
          mapping,
          fileName: name,
          signal: AbortSignal.any([stopper.signal, context.signal]),
          onProgress,
          beforeWrite,
          parse: parseOnItsOwnThread,
          ...(createTable !== undefined ? { createTable } : {}),
        });
        return { ...result, reportCsv: formatRejectionsCsv(result.rejections, result.rowsRejected) };
      } finally {
        if (importId !== undefined) running.delete(importId);
      }
    },
    'import.stop': ({ importId }) => {
      const stopper = running.get(importId);
      stopper?.abort(new TidemarkError('ABORTED', 'The import was stopped.'));
      return { stopped: stopper !== undefined };
    },
  };
}
