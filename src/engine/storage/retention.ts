import { magneticRetentionNs, memoryRetentionNs } from '../model/options.ts';
import type { CellValue } from '../model/values.ts';
import type { Catalog } from './catalog.ts';
import { decodedToHead, encodeSlice } from './chunk-ops.ts';
import type { MagneticChunkRecord } from './durability.ts';
import { HeadBuffer } from './head-buffer.ts';
import { type MagneticTier, magneticPartitionOf } from './magnetic-tier.ts';
import type { MemChunk, Series } from './series.ts';
import { deleteRangeInRam, sealIfNeeded, splitAt, type TierConfig } from './series-ops.ts';

/** What a retention pass did. */
export interface RetentionReport {
  /** Points moved from the memory tier to the magnetic tier. */
  readonly movedPoints: number;
  /** Points deleted for being older than the magnetic retention (counted from headers; shadowed duplicates may count twice). */
  readonly expiredPoints: number;
  /** Series whose memory tier changed (for the next checkpoint). */
  readonly touched: ReadonlySet<Series>;
}

const MIN = -(2n ** 63n);
/** Heads whose newest point is older than this are sealed by the retention job. */
const IDLE_HEAD_NS = 3_600_000_000_000n;

/**
 * The retention job: deletes what is older than each table's magnetic retention, and moves
 * every memory-tier point older than the memory retention (sealed or not: aged data and late
 * writes alike) into the magnetic tier, merged into one chunk per series and UTC day. RAM
 * values win over what the magnetic chunk held, because RAM holds every later upsert.
 */
export async function runRetention(catalog: Catalog, cfg: TierConfig, magnetic: MagneticTier, nowNs: bigint): Promise<RetentionReport> {
  let movedPoints = 0;
  let expiredPoints = 0;
  const touched = new Set<Series>();
  for (const table of [...catalog.tablesById.values()]) {
    const memoryCut = nowNs - memoryRetentionNs(table.options);
    const magneticCut = nowNs - magneticRetentionNs(table.options);
    for (const series of [...table.series.values()]) {
      const removed = deleteRangeInRam(series, MIN, magneticCut, cfg);
      if (removed > 0) touched.add(series);
      expiredPoints += removed;
      expiredPoints += await magnetic.deleteRange(series, MIN, magneticCut);
      const moved = await moveToMagnetic(series, memoryCut, magnetic, cfg);
      if (moved > 0) touched.add(series);
      movedPoints += moved;
      // A head that stopped growing is compressed instead of sitting in typed arrays until it ages out.
      const head = series.head;
      if (head.length > 0 && (head.times[head.length - 1] as bigint) < nowNs - IDLE_HEAD_NS) {
        sealIfNeeded(series, cfg, true);
        touched.add(series);
      }
    }
  }
  return { movedPoints, expiredPoints, touched };
}

async function moveToMagnetic(series: Series, cut: bigint, magnetic: MagneticTier, cfg: TierConfig): Promise<number> {
  splitAt(series, cut, cfg);
  const moving = series.sealed.filter((c) => c.header.timeMax < cut);
  if (moving.length === 0) return 0;
  const byPartition = new Map<number, MemChunk[]>();
  for (const chunk of moving) {
    // Memory partitions are days (or divide a day), so a memory chunk lies in one magnetic partition.
    const p = magneticPartitionOf(chunk.header.timeMin);
    const list = byPartition.get(p);
    if (list) list.push(chunk);
    else byPartition.set(p, [chunk]);
  }
  const puts: (MagneticChunkRecord & { series: Series })[] = [];
  let moved = 0;
  for (const [partition, chunks] of byPartition) {
    const ref = series.magnetic.find((r) => r.partition === partition);
    const head = ref ? decodedToHead(await magnetic.read(series, ref), series.columns) : new HeadBuffer(series.columns, 1024);
    for (const chunk of chunks) {
      const rows = decodedToHead(cfg.cache.decode(chunk.bytes), series.columns);
      moved += rows.length;
      mergeInto(head, rows);
    }
    const encoded = encodeSlice(cfg.codec, head.slice(0, head.length));
    puts.push({ series, seriesId: series.id, partition, header: encoded.header, bytes: encoded.bytes });
  }
  await magnetic.write(puts, []);
  const gone = new Set(moving);
  series.setSealed(series.sealed.filter((c) => !gone.has(c)));
  return moved;
}

/** Upserts every row of `rows` into `target` (rows win at equal times). */
function mergeInto(target: HeadBuffer, rows: HeadBuffer): void {
  // The common case: the RAM rows all come after what the magnetic chunk holds.
  if (target.length === 0 || (rows.length > 0 && (rows.times[0] as bigint) > (target.times[target.length - 1] as bigint))) {
    const at = target.length;
    target.reserve(at + rows.length);
    for (let i = 0; i < rows.length; i++) {
      target.times[at + i] = rows.times[i] as bigint;
      target.setLength(at + i + 1);
      target.writeRow(at + i, rows.row(i), rows.version(i));
    }
    return;
  }
  for (let i = 0; i < rows.length; i++) {
    const t = rows.times[i] as bigint;
    const cells: (CellValue | null)[] = rows.row(i);
    const at = target.find(t);
    if (at >= 0) target.writeRow(at, cells, rows.version(i));
    else target.insertAt(-at - 1, t, cells, rows.version(i));
  }
}
