import {
  type BatchStreamer,
  type BatchWritePlan,
  type ColumnarBatch,
  type ImportMapping,
  type ImportProgress,
  type ImportSource,
  type ImportSummary,
  planBatchWrites,
  type Rejection,
  type StreamImportOptions,
  streamImport,
} from '../engine/index.ts';
import { type SerializedTidemarkError, TidemarkError } from '../errors/index.ts';
import { collectTransferables } from './transferables.ts';

/**
 * An import parsed on a thread of its own: the engine's worker writes while a parse worker reads and parses
 * the file, so the two halves of an import use two cores. The parse worker runs streamImport and posts each
 * batch (its arrays transferred, not copied); it runs at most PARSE_AHEAD_BATCHES batches ahead of the
 * writes, so memory stays bounded by a few batches whatever the file's size. The engine's side keeps
 * streamImport's contract: batches are handed to onBatch in order, one at a time, and the counts, the last
 * line and the rejections it reports are those of the batches onBatch took (exact on abort and on failure).
 */

export { PARSE_WORKER_NAME } from './parse-worker-name.ts';

/** Batches the parser may have handed over that the writes have not taken yet. */
export const PARSE_AHEAD_BATCHES = 2;

/** The two ends of the channel: a Worker and the worker's global scope, or a MessageChannel's ports in tests. */
export interface ParsePort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** The engine's end also ends the parser when the import is over. */
export interface ParserPort extends ParsePort {
  terminate(): void;
}

type ParseOptions = Pick<
  StreamImportOptions,
  'fileName' | 'batchRows' | 'sliceBytes' | 'maxRecordBytes' | 'maxRejectionsKept' | 'totalBytes'
>;

type ToParser =
  | { readonly type: 'start'; readonly source: ImportSource; readonly mapping: ImportMapping; readonly options: ParseOptions }
  | { readonly type: 'credit' }
  | { readonly type: 'stop' };

type FromParser =
  | { readonly type: 'batch'; readonly batch: ColumnarBatch }
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'done'; readonly summary: ImportSummary }
  | { readonly type: 'error'; readonly error: SerializedTidemarkError };

/** The parse worker's side: parses what each 'start' names (one import at a time) and posts batches as credits allow. */
export function serveParse(port: ParsePort): void {
  // One import at a time; a kept worker serves the next import after 'done', with fresh credits.
  let credits = PARSE_AHEAD_BATCHES;
  let wake: (() => void) | null = null;
  let stopper = new AbortController();
  const post = (message: FromParser, transfer: Transferable[] = []): void => port.postMessage(message, transfer);
  const run = async (start: Extract<ToParser, { type: 'start' }>, signal: AbortSignal): Promise<void> => {
    try {
      const summary = await streamImport(start.source, start.mapping, {
        ...start.options,
        // The engine writes a batch while the next is parsed: small last batches leave it little to do at the end.
        taperBatches: true,
        signal,
        onBatch: async (batch) => {
          while (credits === 0 && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
          if (signal.aborted) return;
          credits--;
          // The split into per-series writes happens here too, off the writing thread. The builder allocates
          // fresh arrays after each batch and the split gathers into fresh ones, so all of them can move.
          const plan = planBatchWrites(batch, start.mapping.target);
          post({ type: 'batch', batch: { ...batch, planned: { target: start.mapping.target, plan } } }, transferablesOf(batch, plan));
        },
        onProgress: (progress) => post({ type: 'progress', progress }),
      });
      post({ type: 'done', summary });
    } catch (error) {
      post({ type: 'error', error: TidemarkError.from(error).toJSON() });
    }
  };
  port.onmessage = (event: MessageEvent) => {
    const message = event.data as ToParser;
    if (message.type === 'start') {
      // The engine's side starts an import only after the last one ended ('done' or 'error'): a credit for
      // the last batch of the previous import may arrive after it, so credits start afresh here.
      credits = PARSE_AHEAD_BATCHES;
      stopper = new AbortController();
      void run(message, stopper.signal);
    } else {
      if (message.type === 'credit') credits++;
      else stopper.abort();
      const resume = wake;
      wake = null;
      resume?.();
    }
  };
}

/**
 * The buffers a planned batch can move rather than copy: the batch's own whole arrays, and every buffer the plan
 * gathered into (the split's arrays are views of a few buffers shared by the series; none is the batch's).
 */
export function transferablesOf(batch: ColumnarBatch, plan: BatchWritePlan): Transferable[] {
  const transfer = new Set<Transferable>(collectTransferables(batch));
  // Every buffer the batch holds, whole or in part: a view of part of one may be the builder's, never to move.
  const batchBuffers = new Set<ArrayBufferLike>();
  const noteBatch = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 4) return;
    if (ArrayBuffer.isView(value)) batchBuffers.add(value.buffer);
    else for (const item of Object.values(value)) noteBatch(item, depth + 1);
  };
  noteBatch(batch, 0);
  const plannedView = (view: ArrayBufferView): void => {
    if (view.buffer instanceof ArrayBuffer && !batchBuffers.has(view.buffer)) transfer.add(view.buffer);
  };
  for (const { request, rows } of plan.writes) {
    plannedView(rows);
    plannedView(request.times);
    if ('values' in request && ArrayBuffer.isView(request.values)) plannedView(request.values);
    if ('columns' in request)
      for (const column of request.columns) {
        if (ArrayBuffer.isView(column.values)) plannedView(column.values);
        if (column.validity) plannedView(column.validity);
      }
  }
  return [...transfer];
}

/** How the engine's side keeps its parse worker between imports. */
export interface ParseInWorkerOptions {
  /**
   * Keeps the parse worker this long after an import that ended cleanly, for the next import (the worker's
   * start, loading and compiling its code, costs as much as parsing several megabytes); 0 ends it at once.
   */
  readonly keepIdleMs?: number;
}

/**
 * The engine's side: a BatchStreamer that parses in the worker `open` starts. `open` may throw (no nested
 * workers in this browser): the import then parses on this thread.
 */
export function parseInWorker(open: () => ParserPort, options: ParseInWorkerOptions = {}): BatchStreamer {
  const keepIdleMs = options.keepIdleMs ?? 0;
  let idle: { readonly port: ParserPort; readonly timer: ReturnType<typeof setTimeout> } | null = null;
  const keep = (port: ParserPort): void => {
    if (keepIdleMs <= 0 || idle !== null) {
      port.terminate();
      return;
    }
    const timer = setTimeout(() => {
      if (idle?.port === port) idle = null;
      port.terminate();
    }, keepIdleMs);
    idle = { port, timer };
  };
  return async (source, mapping, options) => {
    // A stream cannot be cloned to another thread (and is read once): it is parsed here.
    if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return streamImport(source, mapping, options);
    let port: ParserPort;
    if (idle !== null) {
      clearTimeout(idle.timer);
      port = idle.port;
      idle = null;
    } else {
      try {
        port = open();
      } catch {
        return streamImport(source, mapping, options);
      }
    }
    let ended = false;
    try {
      const summary = await runOver(port, source, mapping, options);
      // Only a parser that finished its import (it posted 'done' and reads nothing more) serves another.
      ended = !summary.aborted;
      return summary;
    } finally {
      if (ended) keep(port);
      else port.terminate();
    }
  };
}

async function runOver(
  port: ParserPort,
  source: ImportSource,
  mapping: ImportMapping,
  options: StreamImportOptions,
): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const queue: (FromParser | { readonly type: 'abort' })[] = [];
  let wake: (() => void) | null = null;
  const push = (message: FromParser | { readonly type: 'abort' }): void => {
    queue.push(message);
    const resume = wake;
    wake = null;
    resume?.();
  };
  const next = async (): Promise<FromParser | { readonly type: 'abort' }> => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift()!;
  };
  port.onmessage = (event: MessageEvent) => push(event.data as FromParser);
  const signal = options.signal;
  const onAbort = (): void => push({ type: 'abort' });
  signal?.addEventListener('abort', onAbort, { once: true });

  const fileName = options.fileName ?? (typeof File !== 'undefined' && source instanceof File ? source.name : 'input');
  const parseOptions: ParseOptions = {
    fileName,
    ...(options.batchRows !== undefined ? { batchRows: options.batchRows } : {}),
    ...(options.sliceBytes !== undefined ? { sliceBytes: options.sliceBytes } : {}),
    ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    ...(options.maxRejectionsKept !== undefined ? { maxRejectionsKept: options.maxRejectionsKept } : {}),
    ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
  };
  const start: ToParser = { type: 'start', source, mapping, options: parseOptions };
  port.postMessage(start);

  let rowsEmitted = 0;
  let batchesEmitted = 0;
  let lastEmittedLine = 0;
  let rowsRejected = 0;
  let parserFailed = false;
  const counts = () => ({ rowsEmitted, batchesEmitted, lastEmittedLine, rowsRejected });
  try {
    for (;;) {
      if (signal?.aborted) break;
      const message = await next();
      if (message.type === 'abort') break;
      if (message.type === 'progress') {
        rowsRejected = message.progress.rowsRejected;
        const seconds = Math.max(now() - started, 0) / 1000;
        options.onProgress?.({ ...message.progress, rowsEmitted, rowsPerSecond: seconds > 0 ? rowsEmitted / seconds : 0 });
      } else if (message.type === 'batch') {
        const batch = message.batch;
        await options.onBatch(batch);
        rowsEmitted += batch.rowCount;
        batchesEmitted++;
        lastEmittedLine = batch.lines[batch.rowCount - 1] ?? lastEmittedLine;
        const credit: ToParser = { type: 'credit' };
        port.postMessage(credit);
      } else if (message.type === 'done') {
        // Messages arrive in order: every batch came before 'done', and onBatch took each.
        return { ...message.summary, ...counts(), rowsRejected: message.summary.rowsRejected, elapsedMs: now() - started };
      } else {
        parserFailed = true;
        const failure = TidemarkError.fromJSON(message.error);
        throw new TidemarkError(failure.code, failure.message, {
          ...(failure.position ? { position: failure.position } : {}),
          details: { ...failure.details, ...counts() },
          cause: failure,
        });
      }
    }
  } catch (error) {
    const stop: ToParser = { type: 'stop' };
    port.postMessage(stop);
    // The parser's own failure (a corrupt gzip stream, a missing column) already says how far it got.
    if (parserFailed) throw error;
    // onBatch failed (a write): reported as streamImport reports it, with the batches taken before it.
    const failure = TidemarkError.from(error, 'INTERNAL');
    throw new TidemarkError(failure.code, failure.message, {
      position: { ...failure.position, file: fileName },
      details: { ...failure.details, ...counts() },
      cause: failure,
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  // Aborted: the parser stops at its next boundary and reports its rejections; only those up to the last
  // line taken here are kept, as streamImport keeps them.
  const stop: ToParser = { type: 'stop' };
  port.postMessage(stop);
  let parsed: ImportSummary | null = null;
  for (;;) {
    const message = await next();
    if (message.type === 'done') {
      parsed = message.summary;
      break;
    }
    if (message.type === 'error') break;
  }
  const kept: Rejection[] = (parsed?.rejections ?? []).filter((r) => r.line <= lastEmittedLine);
  const dropped = (parsed?.rejections.length ?? 0) - kept.length;
  return {
    file: fileName,
    rowsEmitted,
    batchesEmitted,
    rowsRejected: parsed ? parsed.rowsRejected - dropped : kept.length,
    rejections: kept,
    bytesRead: parsed?.bytesRead ?? 0,
    lastEmittedLine,
    aborted: true,
    elapsedMs: now() - started,
  };
}
