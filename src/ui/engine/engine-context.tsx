import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { type TidemarkClient, TidemarkError, type WorkerReadyInfo } from '../../client/index.ts';

/** The engine as the UI sees it: starting, ready (with what the worker reported), or failed. */
export type EngineState =
  | { readonly status: 'starting'; readonly client: TidemarkClient }
  | { readonly status: 'ready'; readonly client: TidemarkClient; readonly info: WorkerReadyInfo }
  | { readonly status: 'failed'; readonly client: TidemarkClient; readonly error: TidemarkError };

const EngineContext = createContext<EngineState | null>(null);

/**
 * Publishes the state of the app's one engine. The client is created outside React (in
 * main.tsx) so that StrictMode's double render never starts a second worker.
 */
export function EngineProvider({ client, children }: { client: TidemarkClient; children: ReactNode }) {
  const [state, setState] = useState<EngineState>(() => ({ status: 'starting', client }));
  useEffect(() => {
    let live = true;
    client.ready.then(
      (info) => live && setState({ status: 'ready', client, info }),
      (error: unknown) => live && setState({ status: 'failed', client, error: TidemarkError.from(error) }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return <EngineContext.Provider value={state}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineState {
  const state = useContext(EngineContext);
  if (!state) throw new Error('useEngine must be used inside <EngineProvider>.');
  return state;
}
