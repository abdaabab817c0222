import { TidemarkError } from '../../errors/index.ts';
import { sharedTimes } from '../../kernel/index.ts';
import type { ScalarMeasureType } from '../model/types.ts';
import type { Catalog } from './catalog.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';
import { WalCollector } from './wal-entry.ts';
import {
  applyShaped,
  type ColumnValues,
  checkShape,
  type Shape,
  toNsTimes,
  type WriteColumn,
  type WriteColumnsRequest,
} from './write-columns.ts';
import type { WriteTally } from './write-records.ts';

/** One series of a batch: its dimensions, measure name and values, one per row of the batch's `times`. */
export interface SeriesColumns {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly measureName: string;
  readonly type?: ScalarMeasureType;
  readonly values?: ColumnValues;
  readonly columns?: readonly WriteColumn[];
  /** Per-row record versions (default 1). */
  readonly versions?: BigInt64Array;
}

/**
 * Several columnar writes that share one time column: metrics sampled together (TSBS's hosts, a scrape of many
 * targets, an import batch's series) send their times once, and the batch is applied under one lock and logged
 * as one entry, durable together. Each series follows writeColumns' rules; a rejected row's RecordIndex is
 * `seriesIndex * times.length + row`. A malformed request (a shape, a name, a length) is refused before anything
 * is written.
 */
export interface WriteColumnsBatchRequest {
  readonly database: string;
  readonly table: string;
  /** Float64Array of ms since the epoch, or BigInt64Array of ns, shared by every series. */
  readonly times: Float64Array | BigInt64Array;
  readonly series: readonly SeriesColumns[];
}

/** The per-series request of a batch's series `s` (its times are the batch's). */
export function seriesRequest(req: WriteColumnsBatchRequest, s: SeriesColumns): WriteColumnsRequest {
  return {
    database: req.database,
    table: req.table,
    dimensions: s.dimensions,
    measureName: s.measureName,
    times: req.times,
    ...(s.type !== undefined ? { type: s.type } : {}),
    ...(s.values !== undefined ? { values: s.values } : {}),
    ...(s.columns !== undefined ? { columns: s.columns } : {}),
    ...(s.versions !== undefined ? { versions: s.versions } : {}),
  };
}

/** Checks the batch's framing (the series list); each series is checked by checkBatchShapes. */
export function checkBatch(req: WriteColumnsBatchRequest): void {
  if (!req || typeof req !== 'object')
    throw new TidemarkError('VALIDATION', 'A batch request must be an object.', { details: { field: 'request' } });
  if (!Array.isArray(req.series) || req.series.length === 0)
    throw new TidemarkError('VALIDATION', 'series must be a non-empty array of { dimensions, measureName, values | columns }.', {
      details: { field: 'series' },
    });
  for (const [i, s] of req.series.entries())
    if (!s || typeof s !== 'object')
      throw new TidemarkError('VALIDATION', `series[${i}] must be an object with dimensions, measureName and values or columns.`, {
        details: { field: `series[${i}]` },
      });
}

/** Checks every series' shape (names, array types, lengths), naming the series in the error. */
function checkBatchShapes(req: WriteColumnsBatchRequest): { requests: WriteColumnsRequest[]; shapes: Shape[] } {
  const requests: WriteColumnsRequest[] = [];
  const shapes: Shape[] = [];
  for (const [i, s] of req.series.entries()) {
    const one = seriesRequest(req, s);
    try {
      shapes.push(checkShape(one));
    } catch (error) {
      if (!(error instanceof TidemarkError)) throw error;
      const field = typeof error.details?.field === 'string' ? error.details.field : '';
      // The times are the batch's own: their error is not the series'.
      if (field === 'times') throw error;
      throw new TidemarkError(error.code, `series[${i}]: ${error.message}`, {
        details: { ...error.details, field: `series[${i}].${field}`, series: i },
      });
    }
    requests.push(one);
  }
  return { requests, shapes };
}

/**
 * Applies a batch (see WriteColumnsBatchRequest) whose framing checkBatch passed: every series' shape is checked
 * first, the times converted once.
 */
export function applyColumnsBatch(
  catalog: Catalog,
  table: TableState,
  req: WriteColumnsBatchRequest,
  nowNs: bigint,
  cfg: TierConfig,
  collect = true,
): { tally: WriteTally; log: WalCollector } {
  const { requests, shapes } = checkBatchShapes(req);
  const { ns, ascending } = toNsTimes(req.times);
  const n = ns.length;
  const log = new WalCollector(table.id, collect);
  const tally: WriteTally = { memory: 0, magnetic: 0, rejected: [] };
  // ns holds the batch's times until the loop ends (nothing else converts times meanwhile), so slices of it
  // are the same times for every series: each slice's time payload is encoded once.
  const shared = sharedTimes(ns);
  for (let s = 0; s < requests.length; s++) {
    const one = applyShaped(catalog, table, requests[s] as WriteColumnsRequest, shapes[s] as Shape, ns, ascending, nowNs, cfg, log, shared);
    tally.memory += one.tally.memory;
    tally.magnetic += one.tally.magnetic;
    for (const r of one.tally.rejected) tally.rejected.push({ ...r, RecordIndex: s * n + r.RecordIndex });
  }
  return { tally, log };
}

/**
 * The distinct ArrayBuffers behind a batch's typed arrays (times, values, columns, validity, versions), in the
 * order met. The engine keeps none of them once the batch is applied (it copies or encodes what it keeps), so
 * a caller that transferred them to a worker may have them sent back and fill them again: a bulk load then
 * reuses a few buffers instead of allocating (and faulting in) fresh memory for every batch.
 */
export function batchBuffers(req: WriteColumnsBatchRequest): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const add = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  };
  add(req.times);
  for (const s of req.series) {
    add(s.values);
    add(s.versions);
    for (const c of s.columns ?? []) {
      add(c.values);
      add(c.validity);
    }
  }
  return [...found];
}
