/// <reference lib="webworker" />
// The engine's Web Worker. This entry is kept small on purpose: it starts fetching and compiling the kernel at
// once, while the engine's modules (most of the worker's code) load as a second chunk, and the database then
// opens its IndexedDB store while the kernel may still be compiling. Nothing else runs on this thread, so the
// UI never waits on the engine.
//
// The same script started under PARSE_WORKER_NAME parses an import for the engine's worker (parse-channel.ts),
// so the app ships one worker bundle, not two; that role loads no kernel.
import kernelUrl from '../../build/kernel.wasm?url';
import { TidemarkError } from '../errors/index.ts';
import { loadKernelFromUrl } from '../kernel/index.ts';
import { PARSE_WORKER_NAME } from './parse-worker-name.ts';
import type { WorkerMessage } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const started = performance.now();

function postStartupError(error: unknown): void {
  scope.postMessage({ type: 'startup-error', error: TidemarkError.from(error, 'KERNEL_LOAD').toJSON() } satisfies WorkerMessage);
}

if (scope.name === PARSE_WORKER_NAME) {
  // The engine's worker posts 'start' at once: what arrives while the parser's code loads is kept and replayed.
  const early: MessageEvent[] = [];
  scope.onmessage = (event) => early.push(event);
  const { serveParse } = await import('./parse-channel.ts');
  serveParse(scope as unknown as Parameters<typeof serveParse>[0]);
  for (const event of early) scope.onmessage?.(event);
} else {
  try {
    const kernel = loadKernelFromUrl(new URL(kernelUrl, scope.location.href));
    kernel.catch(() => undefined);
    const { serveEngine } = await import('./serve-engine.ts');
    await serveEngine(scope, kernel, started);
  } catch (error) {
    postStartupError(error);
  }
}
