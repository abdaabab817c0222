/**
 * A least-recently-used cache bounded by a byte budget: inserting past the budget evicts the
 * coldest entries (an entry larger than the budget is not kept at all).
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(private budget: number) {}

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budget) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    while (this.used > this.budget) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  /** Bytes an entry takes, without touching its recency (0 when absent). */
  peekBytes(key: K): number {
    return this.entries.get(key)?.bytes ?? 0;
  }

  delete(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.used -= e.bytes;
    this.entries.delete(key);
  }

  /** Drops every entry whose key matches. */
  deleteWhere(test: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (test(key)) this.delete(key);
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  setBudget(budget: number): void {
    this.budget = budget;
  }
}
