import { useEffect, useState } from 'react';
import type { SubscribeRequest, TidemarkClient, TidemarkError } from '../../../client/index.ts';
import { mergeLiveUpdate } from '../../results/merge-live.ts';
import type { ColumnarResult } from '../../results/result-types.ts';

export interface LiveState {
  readonly result: ColumnarResult | null;
  /** The window the last update was computed for (slides with now for a relative range). */
  readonly window: { readonly fromMs: number; readonly toMs: number } | null;
  readonly error: TidemarkError | null;
  /** Updates received since the subscription started. */
  readonly updates: number;
}

const IDLE: LiveState = { result: null, window: null, error: null, updates: 0 };

/**
 * A live query (client.subscribe): the first result, then each pushed tail merged into what is
 * held, so the chart receives new data without a full re-query. Null request = not live.
 * Re-subscribes when the request changes (compared by value).
 */
export function useLiveQuery(client: Pick<TidemarkClient, 'subscribe'>, request: SubscribeRequest | null): LiveState {
  const [state, setState] = useState<LiveState>(IDLE);
  const key = request ? JSON.stringify(request) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the request is compared by its JSON key
  useEffect(() => {
    setState(IDLE);
    if (!request) return;
    let held: ColumnarResult | null = null;
    let updates = 0;
    return client.subscribe(
      request,
      (update) => {
        held = mergeLiveUpdate(held, update);
        updates++;
        setState({ result: held, window: { fromMs: update.fromMs, toMs: update.toMs }, error: null, updates });
      },
      (error) => setState((s) => ({ ...s, error })),
    );
  }, [client, key]);
  return state;
}
