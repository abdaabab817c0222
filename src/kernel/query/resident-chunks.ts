import { TidemarkError } from '../../errors/index.ts';
import type { Kernel } from '../kernel.ts';

/** Zeroed bytes after each resident chunk (decoders read whole words past a payload's end). */
const SLACK = 16;

/** The default budget of chunk bytes kept in a kernel's memory. */
export const DEFAULT_RESIDENT_CHUNK_BYTES = 64 << 20;

/** Chunks kept resident: their bytes in the kernel, how many, and the budget. */
export interface ResidentChunkStats {
  readonly bytes: number;
  readonly chunks: number;
  readonly budget: number;
}

/** One resident chunk; a caller may keep it (see residentEntry) to find the chunk again without a lookup while `live`. */
export interface ResidentEntry {
  readonly address: number;
  /** Bytes taken in the kernel (the chunk and its slack). */
  readonly size: number;
  /** The chunk it holds, weakly: a chunk nothing else holds any more is freed, not kept for the budget. */
  readonly chunk: WeakRef<Uint8Array>;
  /** The batch that last read it: a batch never evicts what it already placed. */
  batch: number;
  /** False once evicted or forgotten (its address may then hold another chunk). */
  live: boolean;
  /** The kernel's resident chunks it belongs to (an entry of another kernel's is no hint). */
  readonly owner: ResidentChunks;
}

/**
 * Sealed chunks kept in the kernel's memory between queries, so a scan that reads a chunk again
 * hands the kernel its address instead of copying it in (for a large scan the copies cost as much
 * as a third of the kernel's own time, and after another program ran they come from main memory
 * twice: read once to copy, once to decode). A chunk is known by its bytes object: sealed chunks are
 * never written in place, a rewritten chunk is a new object. Bounded by a byte budget, least
 * recently read first out; a chunk the storage dropped leaves when it is collected. The kernel's
 * memory does not shrink, so the budget is also the most this cache ever adds to it.
 */
export class ResidentChunks {
  private readonly byChunk = new WeakMap<Uint8Array, ResidentEntry>();
  /** Least recently read first (a Set keeps insertion order; a hit is moved to the end). */
  private readonly order = new Set<ResidentEntry>();
  private readonly collected = new FinalizationRegistry<ResidentEntry>((entry) => this.drop(entry));
  private used = 0;
  private batch = 0;
  private dropped = 0;

  constructor(
    private readonly kernel: Kernel,
    private budget: number,
  ) {}

  /** Bytes held now, their chunks, and the budget. */
  stats(): ResidentChunkStats {
    return { bytes: this.used, chunks: this.order.size, budget: this.budget };
  }

  /** Changes the budget, evicting the least recently read chunks that no longer fit; 0 keeps none. */
  setBudget(bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new TidemarkError('INVALID_ARGUMENT', `A resident chunk budget must be a non-negative integer of bytes; got ${bytes}.`);
    this.budget = bytes;
    this.evictTo(bytes, Number.POSITIVE_INFINITY);
  }

  /** Starts a batch: until the next one, the addresses it hands out stay valid. */
  beginBatch(): void {
    this.batch++;
  }

  /**
   * The chunk's address in the kernel's memory, copying it in when it fits the budget, or 0 when it
   * does not (the caller copies it itself). May allocate: read the kernel's views afterwards.
   */
  address(bytes: Uint8Array): number {
    return this.residentEntry(bytes, null)?.address ?? 0;
  }

  /**
   * As address, as the chunk's entry (null: not resident). `known`: the entry an earlier call gave for
   * these same bytes, trusted while live (spares the lookup by bytes: a table of every resident chunk,
   * cold after a large scan ran).
   */
  residentEntry(bytes: Uint8Array, known: ResidentEntry | null): ResidentEntry | null {
    const entry = known?.live && known.owner === this ? known : this.byChunk.get(bytes);
    if (entry) {
      this.order.delete(entry);
      this.order.add(entry);
      entry.batch = this.batch;
      return entry;
    }
    const size = (bytes.byteLength + SLACK + 15) & ~15;
    if (size > this.budget || !this.evictTo(this.budget - size, this.batch)) return null;
    const address = this.kernel.alloc(size);
    const memory = this.kernel.bytes();
    memory.set(bytes, address);
    memory.fill(0, address + bytes.byteLength, address + size);
    const added: ResidentEntry = { address, size, chunk: new WeakRef(bytes), batch: this.batch, live: true, owner: this };
    this.byChunk.set(bytes, added);
    this.order.add(added);
    this.collected.register(bytes, added, added);
    this.used += size;
    return added;
  }

  /**
   * How many chunks have left so far: while it is unchanged, every entry live before still is (a caller
   * holding many entries checks this instead of each).
   */
  get departures(): number {
    return this.dropped;
  }

  /**
   * Whether every entry is still live here (an entry no longer live may see its address hold another chunk);
   * with `touch`, also marks them read by a new batch, most recently read last, as residentEntry does.
   */
  keep(entries: readonly ResidentEntry[], touch: boolean): boolean {
    for (const entry of entries) if (!entry.live || entry.owner !== this) return false;
    if (!touch) return true;
    this.batch++;
    for (const entry of entries) {
      this.order.delete(entry);
      this.order.add(entry);
      entry.batch = this.batch;
    }
    return true;
  }

  /** Frees the chunk's copy, if it has one (its bytes failed a check). */
  forget(bytes: Uint8Array): void {
    const entry = this.byChunk.get(bytes);
    if (!entry) return;
    this.byChunk.delete(bytes);
    this.collected.unregister(entry);
    this.drop(entry);
  }

  /** Frees every chunk. */
  clear(): void {
    this.evictTo(0, Number.POSITIVE_INFINITY);
  }

  /** Evicts least recently read chunks of earlier batches until at most `target` bytes are held; false if the batch's own chunks are in the way. */
  private evictTo(target: number, batch: number): boolean {
    for (const entry of this.order) {
      if (this.used <= target) return true;
      if (entry.batch >= batch) return false;
      const chunk = entry.chunk.deref();
      if (chunk) this.byChunk.delete(chunk);
      this.collected.unregister(entry);
      this.drop(entry);
    }
    return this.used <= target;
  }

  private drop(entry: ResidentEntry): void {
    if (!this.order.delete(entry)) return;
    this.dropped++;
    entry.live = false;
    this.kernel.free(entry.address);
    this.used -= entry.size;
  }
}

const byKernel = new WeakMap<Kernel, ResidentChunks>();

/** The kernel's resident chunks (made on first use with {@link DEFAULT_RESIDENT_CHUNK_BYTES}). */
export function residentChunks(kernel: Kernel): ResidentChunks {
  let chunks = byKernel.get(kernel);
  if (!chunks) {
    chunks = new ResidentChunks(kernel, DEFAULT_RESIDENT_CHUNK_BYTES);
    byKernel.set(kernel, chunks);
  }
  return chunks;
}
