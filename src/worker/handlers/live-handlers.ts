import type { MethodHandlers } from '../dispatcher.ts';
import type { LiveQueries } from '../live/live-queries.ts';

/** The live-query methods over the protocol. */
export function liveHandlers(live: LiveQueries): MethodHandlers {
  return {
    'live.subscribe': async ({ subscription, ...request }) => live.subscribe(subscription, request),
    'live.unsubscribe': ({ subscription }) => {
      live.unsubscribe(subscription);
      return null;
    },
  };
}
