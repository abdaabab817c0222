/// <reference lib="webworker" />
// The engine's Web Worker. This entry is kept small on purpose: it starts fetching and compiling the kernel at
// once, while the engine's modules (most of the worker's code) load as a second chunk, and the database then
// opens its IndexedDB store while the kernel may still be compiling. Nothing else runs on this thread, so the
// UI never waits on the engine.
import kernelUrl from '../../build/kernel.wasm?url';
import { TidemarkError } from '../errors/index.ts';
import { loadKernelFromUrl } from '../kernel/index.ts';
import type { WorkerMessage } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const started = performance.now();

function postStartupError(error: unknown): void {
  scope.postMessage({ type: 'startup-error', error: TidemarkError.from(error, 'KERNEL_LOAD').toJSON() } satisfies WorkerMessage);
}

try {
  const kernel = loadKernelFromUrl(new URL(kernelUrl, scope.location.href));
  kernel.catch(() => undefined);
  const { serveEngine } = await import('./serve-engine.ts');
  await serveEngine(scope, kernel, started);
} catch (error) {
  postStartupError(error);
}
