import { useCallback, useEffect, useRef, useState } from 'react';
import { type ProgressEvent, type TidemarkClient, TidemarkError } from '../../../client/index.ts';
import type { ColumnarResult } from '../../results/result-types.ts';

export interface QueryRequest {
  readonly sql: string;
  readonly range: { readonly fromMs: number; readonly toMs: number };
  readonly intervalMs: number;
  readonly pixels?: number;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface RunState {
  readonly status: RunStatus;
  /** The last successful result (kept while the next run is in flight, so nothing flickers). */
  readonly result: ColumnarResult | null;
  readonly error: TidemarkError | null;
  readonly progress: ProgressEvent | null;
  /** The request that produced `result`. */
  readonly request: QueryRequest | null;
  readonly elapsedMs: number;
}

export interface RunOutcome {
  readonly request: QueryRequest;
  readonly elapsedMs: number;
  readonly result?: ColumnarResult;
  readonly error?: TidemarkError;
}

/**
 * Runs queries in the worker one at a time: a new run cancels the one in flight (its AbortSignal
 * reaches the worker), `cancel()` stops it, progress events are passed on.
 */
export function useQueryRunner(client: Pick<TidemarkClient, 'call'>, onOutcome?: (outcome: RunOutcome) => void) {
  const [state, setState] = useState<RunState>({ status: 'idle', result: null, error: null, progress: null, request: null, elapsedMs: 0 });
  const inFlight = useRef<AbortController | null>(null);
  const outcome = useRef(onOutcome);
  outcome.current = onOutcome;

  useEffect(() => () => inFlight.current?.abort(), []);

  const run = useCallback(
    async (request: QueryRequest) => {
      inFlight.current?.abort(new TidemarkError('ABORTED', 'A newer run replaced this query.'));
      const controller = new AbortController();
      inFlight.current = controller;
      const started = performance.now();
      setState((s) => ({ ...s, status: 'running', progress: null }));
      try {
        const result = await client.call(
          'db.query',
          {
            sql: request.sql,
            range: request.range,
            intervalMs: request.intervalMs,
            ...(request.pixels !== undefined ? { pixels: request.pixels } : {}),
          },
          {
            signal: controller.signal,
            onProgress: (progress) => {
              if (inFlight.current === controller) setState((s) => ({ ...s, progress }));
            },
          },
        );
        if (inFlight.current !== controller) return;
        inFlight.current = null;
        const elapsedMs = performance.now() - started;
        setState({ status: 'done', result, error: null, progress: null, request, elapsedMs });
        outcome.current?.({ request, elapsedMs, result });
      } catch (e) {
        if (inFlight.current !== controller) return; // replaced by a newer run
        inFlight.current = null;
        const error = TidemarkError.from(e);
        const elapsedMs = performance.now() - started;
        const cancelled = error.code === 'ABORTED';
        setState((s) => ({ ...s, status: cancelled ? 'cancelled' : 'error', error: cancelled ? null : error, progress: null, elapsedMs }));
        if (!cancelled) outcome.current?.({ request, elapsedMs, error });
      }
    },
    [client],
  );

  const cancel = useCallback(() => {
    inFlight.current?.abort(new TidemarkError('ABORTED', 'Cancelled by the user.'));
  }, []);

  return { state, run, cancel };
}
