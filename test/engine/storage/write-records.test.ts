import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../src/engine/model/index.ts';
import { DB, HOUR, memoryEngine, ns, T0, TABLE } from './helpers.ts';

const host = (v = 'a') => [{ Name: 'host', Value: v }];
const rec = (time: number, value: string, extra: Partial<WriteRecord> = {}): WriteRecord => ({
  Dimensions: host(),
  MeasureName: 'cpu',
  MeasureValue: value,
  Time: String(time),
  ...extra,
});

async function write(records: WriteRecord[], common?: WriteRecord, engine?: Awaited<ReturnType<typeof memoryEngine>>) {
  const e = engine ?? (await memoryEngine());
  const res = await e.writeRecords({
    DatabaseName: DB,
    TableName: TABLE,
    Records: records,
    ...(common ? { CommonAttributes: common } : {}),
  });
  return { e, res };
}

async function points(e: Awaited<ReturnType<typeof memoryEngine>>, measure?: string) {
  const scan = await e.scan({ database: DB, table: TABLE, ...(measure ? { measures: [measure] } : {}) });
  return scan.batches.flatMap((b) =>
    [...b.times].map((t, i) => ({
      dims: b.series.dimensions,
      m: b.series.measureName,
      t,
      v: b.columns.map((c) => (c.validity && !c.validity[i] ? null : c.values[i])),
    })),
  );
}

describe('writeRecords', () => {
  it('answers in Timestream shape and merges CommonAttributes (record fields win)', async () => {
    const { e, res } = await write(
      [
        { MeasureValue: '1', Time: String(T0 - 1000) },
        { MeasureValue: '2', Time: '2', TimeUnit: 'SECONDS', Dimensions: [{ Name: 'region', Value: 'eu' }] },
        { MeasureName: 'mem', MeasureValue: '3', Time: String(T0 - 3000) },
      ],
      { Dimensions: host('h1'), MeasureName: 'cpu', MeasureValueType: 'DOUBLE', TimeUnit: 'MILLISECONDS' },
    );
    expect(res.RecordsIngested).toEqual({ Total: 2, MemoryStore: 2, MagneticStore: 0 });
    // Record 1's Time "2" seconds is far outside the memory window.
    expect(res.RejectedRecords.map((r) => r.RecordIndex)).toEqual([1]);
    const pts = await points(e);
    expect(pts).toEqual([
      { dims: { host: 'h1' }, m: 'cpu', t: ns(T0 - 1000), v: [1] },
      { dims: { host: 'h1' }, m: 'mem', t: ns(T0 - 3000), v: [3] },
    ]);
  });

  it('rejects invalid records with a reason naming the field, and writes the good ones', async () => {
    const records: WriteRecord[] = [
      rec(T0, '1'),
      { MeasureName: 'cpu', MeasureValue: '1', Time: String(T0) },
      rec(T0, '1', { Dimensions: [{ Name: 'host', Value: '' }] }),
      rec(T0, 'NaN'),
      rec(T0, 'Infinity'),
      rec(T0, 'abc'),
      rec(T0, '1', { Dimensions: [{ Name: 'a:b', Value: 'x' }] }),
      rec(T0, '1', { MeasureName: '' }),
      rec(T0, '1', { Time: 'soon' }),
      rec(T0, '1', { Version: 0 }),
      rec(T0 - 5, '7'),
    ];
    const { e, res } = await write(records);
    const reasons = Object.fromEntries(res.RejectedRecords.map((r) => [r.RecordIndex, r.Reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reasons[1]).toBe('At least one dimension is required for a record (Dimensions is empty).');
    expect(reasons[2]).toBe('Dimensions[0].Value ("host") must not be empty (minimum length 1).');
    expect(reasons[3]).toBe('MeasureValue "NaN" is not a finite number; DOUBLE values cannot be NaN or Infinity.');
    expect(reasons[4]).toMatch(/Infinity.*cannot be NaN or Infinity/);
    expect(reasons[5]).toBe('MeasureValue "abc" cannot be parsed as a DOUBLE.');
    expect(reasons[6]).toMatch(/^Dimensions\[0\]\.Name "a:b" must not contain a colon/);
    expect(reasons[7]).toBe('MeasureName must not be empty.');
    expect(reasons[8]).toMatch(/^Time "soon" is not an integer count of milliseconds/);
    expect(reasons[9]).toBe('Version 0 must be at least 1.');
    expect(res.RecordsIngested.Total).toBe(2);
    expect((await points(e)).map((p) => p.v[0])).toEqual([7, 1]);
  });

  it('rejects a measure name bound to another type, and MULTI attributes bound to another type', async () => {
    const { e, res } = await write([
      rec(T0 - 10, '1'),
      rec(T0 - 9, '5', { MeasureValueType: 'BIGINT' }),
      {
        Dimensions: host(),
        MeasureName: 'm',
        MeasureValueType: 'MULTI',
        Time: String(T0 - 8),
        MeasureValues: [{ Name: 'x', Value: '1', Type: 'DOUBLE' }],
      },
      {
        Dimensions: host(),
        MeasureName: 'm2',
        MeasureValueType: 'MULTI',
        Time: String(T0 - 8),
        MeasureValues: [{ Name: 'x', Value: '1', Type: 'BIGINT' }],
      },
      { Dimensions: host(), MeasureName: 'm', MeasureValue: '3', Time: String(T0 - 7) },
      { Dimensions: [{ Name: 'x', Value: 'v' }], MeasureName: 'k', MeasureValue: '3', Time: String(T0 - 7) },
    ]);
    expect(res.RejectedRecords).toEqual([
      {
        RecordIndex: 1,
        Reason: 'MeasureValueType BIGINT does not match the type DOUBLE already bound to measure name "cpu" in this table.',
      },
      {
        RecordIndex: 3,
        Reason: 'MeasureValues attribute "x" has Type BIGINT but the attribute is already bound to type DOUBLE in this table.',
      },
      { RecordIndex: 4, Reason: 'MeasureValueType DOUBLE does not match the type MULTI already bound to measure name "m" in this table.' },
      {
        RecordIndex: 5,
        Reason:
          'Dimension name "x" is already a measure attribute name in this table; a dimension name cannot equal a measure attribute name.',
      },
    ]);
    expect(e.describeTable(DB, TABLE)).toMatchObject({
      dimensions: ['host'],
      measures: [
        { name: 'cpu', type: 'DOUBLE' },
        { name: 'm', type: 'MULTI' },
      ],
      multiMeasureAttributes: [{ name: 'x', type: 'DOUBLE' }],
      series: 2,
    });
  });

  it('rejects times more than 15 minutes ahead and older than the memory retention (magnetic writes off)', async () => {
    const { res } = await write([
      rec(T0 + 15 * 60_000, '1'),
      rec(T0 + 15 * 60_000 + 1, '2'),
      rec(T0 - 6 * HOUR, '3'),
      rec(T0 - 6 * HOUR - 1, '4'),
    ]);
    expect(res.RecordsIngested).toEqual({ Total: 2, MemoryStore: 2, MagneticStore: 0 });
    expect(res.RejectedRecords[0]).toEqual({
      RecordIndex: 1,
      Reason:
        'The record timestamp 2026-01-10T12:15:00.001Z is more than 15 minutes in the future (the latest accepted time is 2026-01-10T12:15:00.000Z).',
    });
    expect(res.RejectedRecords[1]).toEqual({
      RecordIndex: 3,
      Reason:
        'The record timestamp 2026-01-10T05:59:59.999Z is outside the time range [2026-01-10T06:00:00.000Z, 2026-01-10T12:15:00.000Z) of the memory store, and magnetic store writes are not enabled on this table.',
    });
  });

  it('sends late writes to the magnetic tier when enabled, within the magnetic retention', async () => {
    const e = await memoryEngine({ table: { enableMagneticStoreWrites: true, magneticStoreRetentionDays: 2 } });
    const { res } = await write([rec(T0 - 7 * HOUR, '1'), rec(T0 - 3 * 24 * HOUR, '2'), rec(T0, '3')], undefined, e);
    expect(res.RecordsIngested).toEqual({ Total: 2, MemoryStore: 1, MagneticStore: 1 });
    expect(res.RejectedRecords[0]?.Reason).toMatch(
      /^The record timestamp 2026-01-07T12:00:00.000Z is older than the magnetic store retention/,
    );
    // Queryable at once, and still after the flush to the magnetic tier.
    expect((await points(e)).map((p) => p.v[0])).toEqual([1, 3]);
    await e.runRetention();
    expect(e.stats().tables[0]?.magnetic.points).toBe(1);
    expect((await points(e)).map((p) => p.v[0])).toEqual([1, 3]);
  });

  it('upserts: identical value is a no-op, different value rejected with ExistingVersion, higher version replaces', async () => {
    const { e } = await write([rec(T0 - 1000, '1')]);
    let r = (await write([rec(T0 - 1000, '1')], undefined, e)).res;
    expect(r).toEqual({ RecordsIngested: { Total: 1, MemoryStore: 1, MagneticStore: 0 }, RejectedRecords: [] });
    r = (await write([rec(T0 - 1000, '2')], undefined, e)).res;
    expect(r.RejectedRecords).toEqual([
      {
        RecordIndex: 0,
        Reason:
          'A record already exists with the same time, dimensions, measure name, and record version. A higher record version must be specified in order to update the measure value.',
        ExistingVersion: 1,
      },
    ]);
    r = (await write([rec(T0 - 1000, '2', { Version: 5 })], undefined, e)).res;
    expect(r.RejectedRecords).toEqual([]);
    r = (await write([rec(T0 - 1000, '3', { Version: 2 })], undefined, e)).res;
    expect(r.RejectedRecords).toEqual([
      {
        RecordIndex: 0,
        Reason: 'The record version 2 is lower than the existing version 5. A higher version is required to update the measure value.',
        ExistingVersion: 5,
      },
    ]);
    r = (await write([rec(T0 - 1000, '2', { Version: 3 })], undefined, e)).res;
    expect(r.RejectedRecords).toEqual([]);
    expect((await points(e)).map((p) => p.v[0])).toEqual([2]);
  });

  it('upserts into sealed chunks too (out of order, across chunk boundaries)', async () => {
    const e = await memoryEngine({ chunkPoints: 16 });
    const records = Array.from({ length: 100 }, (_, i) => rec(T0 - 100_000 + i * 1000, String(i)));
    await write(records, undefined, e);
    expect(e.stats().tables[0]?.memory.chunks).toBeGreaterThan(4);
    const r = (
      await write(
        [
          rec(T0 - 100_000 + 5000, '5'),
          rec(T0 - 100_000 + 6000, '60'),
          rec(T0 - 100_000 + 7000, '70', { Version: 2 }),
          rec(T0 - 100_000 + 7500, '75'),
        ],
        undefined,
        e,
      )
    ).res;
    expect(r.RejectedRecords.map((x) => [x.RecordIndex, x.ExistingVersion])).toEqual([[1, 1]]);
    const pts = await points(e);
    expect(pts).toHaveLength(101);
    expect(pts.map((p) => p.v[0]).slice(4, 10)).toEqual([4, 5, 6, 70, 75, 8]);
  });

  it('keeps ns precision end to end', async () => {
    const { e } = await write([
      rec(0, '1', { Time: `${BigInt(T0) * 1_000_000n - 1n}`, TimeUnit: 'NANOSECONDS' }),
      rec(0, '2', { Time: `${BigInt(T0) * 1000n - 7n}`, TimeUnit: 'MICROSECONDS' }),
    ]);
    expect((await points(e)).map((p) => p.t)).toEqual([ns(T0) - 7000n, ns(T0) - 1n]);
  });

  it('writes MULTI records with every scalar type and missing attributes as nulls', async () => {
    const { e, res } = await write([
      {
        Dimensions: host(),
        MeasureName: 'status',
        MeasureValueType: 'MULTI',
        Time: String(T0 - 2000),
        MeasureValues: [
          { Name: 'load', Value: '0.5', Type: 'DOUBLE' },
          { Name: 'procs', Value: '12', Type: 'BIGINT' },
          { Name: 'state', Value: 'ok', Type: 'VARCHAR' },
          { Name: 'up', Value: 'true', Type: 'BOOLEAN' },
          { Name: 'boot', Value: '1700000000000', Type: 'TIMESTAMP' },
        ],
      },
      {
        Dimensions: host(),
        MeasureName: 'status',
        MeasureValueType: 'MULTI',
        Time: String(T0 - 1000),
        MeasureValues: [{ Name: 'load', Value: '0.7', Type: 'DOUBLE' }],
      },
      { Dimensions: host(), MeasureName: 'status', MeasureValueType: 'MULTI', Time: String(T0 - 1000), MeasureValues: [] },
      {
        Dimensions: host(),
        MeasureName: 'status',
        MeasureValueType: 'MULTI',
        Time: String(T0),
        MeasureValues: [{ Name: 'host', Value: '1', Type: 'DOUBLE' }],
      },
    ]);
    expect(res.RejectedRecords.map((r) => r.Reason)).toEqual([
      'MeasureValues is required and must not be empty when MeasureValueType is MULTI.',
      'MeasureValues[0].Name "host" is also a dimension name; a dimension name cannot equal a measure attribute name.',
    ]);
    const pts = await points(e);
    expect(pts).toEqual([
      { dims: { host: 'a' }, m: 'status', t: ns(T0 - 2000), v: [0.5, 12n, 'ok', 1, 1_700_000_000_000_000_000n] },
      { dims: { host: 'a' }, m: 'status', t: ns(T0 - 1000), v: [0.7, null, null, null, null] },
    ]);
  });

  it('throws NOT_FOUND for an unknown database or table', async () => {
    const e = await memoryEngine();
    await expect(e.writeRecords({ DatabaseName: 'nope', TableName: TABLE, Records: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'The database "nope" does not exist.',
    });
    await expect(e.writeRecords({ DatabaseName: DB, TableName: 'nope', Records: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
