/**
 * The raw exports of `build/kernel.wasm`, as AssemblyScript compiles them from `assembly/index.ts`.
 * Pointers and lengths are plain numbers into `memory`. A test checks this list against the
 * module's real exports, so the two cannot drift apart.
 */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  abiVersion(): number;
  alloc(bytes: number): number;
  free(ptr: number): void;
  sumF64(ptr: number, count: number): number;
  /** 64-bit checksum of `len` bytes at `ptr`. */
  hash64(ptr: number, len: number): bigint;
  /** Address of the byte where the last failed decode stopped. */
  lastErrorAddress(): number;
  /** Upper bound in bytes of an i64 column payload of `count` values. */
  int64Bound(count: number): number;
  /** Encodes `count` i64 at `src` into `dst`; `forTimes` is 1 for sorted timestamps. Returns the payload length. */
  encodeInt64Column(src: number, count: number, dst: number, forTimes: number): number;
  /** Decodes an i64 payload; returns 1, or 0 when it is corrupt (see lastErrorAddress). */
  decodeInt64Column(src: number, len: number, count: number, dst: number): number;
  /** Upper bound in bytes of a double column payload of `count` values. */
  float64Bound(count: number): number;
  /** Encodes `count` doubles at `src` into `dst`; returns the payload length. */
  encodeFloat64Column(src: number, count: number, dst: number): number;
  /** Decodes a double payload; returns 1, or 0 when it is corrupt (see lastErrorAddress). */
  decodeFloat64Column(src: number, len: number, count: number, dst: number): number;
  /** Header stats of `count` doubles at `src`: f64 min, max, sum at `out` (the rule of chunk/stats.ts doubleStats). */
  statsF64(src: number, count: number, out: number): void;
  /** Header stats of `count` >= 1 i64 at `src`: i64 min, max, then the exact sum as u64 low and i64 high words at `out`. */
  statsI64(src: number, count: number, out: number): void;
  /** Aggregates decoded sorted times/values into bucket arrays (see src/kernel/query/buckets.ts). */
  aggregateBuckets(
    times: number,
    values: number,
    count: number,
    origin: bigint,
    width: bigint,
    firstBucket: bigint,
    bucketCount: number,
    out: number,
  ): void;
  /** Decodes a time payload and a double payload and aggregates them into bucket arrays; 1 or 0 when corrupt. */
  aggregateChunkColumn(
    timePayload: number,
    timeLength: number,
    valuePayload: number,
    valueLength: number,
    validity: number,
    rows: number,
    present: number,
    origin: bigint,
    width: bigint,
    firstBucket: bigint,
    bucketCount: number,
    out: number,
  ): number;
  /**
   * Decodes a chunk's times once and aggregates the rows in [from, to) of several NULL-free double
   * columns (`columns`: per column u32 payload address and length) into bucket arrays; 1 or 0 when corrupt.
   * `wants`: bit 1, min and max are read; bit 2, the edge values (without them those are unspecified).
   */
  aggregateChunkRange(
    timePayload: number,
    timeLength: number,
    rows: number,
    from: bigint,
    to: bigint,
    columns: number,
    columnCount: number,
    origin: bigint,
    width: bigint,
    firstBucket: bigint,
    bucketCount: number,
    out: number,
    wants: number,
  ): number;
  /**
   * Many chunks' range passes (96-byte job records; see assembly/range-batch.ts) each merged into its series' partials (targets:
   * per target i32 address and bucket count; cleared first when `clear` is 1); `out` holds the largest
   * job's aggregateChunkRange output. Returns how many jobs ran (fewer: the next one's chunk is corrupt).
   */
  aggregateChunkRanges(
    targets: number,
    targetCount: number,
    clear: number,
    jobs: number,
    jobCount: number,
    columns: number,
    out: number,
    wants: number,
  ): number;
  /**
   * A kept table of aggregateChunkRanges' job records run over [from, to) without writing them (see
   * assembly/range-batch.ts): targets of 16 bytes (address, bucket count, i64 first bucket), cleared
   * first; `call` holds from and to and receives the jobs run and their bytes. 0, or j + 1 when job
   * j's chunk is corrupt, or -(j + 1) when its buckets fall outside its target.
   */
  aggregateRangeTable(
    targets: number,
    targetCount: number,
    jobs: number,
    jobCount: number,
    columns: number,
    out: number,
    wants: number,
    call: number,
  ): number;
  /** M4 over decoded sorted times/values (validity one byte per row, or 0) into pixel arrays. */
  m4(times: number, values: number, validity: number, count: number, from: bigint, to: bigint, pixels: number, out: number): void;
  /** Per block of `blockRows` NULL-free doubles: min/max with their rows and the vector's payload offset (24-byte records); 1, or 0 when the codec has no blocks. */
  m4BlockIndex(count: number, payload: number, payloadLength: number, blockRows: number, out: number): number;
  /** As m4BlockIndex (blocks of 1,024) for an ALP or raw payload whose values are still at `values`: no decoding; 0 for other codecs. */
  m4BlockIndexOfValues(count: number, values: number, payload: number, payloadLength: number, out: number): number;
  /** M4 pieces (72 bytes each) of a chunk's rows from its block records (`params`: i64 timeMin, step, lo, hi, from, to; f64 first, last); marks needed blocks when `needs` is set; -1 when corrupt. */
  m4BlockPieces(
    params: number,
    times: number,
    count: number,
    payload: number,
    payloadLength: number,
    index: number,
    blockRows: number,
    pixels: number,
    pieces: number,
    needs: number,
  ): number;
  /** The constant step of sorted i64 times, or 0 when they are not evenly spaced. */
  regularTimeStep(times: number, count: number): bigint;
  /** Writes the indices of rows passing `op` to `selection`; returns how many. */
  filterF64(values: number, validity: number, count: number, op: number, a: number, b: number, selection: number): number;
  /** Index of the first i64 below its predecessor, or `count` when sorted. */
  firstUnsortedI64(values: number, count: number): number;
  /** Decodes the first `rows` of `count` doubles (ALP stops after the vector holding the last); returns 1, or 0 when corrupt. */
  decodeFloat64Prefix(src: number, length: number, count: number, rows: number, dst: number): number;
  /** Copies the 8-byte elements at the i32 row indices in `selection` to `dst`. */
  gather64(src: number, selection: number, count: number, dst: number): void;
  /**
   * Writes the doubles at the ascending rows in `selection` of a column payload to `dst`, decoding only the ALP
   * vectors that hold one (`scratch`: room for every row's double); returns 1, or 0 when corrupt.
   */
  gatherFloat64Rows(src: number, length: number, count: number, selection: number, selected: number, dst: number, scratch: number): number;
  /**
   * Writes to `out` the ascending rows in [start, end) of the sorted i64 `times` whose time is one of the `count`
   * sorted i64 `points` (rows sharing a time all match); returns how many.
   */
  pointRows(times: number, start: number, end: number, points: number, count: number, out: number): number;
  /**
   * Many chunks' point lookups (72-byte job records; see assembly/point-batch.ts), their rows written side by side
   * into 1 + C regions of `room` rows at `out`; returns how many jobs ran (fewer: the next one's payload is corrupt).
   */
  readPointBatch(
    jobs: number,
    jobCount: number,
    out: number,
    room: number,
    selection: number,
    timeScratch: number,
    valueScratch: number,
  ): number;
  /** Plain Gorilla (benchmark baseline): returns the stream length. */
  gorillaBaselineEncode(src: number, count: number, dst: number): number;
  /** Plain Gorilla decode: returns 1, or 0 when corrupt. */
  gorillaBaselineDecode(src: number, bytes: number, count: number, dst: number): number;
}

/** Names of the functions in {@link KernelExports}, checked against the wasm at load time. */
export const KERNEL_FUNCTION_NAMES = [
  'abiVersion',
  'alloc',
  'free',
  'sumF64',
  'hash64',
  'lastErrorAddress',
  'int64Bound',
  'encodeInt64Column',
  'decodeInt64Column',
  'float64Bound',
  'encodeFloat64Column',
  'decodeFloat64Column',
  'statsF64',
  'statsI64',
  'gorillaBaselineEncode',
  'gorillaBaselineDecode',
  'aggregateBuckets',
  'aggregateChunkColumn',
  'aggregateChunkRange',
  'aggregateChunkRanges',
  'aggregateRangeTable',
  'm4',
  'm4BlockIndex',
  'm4BlockIndexOfValues',
  'm4BlockPieces',
  'regularTimeStep',
  'filterF64',
  'decodeFloat64Prefix',
  'firstUnsortedI64',
  'gather64',
  'gatherFloat64Rows',
  'pointRows',
  'readPointBatch',
] as const;

/** The ABI version this TypeScript was written against; must equal the wasm's `abiVersion()`. */
export const EXPECTED_KERNEL_ABI_VERSION = 7;
