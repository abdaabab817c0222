import type { PackedText } from '../worker/protocol.ts';

/** The values of a packed text column (see PackedText), in row order. */
export function unpackText(packed: PackedText): (string | null)[] {
  const { codes, dictionary } = packed;
  const data: (string | null)[] = [];
  for (let i = 0; i < codes.length; i++) data.push(dictionary[codes[i] as number] ?? null);
  return data;
}

/**
 * A response with its packed text columns (the worker's wire-text.ts) unpacked in place into the string arrays the
 * caller expects; the message's objects are the client's own. Anything without `columns` passes as it is.
 */
export function unpackResultText<T>(result: T): T {
  if (result === null || typeof result !== 'object' || !('columns' in result)) return result;
  const columns = (result as { columns: unknown }).columns;
  if (!Array.isArray(columns)) return result;
  for (const column of columns as unknown[]) {
    if (column === null || typeof column !== 'object' || !('packed' in column)) continue;
    const packed = column as { data: (string | null)[]; packed?: PackedText };
    if (packed.packed === undefined) continue;
    packed.data = unpackText(packed.packed);
    delete packed.packed;
  }
  return result;
}
