import type { PartialsBlock } from './model/bucket-partials.ts';
import type { ColumnType, TableDescription } from './model/types.ts';
import type {
  AggregateScanRequest,
  GroupedPartials,
  LastRows,
  LastRowsRequest,
  MeasureDescription,
  ScanStatistics,
  SeriesPartials,
  SqlCatalog,
  SqlTableColumn,
  SqlTableSchema,
} from './sql/catalog.ts';
import { columnRoles } from './sql/column-roles.ts';
import type { PlanColumn, ScanPushdown, TableHandle } from './sql/plan/plan-nodes.ts';
import { type SqlType, T } from './sql/types/sql-type.ts';
import {
  type Batch,
  BigIntVector,
  BooleanVector,
  ConstantVector,
  concatVectors,
  DictionaryVector,
  NumberVector,
  ValueVector,
  type Vector,
} from './sql/vector/index.ts';
import type { SeriesAggregate } from './storage/aggregate-scan.ts';
import type { StorageEngine } from './storage/engine.ts';
import type { ScanColumn, SeriesBatch } from './storage/scan-types.ts';
import { schemaEpoch } from './storage/schema-map.ts';

const SQL_TYPE: Record<ColumnType, SqlType> = {
  double: T.double,
  bigint: T.bigint,
  varchar: T.varchar,
  boolean: T.boolean,
  timestamp: T.timestamp,
};

/**
 * The query engine's view of the storage engine: tables as Timestream shows them to SQL
 * (dimensions, measure_name, time, then measure_value::<type> for single measures and one column
 * per multi-measure attribute), and scans that turn each series' points into a batch whose
 * dimension and measure_name columns are constants.
 */
export class StorageSqlCatalog implements SqlCatalog {
  /** The storage's scan cuts to the time range and selects series exactly. */
  readonly exactPushdown = true;

  /** Each table's SQL schema with the storage's schema version it was built from. */
  private readonly schemas = new Map<string, { version: number; schema: SqlTableSchema }>();

  constructor(private readonly engine: StorageEngine) {}

  bindingVersion(): { readonly owner: object; readonly version: number } {
    // The epoch moves on any schema change, database or table created or dropped, in any engine.
    return { owner: this.engine, version: schemaEpoch() };
  }

  listDatabases(): readonly string[] {
    return this.engine.listDatabases();
  }

  listTables(database: string): readonly string[] {
    return this.engine.listDatabases().includes(database) ? this.engine.listTables(database) : [];
  }

  getTable(database: string, table: string): SqlTableSchema | undefined {
    // A query asks for its tables' schemas several times (binding, pushdown, scans): building one
    // sorts every name the table has, so it is built again only when the storage's version moves.
    const version = this.engine.tableSchemaVersion(database, table);
    if (version === undefined) return undefined;
    const key = `${database}\u0000${table}`;
    const cached = this.schemas.get(key);
    if (cached?.version === version) return cached.schema;
    const schema = tableSchema(this.engine.describeTable(database, table));
    this.schemas.set(key, { version, schema });
    return schema;
  }

  listMeasures(database: string, table: string): readonly MeasureDescription[] {
    const description = this.engine.describeTable(database, table);
    const dimensions = description.dimensions.map((name) => ({ name, type: 'varchar' }));
    return description.measures.map((m) => ({ measureName: m.name, dataType: m.type.toLowerCase(), dimensions }));
  }

  async deletePoints(table: TableHandle, pushdown: ScanPushdown): Promise<number> {
    const { dimensions, measureNames, timeRange } = pushdown;
    // A contradiction (hostname = 'a' AND hostname = 'b') leaves an empty list: nothing matches.
    if (measureNames?.length === 0 || [...dimensions.values()].some((values) => values.length === 0)) return 0;
    const dimensionFilter = Object.fromEntries(dimensions);
    const base = {
      database: table.database,
      table: table.table,
      timeRange,
      ...(dimensions.size > 0 ? { dimensions: dimensionFilter } : {}),
    };
    let deleted = 0;
    if (measureNames === null) return (await this.engine.deleteRecords(base)).deleted;
    for (const measureName of measureNames) deleted += (await this.engine.deleteRecords({ ...base, measureName })).deleted;
    return deleted;
  }

  aggregateScan(
    request: AggregateScanRequest,
    signal: AbortSignal,
    statistics: ScanStatistics,
  ): Promise<readonly SeriesPartials[] | GroupedPartials | null> {
    if (signal.aborted || !this.getTable(request.table.database, request.table.table)) return Promise.resolve(null);
    return storageAggregateScan(this.engine, request, signal, statistics);
  }

  async lastRows(request: LastRowsRequest, signal: AbortSignal, statistics: ScanStatistics): Promise<LastRows | null> {
    if (signal.aborted || !this.getTable(request.table.database, request.table.table)) return null;
    const { pushdown } = request;
    const dimensions: Record<string, readonly string[]> = {};
    for (const [name, values] of pushdown.dimensions) dimensions[name] = values;
    const result = await this.engine.lastRowScan({
      database: request.table.database,
      table: request.table.table,
      timeRange: pushdown.timeRange,
      seriesFilter: { dimensions },
      ...(pushdown.measureNames ? { measures: pushdown.measureNames } : {}),
      bucketWidth: null,
      columns: request.columns,
      signal,
      edges: true,
    });
    if (!result) return null;
    statistics.chunksTotal += result.stats.chunksConsidered;
    statistics.chunksPruned += result.stats.chunksPruned;
    statistics.chunksDecoded += result.stats.chunksDecoded;
    statistics.chunksAnsweredFromHeaders += result.stats.chunksFromHeaders;
    statistics.bytesDecoded += result.stats.bytesRead;
    statistics.rowsProduced += result.stats.rowsCovered;
    // The storage's columns have the catalog's shape already.
    return result;
  }

  async *scan(
    table: TableHandle,
    columns: readonly PlanColumn[],
    pushdown: ScanPushdown,
    signal: AbortSignal,
    statistics: ScanStatistics,
  ): AsyncIterable<Batch> {
    const schema = this.getTable(table.database, table.table);
    if (!schema) return;
    const roles = columnRoles(schema);
    const valueColumns = columns.filter((c) => roles.get(c.name) === 'MEASURE_VALUE' || roles.get(c.name) === 'MULTI').map((c) => c.name);
    const dimensions: Record<string, readonly string[]> = {};
    for (const [name, values] of pushdown.dimensions) dimensions[name] = values;
    const result = await this.engine.scan({
      database: table.database,
      table: table.table,
      timeRange: pushdown.timeRange,
      seriesFilter: { dimensions },
      ...(pushdown.measureNames ? { measures: pushdown.measureNames } : {}),
      columns: valueColumns,
      everySeries: true,
      want: 'points',
      ...(pushdown.valueFilters && pushdown.valueFilters.length > 0 ? { rowFilter: pushdown.valueFilters } : {}),
      ...(pushdown.pointTimes ? { pointTimes: pushdown.pointTimes } : {}),
    });
    statistics.chunksTotal += result.stats.chunksConsidered;
    statistics.chunksPruned += result.stats.chunksPruned;
    statistics.chunksDecoded += result.stats.chunksDecoded;
    statistics.chunksAnsweredFromHeaders += result.stats.chunksFromHeaders;
    statistics.bytesDecoded += result.stats.bytesRead;
    // Series with few points in range (a lastpoint probe, a narrow window) are coalesced into one
    // batch: each batch costs every operator a fixed overhead, which dominates at a row or two.
    let pending: SeriesBatch[] = [];
    let pendingRows = 0;
    const batches = result.batches;
    for (let i = 0; i < batches.length; i++) {
      if (signal.aborted) return;
      const series = batches[i] as SeriesBatch;
      const n = series.times.length;
      if (n === 0) continue;
      // Series whose rows the storage placed side by side (a raw window, see placeRangeRows): one batch of
      // views over them, whatever their sizes, with nothing copied.
      let end = i + 1;
      while (end < batches.length && follows(batches[end - 1] as SeriesBatch, batches[end] as SeriesBatch)) end++;
      if (end - i >= 2) {
        if (pending.length > 0) yield coalesce(pending, columns, roles);
        pending = [];
        pendingRows = 0;
        yield coalesce(batches.slice(i, end), columns, roles);
        i = end - 1;
        continue;
      }
      // Point lookups feed a join that merges one series' sorted times at a time: no coalescing then.
      // Filtered rows (hundreds per series) are gathered into the result once, not first into batches.
      const alone = pushdown.pointTimes || (pushdown.valueFilters && n >= COALESCE_FILTERED_BELOW);
      if (n >= COALESCE_BELOW || alone) {
        if (pending.length > 0) yield coalesce(pending, columns, roles);
        pending = [];
        pendingRows = 0;
        yield seriesToBatch(series, columns, roles);
        continue;
      }
      pending.push(series);
      pendingRows += n;
      if (pendingRows >= COALESCE_ROWS) {
        yield coalesce(pending, columns, roles);
        pending = [];
        pendingRows = 0;
      }
    }
    if (pending.length > 0) yield coalesce(pending, columns, roles);
  }
}

/** The storage's aggregate scan behind the catalog's optional aggregateScan. */
async function storageAggregateScan(
  engine: StorageEngine,
  request: AggregateScanRequest,
  signal: AbortSignal,
  statistics: ScanStatistics,
): Promise<readonly SeriesPartials[] | GroupedPartials | null> {
  const { pushdown } = request;
  const dimensions: Record<string, readonly string[]> = {};
  for (const [name, values] of pushdown.dimensions) dimensions[name] = values;
  const storageRequest = {
    database: request.table.database,
    table: request.table.table,
    timeRange: pushdown.timeRange,
    seriesFilter: { dimensions },
    ...(pushdown.measureNames ? { measures: pushdown.measureNames } : {}),
    bucketWidth: request.bucketWidth,
    columns: request.columns,
    signal,
    ...(request.edges ? { edges: true } : {}),
    ...(request.minMax === false ? { minMax: false } : {}),
    ...(request.topBuckets ? { topBuckets: request.topBuckets } : {}),
    ...(request.release ? { release: request.release } : {}),
    ...(request.grouping ? { grouping: request.grouping } : {}),
  };
  const result = (request.lastRowOnly ? await engine.lastPointScan(storageRequest) : null) ?? (await engine.aggregateScan(storageRequest));
  statistics.chunksTotal += result.stats.chunksConsidered;
  statistics.chunksPruned += result.stats.chunksPruned;
  statistics.chunksDecoded += result.stats.chunksDecoded;
  statistics.chunksAnsweredFromHeaders += result.stats.chunksFromHeaders;
  statistics.chunksAggregatedInKernel = (statistics.chunksAggregatedInKernel ?? 0) + result.stats.chunksInKernel;
  statistics.bytesDecoded += result.stats.bytesRead;
  statistics.rowsProduced += result.stats.rowsCovered;
  if (result.groups) return { groups: result.groups };
  // One small object per series delegating to the storage's answer: its arrays are made only if read
  // (the group merge reads the block), where copying them field by field made every one.
  return result.series?.map((s): SeriesPartials => new StoragePartials(s)) ?? null;
}

/** A storage series aggregate as the SQL side's SeriesPartials (see storageAggregateScan). */
class StoragePartials implements SeriesPartials {
  readonly measureName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly firstBucket: bigint;
  readonly bucketCount: number;
  readonly block: PartialsBlock;
  constructor(private readonly s: SeriesAggregate) {
    this.measureName = s.series.measureName;
    this.dimensions = s.series.dimensions;
    this.firstBucket = s.firstBucket;
    this.bucketCount = s.bucketCount;
    this.block = s.block;
  }
  get rows(): Float64Array {
    return this.s.rows;
  }
  get timeMin(): BigInt64Array {
    return this.s.timeMin;
  }
  get timeMax(): BigInt64Array {
    return this.s.timeMax;
  }
  get count(): Float64Array {
    return this.s.count;
  }
  get sum(): Float64Array {
    return this.s.sum;
  }
  get min(): Float64Array {
    return this.s.min;
  }
  get max(): Float64Array {
    return this.s.max;
  }
  get nan(): Uint8Array {
    return this.s.nan;
  }
  get first(): Float64Array {
    return this.s.first;
  }
  get firstValid(): Uint8Array {
    return this.s.firstValid;
  }
  get last(): Float64Array {
    return this.s.last;
  }
  get lastValid(): Uint8Array {
    return this.s.lastValid;
  }
}

export function tableSchema(description: TableDescription): SqlTableSchema {
  const columns: SqlTableColumn[] = [
    ...description.dimensions.map((name) => ({ name, type: T.varchar, role: 'DIMENSION' as const })),
    { name: 'measure_name', type: T.varchar, role: 'MEASURE_NAME' },
    { name: 'time', type: T.timestamp, role: 'TIMESTAMP' },
  ];
  const singleTypes = [
    ...new Set(description.measures.filter((m) => m.type !== 'MULTI').map((m) => m.type.toLowerCase() as ColumnType)),
  ].sort();
  for (const type of singleTypes) columns.push({ name: `measure_value::${type}`, type: SQL_TYPE[type], role: 'MEASURE_VALUE' });
  for (const attribute of description.multiMeasureAttributes) {
    columns.push({ name: attribute.name, type: SQL_TYPE[attribute.type.toLowerCase() as ColumnType], role: 'MULTI' });
  }
  return { database: description.databaseName, table: description.tableName, columns };
}

function seriesToBatch(series: SeriesBatch, columns: readonly PlanColumn[], roles: ReadonlyMap<string, string>): Batch {
  const n = series.times.length;
  const byName = new Map(series.columns.map((c) => [c.name, c]));
  const vectors = columns.map((column): Vector => {
    const role = roles.get(column.name);
    if (role === 'DIMENSION') return new ConstantVector(T.varchar, series.series.dimensions[column.name] ?? null, n);
    if (role === 'MEASURE_NAME') return new ConstantVector(T.varchar, series.series.measureName, n);
    if (role === 'TIMESTAMP') return new BigIntVector(T.timestamp, series.times);
    const data = byName.get(column.name);
    return data ? scanColumnVector(data, column.type) : new ConstantVector(column.type, null, n);
  });
  return { columns: vectors, length: n };
}

/**
 * Series batches smaller than this are coalesced with their neighbours. A series of a few hundred rows (an hour
 * at 10 s) goes alone: coalescing copies every value once more before the result copies it again, which cost a
 * raw scan more than the operators' per-batch overhead it saves.
 */
const COALESCE_BELOW = 256;
/** A coalesced batch is sent once it holds this many rows. */
const COALESCE_ROWS = 1024;
/** The same for batches a value filter produced. */
const COALESCE_FILTERED_BELOW = 64;

/**
 * Whether series b's rows lie right after a's in the same buffers: its times and each of its columns (the same
 * ones, typed, without NULLs) start where a's end. Views over such a run read as one view over all of it.
 */
function follows(a: SeriesBatch, b: SeriesBatch): boolean {
  if (b.times.length === 0 || !adjacent(a.times, b.times) || a.columns.length !== b.columns.length) return false;
  for (let c = 0; c < a.columns.length; c++) {
    const x = a.columns[c] as ScanColumn;
    const y = b.columns[c] as ScanColumn;
    if (x.name !== y.name || x.type !== y.type || x.validity || y.validity) return false;
    if (!ArrayBuffer.isView(x.values) || !ArrayBuffer.isView(y.values) || !adjacent(x.values, y.values)) return false;
  }
  return true;
}

function adjacent(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset + a.byteLength === b.byteOffset;
}

/** One view over arrays that follow each other in one buffer (see follows); null when they do not. */
function joinedView<A extends Float64Array | BigInt64Array | Uint8Array>(arrays: readonly A[], n: number): A | null {
  const first = arrays[0];
  if (!first) return null;
  for (let i = 1; i < arrays.length; i++) if (!adjacent(arrays[i - 1] as A, arrays[i] as A)) return null;
  const View = first.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => A;
  return new View(first.buffer, first.byteOffset, n);
}

/**
 * Several series' points as one batch. Dimensions and measure_name become dictionary vectors rather than a string
 * per row: one array of codes, the series' number per row (each series' rows one fill), shared by all of them,
 * each with its own dictionary of every series' value (repeats allowed, as DictionaryVector allows them), so a
 * raw window of ten dimensions writes one code per row instead of eleven. The value columns are concatenated, or
 * viewed whole when their rows already follow each other in one buffer (see follows).
 */
function coalesce(parts: readonly SeriesBatch[], columns: readonly PlanColumn[], roles: ReadonlyMap<string, string>): Batch {
  if (parts.length === 1) return seriesToBatch(parts[0]!, columns, roles);
  let n = 0;
  for (const p of parts) n += p.times.length;
  let seriesCodes: Int32Array | null = null;
  const codesOfSeries = (): Int32Array => {
    if (seriesCodes) return seriesCodes;
    const codes = new Int32Array(n);
    let at = 0;
    for (let s = 0; s < parts.length; s++) {
      const rows = (parts[s] as SeriesBatch).times.length;
      codes.fill(s, at, at + rows);
      at += rows;
    }
    seriesCodes = codes;
    return codes;
  };
  const vectors = columns.map((column): Vector => {
    const role = roles.get(column.name);
    if (role === 'TIMESTAMP') {
      const joined = joinedView(
        parts.map((p) => p.times),
        n,
      );
      if (joined) return new BigIntVector(T.timestamp, joined);
      const out = new BigInt64Array(n);
      let at = 0;
      for (const p of parts) {
        out.set(p.times, at);
        at += p.times.length;
      }
      return new BigIntVector(T.timestamp, out);
    }
    if (role === 'DIMENSION' || role === 'MEASURE_NAME') {
      const dictionary = parts.map((p) => (role === 'MEASURE_NAME' ? p.series.measureName : (p.series.dimensions[column.name] ?? null)));
      return new DictionaryVector(T.varchar, codesOfSeries(), dictionary);
    }
    const data = parts.map((p) => p.columns.find((c) => c.name === column.name));
    const present = data.every((c) => c !== undefined && !c.validity && ArrayBuffer.isView(c.values));
    const joined = present
      ? joinedView(
          data.map((c) => (c as ScanColumn).values as Float64Array | BigInt64Array | Uint8Array),
          n,
        )
      : null;
    if (joined) return scanColumnVector({ ...(data[0] as ScanColumn), values: joined } as ScanColumn, column.type);
    return concatVectors(
      column.type,
      parts.map((p) => {
        const data = p.columns.find((c) => c.name === column.name);
        return data ? scanColumnVector(data, column.type) : new ConstantVector(column.type, null, p.times.length);
      }),
    );
  });
  return { columns: vectors, length: n };
}

function scanColumnVector(column: ScanColumn, type: SqlType): Vector {
  const valid = column.validity ?? null;
  switch (column.type) {
    case 'double':
      return new NumberVector(type, column.values, valid);
    case 'bigint':
    case 'timestamp':
      return new BigIntVector(type, column.values, valid);
    case 'boolean':
      return new BooleanVector(type, column.values, valid);
    case 'varchar':
      return new ValueVector(type, valid ? column.values.map((v, i) => (valid[i] ? v : null)) : column.values);
  }
}
