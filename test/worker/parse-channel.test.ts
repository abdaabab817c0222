import { describe, expect, it } from 'vitest';
import {
  type ColumnarBatch,
  type ImportSource,
  planBatchWrites,
  type StreamImportOptions,
  streamImport,
  type WriteColumnsRequest,
  writeBatch,
} from '../../src/engine/index.ts';
import { TidemarkError } from '../../src/errors/index.ts';
import {
  PARSE_AHEAD_BATCHES,
  type ParsePort,
  type ParserPort,
  parseInWorker,
  serveParse,
  transferablesOf,
} from '../../src/worker/parse-channel.ts';
import { csvMapping, flattenBatch } from '../engine/ingest/collect.ts';

// The parse worker's protocol over a real MessageChannel (structured clone and transfer, as between workers).
const mapping = csvMapping({
  timeFormat: { kind: 'epoch', unit: 's' },
  dimensions: [{ column: 'host', name: 'host' }],
  measures: [{ column: 'cpu', name: 'cpu', type: 'DOUBLE' }],
});

function csv(rows: number, badEvery = 0): string {
  const lines = ['time,host,cpu'];
  for (let i = 0; i < rows; i++)
    lines.push(badEvery > 0 && i % badEvery === 7 ? `${1_700_000_000 + i},h${i % 3},oops` : `${1_700_000_000 + i},h${i % 3},${i}`);
  return lines.join('\n');
}

/** A parser served on one end of a channel; the other end counts the batches it has received. */
function channel(): { open: () => ParserPort; received: () => number; terminated: () => boolean } {
  let received = 0;
  let terminated = false;
  const open = (): ParserPort => {
    const { port1, port2 } = new MessageChannel();
    serveParse(port1 as unknown as ParsePort);
    const port: ParserPort = {
      postMessage: (message, transfer) => port2.postMessage(message, transfer ?? []),
      onmessage: null,
      terminate: () => {
        terminated = true;
        port1.close();
        port2.close();
      },
    };
    port2.onmessage = (event) => {
      if ((event.data as { type: string }).type === 'batch') received++;
      port.onmessage?.(event as unknown as MessageEvent);
    };
    return port;
  };
  return { open, received: () => received, terminated: () => terminated };
}

async function run(
  parse: (s: ImportSource, o: StreamImportOptions) => ReturnType<typeof streamImport>,
  source: ImportSource,
  options: Partial<StreamImportOptions> = {},
) {
  const batches: ColumnarBatch[] = [];
  const summary = await parse(source, {
    batchRows: 100,
    sliceBytes: 1024,
    ...options,
    onBatch: async (b) => {
      batches.push(b);
      await options.onBatch?.(b);
    },
  });
  return { rows: batches.flatMap(flattenBatch), summary };
}

describe('parsing an import on a worker of its own', () => {
  it('hands over the same batches, counts and rejections as parsing here', async () => {
    const text = csv(1000, 50);
    const here = await run((s, o) => streamImport(s, mapping, o), text, { fileName: 'f.csv' });
    const c = channel();
    const there = await run((s, o) => parseInWorker(c.open)(s, mapping, o), text, { fileName: 'f.csv' });
    expect(there.rows).toEqual(here.rows);
    const { elapsedMs: _a, ...hereSummary } = here.summary;
    const { elapsedMs: _b, ...thereSummary } = there.summary;
    expect(thereSummary).toEqual(hereSummary);
    expect(there.summary.rowsRejected).toBe(20);
    expect(c.terminated()).toBe(true);
  });

  it(`never runs more than ${PARSE_AHEAD_BATCHES} batches ahead of the writes`, async () => {
    const c = channel();
    let taken = 0;
    let ahead = 0;
    await run((s, o) => parseInWorker(c.open)(s, mapping, o), csv(2000), {
      onBatch: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ahead = Math.max(ahead, c.received() - taken);
        taken++;
      },
    });
    expect(taken).toBe(20);
    expect(ahead).toBeGreaterThanOrEqual(1);
    expect(ahead).toBeLessThanOrEqual(PARSE_AHEAD_BATCHES);
  });

  it('on abort reports exactly the batches taken, with the rejections up to their last line', async () => {
    const c = channel();
    const controller = new AbortController();
    let taken = 0;
    const result = await run((s, o) => parseInWorker(c.open)(s, mapping, o), csv(1000, 50), {
      signal: controller.signal,
      onBatch: async () => {
        taken++;
        if (taken === 3) controller.abort();
      },
    });
    expect(result.summary).toMatchObject({ aborted: true, rowsEmitted: 300, batchesEmitted: 3, lastEmittedLine: 301 + 6 });
    expect(result.rows).toHaveLength(300);
    expect(result.summary.rejections.every((r) => r.line <= result.summary.lastEmittedLine)).toBe(true);
    expect(result.summary.rowsRejected).toBe(result.summary.rejections.length);
    expect(result.summary.rejections.map((r) => r.line)).toEqual([9, 59, 109, 159, 209, 259, 309].filter((l) => l <= 307));
  });

  it("a parser failure says how far the import got; so does a failed write, with the write's error", async () => {
    const gz = new Uint8Array(await new Response(new Blob([csv(3000)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const truncated = gz.slice(0, Math.floor(gz.length * 0.8));
    let taken = 0;
    const parseError = await run((s, o) => parseInWorker(channel().open)(s, mapping, o), truncated, {
      onBatch: () => void taken++,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(parseError).toMatchObject({ code: 'VALIDATION', details: { rowsEmitted: taken * 100, batchesEmitted: taken } });
    expect(taken).toBeGreaterThan(0);

    const writeError = await run((s, o) => parseInWorker(channel().open)(s, mapping, o), csv(1000), {
      fileName: 'w.csv',
      onBatch: async (b) => {
        if (b.lines[0]! > 200) throw new TidemarkError('QUOTA_EXCEEDED', 'full');
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(writeError).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      position: { file: 'w.csv' },
      details: { rowsEmitted: 200, batchesEmitted: 2, lastEmittedLine: 201 },
    });
  });

  it('hands each batch over already split into the writes for the target, as the writing thread would split it', async () => {
    const batches: ColumnarBatch[] = [];
    await parseInWorker(channel().open)(csv(500, 50), mapping, { batchRows: 100, onBatch: (b) => void batches.push(b) });
    expect(batches).toHaveLength(5);
    for (const batch of batches) {
      expect(batch.planned?.target).toEqual(mapping.target);
      const here = planBatchWrites(batch, mapping.target);
      expect(batch.planned?.plan.unwritable).toEqual(here.unwritable);
      expect(batch.planned?.plan.writes.map((w) => [w.request, Array.from(w.rows)])).toEqual(
        here.writes.map((w) => [w.request, Array.from(w.rows)]),
      );
    }
    // writeBatch takes the plan as it is for its target, and splits again for another one.
    const seen: string[] = [];
    const write = async (request: WriteColumnsRequest) => {
      seen.push(`${request.database}.${request.table}`);
      return { RecordsIngested: { Total: request.times.length, MemoryStore: request.times.length, MagneticStore: 0 }, RejectedRecords: [] };
    };
    const planned = batches[0]!;
    const tampered = {
      ...planned,
      planned: { target: planned.planned!.target, plan: { writes: planned.planned!.plan.writes.slice(0, 1), unwritable: [] } },
    };
    expect((await writeBatch(tampered, mapping.target, write)).recordsIngested).toBe(tampered.planned.plan.writes[0]!.request.times.length);
    expect((await writeBatch(tampered, { database: 'other', table: 't' }, write)).recordsIngested).toBe(100);
    expect(seen.at(-1)).toBe('other.t');
  });

  it('keeps the parser after a clean import for the next one (same results), and ends it after the idle time or a stop', async () => {
    let opened = 0;
    const c = channel();
    const open = (): ParserPort => {
      opened++;
      return c.open();
    };
    const parse = parseInWorker(open, { keepIdleMs: 50 });
    const here = await run((s, o) => streamImport(s, mapping, o), csv(1000, 50));
    const first = await run((s, o) => parse(s, mapping, o), csv(1000, 50));
    expect(c.terminated()).toBe(false);
    const second = await run((s, o) => parse(s, mapping, o), csv(1000, 50));
    expect(opened).toBe(1);
    for (const result of [first, second]) {
      expect(result.rows).toEqual(here.rows);
      expect(result.summary.rowsRejected).toBe(here.summary.rowsRejected);
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(c.terminated()).toBe(true);
    // An import stopped part way ends its parser (it may still be reading): the next import starts a new one.
    const controller = new AbortController();
    const stopped = await run((s, o) => parse(s, mapping, o), csv(1000), {
      signal: controller.signal,
      onBatch: () => controller.abort(),
    });
    expect(stopped.summary.aborted).toBe(true);
    expect(opened).toBe(2);
    await run((s, o) => parse(s, mapping, o), csv(300));
    expect(opened).toBe(3);
  });

  it("moves the split's buffers (one a column, shared by the series), never a buffer the batch holds only in part", async () => {
    const multi = { ...mapping, multiMeasure: true };
    const batches: ColumnarBatch[] = [];
    await streamImport(csv(300), multi, { batchRows: 100, onBatch: (b) => void batches.push(b) });
    const batch = batches[0]!;
    const plan = planBatchWrites(batch, mapping.target);
    expect(plan.writes).toHaveLength(3);
    expect(new Set(plan.writes.map((w) => w.request.times.buffer)).size).toBe(1);
    const transfer = transferablesOf(batch, plan);
    for (const { request, rows } of plan.writes) {
      expect(transfer).toContain(request.times.buffer);
      expect(transfer).toContain(rows.buffer);
      if ('columns' in request) for (const column of request.columns) expect(transfer).toContain((column.values as Float64Array).buffer);
    }
    // One series: its write takes the batch's own arrays; a batch array that is part of a larger buffer stays.
    const one: ColumnarBatch[] = [];
    await streamImport('time,host,cpu\n1,a,1\n2,a,2\n', mapping, { onBatch: (b) => void one.push(b) });
    const larger = new BigInt64Array(8);
    larger.set(one[0]!.times);
    const partial = { ...one[0]!, times: larger.subarray(0, 2) };
    const planned = planBatchWrites(partial, mapping.target);
    expect(planned.writes[0]!.request.times).toBe(partial.times);
    expect(transferablesOf(partial, planned)).not.toContain(larger.buffer);
  });

  it('parses here when no worker can be started', async () => {
    const here = await run((s, o) => streamImport(s, mapping, o), csv(300));
    const fallback = await run(
      (s, o) =>
        parseInWorker(() => {
          throw new Error('no nested workers');
        })(s, mapping, o),
      csv(300),
    );
    expect(fallback.rows).toEqual(here.rows);
  });
});
