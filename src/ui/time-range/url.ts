import { absoluteRange, isRefreshEvery, isRelativeRange, type RefreshEvery, type TimeRange } from './model.ts';

/**
 * Time range and refresh in URL parameters, Grafana's way: `from=now-1h&to=now` for a relative
 * range, `from=<epoch ms>&to=<epoch ms>` for an absolute one, `refresh=5s`.
 */
export function writeTimeRangeParams(params: URLSearchParams, range: TimeRange, refresh?: RefreshEvery): URLSearchParams {
  if (range.kind === 'relative') {
    params.set('from', `now-${range.last}`);
    params.set('to', 'now');
  } else {
    params.set('from', String(Math.round(range.fromMs)));
    params.set('to', String(Math.round(range.toMs)));
  }
  if (refresh === undefined || refresh === 'off') params.delete('refresh');
  else params.set('refresh', refresh);
  return params;
}

/** The range in the parameters, or null when there is none or it is not one the picker offers. */
export function readTimeRangeParams(params: URLSearchParams): TimeRange | null {
  const from = params.get('from');
  const to = params.get('to');
  if (from === null || to === null) return null;
  const relative = /^now-(.+)$/.exec(from);
  if (relative && to === 'now') {
    const last = relative[1]!;
    return isRelativeRange(last) ? { kind: 'relative', last } : null;
  }
  if (!/^-?\d+$/.test(from) || !/^-?\d+$/.test(to)) return null;
  return absoluteRange(Number(from), Number(to));
}

export function readRefreshParam(params: URLSearchParams): RefreshEvery {
  const value = params.get('refresh');
  return value !== null && isRefreshEvery(value) ? value : 'off';
}

/** The query part of a hash route such as `#/explore?from=now-1h&to=now`. */
export function hashParams(hash: string): URLSearchParams {
  const q = hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
}

/** The hash with its query part replaced by `params` (the route before '?' is kept). */
export function withHashParams(hash: string, params: URLSearchParams): string {
  const q = hash.indexOf('?');
  const route = q < 0 ? hash : hash.slice(0, q);
  const query = params.toString();
  return query ? `${route || '#/'}?${query}` : route;
}
