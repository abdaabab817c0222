import { TidemarkError } from '../errors/index.ts';
import type {
  ClientMessage,
  MessageEndpoint,
  SubscriptionEvent,
  WorkerMessage,
  WorkerMethodName,
  WorkerParams,
  WorkerResult,
} from './protocol.ts';
import { type RequestContext, throwIfAborted, yieldToEventLoop } from './request-context.ts';
import { collectTransferables } from './transferables.ts';
import { packResultText } from './wire-text.ts';

/** A handler for one method: typed parameters in, typed result (or a thrown error) out. */
export type MethodHandler<M extends WorkerMethodName> = (
  params: WorkerParams<M>,
  context: RequestContext,
) => Promise<WorkerResult<M>> | WorkerResult<M>;

/** The handlers a worker serves; a method without a handler answers UNKNOWN_METHOD. */
export type MethodHandlers = { [M in WorkerMethodName]?: MethodHandler<M> };

export interface DispatcherOptions {
  /** Buffers that must never be transferred (the kernel's memory). */
  readonly keepBuffer?: (buffer: ArrayBufferLike) => boolean;
}

/**
 * The worker side of the protocol: receives requests, runs their handlers with a cancellation
 * signal and a progress callback, and answers each request exactly once. It knows nothing of
 * the engine; handlers are given to it.
 */
export class Dispatcher {
  private readonly running = new Map<number, AbortController>();
  private readonly listener = (event: MessageEvent) => this.receive(event.data as ClientMessage);

  constructor(
    private readonly endpoint: MessageEndpoint,
    private readonly handlers: MethodHandlers,
    private readonly options: DispatcherOptions = {},
  ) {
    endpoint.addEventListener('message', this.listener);
  }

  /** Number of requests currently running (for tests and diagnostics). */
  get runningCount(): number {
    return this.running.size;
  }

  dispose(): void {
    this.endpoint.removeEventListener('message', this.listener);
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private receive(message: ClientMessage): void {
    if (message === null || typeof message !== 'object') return;
    if (message.type === 'cancel') {
      this.running.get(message.id)?.abort(new TidemarkError('ABORTED', 'The request was cancelled.'));
      return;
    }
    if (message.type === 'request') void this.run(message.id, message.method, message.params);
  }

  private async run(id: number, method: WorkerMethodName, params: unknown): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    const context: RequestContext = {
      signal: controller.signal,
      progress: (progress) => {
        if (!controller.signal.aborted) this.post({ type: 'progress', id, progress });
      },
      checkpoint: async () => {
        throwIfAborted(controller.signal);
        await yieldToEventLoop();
        throwIfAborted(controller.signal);
      },
    };
    try {
      const handler = this.handlers[method] as MethodHandler<WorkerMethodName> | undefined;
      if (!handler) {
        throw new TidemarkError('UNKNOWN_METHOD', `The worker has no method "${String(method)}".`);
      }
      const result = await handler(params as never, context);
      throwIfAborted(controller.signal);
      // Large repetitive text columns go as dictionary codes (wire-text.ts); the client unpacks them.
      const wire = packResultText(result);
      this.post({ type: 'response', id, result: wire }, collectTransferables(wire, this.options.keepBuffer));
    } catch (error) {
      this.post({ type: 'error', id, error: TidemarkError.from(error).toJSON() });
    } finally {
      this.running.delete(id);
    }
  }

  /** Pushes an event of a live subscription (not the answer to a request); its typed arrays are transferred. */
  postEvent(subscription: number, event: SubscriptionEvent): void {
    this.post({ type: 'event', subscription, event }, collectTransferables(event, this.options.keepBuffer));
  }

  private post(message: WorkerMessage, transfer: Transferable[] = []): void {
    this.endpoint.postMessage(message, transfer);
  }
}
