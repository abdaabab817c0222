import { TidemarkError } from '../../errors/index.ts';

/** Converts a naive wall-clock time (ms as if it were UTC) to the UTC instant it names in a zone. */
export type LocalToUtc = (localMs: number) => number;

const OFFSET_BUCKET_MS = 15 * 60_000;
const MAX_CACHED_BUCKETS = 100_000;

/**
 * Builds the wall-clock → UTC conversion for an IANA zone ('UTC' and '+hh:mm' offsets are handled
 * without Intl). Zone offsets only change on quarter-hour boundaries in practice, so the Intl lookup
 * is done once per 15-minute bucket and cached: per-row cost stays a Map lookup.
 * A wall time that does not exist (spring forward) maps as if the earlier offset still held; a wall time
 * that exists twice (fall back) maps to the first occurrence.
 */
export function createLocalToUtc(timeZone: string): LocalToUtc {
  if (timeZone === '' || timeZone === 'UTC' || timeZone === 'Z' || timeZone === 'Etc/UTC' || timeZone === 'GMT')
    return (localMs) => localMs;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(timeZone);
  if (fixed) {
    const offset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
    return (localMs) => localMs - offset;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    throw new TidemarkError(
      'INVALID_ARGUMENT',
      `"${timeZone}" is not a time zone this platform knows (use an IANA name such as Europe/Paris).`,
      {
        cause: error,
      },
    );
  }
  const cache = new Map<number, number>();
  const offsetAt = (utcMs: number): number => {
    const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS);
    const cached = cache.get(bucket);
    if (cached !== undefined) return cached;
    const at = bucket * OFFSET_BUCKET_MS;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    const offset = wall - (at - (at % 1000));
    if (cache.size >= MAX_CACHED_BUCKETS) cache.clear();
    cache.set(bucket, offset);
    return offset;
  };
  return (localMs) => {
    const first = localMs - offsetAt(localMs);
    const second = localMs - offsetAt(first);
    if (first === second) return first;
    // The two guesses straddle a transition: prefer the instant whose wall clock really reads localMs.
    return second + offsetAt(second) === localMs ? second : first;
  };
}
