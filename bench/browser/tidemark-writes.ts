/**
 * The columnar writes that put TSBS cpu-only data into Tidemark, in either layout (tsbs-queries.ts TsbsLayout):
 * `single`, one request per host and field (a single-measure DOUBLE series, as TSBS's Timestream loader writes
 * it); `multi`, one request per host (measure_name `cpu`, the ten fields as DOUBLE attributes of a MULTI series,
 * as Timestream recommends for metrics that share a timestamp). Shared by the benchmark page and its tests.
 */
import type { WriteColumnsRequest } from '../../src/engine/storage/index.ts';
import { TSBS_FIELDS } from '../codecs/tsbs.ts';
import { TSBS_MULTI_MEASURE, type TsbsLayout } from '../query/tsbs-queries.ts';
import { TSBS_INTERVAL_MS, TSBS_TAGS, type TsbsCpuData } from './tsbs-data.ts';

export interface TidemarkWrite {
  readonly host: number;
  /** Every array is fresh and owned by this write (so a caller may transfer `buffers` to a worker). */
  readonly request: Omit<WriteColumnsRequest, 'database' | 'table'>;
  readonly buffers: readonly ArrayBuffer[];
}

/** Hosts transposed together: their values are read as one short contiguous run per epoch and field. */
export const HOST_BLOCK = 64;

/** Epochs transposed together: a tile of HOST_BLOCK hosts x EPOCH_TILE epochs stays in L1 while it is copied. */
const EPOCH_TILE = 64;

/**
 * The values of hosts [from, to) of every field, in time order: `out[h - from][f]`. The data is in emission
 * order (epoch by epoch, host by host), so reading one host's values alone strides across the whole column
 * (a cache miss per value at 1,000 hosts); the copy goes tile by tile instead: per tile, each host's run of
 * EPOCH_TILE values is written in one tight loop, and the tile's source lines are read once from memory.
 */
function blockValues(data: TsbsCpuData, from: number, to: number): Float64Array<ArrayBuffer>[][] {
  const { hosts, epochs } = data;
  const out = Array.from({ length: to - from }, () => TSBS_FIELDS.map(() => new Float64Array(epochs)));
  for (let f = 0; f < TSBS_FIELDS.length; f++) {
    const column = data.fields[f] as Uint8Array;
    for (let e0 = 0; e0 < epochs; e0 += EPOCH_TILE) {
      const e1 = Math.min(epochs, e0 + EPOCH_TILE);
      for (let h = 0; h < to - from; h++) {
        const target = (out[h] as Float64Array<ArrayBuffer>[])[f] as Float64Array;
        for (let e = e0, at = e0 * hosts + from + h; e < e1; e++, at += hosts) target[e] = column[at] as number;
      }
    }
  }
  return out;
}

/** The writes, host by host; each series' times are ascending ms, so every write takes the fast columnar path. */
export function* tidemarkWrites(data: TsbsCpuData, layout: TsbsLayout): Generator<TidemarkWrite> {
  const { hosts, epochs } = data;
  const times = new Float64Array(epochs);
  for (let e = 0; e < epochs; e++) times[e] = data.startMs + e * TSBS_INTERVAL_MS;
  for (let from = 0; from < hosts; from += HOST_BLOCK) {
    const to = Math.min(hosts, from + HOST_BLOCK);
    const block = blockValues(data, from, to);
    for (let h = from; h < to; h++) {
      const values = block[h - from] as Float64Array<ArrayBuffer>[];
      const tags = data.tags[h] as readonly string[];
      const dimensions: Record<string, string> = {};
      for (const [i, name] of TSBS_TAGS.entries()) dimensions[name] = tags[i] as string;
      if (layout === 'multi') {
        const seriesTimes = times.slice();
        const columns = TSBS_FIELDS.map((name, f) => ({ name, type: 'DOUBLE' as const, values: values[f] as Float64Array<ArrayBuffer> }));
        yield {
          host: h,
          request: { dimensions, measureName: TSBS_MULTI_MEASURE, times: seriesTimes, columns },
          buffers: [seriesTimes.buffer, ...columns.map((c) => c.values.buffer)],
        };
      } else {
        for (const [f, measureName] of TSBS_FIELDS.entries()) {
          const seriesTimes = times.slice();
          const fieldValues = values[f] as Float64Array<ArrayBuffer>;
          yield {
            host: h,
            request: { dimensions, measureName, times: seriesTimes, values: fieldValues },
            buffers: [seriesTimes.buffer, fieldValues.buffer],
          };
        }
      }
    }
  }
}
