import type { WriteRecordsResponse } from '../model/index.ts';
import type { WriteColumnsRequest } from '../storage/index.ts';
import { rejectionsOfWrites, writeBatch } from './batch-writes.ts';
import type { ImportSource } from './byte-source.ts';
import { type StreamImportOptions, streamImport } from './stream-import.ts';
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
 * the mapping, writes each batch series by series as it fills (waiting for it: the file is never ahead of
 * the database by more than a batch), and merges the rows the database refused into the rejection list,
 * sorted by line, so one report covers both. The target table must exist.
 */
export async function importRows(
  source: ImportSource,
  mapping: ImportMapping,
  write: (request: WriteColumnsRequest) => Promise<WriteRecordsResponse>,
  options: Omit<StreamImportOptions, 'onBatch'> = {},
): Promise<ImportResult> {
  let recordsIngested = 0;
  const refused: Rejection[] = [];
  let rowsRejectedByWrite = 0;
  const summary = await streamImport(source, mapping, {
    ...options,
    onBatch: async (batch) => {
      const result = await writeBatch(batch, mapping.target, write);
      recordsIngested += result.recordsIngested;
      // A row is counted once even when several of its single-measure records were refused.
      rowsRejectedByWrite += new Set(result.rejected.map((r) => r.row)).size;
      refused.push(...rejectionsOfWrites(options.fileName ?? 'input', result.rejected));
    },
  });
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
