import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpackResultText } from '../../../../src/client/unpack-text.ts';
import type { WriteRecord } from '../../../../src/engine/model/types.ts';
import type { ScanStatistics } from '../../../../src/engine/sql/catalog.ts';
import { keyComparator } from '../../../../src/engine/sql/exec/operators/key-comparator.ts';
import type { PlanColumn, ScanPushdown, TableHandle } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import { toColumnarResult } from '../../../../src/engine/sql/result/columnar.ts';
import { toTimestreamResponse } from '../../../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import type { SqlValue } from '../../../../src/engine/sql/values/sql-value.ts';
import {
  type Batch,
  ConstantVector,
  concatVectors,
  DictionaryVector,
  storageOf,
  ValueVector,
  type Vector,
} from '../../../../src/engine/sql/vector/index.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';
import { column, MemoryCatalog } from '../fixtures/memory-catalog.ts';

// A dictionary vector must answer every operator exactly as the same values held one per row do: each
// property runs an operation on both forms and compares. Dictionaries are drawn with duplicates, NULL and
// entries no row uses, as gathers and merged concatenations leave them.

const VALUES = ['a', 'b', 'B', 'ab', 'a%', '', 'host_1', 'host_10', 'host_2', 'é', 'z'] as const;
const value = fc.oneof(fc.constantFrom<SqlValue>(...VALUES), fc.constant<SqlValue>(null));

/** Values and a dictionary form of them: a shuffled dictionary with extra (unused, repeated) entries. */
const coded = fc
  .record({
    values: fc.array(value, { maxLength: 40 }),
    extra: fc.array(value, { maxLength: 4 }),
    seed: fc.integer(),
  })
  .map(({ values, extra, seed }) => ({ values, vector: dictionaryOf(values, extra, seed) }));

function dictionaryOf(values: readonly SqlValue[], extra: readonly SqlValue[], seed: number): DictionaryVector {
  const dictionary = [...new Set(values), ...extra];
  let s = seed >>> 0 || 1;
  for (let i = dictionary.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [dictionary[i], dictionary[j]] = [dictionary[j]!, dictionary[i]!];
  }
  // A value repeated in the dictionary is coded by either copy, alternately.
  let turn = 0;
  const codes = Int32Array.from(values, (v) => {
    const at = dictionary.flatMap((d, i) => (d === v ? [i] : []));
    return at[turn++ % at.length]!;
  });
  return new DictionaryVector(T.varchar, codes, dictionary);
}

const read = (v: Vector) => Array.from({ length: v.length }, (_, i) => v.get(i));

describe('DictionaryVector against plain values', () => {
  it('reads, tests NULLs and gathers as the values do', () => {
    fc.assert(
      fc.property(coded, fc.array(fc.nat(), { maxLength: 50 }), ({ values, vector }, picks) => {
        expect(read(vector)).toEqual(values);
        expect(Array.from({ length: vector.length }, (_, i) => vector.isNull(i))).toEqual(values.map((v) => v === null));
        if (values.length === 0) return;
        const indices = Int32Array.from(picks, (p) => p % values.length);
        expect(read(vector.take(indices))).toEqual(Array.from(indices, (i) => values[i]));
        expect(vector.materialize()).toEqual(values);
      }),
    );
  });

  it('concatenates with dictionary, constant and plain parts into the same values', () => {
    const part = fc.oneof(
      coded.map(({ values, vector }) => ({ values, vector: vector as Vector })),
      fc
        .record({ v: value, n: fc.nat(5) })
        .map(({ v, n }) => ({ values: Array<SqlValue>(n).fill(v), vector: new ConstantVector(T.varchar, v, n) })),
      fc.array(value, { maxLength: 6 }).map((values) => ({ values, vector: new ValueVector(T.varchar, values) as Vector })),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.boolean(), (parts, shareFirst) => {
        // Parts that share one dictionary (gathers of one batch) as well as parts with their own.
        const all = shareFirst && parts[0]?.vector instanceof DictionaryVector ? [...parts, parts[0]] : parts;
        const joined = concatVectors(
          T.varchar,
          all.map((p) => p.vector),
        );
        expect(read(joined)).toEqual(all.flatMap((p) => p.values));
        if (all.every((p) => !(p.vector instanceof ValueVector))) expect(joined).toBeInstanceOf(DictionaryVector);
      }),
    );
  });

  it('sorts rows in the order the plain values sort them, either direction and NULL placement', () => {
    fc.assert(
      fc.property(coded, fc.boolean(), fc.boolean(), ({ values, vector }, descending, nullsFirst) => {
        const key = { expr: { kind: 'Literal', value: null, type: T.varchar }, descending, nullsFirst } as never;
        const order = (v: Vector) => {
          const compare = keyComparator(key, v);
          return values.map((_, i) => i).sort((a, b) => compare(a, b) || a - b);
        };
        expect(order(vector)).toEqual(order(new ValueVector(T.varchar, values)));
      }),
    );
  });
});

const SCHEMA = {
  database: 'd',
  table: 't',
  columns: [
    column('host', T.varchar, 'DIMENSION'),
    column('region', T.varchar, 'DIMENSION'),
    column('measure_name', T.varchar, 'MEASURE_NAME'),
    column('time', T.timestamp, 'TIMESTAMP'),
    column('measure_value::double', T.double, 'MEASURE_VALUE'),
  ],
};

/**
 * The memory catalog with every value-storage column of every batch turned into a dictionary vector by `code`
 * (by default a shuffled dictionary with extra entries, see dictionaryOf).
 */
class DictionaryCatalog extends MemoryCatalog {
  constructor(
    tables: ConstructorParameters<typeof MemoryCatalog>[0],
    batchSize: number,
    private readonly code = (values: readonly SqlValue[], seed: number): DictionaryVector => dictionaryOf(values, ['zz', null], seed),
  ) {
    super(tables, batchSize);
  }

  override async *scan(
    table: TableHandle,
    columns: readonly PlanColumn[],
    pushdown: ScanPushdown,
    signal: AbortSignal,
    statistics: ScanStatistics,
  ): AsyncIterable<Batch> {
    let seed = 7;
    for await (const batch of super.scan(table, columns, pushdown, signal, statistics)) {
      yield {
        columns: batch.columns.map((v) => {
          if (storageOf(v.type) !== 'value') return v;
          seed++;
          const d = this.code(read(v), seed);
          return new DictionaryVector(v.type, d.codes, d.dictionary);
        }),
        length: batch.length,
      };
    }
  }
}

/** A code per row, the dictionary the values row by row: a coalesced batch of one-row series codes its dimensions so. */
const rowCoded = (values: readonly SqlValue[]): DictionaryVector =>
  new DictionaryVector(
    T.varchar,
    Int32Array.from(values, (_, i) => i),
    values,
  );

const QUERIES = [
  'SELECT * FROM d.t',
  "SELECT host, time FROM d.t WHERE measure_name = 'a'",
  "SELECT host, region FROM d.t WHERE host LIKE 'host%' OR region IN ('a', 'B', '')",
  "SELECT host FROM d.t WHERE host <> 'ab' AND host > 'a' AND region IS NOT NULL",
  "SELECT CASE WHEN measure_name = 'a' THEN host ELSE region END AS x, length(host) AS l, host || '-' AS c FROM d.t",
  'SELECT host, region, count(*), sum("measure_value::double") FROM d.t GROUP BY host, region ORDER BY 1, 2',
  'SELECT host, count(DISTINCT region) FROM d.t GROUP BY host ORDER BY host DESC NULLS FIRST',
  'SELECT DISTINCT host, measure_name FROM d.t ORDER BY host NULLS FIRST, measure_name',
  'SELECT * FROM d.t ORDER BY host, region DESC, time, "measure_value::double"',
  'SELECT a.host, a.time, b.region FROM d.t a JOIN d.t b ON a.host = b.host AND a.time = b.time ORDER BY 1, 2, 3',
  'SELECT a.host, b.measure_name FROM d.t a LEFT JOIN d.t b ON a.region = b.host ORDER BY 1, 2',
  'SELECT host, row_number() OVER (PARTITION BY region ORDER BY host, time) AS r FROM d.t ORDER BY 1, 2',
  'SELECT host FROM d.t UNION SELECT region FROM d.t ORDER BY 1',
  "SELECT host FROM d.t WHERE host NOT IN ('a', 'b') EXCEPT SELECT measure_name FROM d.t ORDER BY 1",
  'SELECT min(host), max(region), max_by(host, time) FROM d.t',
  "SELECT try_cast(host AS integer) AS i, coalesce(region, 'none') AS r, nullif(host, 'a') AS n FROM d.t",
];

describe('queries over dictionary-coded batches give the plain batches’ answers', () => {
  const row = fc.record({
    host: value,
    region: value,
    measure_name: fc.constantFrom<SqlValue>('a', 'b', 'ab'),
    time: fc.integer({ min: 0, max: 5 }).map((t) => BigInt(t) * 1_000_000_000n),
    'measure_value::double': fc.option(fc.double({ noNaN: true, min: -10, max: 10 }), { nil: null }),
  });

  it('for filters, LIKE and IN, CASE, group-by, DISTINCT, sort, joins, windows, set operations and result shapes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), fc.integer({ min: 2, max: 40 }), async (rows, batchSize) => {
        const plain = new MemoryCatalog([{ schema: SCHEMA, rows }], batchSize);
        const coded = new DictionaryCatalog([{ schema: SCHEMA, rows }], batchSize);
        // With the fast paths on as well: the joins then narrow their probe scans from the build keys (runtime filters).
        for (const sql of QUERIES)
          for (const pushdown of [false, true]) {
            const expected = await runSql(plain, sql, { pushdown });
            const actual = await runSql(coded, sql, { pushdown });
            expect(toTimestreamResponse(actual), sql).toEqual(toTimestreamResponse(expected));
            expect(toColumnarResult(actual).columns, sql).toEqual(toColumnarResult(expected).columns);
          }
      }),
      { numRuns: 40 },
    );
  });
});

describe('storage scans that coalesce small series into dictionary-coded batches', () => {
  // 30 hosts x 3 measures of 1 to 40 points each (every series below the coalescing size), some without a rack:
  // the same rows through the storage catalog (coalesced, dictionary-coded) and the memory catalog (plain).
  const NOW_MS = Date.UTC(2024, 0, 1, 1);
  const START_MS = NOW_MS - 3_600_000;
  const records: WriteRecord[] = [];
  const rows: Record<string, SqlValue>[] = [];
  let seed = 5;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let h = 0; h < 30; h++) {
    const rack = h % 4 === 0 ? null : `r${h % 3}`;
    for (const measure of ['user', 'system', 'idle']) {
      const points = 1 + Math.floor(next() * 40);
      for (let i = 0; i < points; i++) {
        const value = Math.round(next() * 1000) / 10;
        const time = START_MS + i * 10_000;
        records.push({
          Dimensions: [{ Name: 'hostname', Value: `h${h}` }, ...(rack ? [{ Name: 'rack', Value: rack }] : [])],
          MeasureName: measure,
          MeasureValue: String(value),
          MeasureValueType: 'DOUBLE',
          Time: String(time),
        });
        rows.push({ hostname: `h${h}`, rack, measure_name: measure, time: BigInt(time) * 1_000_000n, 'measure_value::double': value });
      }
    }
  }
  const schema = {
    database: 'sdb',
    table: 'cpu',
    columns: [
      column('hostname', T.varchar, 'DIMENSION'),
      column('rack', T.varchar, 'DIMENSION'),
      column('measure_name', T.varchar, 'MEASURE_NAME'),
      column('time', T.timestamp, 'TIMESTAMP'),
      column('measure_value::double', T.double, 'MEASURE_VALUE'),
    ],
  };
  const queries = [
    'SELECT * FROM sdb.cpu ORDER BY hostname, measure_name, time',
    'SELECT hostname, rack, time FROM sdb.cpu WHERE measure_name = \'user\' AND "measure_value::double" > 50 ORDER BY 1, 3',
    'SELECT c.hostname, c.time, c.measure_name, c."measure_value::double" FROM sdb.cpu c JOIN (SELECT hostname, time FROM sdb.cpu WHERE measure_name = \'user\' AND "measure_value::double" > 60) h ON c.hostname = h.hostname AND c.time = h.time ORDER BY 1, 2, 3',
    'SELECT c.rack, c.measure_name, c.time FROM sdb.cpu c JOIN (SELECT rack, measure_name, max(time) AS t FROM sdb.cpu GROUP BY rack, measure_name) l ON c.rack = l.rack AND c.measure_name = l.measure_name AND c.time = l.t ORDER BY 1, 2, 3',
    "SELECT rack, measure_name, count(*), avg(\"measure_value::double\") FROM sdb.cpu WHERE hostname LIKE 'h1%' OR rack IN ('r0', 'r2') GROUP BY 1, 2 ORDER BY 1, 2",
    'SELECT DISTINCT rack, measure_name FROM sdb.cpu ORDER BY rack DESC, measure_name',
  ];

  it('answer as the plain rows do, with and without the fast paths', async () => {
    const engine = await kernelMemoryEngine({
      clock: () => NOW_MS,
      chunkPoints: 16,
    });
    await engine.createDatabase('sdb');
    await engine.createTable('sdb', 'cpu', { memoryStoreRetentionHours: 2 });
    expect((await engine.writeRecords({ DatabaseName: 'sdb', TableName: 'cpu', Records: records })).RejectedRecords).toEqual([]);
    const storage = new StorageSqlCatalog(engine);
    const plain = new MemoryCatalog([{ schema, rows }], 64);
    const now = BigInt(NOW_MS) * 1_000_000n;
    for (const sql of queries) {
      const expected = toTimestreamResponse(await runSql(plain, sql, { now, pushdown: false }));
      for (const pushdown of [false, true])
        expect(toTimestreamResponse(await runSql(storage, sql, { now, pushdown })), sql).toEqual(expected);
    }
  });
});

describe('columnar results with packed text (the worker wire)', () => {
  it('unpack to the columns the plain columnar result has, and pack only large, repetitive dictionary columns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ host: value, n: fc.integer({ min: 1, max: 400 }) }), { minLength: 1, maxLength: 12 }),
        async (runs) => {
          const rows = runs.flatMap(({ host, n }, r) =>
            Array.from({ length: n }, (_, i) => ({
              host,
              region: i % 3 === 0 ? null : `r${(r + i) % 50}`,
              measure_name: 'a',
              time: BigInt(r * 1000 + i),
              'measure_value::double': i,
            })),
          );
          // Dictionaries of each value once, and of a value per row (repeating, as coalesced series' are): packed alike.
          for (const code of [undefined, rowCoded]) {
            const coded = new DictionaryCatalog([{ schema: SCHEMA, rows }], 700, code);
            const result = await runSql(coded, 'SELECT host, region, measure_name, time FROM d.t');
            const plain = toColumnarResult(await runSql(coded, 'SELECT host, region, measure_name, time FROM d.t'));
            const packed = toColumnarResult(result, { packText: true });
            for (const [i, column] of packed.columns.entries()) {
              const large = rows.length >= 1024;
              if (column.kind === 'text' && column.name !== 'region') expect(column.packed !== undefined, column.name).toBe(large);
              if (column.kind === 'text' && column.packed) expect(column.packed.dictionary.length).toBeLessThanOrEqual(rows.length / 8);
              expect(unpackResultText({ columns: [column] }).columns[0], column.name).toEqual(plain.columns[i]);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('expressions over a dictionary that repeats its values', () => {
  it('are worked out once per distinct value, not per code, and answer as the plain values do', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      host: i % 3 === 0 ? null : `host_${i % 2}`,
      region: 'r',
      measure_name: 'a',
      time: BigInt(i),
      'measure_value::double': i,
    }));
    const sql = "SELECT upper(host) AS u, host = 'host_1' AS one FROM d.t";
    const coded = await runSql(new DictionaryCatalog([{ schema: SCHEMA, rows }], 64, rowCoded), sql);
    const plain = await runSql(new MemoryCatalog([{ schema: SCHEMA, rows }], 64), sql);
    expect(toTimestreamResponse(coded)).toEqual(toTimestreamResponse(plain));
    // Forty codes of three values (NULL among them): a dictionary of the three, where one per code was too many to pay.
    const upper = coded.vectors[0];
    expect(upper).toBeInstanceOf(DictionaryVector);
    expect(new Set((upper as DictionaryVector).dictionary)).toEqual(new Set([null, 'HOST_0', 'HOST_1']));
    expect((upper as DictionaryVector).dictionary.length).toBe(3);
  });
});
