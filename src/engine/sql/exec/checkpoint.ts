import { TidemarkError } from '../../../errors/index.ts';

/** How often a running query yields to the event loop, at most: often enough to see a cancel, rarely enough to cost nothing. */
const YIELD_EVERY_MS = 8;

function yieldNow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A checkpoint function for one query: throws ABORTED (or TIMEOUT) once the signal fired, and
 * otherwise yields to the event loop when enough time has passed since the last yield, so a
 * cancel message can be received while the query runs in the worker.
 */
export function makeCheckpoint(signal: AbortSignal): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (signal.aborted) throw abortReason(signal);
    const now = performance.now();
    if (now - last >= YIELD_EVERY_MS) {
      await yieldNow();
      last = performance.now();
      if (signal.aborted) throw abortReason(signal);
    }
  };
}

export function abortReason(signal: AbortSignal): TidemarkError {
  const reason: unknown = signal.reason;
  if (reason instanceof TidemarkError) return reason;
  return new TidemarkError('ABORTED', 'The query was cancelled.');
}
