import { TidemarkClient } from './tidemark-client.ts';

/** Starts the engine's worker (an ES module worker, bundled by Vite) and returns its client. */
export function startEngine(): TidemarkClient {
  const worker = new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module', name: 'tidemark-engine' });
  return new TidemarkClient(worker);
}
