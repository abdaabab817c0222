import {
  isRefreshEvery,
  REFRESH_CHOICES,
  type RefreshEvery,
  readTimeRangeParams,
  writeTimeRangeParams,
} from '../../../time-range/index.ts';
import type { DashboardTimeRange } from './types.ts';
import { ID_PATTERN } from './validate.ts';

/**
 * What a dashboard link carries, so it reopens the same view: the dashboard, its time range,
 * its refresh and each variable's values (Grafana's `var-<name>=value`, repeated for several).
 * Everything but the id is optional: a link without it shows the dashboard as saved.
 */
export interface DashboardUrlState {
  readonly id: string | null;
  readonly time?: DashboardTimeRange;
  readonly refresh?: RefreshEvery;
  readonly live?: boolean;
  readonly variables: ReadonlyMap<string, readonly string[]>;
  /** What in the link could not be read (shown to the user; the rest of the link still applies). */
  readonly problems: readonly string[];
}

const PREFIX = '#/dashboards';

/** `#/dashboards/<id>?from=now-1h&to=now&refresh=5s&var-host=a&var-host=b` (or `from=<ms>&to=<ms>`), as Grafana's links. */
export function dashboardHash(state: {
  id: string;
  time: DashboardTimeRange;
  refresh: RefreshEvery;
  live?: boolean;
  variables: ReadonlyMap<string, readonly string[]>;
}): string {
  const params = writeTimeRangeParams(new URLSearchParams(), state.time);
  params.set('refresh', state.refresh);
  if (state.live) params.set('live', '1');
  for (const [name, values] of state.variables) for (const v of values) params.append(`var-${name}`, v);
  return `${PREFIX}/${encodeURIComponent(state.id)}?${params.toString()}`;
}

/** Reads a dashboards hash; anything malformed is skipped and named in `problems`. */
export function parseDashboardHash(hash: string): DashboardUrlState {
  const problems: string[] = [];
  const variables = new Map<string, string[]>();
  if (!hash.startsWith(PREFIX)) return { id: null, variables, problems };
  const rest = hash.slice(PREFIX.length);
  const q = rest.indexOf('?');
  const path = (q < 0 ? rest : rest.slice(0, q)).replace(/^\/+|\/+$/g, '');
  let id: string | null = null;
  if (path) {
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // keep the raw text; the pattern check below reports it
    }
    if (ID_PATTERN.test(decoded)) id = decoded;
    else problems.push(`the dashboard id ${JSON.stringify(decoded)} in the link is not valid`);
  }
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  let time: DashboardTimeRange | undefined;
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    const read = readTimeRangeParams(params);
    if (read) time = read;
    else
      problems.push(
        `from=${from ?? ''}&to=${to ?? ''} is not a time range (now-5m … now-30d to now, or two epoch milliseconds, from before to)`,
      );
  }
  let refresh: RefreshEvery | undefined;
  const r = params.get('refresh');
  if (r !== null) {
    if (isRefreshEvery(r)) refresh = r;
    else problems.push(`refresh=${r} is not one of ${REFRESH_CHOICES.join(', ')}`);
  }
  const liveParam = params.get('live');
  let live: boolean | undefined;
  if (liveParam !== null) {
    if (liveParam === '1' || liveParam === '0') live = liveParam === '1';
    else problems.push(`live=${liveParam} is not 1 or 0`);
  }
  for (const [key, value] of params) {
    if (!key.startsWith('var-')) continue;
    const name = key.slice(4);
    const list = variables.get(name) ?? [];
    list.push(value);
    variables.set(name, list);
  }
  return { id, ...(time ? { time } : {}), ...(refresh ? { refresh } : {}), ...(live !== undefined ? { live } : {}), variables, problems };
}
