import {
  aggregateChunkBuckets,
  aggregateChunkRange,
  aggregateChunkRanges,
  decodeChunk,
  encodeChunk,
  filterChunkRows,
  type Kernel,
  RangeTable,
  rangeRowCount,
  readChunkHeader,
  readPointBatch,
  residentChunks,
} from '../../kernel/index.ts';
import type { ChunkCodec } from './codec.ts';

/** The kernel's chunk codec (compressing, checksummed) as the storage's ChunkCodec. */
export function chunkCodecFor(kernel: Kernel): ChunkCodec {
  return {
    name: 'kernel',
    encode: (input) => encodeChunk(kernel, input),
    decode: (bytes) => decodeChunk(kernel, bytes),
    readHeader: (bytes) => readChunkHeader(bytes),
    decodeColumns: (bytes, columns) => decodeChunk(kernel, bytes, { columns }),
    aggregateBuckets: (bytes, column, spec) => aggregateChunkBuckets(kernel, bytes, column, spec),
    filterRows: (bytes, from, to, filters, columns, points) => filterChunkRows(kernel, bytes, from, to, filters, columns, points),
    readPoints: (lookups, columns, from, to) => readPointBatch(kernel, lookups, columns, from, to),
    rangeRowCount: (bytes, header, from, to, columns) => rangeRowCount(bytes, header, from, to, columns),
    aggregateRange: (bytes, columns, spec, from, to, reuse, wants) =>
      aggregateChunkRange(kernel, bytes, columns, spec, from, to, reuse, wants),
    aggregateRanges: (targets, jobs, columns, wants) => aggregateChunkRanges(kernel, targets, jobs, columns, wants),
    keepRanges: (jobs) => RangeTable.build(kernel, jobs),
    residentChunks: () => residentChunks(kernel).stats(),
  };
}
