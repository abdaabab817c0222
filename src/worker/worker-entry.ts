/// <reference lib="webworker" />
// The engine's Web Worker: loads the kernel (streaming compile of the emitted .wasm file), then
// serves the protocol. Nothing else runs on this thread, so the UI never waits on the engine.
import kernelUrl from '../../build/kernel.wasm?url';
import { DemoStream, openDatabase } from '../engine/index.ts';
import { TidemarkError } from '../errors/index.ts';
import { loadKernelFromUrl } from '../kernel/index.ts';
import { Dispatcher } from './dispatcher.ts';
import { databaseHandlers } from './handlers/database-handlers.ts';
import { diagnosticsHandlers } from './handlers/diagnostics-handlers.ts';
import { importHandlers } from './handlers/import-handlers.ts';
import { kernelHandlers } from './handlers/kernel-handlers.ts';
import { liveHandlers } from './handlers/live-handlers.ts';
import { sampleHandlers } from './handlers/sample-handlers.ts';
import { storageHandlers } from './handlers/storage-handlers.ts';
import { LiveQueries } from './live/live-queries.ts';
import { PARSE_WORKER_NAME, type ParsePort, serveParse } from './parse-channel.ts';
import type { MessageEndpoint, WorkerMessage } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const endpoint = scope as unknown as MessageEndpoint;
const started = performance.now();
/** The app's database: one IndexedDB store per origin, named after the app. */
const DATABASE_NAME = 'tidemark';

function post(message: WorkerMessage): void {
  scope.postMessage(message);
}

// The same script started by itself under PARSE_WORKER_NAME parses an import for the engine's worker
// (parse-channel.ts), so the app ships one worker bundle, not two.
if (scope.name === PARSE_WORKER_NAME) serveParse(scope as unknown as ParsePort);
else
  try {
    const kernel = await loadKernelFromUrl(new URL(kernelUrl, scope.location.href));
    // The database opens (and replays its log) in the background, so the kernel answers at once;
    // database calls wait for it, and fail with its error if it cannot open.
    const database = openDatabase({ name: DATABASE_NAME, kernel });
    database.catch(() => undefined);
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
  } catch (error) {
    post({ type: 'startup-error', error: TidemarkError.from(error, 'KERNEL_LOAD').toJSON() });
  }
