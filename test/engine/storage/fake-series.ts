import type { ChunkHeader } from '../../../src/engine/storage/codec.ts';
import type { Series } from '../../../src/engine/storage/series.ts';

// Series made of chunk bounds and head times alone, for what reads nothing else (extents, their kept form).

/** A chunk's first and last time and its points. */
export interface Span {
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

const header = ({ min, max, count }: Span): ChunkHeader =>
  ({ timeMin: BigInt(min), timeMax: BigInt(max), count }) as unknown as ChunkHeader;

/** A series holding these sealed and magnetic chunks (their headers' bounds and counts only) and head times. */
export function fakeSeries(sealed: readonly Span[], magnetic: readonly Span[], head: readonly number[]): Series {
  const times = BigInt64Array.from(head.map((t) => BigInt(t)));
  return {
    sealed: sealed.map((s, i) => ({ id: i + 1, header: header(s), bytes: new Uint8Array(0) })),
    magnetic: magnetic.map((s, i) => ({ partition: i, header: header(s), byteLength: 0 })),
    head: { length: times.length, times },
  } as unknown as Series;
}
