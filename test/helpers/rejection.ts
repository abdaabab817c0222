import { TidemarkError } from '../../src/errors/index.ts';

/** Awaits a promise that must reject with a TidemarkError and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<TidemarkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TidemarkError) return error;
    throw new Error(`Expected a TidemarkError, got: ${String(error)}`);
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}
