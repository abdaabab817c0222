/**
 * Text columns of a columnar result cross between the worker and the page as dictionary codes: a result's text
 * column repeats a few values (dimension values, measure names) over many rows, and posting them as strings makes
 * the structured clone write every one and the page build (and later collect) one string per row. Packed, a column
 * moves as a transferable Uint32Array of codes and its distinct values once; the client unpacks it into the same
 * `(string | null)[]` before the caller sees it (src/client/unpack-text.ts), so the result's shape does not change.
 */

import type { PackedText } from './protocol.ts';

interface TextColumnLike {
  readonly kind: string;
  readonly data: readonly (string | null)[];
}

/** Below this many rows a column goes as it is: packing would not pay for itself. */
const MIN_ROWS = 1024;

/** A column whose values take more than rows / MAX_SHARE distinct strings goes as it is. */
const MAX_SHARE = 8;

function isTextColumn(column: unknown): column is TextColumnLike {
  if (column === null || typeof column !== 'object') return false;
  const c = column as { kind?: unknown; data?: unknown };
  return c.kind === 'text' && Array.isArray(c.data);
}

/** The columns of a columnar result (an object with a `columns` array), or undefined for anything else. */
function columnsOf(result: unknown): readonly unknown[] | undefined {
  if (result === null || typeof result !== 'object' || !('columns' in result)) return undefined;
  const columns = (result as { columns: unknown }).columns;
  return Array.isArray(columns) ? columns : undefined;
}

/**
 * The dictionary form of `data`, or undefined when it has too many distinct values. Rows of one series come
 * together, so a run of the same string is checked by identity before the map is asked.
 */
export function packText(data: readonly (string | null)[]): PackedText | undefined {
  const n = data.length;
  if (n < MIN_ROWS) return undefined;
  const limit = Math.max(1, Math.floor(n / MAX_SHARE));
  const codes = new Uint32Array(n);
  const dictionary: (string | null)[] = [];
  const index = new Map<string | null, number>();
  let previous: string | null | undefined;
  let previousCode = 0;
  for (let i = 0; i < n; i++) {
    const value = data[i] as string | null;
    if (value !== previous) {
      let code = index.get(value);
      if (code === undefined) {
        if (dictionary.length >= limit) return undefined;
        code = dictionary.length;
        index.set(value, code);
        dictionary.push(value);
      }
      previous = value;
      previousCode = code;
    }
    codes[i] = previousCode;
  }
  return { codes, dictionary };
}

/**
 * The result to post: when it is a columnar result (an object with `columns` of `{ kind, data }`), its large,
 * repetitive text columns packed; anything else as it is. The input is not changed.
 */
export function packResultText<T>(result: T): T {
  const columns = columnsOf(result);
  if (!columns) return result;
  let changed = false;
  const packed = columns.map((column) => {
    const codes = isTextColumn(column) ? packText(column.data) : undefined;
    if (!codes) return column;
    changed = true;
    return { ...(column as TextColumnLike), data: [], packed: codes };
  });
  return changed ? ({ ...(result as object), columns: packed } as T) : result;
}
