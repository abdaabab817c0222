import { TidemarkError } from '../../errors/index.ts';
import type { WriteRecordsResponse } from '../model/index.ts';
import type { WriteColumnsRequest } from '../storage/index.ts';
import { rejectionsOfWrites, writeBatch } from './batch-writes.ts';
import type { ImportSource } from './byte-source.ts';
import { type BatchStreamer, type StreamImportOptions, streamImport } from './stream-import.ts';
import type { ImportMapping, ImportSummary, Rejection } from './types.ts';

/** What an import into a database did: the parse summary, plus what the database took and refused. */
export interface ImportResult extends ImportSummary {
  /** Records the database wrote (a single-measure row with several measures is several records). */
  readonly recordsIngested: number;
  /** Rows the parser emitted that the database refused (their entries are in `rejections`, beside parse ones). */
  readonly rowsRejectedByWrite: number;
}

/**
 * Imports a source into a database through its columnar write (`db.writeColumns`): streams and parses by
 * the mapping, writes each batch series by series as it fills, and merges the rows the database refused into
 * the rejection list, sorted by line, so one report covers both. The target table must exist.
 *
 * One batch may be in flight while the next is parsed: a batch's writes are applied at once, and their
 * write-ahead log commit (IndexedDB, done outside the worker) overlaps the parsing of the next batch. The
 * file is never ahead of the database by more than that batch, and the import returns (or reports an abort)
 * only once every batch it counts as emitted is durable; a failed write is reported with the counts of the
 * batches before it.
 */
export async function importRows(
  source: ImportSource,
  mapping: ImportMapping,
  write: (request: WriteColumnsRequest) => Promise<WriteRecordsResponse>,
  options: Omit<StreamImportOptions, 'onBatch'> & {
    /** Parses the source into batches (streamImport by default; the app's worker parses on a thread of its own). */
    readonly parse?: BatchStreamer;
  } = {},
): Promise<ImportResult> {
  const { parse = streamImport, ...streamOptions } = options;
  let recordsIngested = 0;
  const refused: Rejection[] = [];
  let rowsRejectedByWrite = 0;
  // The batch whose writes are in flight, and the last line of the batches settled before it.
  let inFlight: { readonly done: Promise<void>; readonly rows: number } | null = null;
  let settledLastLine = 0;
  let failed: { readonly rows: number; readonly lastLineBefore: number } | null = null;
  const settle = async (): Promise<void> => {
    const pending = inFlight;
    if (!pending) return;
    inFlight = null;
    await pending.done;
  };
  const run = async (): Promise<ImportSummary> => {
    try {
      const summary = await parse(source, mapping, {
        ...streamOptions,
        onBatch: async (batch) => {
          await settle();
          const lastLine = batch.lines[batch.rowCount - 1] ?? settledLastLine;
          const lastLineBefore = settledLastLine;
          const done = writeBatch(batch, mapping.target, write).then(
            (result) => {
              recordsIngested += result.recordsIngested;
              // A row is counted once even when several of its single-measure records were refused.
              rowsRejectedByWrite += new Set(result.rejected.map((r) => r.row)).size;
              refused.push(...rejectionsOfWrites(options.fileName ?? 'input', result.rejected));
              settledLastLine = lastLine;
            },
            (error: unknown) => {
              failed = { rows: batch.rowCount, lastLineBefore };
              throw error;
            },
          );
          // Awaited by the next batch or at the end; a failure is never left unhandled meanwhile.
          done.catch(() => undefined);
          inFlight = { done, rows: batch.rowCount };
        },
      });
      try {
        await settle();
      } catch (error) {
        // The last batch failed after the stream ended: reported as a failure inside the stream would be.
        const failure = TidemarkError.from(error, 'INTERNAL');
        throw new TidemarkError(failure.code, failure.message, {
          position: { ...failure.position, file: summary.file },
          details: {
            ...failure.details,
            rowsEmitted: summary.rowsEmitted,
            batchesEmitted: summary.batchesEmitted,
            lastEmittedLine: summary.lastEmittedLine,
            rowsRejected: summary.rowsRejected,
          },
          cause: failure,
        });
      }
      return summary;
    } catch (error) {
      // A stream error while a batch was in flight: that batch still ends before the import reports.
      await settle().catch(() => undefined);
      throw error;
    }
  };
  let summary: ImportSummary;
  try {
    summary = await run();
  } catch (error) {
    throw correctedCounts(error, failed);
  }
  const file = summary.file;
  const limit = options.maxRejectionsKept ?? 10_000;
  const rejections = [...summary.rejections, ...refused.map((r) => ({ ...r, file }))].sort((a, b) => a.line - b.line).slice(0, limit);
  return {
    ...summary,
    rejections,
    rowsRejected: summary.rowsRejected + rowsRejectedByWrite,
    recordsIngested,
    rowsRejectedByWrite,
  };
}

/**
 * A write failure surfaces one batch late (while the next batch is handed over, or after the last one), when
 * the failed batch already counts as emitted: its rows come off the error's counts, so they say what was
 * written before it.
 */
function correctedCounts(error: unknown, failed: { readonly rows: number; readonly lastLineBefore: number } | null): unknown {
  if (!failed) return error;
  const typed = TidemarkError.from(error, 'INTERNAL');
  const details = typed.details ?? {};
  const emitted = typeof details.rowsEmitted === 'number' ? details.rowsEmitted : undefined;
  const batches = typeof details.batchesEmitted === 'number' ? details.batchesEmitted : undefined;
  return new TidemarkError(typed.code, typed.message, {
    ...(typed.position ? { position: typed.position } : {}),
    details: {
      ...details,
      ...(emitted !== undefined ? { rowsEmitted: emitted - failed.rows } : {}),
      ...(batches !== undefined ? { batchesEmitted: batches - 1 } : {}),
      lastEmittedLine: failed.lastLineBefore,
    },
    cause: typed,
  });
}
