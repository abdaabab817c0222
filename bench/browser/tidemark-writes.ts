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

/** The writes, host by host; each series' times are ascending ms, so every write takes the fast columnar path. */
export function* tidemarkWrites(data: TsbsCpuData, layout: TsbsLayout): Generator<TidemarkWrite> {
  const { hosts, epochs } = data;
  const times = new Float64Array(epochs);
  for (let e = 0; e < epochs; e++) times[e] = data.startMs + e * TSBS_INTERVAL_MS;
  // One host's values of field f, in time order (the data is in emission order: epoch by epoch, host by host).
  const valuesOf = (h: number, f: number) => {
    const column = data.fields[f] as Uint8Array;
    const values = new Float64Array(epochs);
    for (let e = 0, row = h; e < epochs; e++, row += hosts) values[e] = column[row] as number;
    return values;
  };
  for (let h = 0; h < hosts; h++) {
    const tags = data.tags[h] as readonly string[];
    const dimensions: Record<string, string> = {};
    for (const [i, name] of TSBS_TAGS.entries()) dimensions[name] = tags[i] as string;
    if (layout === 'multi') {
      const seriesTimes = times.slice();
      const columns = TSBS_FIELDS.map((name, f) => ({ name, type: 'DOUBLE' as const, values: valuesOf(h, f) }));
      yield {
        host: h,
        request: { dimensions, measureName: TSBS_MULTI_MEASURE, times: seriesTimes, columns },
        buffers: [seriesTimes.buffer, ...columns.map((c) => c.values.buffer)],
      };
    } else {
      for (const [f, measureName] of TSBS_FIELDS.entries()) {
        const seriesTimes = times.slice();
        const values = valuesOf(h, f);
        yield { host: h, request: { dimensions, measureName, times: seriesTimes, values }, buffers: [seriesTimes.buffer, values.buffer] };
      }
    }
  }
}
