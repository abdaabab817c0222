import type { ChunkHeader } from './codec.ts';
import { sameItems } from './same-items.ts';

/**
 * The bytes of a chunk that a read of its times and `columns` (all of them when undefined) decodes: the
 * header, the time payload, and each named column's validity and values. What EXPLAIN ANALYZE reports as
 * bytes decoded, so a query reading one attribute of a MULTI record is not charged for the other nine.
 */
export function chunkBytesRead(header: ChunkHeader, columns: readonly string[] | undefined): number {
  if (columns === undefined) return header.totalLength;
  const last = measured.get(header);
  if (last !== undefined && sameItems(last.columns, columns)) return last.bytes;
  let bytes = header.headerLength + header.timePayloadLength;
  const stored = header.columns;
  for (let w = 0; w < columns.length; w++) {
    const name = columns[w];
    for (let c = 0; c < stored.length; c++) {
      const column = stored[c] as ChunkHeader['columns'][number];
      if (column.name === name) {
        bytes += column.validityLength + column.payloadLength;
        break;
      }
    }
  }
  measured.set(header, { columns: columns.slice(), bytes });
  return bytes;
}

/**
 * Per chunk header, the last column list measured and its bytes: a scan asks the same names of a chunk query after
 * query, and the header's column list is several objects to fetch per chunk, cold after a scan of many.
 */
const measured = new WeakMap<ChunkHeader, { readonly columns: readonly string[]; readonly bytes: number }>();
