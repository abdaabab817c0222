import { TidemarkError } from '../../../errors/index.ts';

/** How often a running query yields to the event loop, at most: often enough to see a cancel, rarely enough to cost nothing. */
const YIELD_EVERY_MS = 8;

/**
 * Yields to the event loop through a macrotask: a MessageChannel's message, which waits for nothing else, where
 * setTimeout(0) waits at least a millisecond in Node and 4 ms in a browser once nested (a query of 30 ms that
 * yields every 8 ms spent a tenth of its time waiting).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
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
      await yieldToEventLoop();
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
