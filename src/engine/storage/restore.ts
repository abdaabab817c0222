import type { CellValue } from '../model/values.ts';
import { appendSorted } from './append.ts';
import type { Catalog } from './catalog.ts';
import { findColumn, VERSION_COLUMN } from './chunk-ops.ts';
import type { ChunkColumnInput } from './codec.ts';
import { dropEmptySeries } from './drop-empty-series.ts';
import type { PersistedState } from './durability.ts';
import { type MagneticRef, newChunkId, reserveChunkIds, type Series } from './series.ts';
import { deleteRangeInRam, putPoint, resortSealed, sealIfNeeded, type TierConfig } from './series-ops.ts';
import { isChunkPut, type WalEntry, type WalSeriesPut } from './wal-entry.ts';

/** Rebuilds the RAM state from what was persisted: catalog, chunk index, checkpoint, then the log in order. */
export function restore(catalog: Catalog, cfg: TierConfig, state: PersistedState): Set<Series> {
  for (const db of state.databases) catalog.addDatabase(db);
  for (const table of state.tables) if (catalog.databases.has(table.database)) catalog.addTable(table);
  for (const record of state.series) {
    const table = catalog.tablesById.get(record.tableId);
    if (table) catalog.registerSeries(table, record);
  }
  const magneticOf = new Map<Series, MagneticRef[]>();
  for (const ref of state.magneticIndex) {
    const series = catalog.seriesById.get(ref.seriesId);
    if (!series) continue;
    let refs = magneticOf.get(series);
    if (!refs) {
      refs = [...series.magnetic];
      magneticOf.set(series, refs);
    }
    refs.push({ partition: ref.partition, header: ref.header, byteLength: ref.byteLength });
    if (ref.header.timeMax > series.maxTime) series.maxTime = ref.header.timeMax;
  }
  for (const [series, refs] of magneticOf) series.setMagnetic(refs.sort((a, b) => a.partition - b.partition));
  const touched = new Set<Series>();
  for (const record of state.memTier) reserveChunkIds(record.chunkId);
  for (const record of state.memTier) {
    const series = catalog.seriesById.get(record.seriesId);
    if (!series) continue;
    const header = cfg.codec.readHeader(record.bytes);
    if (record.chunkId === 0) {
      // The checkpointed head comes back as a sealed chunk under a new id; the next checkpoint stores it so.
      series.pushSealed({ id: newChunkId(), header, bytes: record.bytes });
      series.persistedChunks.add(0);
      touched.add(series);
    } else {
      series.pushSealed({ id: record.chunkId, header, bytes: record.bytes });
      series.persistedChunks.add(record.chunkId);
    }
    if (header.timeMax > series.maxTime) series.maxTime = header.timeMax;
  }
  for (const series of catalog.seriesById.values()) resortSealed(series);
  for (const entry of state.wal) for (const s of applyWalEntry(catalog, cfg, entry)) touched.add(s);
  // Series left empty go, as the delete or expiry that emptied them dropped them. Only at the end:
  // the magnetic index loaded is today's, so a series may look empty at an old delete entry while a
  // later entry still writes to it by id.
  for (const s of dropEmptySeries(catalog, [...catalog.seriesById.values()])) touched.delete(s);
  return touched;
}

/** Applies one logged mutation to RAM (puts overwrite, as the original write decided). */
export function applyWalEntry(catalog: Catalog, cfg: TierConfig, entry: WalEntry): Series[] {
  const touched: Series[] = [];
  const table = catalog.tablesById.get(entry.tableId);
  if (!table) return touched;
  if (entry.kind === 'delete') {
    for (const id of entry.seriesIds) {
      const series = catalog.seriesById.get(id);
      if (!series) continue;
      deleteRangeInRam(series, entry.from, entry.to, cfg);
      touched.push(series);
    }
    return touched;
  }
  for (const record of entry.series) {
    const series = catalog.seriesById.get(record.id) ?? catalog.registerSeries(table, { ...record, columns: [] });
    for (const c of record.columns) if (series.columnIndex(c.name) < 0) series.addColumn(c);
    table.bindSeriesTypes(series);
  }
  for (const put of entry.puts) {
    const series = catalog.seriesById.get(put.seriesId);
    if (!series) continue;
    if (isChunkPut(put)) replayChunk(series, put.chunk, cfg, put.rows === true);
    else replayPut(series, put, cfg);
    touched.push(series);
  }
  return touched;
}

/**
 * Replays points logged as an encoded chunk: kept as a sealed chunk as it is when it follows everything in
 * the series (the bulk append that logged it), otherwise decoded and put row by row like any logged put.
 * Head rows encoded for the log (`rows`) are always put back as rows, so the head comes back as it was.
 */
function replayChunk(series: Series, bytes: Uint8Array, cfg: TierConfig, rows: boolean): void {
  const header = cfg.codec.readHeader(bytes);
  const columns = header.columns.filter((c) => c.name !== VERSION_COLUMN);
  for (const c of columns) if (series.columnIndex(c.name) < 0) series.addColumn({ name: c.name, type: c.type });
  if (!rows && header.count > 0 && series.head.length === 0 && header.timeMin > series.maxTime) {
    series.pushSealed({ id: newChunkId(), header, bytes });
    series.maxTime = header.timeMax;
    return;
  }
  const decoded = cfg.codec.decode(bytes);
  const versions = findColumn(decoded, VERSION_COLUMN);
  replayPut(
    series,
    {
      seriesId: series.id,
      times: decoded.times,
      columns: decoded.columns.filter((c) => c.name !== VERSION_COLUMN),
      versions: versions ? (versions.values as BigInt64Array) : null,
    },
    cfg,
  );
}

function replayPut(series: Series, put: WalSeriesPut, cfg: TierConfig): void {
  for (const c of put.columns) if (series.columnIndex(c.name) < 0) series.addColumn({ name: c.name, type: c.type });
  const aligned: (ChunkColumnInput | undefined)[] = series.columns.map((sc) => put.columns.find((c) => c.name === sc.name));
  const n = put.times.length;
  let ascending = n > 0 && (put.times[0] as bigint) > series.maxTime;
  for (let i = 1; ascending && i < n; i++) if ((put.times[i] as bigint) <= (put.times[i - 1] as bigint)) ascending = false;
  if (ascending && aligned.every((c) => c !== undefined)) {
    appendSorted(series, put.times, aligned as ChunkColumnInput[], put.versions, cfg);
    return;
  }
  for (let i = 0; i < n; i++) {
    const cells = aligned.map((c) =>
      !c || (c.validity && c.validity[i] === 0) ? null : ((c.values[i] as CellValue | null | undefined) ?? null),
    );
    putPoint(series, put.times[i] as bigint, cells, put.versions ? (put.versions[i] as bigint) : 1n, cfg);
  }
  sealIfNeeded(series, cfg);
}
