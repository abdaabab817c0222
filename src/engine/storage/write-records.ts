import type { NormalizedRecord } from '../model/normalize-record.ts';
import { FUTURE_WINDOW_NS, magneticRetentionNs, memoryRetentionNs } from '../model/options.ts';
import { Reasons } from '../model/reasons.ts';
import type { RejectedRecord, ScalarMeasureType } from '../model/types.ts';
import type { CellValue } from '../model/values.ts';
import type { Catalog } from './catalog.ts';
import { type Series, seriesKey } from './series.ts';
import { sealIfNeeded, type TierConfig, upsertPoint } from './series-ops.ts';
import type { TableState } from './table-state.ts';
import { WalCollector } from './wal-entry.ts';

/** Counts a write reports, and what it rejected. */
export interface WriteTally {
  memory: number;
  magnetic: number;
  readonly rejected: RejectedRecord[];
}

/** The time window a write is checked against, in ns. */
export interface WriteWindow {
  /** Oldest time the memory tier accepts. */
  readonly memoryStart: bigint;
  /** Oldest time at all (magnetic retention). */
  readonly magneticStart: bigint;
  /** Newest time accepted (now + 15 minutes). */
  readonly futureLimit: bigint;
}

export function writeWindow(table: TableState, nowNs: bigint): WriteWindow {
  return {
    memoryStart: nowNs - memoryRetentionNs(table.options),
    magneticStart: nowNs - magneticRetentionNs(table.options),
    futureLimit: nowNs + FUTURE_WINDOW_NS,
  };
}

/** Why a time is refused by the table's window, or 'memory' / 'magnetic' for where it goes. */
export function placeTime(table: TableState, window: WriteWindow, t: bigint): 'memory' | 'magnetic' | string {
  if (t > window.futureLimit) return Reasons.tooFarAhead(t, window.futureLimit);
  if (t >= window.memoryStart) return 'memory';
  if (!table.options.enableMagneticStoreWrites) return Reasons.outsideMemoryWindow(t, window.memoryStart, window.futureLimit);
  if (t < window.magneticStart) return Reasons.beyondMagneticRetention(t, window.magneticStart);
  return 'magnetic';
}

/** Finds or creates the series of a record (creation is logged). */
export function seriesFor(
  catalog: Catalog,
  table: TableState,
  measureName: string,
  dimensions: readonly (readonly [string, string])[],
  kind: 'single' | 'multi',
  columns: readonly { name: string; type: Series['columns'][number]['type'] }[],
  log: WalCollector,
): Series {
  const existing = table.series.get(seriesKey(measureName, dimensions));
  if (existing) return existing;
  const series = catalog.registerSeries(table, { id: catalog.nextSeriesId, tableId: table.id, measureName, dimensions, kind, columns });
  log.seriesChanged(series);
  return series;
}

/** Table-level rules a record must pass: type bindings and the dimension/attribute name clash. */
export function checkBindings(table: TableState, rec: NormalizedRecord): string | undefined {
  const bound = table.measureTypes.get(rec.measureName);
  if (bound && bound !== rec.measureValueType) return Reasons.typeBound(rec.measureName, bound, rec.measureValueType);
  if (table.attributeTypes.size > 0)
    for (const [name] of rec.dimensions) {
      if (table.attributeTypes.has(name)) {
        return `Dimension name "${name}" is already a measure attribute name in this table; a dimension name cannot equal a measure attribute name.`;
      }
    }
  if (rec.measureValueType === 'MULTI') {
    for (const cell of rec.cells) {
      const attr = table.attributeTypes.get(cell.name);
      if (attr && attr !== cell.measureType) return Reasons.attributeTypeBound(cell.name, attr, cell.measureType);
      if (table.byDimension.has(cell.name)) {
        return `MeasureValues attribute "${cell.name}" is already a dimension name in this table; a dimension name cannot equal a measure attribute name.`;
      }
    }
  }
  return undefined;
}

/**
 * Applies validated records to the memory tier in order: window, bindings, then the upsert
 * rules. Every record is judged on its own; the good ones are applied even when others fail.
 */
export function applyRecords(
  catalog: Catalog,
  table: TableState,
  records: readonly (NormalizedRecord | string)[],
  nowNs: bigint,
  cfg: TierConfig,
  collect = true,
  /** Collects into this log instead of a new one (a batch of columnar writes logs as one entry). */
  log: WalCollector = new WalCollector(table.id, collect),
): { tally: WriteTally; log: WalCollector } {
  const tally: WriteTally = { memory: 0, magnetic: 0, rejected: [] };
  // Records sharing CommonAttributes share one dimensions array: look their series up by identity.
  const seriesCache = new Map<readonly (readonly [string, string])[], Map<string, Series>>();
  let scratch: (CellValue | null)[] = [];
  const window = writeWindow(table, nowNs);
  const touched = new Set<Series>();
  for (let index = 0; index < records.length; index++) {
    const rec = records[index] as NormalizedRecord | string;
    if (typeof rec === 'string') {
      tally.rejected.push({ RecordIndex: index, Reason: rec });
      continue;
    }
    const place = placeTime(table, window, rec.time);
    if (place !== 'memory' && place !== 'magnetic') {
      tally.rejected.push({ RecordIndex: index, Reason: place });
      continue;
    }
    const bindingReason = checkBindings(table, rec);
    if (bindingReason) {
      tally.rejected.push({ RecordIndex: index, Reason: bindingReason });
      continue;
    }
    const multi = rec.measureValueType === 'MULTI';
    let byMeasure = seriesCache.get(rec.dimensions);
    if (!byMeasure) {
      byMeasure = new Map();
      seriesCache.set(rec.dimensions, byMeasure);
    }
    let series = byMeasure.get(rec.measureName);
    if (!series) {
      series = seriesFor(
        catalog,
        table,
        rec.measureName,
        rec.dimensions,
        multi ? 'multi' : 'single',
        multi ? [] : [{ name: rec.cells[0]?.name ?? '', type: rec.cells[0]?.type ?? 'double' }],
        log,
      );
      byMeasure.set(rec.measureName, series);
    }
    // Cells are copied out by the head buffer and the log, so one scratch array serves every record.
    if (scratch.length !== series.columns.length) scratch = new Array<CellValue | null>(series.columns.length);
    const cells = scratch.fill(null);
    for (const cell of rec.cells) {
      let c = series.columns[0]?.name === cell.name ? 0 : series.columnIndex(cell.name);
      if (c < 0) {
        c = series.addColumn({ name: cell.name, type: cell.type });
        table.attributeTypes.set(cell.name, cell.measureType as ScalarMeasureType);
        log.seriesChanged(series);
        cells.push(null);
      }
      cells[c] = cell.value;
    }
    if (!table.measureTypes.has(rec.measureName)) table.measureTypes.set(rec.measureName, multi ? 'MULTI' : rec.measureValueType);
    const outcome = upsertPoint(series, rec.time, cells, rec.version, cfg);
    if (outcome.kind === 'conflict') {
      const existing = outcome.existingVersion;
      tally.rejected.push({
        RecordIndex: index,
        Reason: rec.version === existing ? Reasons.sameVersionConflict() : Reasons.lowerVersion(rec.version, existing),
        ExistingVersion: Number(existing),
      });
      continue;
    }
    if (outcome.kind !== 'noop') {
      log.put(series, rec.time, cells, rec.version);
      touched.add(series);
    }
    if (place === 'memory') tally.memory++;
    else tally.magnetic++;
  }
  for (const series of touched) sealIfNeeded(series, cfg);
  return { tally, log };
}
