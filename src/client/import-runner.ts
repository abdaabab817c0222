import type { ImportProgress } from '../engine/ingest/types.ts';
import type { WorkerParams } from '../worker/protocol.ts';
import type { WorkerImportResult } from '../worker/protocol-import-storage.ts';
import type { TidemarkClient } from './tidemark-client.ts';

export interface RunImportOptions {
  /**
   * Stops the import cleanly: the worker finishes the batch it is writing, writes nothing after, and the
   * promise still resolves, with `aborted: true` and exactly what was written (a plain cancel would lose that).
   */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

let counter = 0;

/** Runs `import.run` under an id, turning an abort of `signal` into `import.stop` for that id. */
export async function runImport(
  client: TidemarkClient,
  params: Omit<WorkerParams<'import.run'>, 'importId'>,
  options: RunImportOptions = {},
): Promise<WorkerImportResult> {
  const importId = `import-${Date.now().toString(36)}-${++counter}`;
  const stop = (): void => {
    void client.call('import.stop', { importId }).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await client.call(
      'import.run',
      { ...params, importId },
      {
        onProgress: (event) => {
          if (event.import !== undefined) options.onProgress?.(event.import);
        },
      },
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
