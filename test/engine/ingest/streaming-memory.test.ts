import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { streamImport } from '../../../src/engine/ingest/stream-import.ts';
import { csvMapping } from './collect.ts';

setFlagsFromString('--expose-gc');
// ArrayBuffers a collection frees are released by a background sweeper, and until it runs they still count in
// memoryUsage().arrayBuffers: on a busy machine it lagged, and freed slices read as live (24.7 MB against 7.5 MB
// with four spinning processes beside the test). Swept during the collection, what is sampled is what is live.
setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

/** A CSV made as it is read, 1 MiB at a time: the whole text never exists. */
function generatedCsv(totalBytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = 0;
  let row = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        const header = encoder.encode('time,host,cpu,memory\n');
        sent += header.length;
        controller.enqueue(header);
        return;
      }
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      const lines: string[] = [];
      let size = 0;
      while (size < MB) {
        const line = `${new Date(1_700_000_000_000 + row * 1000).toISOString()},host-${row % 50},${(row % 997) / 10},${row % 4096}\n`;
        lines.push(line);
        size += line.length;
        row++;
      }
      const chunk = encoder.encode(lines.join(''));
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe('streaming import memory', () => {
  it('parses 96 MB of CSV holding no more than a few slices and batches at once', async () => {
    gc();
    const before = process.memoryUsage();
    let peak = 0;
    let slices = 0;
    const sample = () => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (before.heapUsed + before.arrayBuffers));
    };
    const summary = await streamImport(
      generatedCsv(96 * MB),
      csvMapping({
        dimensions: [{ column: 'host', name: 'host' }],
        measures: [
          { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
          { column: 'memory', name: 'memory', type: 'BIGINT' },
        ],
        multiMeasure: true,
      }),
      {
        // Batches are dropped: this measures the reading and parsing, not a database's growth.
        onBatch: () => undefined,
        onProgress: () => {
          // Every 8th slice: a forced collection, then a sample, so what is measured is live, not merely uncollected.
          if (++slices % 8 !== 0) return;
          gc();
          sample();
        },
      },
    );
    expect(summary.rowsRejected).toBe(0);
    expect(summary.bytesRead).toBeGreaterThanOrEqual(96 * MB);
    expect(summary.rowsEmitted).toBeGreaterThan(1_500_000);
    // Live memory stays a small fraction of the 96 MB read (slices, a partial record, the batch being filled).
    expect(slices).toBeGreaterThan(90);
    expect(peak).toBeLessThan(24 * MB);
  }, 120_000);
});
