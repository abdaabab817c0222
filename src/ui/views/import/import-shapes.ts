import type { ImportMapping } from '../../../client/index.ts';
import { appStore } from '../../persistence/app-store.ts';

/**
 * The mappings the user chose, remembered per file shape (`ImportProposal.shapeKey`: format, delimiter,
 * header and column names) in the app store's `import-shapes`, so the next file like it starts from them.
 */
export async function loadShape(shapeKey: string): Promise<ImportMapping | undefined> {
  const store = await appStore();
  const record = await store.db.get('import-shapes', shapeKey);
  return isMapping(record?.shape) ? record.shape : undefined;
}

export async function saveShape(shapeKey: string, fileName: string, mapping: ImportMapping, nowMs = Date.now()): Promise<void> {
  const store = await appStore();
  await store.db.put('import-shapes', { id: shapeKey, name: fileName, updatedAt: nowMs, shape: mapping });
}

export async function forgetShape(shapeKey: string): Promise<void> {
  const store = await appStore();
  await store.db.delete('import-shapes', shapeKey);
}

function isMapping(value: unknown): value is ImportMapping {
  const m = value as ImportMapping | undefined;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.format === 'string' &&
    typeof m.timeColumn === 'string' &&
    Array.isArray(m.dimensions) &&
    Array.isArray(m.measures) &&
    typeof m.target?.database === 'string'
  );
}
