import { TidemarkError } from '../../errors/index.ts';
import { BatchBuilder, DEFAULT_BATCH_ROWS } from './batch-builder.ts';
import { DEFAULT_SLICE_BYTES, type ImportSource, openByteSlices } from './byte-source.ts';
import type { FormatParser, ParserOutput } from './format-parser.ts';
import { gunzipIfNeeded } from './gzip.ts';
import { createFormatParser, shapeOfMapping } from './parser-factory.ts';
import { RejectionSink } from './rejection-sink.ts';
import type { ColumnarBatch, ImportMapping, ImportProgress, ImportSummary } from './types.ts';

/** Options of a streaming import. */
export interface StreamImportOptions {
  /** The name rejections and reports carry (a File's name by default). */
  readonly fileName?: string;
  /** Rows per emitted batch (131,072 by default). */
  readonly batchRows?: number;
  /** Bytes read from the source at a time (4 MiB by default). */
  readonly sliceBytes?: number;
  /** Rejected records longer than this (16 MiB by default, Timestream batch load's row limit). */
  readonly maxRecordBytes?: number;
  /** How many rejections are listed (all are counted); 10,000 by default. */
  readonly maxRejectionsKept?: number;
  /** Stops the import between slices and batches; what was emitted before is reported exactly. */
  readonly signal?: AbortSignal;
  /** Receives each batch; the import waits for a returned promise (backpressure for the write). */
  readonly onBatch: (batch: ColumnarBatch) => void | Promise<void>;
  /** Called after each slice. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** The source's size when the source cannot tell (a stream); used for progress only. */
  readonly totalBytes?: number;
  /** A clock for progress figures (performance.now by default). */
  readonly now?: () => number;
  /**
   * Shrinks the last batches by halves as the source's end nears (BatchBuilder.expectRows), for a consumer that
   * writes a batch while the next is parsed (a parser on a thread of its own): the last batch, which nothing
   * overlaps, is then small. Needs the source's size; batches are never smaller than 65,536 rows.
   */
  readonly taperBatches?: boolean;
}

/**
 * Something that streams a source as columnar batches with streamImport's contract (onBatch awaited in order,
 * counts and rejections exact on abort): streamImport itself, or a parser running on another thread.
 */
export type BatchStreamer = (source: ImportSource, mapping: ImportMapping, options: StreamImportOptions) => Promise<ImportSummary>;

/** The default longest record (Timestream batch load refuses CSV rows over 16 MB). */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Reads a source in slices (gunzipping it when it starts with the gzip magic), parses it by the mapping,
 * and hands columnar batches to `onBatch` as they fill. Never holds more than a slice, a partial record
 * and the batches being filled. On abort it stops at the next slice or batch boundary, emits nothing
 * more, and reports what was emitted (`rowsEmitted`, `lastEmittedLine`) with `aborted: true`.
 */
export async function streamImport(source: ImportSource, mapping: ImportMapping, options: StreamImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const fileName = options.fileName ?? (typeof File !== 'undefined' && source instanceof File ? source.name : 'input');
  const opened = openByteSlices(source, options.sliceBytes ?? DEFAULT_SLICE_BYTES, options.signal);
  const totalBytes = opened.totalBytes ?? options.totalBytes;
  const builder = new BatchBuilder(shapeOfMapping(mapping, options.batchRows ?? DEFAULT_BATCH_ROWS));
  const rejections = new RejectionSink(fileName, options.maxRejectionsKept ?? 10_000);
  const output: ParserOutput = { builder, rejections, maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES };
  const parser: FormatParser = createFormatParser(mapping, output);
  const signal = options.signal;

  let bytesRead = 0;
  let rowsEmitted = 0;
  let batchesEmitted = 0;
  let lastEmittedLine = 0;
  let aborted = false;

  const emitReady = async (): Promise<boolean> => {
    while (builder.ready.length > 0) {
      if (signal?.aborted) return false;
      const batch = builder.ready.shift()!;
      await options.onBatch(batch);
      rowsEmitted += batch.rowCount;
      batchesEmitted++;
      lastEmittedLine = batch.lines[batch.rowCount - 1] ?? lastEmittedLine;
    }
    return true;
  };
  const progress = (): void => {
    if (!options.onProgress) return;
    const elapsedMs = Math.max(now() - started, 0);
    const seconds = elapsedMs / 1000;
    const bytesPerSecond = seconds > 0 ? bytesRead / seconds : 0;
    options.onProgress({
      bytesRead,
      totalBytes,
      rowsEmitted,
      rowsRejected: rejections.count,
      elapsedMs,
      rowsPerSecond: seconds > 0 ? rowsEmitted / seconds : 0,
      bytesPerSecond,
      etaMs: totalBytes !== undefined && bytesPerSecond > 0 ? (Math.max(0, totalBytes - bytesRead) / bytesPerSecond) * 1000 : undefined,
    });
  };

  const content = gunzipIfNeeded(
    opened.slices,
    (raw) => {
      bytesRead += raw.length;
    },
    signal,
  );
  try {
    if (signal?.aborted) aborted = true;
    else {
      for await (const slice of content) {
        if (signal?.aborted) {
          aborted = true;
          break;
        }
        parser.push(slice);
        // Rows per byte so far, times the bytes of the whole source (gzip: of the compressed file, read ahead
        // by the decompressor, so only a rough guess; it only sizes the last batches).
        if (options.taperBatches === true && totalBytes !== undefined && bytesRead > 0) {
          builder.expectRows((builder.rowsCommitted * totalBytes) / bytesRead);
        }
        if (!(await emitReady())) {
          aborted = true;
          break;
        }
        progress();
      }
      if (!aborted && signal?.aborted) aborted = true;
      if (!aborted) {
        parser.finish();
        builder.flush();
        if (!(await emitReady())) aborted = true;
        progress();
      }
    }
  } catch (error) {
    // A source torn down by the abort may fail on its way out: that is the abort, not an error.
    if (!signal?.aborted) {
      // Anything else (a corrupt gzip stream, a mapping naming a missing column) ends the import; the error
      // says how far it got, since the batches before it were handed on.
      const failure = error instanceof TidemarkError ? error : TidemarkError.from(error, 'INTERNAL');
      throw new TidemarkError(failure.code, failure.message, {
        position: { ...failure.position, file: fileName },
        details: { ...failure.details, rowsEmitted, batchesEmitted, lastEmittedLine, rowsRejected: rejections.count },
        cause: failure,
      });
    }
    aborted = true;
  }
  if (aborted) rejections.forgetAfter(lastEmittedLine);
  return {
    file: fileName,
    rowsEmitted,
    batchesEmitted,
    rowsRejected: rejections.count,
    rejections: rejections.kept,
    bytesRead,
    lastEmittedLine,
    aborted,
    elapsedMs: now() - started,
  };
}
