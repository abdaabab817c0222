import type { ChunkHeader } from './codec.ts';

/**
 * The bytes of a chunk that a read of its times and `columns` (all of them when undefined) decodes: the
 * header, the time payload, and each named column's validity and values. What EXPLAIN ANALYZE reports as
 * bytes decoded, so a query reading one attribute of a MULTI record is not charged for the other nine.
 */
export function chunkBytesRead(header: ChunkHeader, columns: readonly string[] | undefined): number {
  if (columns === undefined) return header.totalLength;
  let bytes = header.headerLength + header.timePayloadLength;
  for (const column of header.columns) if (columns.includes(column.name)) bytes += column.validityLength + column.payloadLength;
  return bytes;
}
