/// <reference lib="webworker" />
import { DemoStream, openDatabase } from '../engine/index.ts';
import type { Kernel } from '../kernel/index.ts';
import { Dispatcher } from './dispatcher.ts';
import { databaseHandlers } from './handlers/database-handlers.ts';
import { diagnosticsHandlers } from './handlers/diagnostics-handlers.ts';
import { importHandlers } from './handlers/import-handlers.ts';
import { kernelHandlers } from './handlers/kernel-handlers.ts';
import { liveHandlers } from './handlers/live-handlers.ts';
import { sampleHandlers } from './handlers/sample-handlers.ts';
import { storageHandlers } from './handlers/storage-handlers.ts';
import { LiveQueries } from './live/live-queries.ts';
import type { MessageEndpoint, WorkerMessage } from './protocol.ts';

/** The app's database: one IndexedDB store per origin, named after the app. */
const DATABASE_NAME = 'tidemark';

/**
 * Serves the protocol on `scope` once the kernel has loaded; posts `ready` then. Rejects if the kernel cannot
 * load (the entry reports it as a startup error).
 */
export async function serveEngine(scope: DedicatedWorkerGlobalScope, kernelLoad: Promise<Kernel>, started: number): Promise<void> {
  const endpoint = scope as unknown as MessageEndpoint;
  const post = (message: WorkerMessage) => scope.postMessage(message);
  // The database opens (and replays its log) in the background, starting now; database calls wait for it, and
  // fail with its error if it cannot open.
  const database = openDatabase({ name: DATABASE_NAME, kernel: kernelLoad });
  database.catch(() => undefined);
  const kernel = await kernelLoad;
  // Live queries push events through the dispatcher, which is made once the handlers exist.
  let dispatcher: Dispatcher | null = null;
  const live = new LiveQueries(database, (subscription, event) => dispatcher?.postEvent(subscription, event));
  const handlers = {
    ...kernelHandlers(kernel),
    ...diagnosticsHandlers,
    ...databaseHandlers(database, DATABASE_NAME),
    ...importHandlers(database),
    ...storageHandlers(database),
    ...liveHandlers(live),
    // The demo stream lives as long as the worker, i.e. while the tab is open.
    ...sampleHandlers(database, new DemoStream(database)),
  };
  dispatcher = new Dispatcher(endpoint, handlers, { keepBuffer: (buffer) => kernel.ownsBuffer(buffer) });
  post({ type: 'ready', info: { kernel: kernel.info(), startupMs: performance.now() - started } });
}
