/**
 * A gate that yields to the event loop at most once every `everyMs`, shared by everyone waiting at it: a batch's
 * hundreds of series writes are issued at once (Promise.all), and each passes the gate first. Without sharing,
 * every one of them saw the same stale "last yield" and yielded on its own: a MessageChannel and a task each
 * (hundreds per batch), and the writes came back in as many tasks, so the storage's group commit (one log
 * transaction for the writes of one task) split them up. Shared, they all wait for one yield and resume together.
 */
export function yieldGate(
  everyMs: number,
  yieldOnce: () => Promise<void>,
  now: () => number = () => performance.now(),
): () => Promise<void> {
  let lastYield = now();
  let pending: Promise<void> | null = null;
  return () => {
    if (pending !== null) return pending;
    if (now() - lastYield < everyMs) return Promise.resolve();
    pending = yieldOnce().finally(() => {
      lastYield = now();
      pending = null;
    });
    return pending;
  };
}
