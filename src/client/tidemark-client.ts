import { TidemarkError } from '../errors/index.ts';
import type {
  ClientMessage,
  LiveUpdate,
  MessageEndpoint,
  ProgressEvent,
  SubscribeRequest,
  WorkerMessage,
  WorkerMethodName,
  WorkerParams,
  WorkerReadyInfo,
  WorkerResult,
} from '../worker/protocol.ts';
import { unpackResultText } from './unpack-text.ts';

/** Per-call options: cancellation, a deadline and progress events. */
export interface CallOptions {
  /** Aborting it cancels the request in the worker and rejects with code ABORTED. */
  readonly signal?: AbortSignal;
  /** Cancels the request after this many milliseconds and rejects with code TIMEOUT. */
  readonly timeoutMs?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Buffers in the params to transfer to the worker instead of copying (they become unusable here). */
  readonly transfer?: Transferable[];
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: TidemarkError): void;
  onProgress?: (event: ProgressEvent) => void;
}

/** A live subscription's callbacks on this side. */
interface SubscriptionHandlers {
  readonly onUpdate: (update: LiveUpdate) => void;
  readonly onError: ((error: TidemarkError) => void) | undefined;
}

/** An endpoint that can also be terminated (a Worker) and reports crashes. */
export interface WorkerLike extends MessageEndpoint {
  terminate?(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The UI's only way into the engine: an async proxy over the worker. Every call gets an id,
 * settles exactly once, and can be cancelled or time out; worker errors arrive as
 * TidemarkError with their code and position.
 */
export class TidemarkClient {
  /** Resolves when the worker has loaded the kernel; rejects with the worker's startup error. */
  readonly ready: Promise<WorkerReadyInfo>;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private nextSubscription = 1;
  private readonly subscriptions = new Map<number, SubscriptionHandlers>();
  private failure: TidemarkError | undefined;
  private isReady = false;
  private resolveReady!: (info: WorkerReadyInfo) => void;
  private rejectReady!: (error: TidemarkError) => void;

  constructor(private readonly worker: WorkerLike) {
    this.ready = new Promise<WorkerReadyInfo>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A caller that never awaits `ready` must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    worker.addEventListener('message', (event: MessageEvent) => this.receive(event.data as WorkerMessage));
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault?.();
      const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
      this.fail(new TidemarkError('WORKER_CRASHED', `The engine's worker failed: ${event.message || 'it could not start'}${where}.`));
    });
  }

  /** Calls a worker method and resolves with its typed result. */
  call<M extends WorkerMethodName>(method: M, params: WorkerParams<M>, options: CallOptions = {}): Promise<WorkerResult<M>> {
    if (this.failure) return Promise.reject(this.failure);
    const { signal, timeoutMs, onProgress, transfer = [] } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const id = this.nextId++;
    return new Promise<WorkerResult<M>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = () => {
        this.pending.delete(id);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const cancel = (error: TidemarkError) => {
        if (!this.pending.has(id)) return;
        cleanup();
        if (this.isReady) this.post({ type: 'cancel', id });
        reject(error);
      };
      const onAbort = () => cancel(abortError(signal));
      this.pending.set(id, {
        resolve: (value) => {
          cleanup();
          resolve(value as WorkerResult<M>);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
        ...(onProgress ? { onProgress } : {}),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(
          () => cancel(new TidemarkError('TIMEOUT', `${method} did not finish within ${timeoutMs} ms and was cancelled.`)),
          timeoutMs,
        );
      }
      // The worker listens only once its kernel is loaded; a request posted earlier would be lost,
      // so requests wait for `ready` (a failed start rejects them through fail()).
      if (this.isReady) this.post({ type: 'request', id, method, params }, transfer);
      else
        void this.ready.then(
          () => {
            if (this.pending.has(id)) this.post({ type: 'request', id, method, params }, transfer);
          },
          () => undefined,
        );
    });
  }

  /**
   * Starts a live query. `onUpdate` gets the first result (replaceFromMs null), then after every
   * write to a table the query reads, the rows from `replaceFromMs` on, which replace what the
   * caller holds from there (the window slides for `{ lastMs }`). `onError` gets a failed start or
   * a failed re-run. Returns the function that stops it.
   */
  subscribe(request: SubscribeRequest, onUpdate: (update: LiveUpdate) => void, onError?: (error: TidemarkError) => void): () => void {
    const id = this.nextSubscription++;
    const handlers: SubscriptionHandlers = { onUpdate, onError };
    this.subscriptions.set(id, handlers);
    this.call('live.subscribe', { ...request, subscription: id }).catch((error: unknown) => {
      if (this.subscriptions.get(id) !== handlers) return;
      this.subscriptions.delete(id);
      onError?.(TidemarkError.from(error));
    });
    return () => {
      if (this.subscriptions.get(id) !== handlers) return;
      this.subscriptions.delete(id);
      if (!this.failure) void this.call('live.unsubscribe', { subscription: id }).catch(() => undefined);
    };
  }

  /** Number of live subscriptions open on this side. */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Number of calls still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stops the worker; calls still pending reject with WORKER_CRASHED. */
  close(): void {
    // Closing on purpose is not an error for the live queries: they just stop.
    this.subscriptions.clear();
    this.fail(new TidemarkError('WORKER_CRASHED', 'The engine was closed.'));
    this.worker.terminate?.();
  }

  private post(message: ClientMessage, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        this.isReady = true;
        this.resolveReady(message.info);
        return;
      case 'startup-error':
        this.fail(TidemarkError.fromJSON(message.error));
        return;
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'response':
        this.pending.get(message.id)?.resolve(unpackResultText(message.result));
        return;
      case 'event': {
        const handlers = this.subscriptions.get(message.subscription);
        if (!handlers) return;
        if (message.event.kind === 'update') handlers.onUpdate(message.event.update);
        else handlers.onError?.(TidemarkError.fromJSON(message.event.error));
        return;
      }
      case 'error':
        this.pending.get(message.id)?.reject(TidemarkError.fromJSON(message.error));
        return;
    }
  }

  private fail(error: TidemarkError): void {
    this.failure ??= error;
    const live = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const s of live) s.onError?.(error);
    this.rejectReady(error);
    for (const call of [...this.pending.values()]) call.reject(error);
    this.pending.clear();
  }
}

function abortError(signal: AbortSignal | undefined): TidemarkError {
  const reason: unknown = signal?.reason;
  if (reason instanceof TidemarkError) return reason;
  const detail = reason instanceof Error && reason.message ? `: ${reason.message}` : '';
  return new TidemarkError('ABORTED', `The request was cancelled${detail}.`);
}
