import { useCallback, useEffect, useRef, useState } from 'react';
import { type TidemarkClient, TidemarkError } from '../../../../client/index.ts';
import { mergeLiveUpdate } from '../../../results/merge-live.ts';
import type { ColumnarResult } from '../../../results/result-types.ts';

/** What one run of a panel's query needs: the SQL after variables, and the macros' window. */
export interface PanelRequest {
  readonly sql: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly intervalMs: number;
  /** For charts: the plot's width, so the worker returns at most M4 points per pixel. */
  readonly pixels?: number;
  /** Changes on every refresh tick, so the same request runs again. */
  readonly tick: number;
  /**
   * Live: subscribe to the last `lastMs` instead of running once; the worker pushes the changed
   * tail whenever new points land (ticks are then ignored).
   */
  readonly live?: { readonly lastMs: number };
}

export interface PanelQueryState {
  readonly result: ColumnarResult | null;
  /** The window the result was computed for (a chart's x axis spans it). */
  readonly window: { readonly fromMs: number; readonly toMs: number } | null;
  readonly error: TidemarkError | null;
  /** A query is running; `slow` once it has run long enough to offer Cancel. */
  readonly running: boolean;
  readonly slow: boolean;
  readonly cancelled: boolean;
  /** Stops the running query in the worker. */
  cancel(): void;
  /** Runs the current request again (after a cancel or an error). */
  retry(): void;
}

/** How long a query runs before its panel offers Cancel. */
export const SLOW_QUERY_MS = 400;

/**
 * Runs a panel's query in the worker whenever its request changes. At most one query per panel
 * is in flight: a refresh that arrives while one runs waits for it and then runs once, so a
 * slow query under a 1 s refresh never piles up requests in the worker. A changed query or
 * range (not a mere tick) cancels the stale run at once.
 */
export function usePanelQuery(client: TidemarkClient, request: PanelRequest | null): PanelQueryState {
  const [result, setResult] = useState<ColumnarResult | null>(null);
  const [span, setSpan] = useState<{ fromMs: number; toMs: number } | null>(null);
  const [error, setError] = useState<TidemarkError | null>(null);
  const [running, setRunning] = useState(false);
  const [slow, setSlow] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [retries, setRetries] = useState(0);
  const inflight = useRef<{ controller: AbortController; key: string } | null>(null);
  const queued = useRef<PanelRequest | null>(null);
  const mounted = useRef(true);
  const subscription = useRef<{ key: string; unsubscribe: () => void } | null>(null);
  /** The request key the user cancelled: refresh ticks do not restart it until Run again or a new query. */
  const paused = useRef<string | null>(null);

  const subscribe = useCallback(
    (req: PanelRequest, key: string) => {
      subscription.current?.unsubscribe();
      setRunning(true);
      setCancelled(false);
      setSlow(false);
      let first = true;
      const slowTimer = setTimeout(() => mounted.current && first && setSlow(true), SLOW_QUERY_MS);
      const settleFirst = () => {
        if (!first) return;
        first = false;
        clearTimeout(slowTimer);
        setRunning(false);
        setSlow(false);
      };
      // This subscription's entry: events for a replaced or stopped subscription are ignored.
      const entry = { key, unsubscribe: () => {} };
      const current = () => mounted.current && subscription.current === entry;
      const stop = client.subscribe(
        {
          sql: req.sql,
          range: { lastMs: req.live!.lastMs },
          intervalMs: req.intervalMs,
          ...(req.pixels !== undefined ? { pixels: req.pixels } : {}),
        },
        (update) => {
          if (!current()) return;
          settleFirst();
          setResult((previous) => mergeLiveUpdate(previous, update));
          setSpan({ fromMs: update.fromMs, toMs: update.toMs });
          setError(null);
        },
        (e) => {
          if (!current()) return;
          settleFirst();
          subscription.current = null;
          if (e.code === 'ABORTED') setCancelled(true);
          else setError(e);
        },
      );
      entry.unsubscribe = () => {
        clearTimeout(slowTimer);
        stop();
      };
      subscription.current = entry;
    },
    [client],
  );

  const run = useCallback(
    (req: PanelRequest) => {
      const key = requestKey(req);
      if (paused.current === key) return;
      paused.current = null;
      if (req.live) {
        if (subscription.current?.key === key) return;
        inflight.current?.controller.abort(new TidemarkError('ABORTED', 'The panel went live.'));
        inflight.current = null;
        subscribe(req, key);
        return;
      }
      if (subscription.current) {
        subscription.current.unsubscribe();
        subscription.current = null;
      }
      const current = inflight.current;
      if (current) {
        if (current.key === key) {
          // Same query, newer tick: run once more when this one lands.
          queued.current = req;
          return;
        }
        current.controller.abort(new TidemarkError('ABORTED', 'The panel query was replaced by a newer one.'));
      }
      const controller = new AbortController();
      inflight.current = { controller, key };
      queued.current = null;
      setRunning(true);
      setCancelled(false);
      const slowTimer = setTimeout(() => mounted.current && inflight.current?.controller === controller && setSlow(true), SLOW_QUERY_MS);
      client
        .call(
          'db.query',
          {
            sql: req.sql,
            range: { fromMs: req.fromMs, toMs: req.toMs },
            intervalMs: req.intervalMs,
            ...(req.pixels !== undefined ? { pixels: req.pixels } : {}),
          },
          { signal: controller.signal },
        )
        .then(
          (value) => {
            if (!mounted.current || inflight.current?.controller !== controller) return;
            setResult(value);
            setSpan({ fromMs: req.fromMs, toMs: req.toMs });
            setError(null);
          },
          (reason: unknown) => {
            if (!mounted.current || inflight.current?.controller !== controller) return;
            const e = TidemarkError.from(reason);
            if (e.code === 'ABORTED') setCancelled(true);
            else setError(e);
          },
        )
        .finally(() => {
          clearTimeout(slowTimer);
          if (!mounted.current || inflight.current?.controller !== controller) return;
          inflight.current = null;
          setRunning(false);
          setSlow(false);
          const next = queued.current;
          if (next && !controller.signal.aborted) run(next);
        });
    },
    [client, subscribe],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: retries re-runs the same request on purpose
  useEffect(() => {
    if (request) run(request);
  }, [request, run, retries]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      inflight.current?.controller.abort(new TidemarkError('ABORTED', 'The panel was closed.'));
      inflight.current = null;
      subscription.current?.unsubscribe();
      subscription.current = null;
    };
  }, []);

  const cancel = useCallback(() => {
    queued.current = null;
    if (inflight.current) paused.current = inflight.current.key;
    inflight.current?.controller.abort(new TidemarkError('ABORTED', 'The query was cancelled.'));
    if (subscription.current) {
      // Stopping a live panel: it stays stopped until Run again (or its query changes).
      paused.current = subscription.current.key;
      subscription.current.unsubscribe();
      subscription.current = null;
      setRunning(false);
      setSlow(false);
      setCancelled(true);
    }
  }, []);
  const retry = useCallback(() => {
    paused.current = null;
    setRetries((n) => n + 1);
  }, []);

  return { result, window: span, error, running, slow, cancelled, cancel, retry };
}

function requestKey(req: PanelRequest): string {
  return `${req.live ? `live ${req.live.lastMs}\u0001` : ''}${req.sql}\u0001${req.toMs - req.fromMs}\u0001${req.intervalMs}\u0001${req.pixels ?? ''}`;
}
