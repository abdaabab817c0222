/**
 * Parse-only CSV throughput in Node: Tidemark's streaming importer (bytes → columnar batches, with numbers
 * and times parsed) beside papaparse parsing the same text (strings, with dynamicTyping for numbers).
 * Also end to end in Node: streamed, parsed and written with writeColumns into an in-memory database.
 * Prints MB/s side by side and a JSON line; run.mjs adds the Chromium figure and writes bench/results/import.json.
 */
import { join } from 'node:path';
import Papa from 'papaparse';
import { openDatabase } from '../../src/engine/api.ts';
import { BatchBuilder } from '../../src/engine/ingest/batch-builder.ts';
import { writeBatch } from '../../src/engine/ingest/batch-writes.ts';
import { createFormatParser, shapeOfMapping } from '../../src/engine/ingest/parser-factory.ts';
import { RejectionSink } from '../../src/engine/ingest/rejection-sink.ts';
import { streamImport } from '../../src/engine/ingest/stream-import.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { SYNTHETIC_START_MS, syntheticCsv, syntheticCsvMapping } from './synthetic-csv.ts';

const MB = 1024 * 1024;
const targetMb = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 3);

const text = syntheticCsv(targetMb * MB);
const rowsGenerated = text.split('\n').length - 2;
const bytes = new TextEncoder().encode(text);
const mapping = syntheticCsvMapping();

const blob = new Blob([bytes]);
const only = process.env.BENCH_ONLY;

async function tidemark(): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  const summary = await streamImport(blob, mapping, { onBatch: () => undefined });
  if (summary.rowsRejected > 0) throw new Error(`unexpected rejections: ${summary.rejections[0]?.reason}`);
  return { seconds: (performance.now() - started) / 1000, rows: summary.rowsEmitted };
}

/** The parser alone: 1 MiB slices pushed synchronously, batches dropped (no Blob reads, no awaits). */
function parserAlone(): { seconds: number; cpuSeconds: number; rows: number } {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const builder = new BatchBuilder(shapeOfMapping(mapping, 65_536));
  const rejections = new RejectionSink('bench', 10);
  const parser = createFormatParser(mapping, { builder, rejections, maxRecordBytes: 16 << 20 });
  let rows = 0;
  for (let at = 0; at < bytes.length; at += MB) {
    parser.push(bytes.subarray(at, Math.min(bytes.length, at + MB)));
    for (const batch of builder.ready.splice(0)) rows += batch.rowCount;
  }
  parser.finish();
  builder.flush();
  for (const batch of builder.ready.splice(0)) rows += batch.rowCount;
  if (rejections.count > 0) throw new Error(`unexpected rejections: ${rejections.kept[0]?.reason}`);
  const cpu = process.cpuUsage(cpuStarted);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows };
}

const kernel = await loadKernelFromFile(process.env.TIDEMARK_KERNEL ?? join(process.cwd(), 'build', 'kernel.wasm'));

/** End to end: streamed, parsed, split into series and written with writeColumns into an in-memory database. */
async function intoDatabase(round: number): Promise<{ seconds: number; cpuSeconds: number; records: number }> {
  // The clock sits just after the data, with a year of memory retention: the rows are recent data for
  // the memory tier, as a live export would be (older files take the magnetic-tier path instead).
  const clock = (): number => SYNTHETIC_START_MS + rowsGenerated * 1000 + 60_000;
  const db = await openDatabase({ name: `bench-${round}`, storage: 'memory', kernel, clock, retentionIntervalMs: 0 });
  await db.createDatabase('bench');
  await db.createTable('bench', 'metrics', { memoryStoreRetentionHours: 8766, enableMagneticStoreWrites: true });
  let records = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const summary = await streamImport(blob, mapping, {
    onBatch: async (batch) => {
      const result = await writeBatch(batch, mapping.target, (request) => db.writeColumns(request));
      if (result.rejected.length > 0) throw new Error(`unexpected write rejections: ${result.rejected[0]?.reason}`);
      records += result.recordsIngested;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  await db.close();
  if (summary.rowsRejected > 0) throw new Error('unexpected parse rejections');
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records };
}

/**
 * papaparse, typed: header objects with numbers (dynamicTyping), the nearest to what the importer produces.
 * Decoding is part of the work a parser of text must do; papaparse takes a string.
 */
function papaparse(): { seconds: number; rows: number } {
  const started = performance.now();
  const decoded = new TextDecoder().decode(bytes);
  const result = Papa.parse<Record<string, unknown>>(decoded, { header: true, dynamicTyping: true, skipEmptyLines: true });
  return { seconds: (performance.now() - started) / 1000, rows: result.data.length };
}

/** papaparse at its fastest: arrays of strings, fastMode (no quote handling), so the peer figure is not a straw man. */
function papaparseFast(): { seconds: number; rows: number } {
  const started = performance.now();
  const decoded = new TextDecoder().decode(bytes);
  const result = Papa.parse<string[]>(decoded, { header: false, dynamicTyping: false, fastMode: true, skipEmptyLines: true });
  return { seconds: (performance.now() - started) / 1000, rows: result.data.length - 1 };
}

const sizeMb = bytes.length / MB;
console.log(`CSV import throughput, ${sizeMb.toFixed(1)} MiB, ${rounds} rounds (best), Node ${process.version}`);
let bestAlone = Number.POSITIVE_INFINITY;
// CPU time of the same runs: on a shared, loaded machine wall time is stolen by others; CPU time is not.
let bestAloneCpu = Number.POSITIVE_INFINITY;
let bestEndToEnd = Number.POSITIVE_INFINITY;
// CPU time of the end-to-end runs (all of the process's threads, the garbage collector's included).
let bestEndToEndCpu = Number.POSITIVE_INFINITY;
let bestOurs = Number.POSITIVE_INFINITY;
let bestPeer = Number.POSITIVE_INFINITY;
let bestPeerFast = Number.POSITIVE_INFINITY;
let rows = 0;
// BENCH_ONLY=parse | database | peer runs one part (for profiling). The parts run one after the other, all
// rounds of each, so one part's garbage (papaparse's millions of strings) does not slow the next part down.
if (!only || only === 'database') {
  for (let round = 0; round < rounds; round++) {
    const result = await intoDatabase(round);
    bestEndToEnd = Math.min(bestEndToEnd, result.seconds);
    bestEndToEndCpu = Math.min(bestEndToEndCpu, result.cpuSeconds);
    rows = result.records;
  }
}
if (!only || only === 'parse') {
  for (let round = 0; round < rounds; round++) {
    const alone = parserAlone();
    bestAlone = Math.min(bestAlone, alone.seconds);
    bestAloneCpu = Math.min(bestAloneCpu, alone.cpuSeconds);
    const ours = await tidemark();
    bestOurs = Math.min(bestOurs, ours.seconds);
    rows = ours.rows;
  }
}
if (!only || only === 'peer') {
  for (let round = 0; round < rounds; round++) {
    const peer = papaparse();
    if (rows > 0 && peer.rows !== rows) throw new Error(`row counts differ: tidemark ${rows}, papaparse ${peer.rows}`);
    rows = peer.rows;
    bestPeer = Math.min(bestPeer, peer.seconds);
    bestPeerFast = Math.min(bestPeerFast, papaparseFast().seconds);
  }
}
const rate = (seconds: number): string => `${(sizeMb / seconds).toFixed(1)} MB/s, ${(rows / seconds / 1e6).toFixed(2)} M rows/s`;
// Parts left out with BENCH_ONLY print nothing.
if (Number.isFinite(bestEndToEnd))
  console.log(`tidemark into database: ${rate(bestEndToEnd)} (memory storage; CPU time: ${(sizeMb / bestEndToEndCpu).toFixed(1)} MB/s)`);
if (Number.isFinite(bestAlone)) {
  console.log(`tidemark parser alone : ${rate(bestAlone)} (CPU time: ${(sizeMb / bestAloneCpu).toFixed(1)} MB/s)`);
  console.log(`tidemark streamImport : ${rate(bestOurs)}`);
}
if (Number.isFinite(bestPeer)) {
  console.log(`papaparse, typed      : ${rate(bestPeer)} (header objects, dynamicTyping)`);
  console.log(`papaparse, fastest    : ${rate(bestPeerFast)} (string arrays, fastMode)`);
}
console.log(
  JSON.stringify({
    node_mb_per_s: sizeMb / bestEndToEnd,
    node_cpu_mb_per_s: sizeMb / bestEndToEndCpu,
    node_parser_alone_mb_per_s: sizeMb / bestAlone,
    node_parser_alone_cpu_mb_per_s: sizeMb / bestAloneCpu,
    node_parse_only_mb_per_s: sizeMb / bestOurs,
    // The peer's best configuration, so the comparison is not flattering.
    peer_parse_only_mb_per_s: sizeMb / bestPeerFast,
    peer_typed_parse_only_mb_per_s: sizeMb / bestPeer,
    rows,
    mib: sizeMb,
  }),
);
