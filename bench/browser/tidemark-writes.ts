/**
 * The columnar writes that put TSBS cpu-only data into Tidemark, in either layout (tsbs-queries.ts TsbsLayout):
 * `single`, a single-measure DOUBLE series per host and field (as TSBS's Timestream loader writes it); `multi`,
 * a series per host (measure_name `cpu`, the ten fields as DOUBLE attributes of a MULTI series, as Timestream
 * recommends for metrics that share a timestamp). The hosts share their times (every host reports every epoch),
 * so the writes go as batches (`writeColumnsBatch`): a block of hosts per request, its times sent once. Shared by
 * the benchmark page and its tests.
 */
import type { SeriesColumns, WriteColumnsBatchRequest } from '../../src/engine/storage/index.ts';
import { TSBS_FIELDS } from '../codecs/tsbs.ts';
import { TSBS_MULTI_MEASURE, type TsbsLayout } from '../query/tsbs-queries.ts';
import { TSBS_INTERVAL_MS, TSBS_TAGS, type TsbsCpuData } from './tsbs-data.ts';

export interface TidemarkBatch {
  /** The hosts [from, to) of this batch. */
  readonly from: number;
  readonly to: number;
  /** Every array is fresh and owned by this batch (so a caller may transfer `buffers` to a worker). */
  readonly request: Omit<WriteColumnsBatchRequest, 'database' | 'table'>;
  readonly buffers: readonly ArrayBuffer[];
  /** Records in the batch: rows per series times series. */
  readonly records: number;
}

/**
 * Buffers to fill again: the worker sends a batch's buffers back once it is written (`returnBuffers`), and the
 * next batch of the same size takes them instead of fresh memory (which the page would fault in and zero, and
 * the worker would free).
 */
export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  /** A buffer of exactly `bytes` bytes: a returned one if there is one, else a new one. Its contents are stale. */
  take(bytes: number): ArrayBuffer {
    return this.free.get(bytes)?.pop() ?? new ArrayBuffer(bytes);
  }

  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) {
      if (b.byteLength === 0) continue;
      const list = this.free.get(b.byteLength);
      if (list) list.push(b);
      else this.free.set(b.byteLength, [b]);
    }
  }
}

/** Hosts per batch; their values are also transposed together (one short contiguous run per epoch and field). */
export const HOST_BLOCK = 32;

/** Epochs transposed together: a tile of HOST_BLOCK hosts x EPOCH_TILE epochs stays in L1 while it is copied. */
const EPOCH_TILE = 64;

/**
 * The values of hosts [from, to) of each field, host by host in time order: host h's values of field f are
 * `out[f].subarray((h - from) * epochs, (h - from + 1) * epochs)`. The data is in emission order (epoch by
 * epoch, host by host), so reading one host's values alone strides across the whole column (a cache miss per
 * value at 1,000 hosts); the copy goes tile by tile instead: per tile, each host's run of EPOCH_TILE values is
 * written in one tight loop, and the tile's source lines are read once from memory.
 */
function blockValues(data: TsbsCpuData, from: number, to: number, pool: BufferPool): Float64Array<ArrayBuffer>[] {
  const { hosts, epochs } = data;
  const count = to - from;
  const out = TSBS_FIELDS.map(() => new Float64Array(pool.take(count * epochs * 8)));
  for (let f = 0; f < TSBS_FIELDS.length; f++) {
    const column = data.fields[f] as Uint8Array;
    const target = out[f] as Float64Array;
    for (let e0 = 0; e0 < epochs; e0 += EPOCH_TILE) {
      const e1 = Math.min(epochs, e0 + EPOCH_TILE);
      for (let h = 0; h < count; h++) {
        for (let e = e0, at = e0 * hosts + from + h, put = h * epochs + e0; e < e1; e++, at += hosts, put++)
          target[put] = column[at] as number;
      }
    }
  }
  return out;
}

/** The batches, a block of hosts each; each series' times are ascending ms, so every write takes the fast columnar path. */
export function* tidemarkWrites(data: TsbsCpuData, layout: TsbsLayout, pool = new BufferPool()): Generator<TidemarkBatch> {
  const { hosts, epochs } = data;
  for (let from = 0; from < hosts; from += HOST_BLOCK) {
    const to = Math.min(hosts, from + HOST_BLOCK);
    const times = new Float64Array(pool.take(epochs * 8));
    for (let e = 0; e < epochs; e++) times[e] = data.startMs + e * TSBS_INTERVAL_MS;
    const block = blockValues(data, from, to, pool);
    const series: SeriesColumns[] = [];
    for (let h = from; h < to; h++) {
      const tags = data.tags[h] as readonly string[];
      const dimensions: Record<string, string> = {};
      for (const [i, name] of TSBS_TAGS.entries()) dimensions[name] = tags[i] as string;
      const values = (f: number) => (block[f] as Float64Array<ArrayBuffer>).subarray((h - from) * epochs, (h - from + 1) * epochs);
      if (layout === 'multi') {
        const columns = TSBS_FIELDS.map((name, f) => ({ name, type: 'DOUBLE' as const, values: values(f) }));
        series.push({ dimensions, measureName: TSBS_MULTI_MEASURE, columns });
      } else {
        for (const [f, measureName] of TSBS_FIELDS.entries()) series.push({ dimensions, measureName, values: values(f) });
      }
    }
    yield { from, to, request: { times, series }, buffers: [times.buffer, ...block.map((b) => b.buffer)], records: epochs * series.length };
  }
}
