/**
 * Runs in a Web Worker in Chromium (bundled by chromium.mjs): generates the same synthetic CSV as the Node
 * benchmark, then times streamImport from a Blob (parse only, batches dropped) and from a gzip Blob, and
 * posts the figures back. Proves the ingest code runs unchanged in a worker, and measures it there.
 */
import { streamImport } from '../../src/engine/ingest/stream-import.ts';
import { syntheticCsv, syntheticCsvMapping } from './synthetic-csv.ts';

const mapping = syntheticCsvMapping();

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<{ mib: number; rounds: number }>) => void) | null;
  postMessage: (data: unknown) => void;
};

scope.onmessage = async (event) => {
  try {
    const { mib, rounds } = event.data;
    const blob = new Blob([syntheticCsv(mib * 1024 * 1024)]);
    const gzip = await new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
    let best = Number.POSITIVE_INFINITY;
    let bestGzip = Number.POSITIVE_INFINITY;
    let rows = 0;
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      const summary = await streamImport(blob, mapping, { onBatch: () => undefined });
      best = Math.min(best, performance.now() - started);
      rows = summary.rowsEmitted;
      started = performance.now();
      const packed = await streamImport(gzip, mapping, { onBatch: () => undefined });
      bestGzip = Math.min(bestGzip, performance.now() - started);
      if (packed.rowsEmitted !== rows || summary.rowsRejected + packed.rowsRejected > 0)
        throw new Error('row counts differ between plain and gzip');
    }
    const mb = blob.size / (1024 * 1024);
    scope.postMessage({
      ok: true,
      rows,
      mib: mb,
      gzipMib: gzip.size / (1024 * 1024),
      mbPerS: mb / (best / 1000),
      gzipMbPerS: mb / (bestGzip / 1000),
    });
  } catch (error) {
    scope.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
