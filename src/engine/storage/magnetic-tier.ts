import { TidemarkError } from '../../errors/index.ts';
import { decodedToHead, encodeSlice } from './chunk-ops.ts';
import type { ChunkCodec, ChunkColumn, DecodedChunk } from './codec.ts';
import type { Durability, MagneticChunkRecord } from './durability.ts';
import { LruCache } from './lru-cache.ts';
import type { MagneticRef, Series } from './series.ts';

/** Magnetic chunks cover one series over one UTC day. */
export const MAGNETIC_PARTITION_MS = 86_400_000;
export const MAGNETIC_PARTITION_NS = 86_400_000_000_000n;

/** The partition (ms at the start of its UTC day) a time falls in. */
export function magneticPartitionOf(t: bigint): number {
  return Number(t / MAGNETIC_PARTITION_NS) * MAGNETIC_PARTITION_MS;
}

/** Rough RAM size of a decoded chunk, for the cache budget. */
function decodedBytes(d: DecodedChunk): number {
  let b = d.times.byteLength;
  for (const c of d.columns as readonly ChunkColumn[]) {
    if (Array.isArray(c.values)) for (const s of c.values as readonly (string | null)[]) b += 16 + (s ? s.length * 2 : 0);
    else b += (c.values as Float64Array).byteLength;
    b += c.validity?.byteLength ?? 0;
  }
  return b;
}

/**
 * The magnetic tier: chunks in the durable store keyed [seriesId, partition], read lazily
 * through an LRU of decoded chunks bounded by the memory budget. The chunk index (zone maps)
 * stays in RAM on each series.
 */
export class MagneticTier {
  readonly cache: LruCache<string, DecodedChunk>;

  constructor(
    private readonly durability: Durability,
    private readonly codec: ChunkCodec,
    budgetBytes: number,
  ) {
    this.cache = new LruCache(budgetBytes);
  }

  private static key(seriesId: number, partition: number): string {
    return `${seriesId}:${partition}`;
  }

  /** A decoded chunk if it is cached (the synchronous path a write uses after prefetching). */
  cached(series: Series, ref: MagneticRef): DecodedChunk | undefined {
    return this.cache.get(MagneticTier.key(series.id, ref.partition));
  }

  async read(series: Series, ref: MagneticRef): Promise<DecodedChunk> {
    const key = MagneticTier.key(series.id, ref.partition);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const bytes = await this.durability.readMagnetic(series.id, ref.partition);
    if (!bytes) {
      throw new TidemarkError(
        'CORRUPT_CHUNK',
        `The magnetic chunk of series ${series.id} for partition ${new Date(ref.partition).toISOString()} is missing from storage.`,
      );
    }
    const decoded = this.codec.decode(bytes);
    this.cache.set(key, decoded, decodedBytes(decoded));
    return decoded;
  }

  /** Reads chunks for a scan: cached ones from RAM, the others with one key-range read over their partitions. */
  async readAll(series: Series, refs: readonly MagneticRef[]): Promise<DecodedChunk[]> {
    const found = new Map<number, DecodedChunk>();
    const missing: MagneticRef[] = [];
    for (const ref of refs) {
      const hit = this.cache.get(MagneticTier.key(series.id, ref.partition));
      if (hit) found.set(ref.partition, hit);
      else missing.push(ref);
    }
    if (missing.length > 1) {
      const wanted = new Set(missing.map((r) => r.partition));
      const rows = await this.durability.readMagneticRange(
        series.id,
        missing[0]?.partition ?? 0,
        missing[missing.length - 1]?.partition ?? 0,
      );
      for (const row of rows) {
        if (!wanted.has(row.partition)) continue;
        const decoded = this.codec.decode(row.bytes);
        this.cache.set(MagneticTier.key(series.id, row.partition), decoded, decodedBytes(decoded));
        found.set(row.partition, decoded);
      }
    }
    const out: DecodedChunk[] = [];
    for (const ref of refs) out.push(found.get(ref.partition) ?? (await this.read(series, ref)));
    return out;
  }

  /** Persists chunk puts and deletes atomically, then updates the series' chunk index and the cache. */
  async write(
    puts: readonly (MagneticChunkRecord & { readonly series: Series })[],
    deletes: readonly { readonly series: Series; readonly partition: number }[],
  ): Promise<void> {
    if (puts.length === 0 && deletes.length === 0) return;
    await this.durability.writeMagnetic(
      puts.map(({ seriesId, partition, header, bytes }) => ({ seriesId, partition, header, bytes })),
      deletes.map((d) => [d.series.id, d.partition] as const),
    );
    for (const d of deletes) {
      d.series.setMagnetic(d.series.magnetic.filter((r) => r.partition !== d.partition));
      this.cache.delete(MagneticTier.key(d.series.id, d.partition));
    }
    for (const p of puts) {
      const ref: MagneticRef = { partition: p.partition, header: p.header, byteLength: p.bytes.byteLength };
      const list = p.series.magnetic.filter((r) => r.partition !== p.partition);
      list.push(ref);
      list.sort((a, b) => a.partition - b.partition);
      p.series.setMagnetic(list);
      this.cache.delete(MagneticTier.key(p.series.id, p.partition));
    }
  }

  /** Deletes a series' magnetic points in [from, to): whole chunks are dropped, cut ones rewritten. Returns the count removed. */
  async deleteRange(series: Series, from: bigint, to: bigint): Promise<number> {
    let deleted = 0;
    const puts: (MagneticChunkRecord & { series: Series })[] = [];
    const deletes: { series: Series; partition: number }[] = [];
    for (const ref of series.magnetic) {
      const h = ref.header;
      if (h.timeMax < from || h.timeMin >= to) continue;
      if (h.timeMin >= from && h.timeMax < to) {
        deletes.push({ series, partition: ref.partition });
        deleted += h.count;
        continue;
      }
      const rows = decodedToHead(await this.read(series, ref), series.columns);
      const keep = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const t = rows.times[i] as bigint;
        keep[i] = t >= from && t < to ? 0 : 1;
      }
      const removed = rows.compact(keep);
      if (removed === 0) continue;
      deleted += removed;
      if (rows.length === 0) deletes.push({ series, partition: ref.partition });
      else {
        const chunk = encodeSlice(this.codec, rows.slice(0, rows.length));
        puts.push({ series, seriesId: series.id, partition: ref.partition, header: chunk.header, bytes: chunk.bytes });
      }
    }
    await this.write(puts, deletes);
    return deleted;
  }

  forget(seriesIds: readonly number[]): void {
    const ids = new Set(seriesIds.map(String));
    this.cache.deleteWhere((key) => ids.has(key.slice(0, key.indexOf(':'))));
  }
}
