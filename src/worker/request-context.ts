import { TidemarkError } from '../errors/index.ts';
import type { ProgressEvent } from './protocol.ts';

/**
 * What a handler gets besides its parameters: the request's cancellation signal, a way to
 * report progress, and `checkpoint()`, which long work calls between slices. A checkpoint
 * yields to the event loop, which is the only way a cancel message can be received while a
 * handler runs, and throws ABORTED once the request was cancelled.
 */
export interface RequestContext {
  readonly signal: AbortSignal;
  progress(event: ProgressEvent): void;
  checkpoint(): Promise<void>;
}

export { yieldToEventLoop } from '../engine/sql/exec/checkpoint.ts';

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    throw reason instanceof TidemarkError ? reason : new TidemarkError('ABORTED', 'The request was cancelled.');
  }
}
