import { TidemarkError } from '../../errors/index.ts';

/** The one error a damaged chunk produces: where it is wrong, and what was expected there. */
export function corruptChunk(byteOffset: number, problem: string): TidemarkError {
  return new TidemarkError('CORRUPT_CHUNK', `The chunk is corrupt at byte ${byteOffset}: ${problem}.`, {
    position: { byteOffset },
  });
}
