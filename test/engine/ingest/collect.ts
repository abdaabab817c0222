import type { ImportSource } from '../../../src/engine/ingest/byte-source.ts';
import { type StreamImportOptions, streamImport } from '../../../src/engine/ingest/stream-import.ts';
import type { ColumnarBatch, ImportMapping, ImportSummary } from '../../../src/engine/ingest/types.ts';

/** One emitted row, flattened for comparisons: time in ns, line, dimensions and present measures by name. */
export interface FlatRow {
  readonly time: bigint;
  readonly line: number;
  readonly dimensions: Record<string, string>;
  readonly measures: Record<string, number | bigint | boolean | string>;
  readonly measureName?: string;
}

/** Flattens a batch into rows (the shape tests compare against). */
export function flattenBatch(batch: ColumnarBatch): FlatRow[] {
  const rows: FlatRow[] = [];
  for (let r = 0; r < batch.rowCount; r++) {
    const dimensions: Record<string, string> = {};
    for (const column of batch.dimensions) {
      const id = column.ids[r]!;
      if (id >= 0) dimensions[column.name] = column.dictionary[id]!;
    }
    const measures: Record<string, number | bigint | boolean | string> = {};
    for (const column of batch.measures) {
      if (column.present[r] !== 1) continue;
      if (column.type === 'BOOLEAN') measures[column.name] = column.values[r] === 1;
      else if (column.type === 'VARCHAR') measures[column.name] = column.values[r]!;
      else measures[column.name] = column.values[r]!;
    }
    const nameId = batch.measureNames?.ids[r];
    const measureName = nameId !== undefined && nameId >= 0 ? batch.measureNames!.dictionary[nameId] : batch.measureName;
    rows.push({
      time: batch.times[r]!,
      line: batch.lines[r]!,
      dimensions,
      measures,
      ...(measureName !== undefined ? { measureName } : {}),
    });
  }
  return rows;
}

/** Runs a streaming import and returns every emitted row, the batches and the summary. */
export async function collect(
  source: ImportSource,
  mapping: ImportMapping,
  options: Partial<StreamImportOptions> = {},
): Promise<{ rows: FlatRow[]; batches: ColumnarBatch[]; summary: ImportSummary }> {
  const batches: ColumnarBatch[] = [];
  const summary = await streamImport(source, mapping, {
    ...options,
    onBatch: async (batch) => {
      batches.push(batch);
      await options.onBatch?.(batch);
    },
  });
  return { rows: batches.flatMap(flattenBatch), batches, summary };
}

/** A CSV mapping with defaults, for tests that only care about a few fields. */
export function csvMapping(overrides: Partial<ImportMapping>): ImportMapping {
  return {
    format: 'csv',
    dialect: { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false },
    timeColumn: 'time',
    timeFormat: { kind: 'iso8601' },
    timeZone: 'UTC',
    dimensions: [],
    measures: [],
    multiMeasure: false,
    target: { database: 'db', table: 't' },
    ...overrides,
  };
}

/** ns of a UTC calendar time. */
export function utcNs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ns = 0): bigint {
  return BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 1_000_000n + BigInt(ns);
}
