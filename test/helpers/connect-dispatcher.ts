import { TidemarkClient, type WorkerLike } from '../../src/client/tidemark-client.ts';
import type { Kernel } from '../../src/kernel/index.ts';
import { Dispatcher, type DispatcherOptions, type MethodHandlers } from '../../src/worker/dispatcher.ts';

/** A real Dispatcher serving `handlers` and a real client, over a MessageChannel, as the worker wires them. */
export interface DispatcherConnection {
  readonly client: TidemarkClient;
  readonly dispatcher: Dispatcher;
  /** Disposes the dispatcher and closes both ports. */
  close(): void;
}

export function connectDispatcher(kernel: Kernel, handlers: MethodHandlers, options?: DispatcherOptions): DispatcherConnection {
  const channel = new MessageChannel();
  const dispatcher = new Dispatcher(channel.port2, handlers, options);
  const client = new TidemarkClient(channel.port1 as unknown as WorkerLike);
  channel.port1.start();
  channel.port2.start();
  channel.port2.postMessage({ type: 'ready', info: { kernel: kernel.info(), startupMs: 0 } });
  return {
    client,
    dispatcher,
    close: () => {
      dispatcher.dispose();
      channel.port1.close();
      channel.port2.close();
    },
  };
}
