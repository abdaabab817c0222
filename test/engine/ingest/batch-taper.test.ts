import { describe, expect, it } from 'vitest';
import { BatchBuilder, TAPER_MIN_ROWS } from '../../../src/engine/ingest/batch-builder.ts';
import { streamImport } from '../../../src/engine/ingest/stream-import.ts';
import type { ColumnarBatch } from '../../../src/engine/ingest/types.ts';
import { csvMapping, flattenBatch } from './collect.ts';

function builderOf(batchRows: number): BatchBuilder {
  return new BatchBuilder({
    batchRows,
    multiMeasure: true,
    withMeasureNames: false,
    dimensions: ['host'],
    measures: [{ name: 'cpu', type: 'DOUBLE' }],
  });
}

/** Commits `rows` rows (time = row ms, cpu = row / 2) and returns the batches they filled. */
function fill(builder: BatchBuilder, rows: number): ColumnarBatch[] {
  const host = builder.dimensionIndex('host');
  const cpu = builder.measureIndex('cpu', 'DOUBLE');
  for (let row = 0; row < rows; row++) {
    builder.setTime(row, 0);
    builder.setDimension(host, `h${row % 3}`);
    builder.setDouble(cpu, row / 2);
    builder.commitRow(row + 2);
  }
  builder.flush();
  return builder.ready.splice(0);
}

describe('BatchBuilder tapering (expectRows)', () => {
  it('halves the last batches down to TAPER_MIN_ROWS, and every row is in a batch once, in order', () => {
    const batchRows = 4 * TAPER_MIN_ROWS;
    const total = 3 * batchRows + 12_345;
    const builder = builderOf(batchRows);
    builder.expectRows(total);
    const batches = fill(builder, total);
    const sizes = batches.map((b) => b.rowCount);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    // Full batches until fewer than two are left, then half of what is left each time, never below the minimum.
    let flushed = 0;
    for (const size of sizes.slice(0, -1)) {
      const left = total - flushed;
      const expected = left >= 2 * batchRows ? batchRows : Math.min(batchRows, Math.max(TAPER_MIN_ROWS, Math.ceil(left / 2)));
      expect(size).toBe(expected);
      flushed += size;
    }
    expect(sizes.at(-1)!).toBeLessThanOrEqual(TAPER_MIN_ROWS);
    expect(sizes.filter((s) => s < batchRows).length).toBeGreaterThan(3);
    // The rows come out whole and in order (checked row by row, one expect: an expect per row takes seconds).
    let row = 0;
    let wrong = -1;
    for (const batch of batches) {
      for (const flat of flattenBatch(batch)) {
        const same =
          flat.time === BigInt(row) * 1_000_000n &&
          flat.line === row + 2 &&
          flat.dimensions.host === `h${row % 3}` &&
          flat.measures.cpu === row / 2;
        if (!same && wrong < 0) wrong = row;
        row++;
      }
    }
    expect(wrong).toBe(-1);
    expect(row).toBe(total);
  });

  it('changes nothing without an estimate, or for batches no larger than the minimum', () => {
    expect(fill(builderOf(1000), 4500).map((b) => b.rowCount)).toEqual([1000, 1000, 1000, 1000, 500]);
    const small = builderOf(1000);
    small.expectRows(4500);
    expect(fill(small, 4500).map((b) => b.rowCount)).toEqual([1000, 1000, 1000, 1000, 500]);
  });

  it('keeps batches whole when the estimate is short of the rows that come (never above batchRows)', () => {
    const batchRows = 4 * TAPER_MIN_ROWS;
    const builder = builderOf(batchRows);
    builder.expectRows(batchRows);
    const sizes = fill(builder, 3 * batchRows).map((b) => b.rowCount);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3 * batchRows);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(TAPER_MIN_ROWS);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(batchRows);
  });
});

describe('streamImport with taperBatches', () => {
  const mapping = csvMapping({ measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }], multiMeasure: true });
  const lines = ['time,cpu'];
  const rows = 600_000;
  for (let r = 0; r < rows; r++) lines.push(`${r},${r % 1000}.25`);
  const file = new Blob([`${lines.join('\n')}\n`]);
  const epochMapping = { ...mapping, timeFormat: { kind: 'epoch' as const, unit: 's' as const } };

  it('emits the same rows as without it, in smaller last batches', async () => {
    const run = async (taperBatches: boolean) => {
      const batches: ColumnarBatch[] = [];
      const summary = await streamImport(file, epochMapping, {
        batchRows: 131_072,
        sliceBytes: 1024 * 1024,
        taperBatches,
        onBatch: (batch) => {
          batches.push(batch);
        },
      });
      return { summary, batches };
    };
    const plain = await run(false);
    const tapered = await run(true);
    expect(plain.batches.map((b) => b.rowCount)).toEqual([131_072, 131_072, 131_072, 131_072, 75_712]);
    expect(tapered.summary.rowsEmitted).toBe(rows);
    expect(tapered.summary.rowsRejected).toBe(0);
    expect(tapered.summary.lastEmittedLine).toBe(plain.summary.lastEmittedLine);
    const sizes = tapered.batches.map((b) => b.rowCount);
    expect(sizes[0]).toBe(131_072);
    expect(sizes.length).toBeGreaterThan(plain.batches.length);
    expect(sizes.at(-1)!).toBeLessThanOrEqual(TAPER_MIN_ROWS);
    expect(tapered.summary.batchesEmitted).toBe(sizes.length);
    // The same rows in the same order: times, lines and values, column by column (row objects would take seconds).
    const columnsOf = (batches: ColumnarBatch[]) => ({
      times: batches.flatMap((b) => Array.from(b.times)),
      lines: batches.flatMap((b) => Array.from(b.lines)),
      cpu: batches.flatMap((b) => Array.from(b.measures[0]!.values as Float64Array)),
      present: batches.flatMap((b) => Array.from(b.measures[0]!.present)),
    });
    expect(columnsOf(tapered.batches)).toEqual(columnsOf(plain.batches));
  });
});
