import { describe, expect, it } from 'vitest';
import { type ChunkColumnInput, decodeChunk, encodeChunk, readChunkHeader } from '../../src/kernel/index.ts';
import { bitsOf, catchTidemark, kernel } from './helpers.ts';

const T0 = 1_700_000_000_000_000_000n;
const SEC = 1_000_000_000n;

describe('encodeChunk / decodeChunk', () => {
  it('round trips every column type with nulls', async () => {
    const k = await kernel();
    const n = 3000;
    const times = BigInt64Array.from({ length: n }, (_, i) => T0 + BigInt(i) * 10n * SEC);
    const validity = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 1));
    const doubles = Float64Array.from({ length: n }, (_, i) => (validity[i] ? Math.round(Math.cos(i / 9) * 1e4) / 100 : 0));
    const bigints = BigInt64Array.from({ length: n }, (_, i) => (validity[i] ? BigInt(i * i) - 4_000_000n : 0n));
    const stamps = BigInt64Array.from({ length: n }, (_, i) => T0 - BigInt(i) * SEC);
    const booleans = Uint8Array.from({ length: n }, (_, i) => (validity[i] ? (i % 3 === 0 ? 1 : 0) : 0));
    const strings = Array.from({ length: n }, (_, i) => (i % 11 === 5 ? null : `host-${i % 13}-é`));
    const columns: ChunkColumnInput[] = [
      { name: 'cpu', type: 'double', values: doubles, validity },
      { name: 'bytes', type: 'bigint', values: bigints, validity },
      { name: 'seen', type: 'timestamp', values: stamps },
      { name: 'up', type: 'boolean', values: booleans, validity },
      { name: 'host', type: 'varchar', values: strings },
    ];
    const chunk = encodeChunk(k, { times, columns });
    const decoded = decodeChunk(k, chunk);
    expect(decoded.times).toEqual(times);
    expect(decoded.columns).toEqual([
      { name: 'cpu', type: 'double', values: doubles, validity },
      { name: 'bytes', type: 'bigint', values: bigints, validity },
      { name: 'seen', type: 'timestamp', values: stamps },
      { name: 'up', type: 'boolean', values: booleans, validity },
      { name: 'host', type: 'varchar', values: strings },
    ]);
    const header = readChunkHeader(chunk);
    expect(header).toEqual(decoded.header);
    expect(header.count).toBe(n);
    expect(header.timeMin).toBe(times[0]);
    expect(header.timeMax).toBe(times[n - 1]);
    expect(header.columns.map((c) => c.nullCount)).toEqual([429, 429, 0, 429, 273]);
    // Regular 10 s times compress to almost nothing.
    expect(header.timePayloadLength).toBeLessThan(40);
  });

  it('sorts rows stably by time and keeps duplicates in arrival order', async () => {
    const k = await kernel();
    const times = BigInt64Array.from([30n, 10n, 20n, 10n, 30n, 10n]);
    const values = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const chunk = encodeChunk(k, {
      times,
      columns: [
        { name: 'v', type: 'double', values },
        { name: 'id', type: 'varchar', values: ids },
      ],
    });
    const decoded = decodeChunk(k, chunk);
    expect([...decoded.times]).toEqual([10n, 10n, 10n, 20n, 30n, 30n]);
    expect(decoded.columns[0]?.values).toEqual(Float64Array.from([2, 4, 6, 3, 1, 5]));
    expect(decoded.columns[1]?.values).toEqual(['b', 'd', 'f', 'c', 'a', 'e']);
    const stats = decoded.header.columns[0];
    expect(stats?.type === 'double' && stats.stats).toEqual({ min: 1, max: 6, sum: 21, first: 2, last: 5, firstTime: 10n, lastTime: 30n });
  });

  it('records header pre-aggregates for every numeric type', async () => {
    const k = await kernel();
    const times = BigInt64Array.from([5n, 1n, 3n, 4n]);
    const chunk = encodeChunk(k, {
      times,
      columns: [
        { name: 'd', type: 'double', values: Float64Array.from([Number.NaN, 2.5, -1, 7]), validity: Uint8Array.from([1, 1, 0, 1]) },
        { name: 'b', type: 'bigint', values: BigInt64Array.from([9223372036854775807n, 9223372036854775807n, -3n, 0n]) },
        { name: 'f', type: 'boolean', values: Uint8Array.from([1, 0, 1, 1]) },
      ],
    });
    const [d, b, f] = readChunkHeader(chunk).columns;
    // rows in time order: t1 2.5, t3 null, t4 7, t5 NaN
    expect(d?.type === 'double' && d.stats).toEqual({
      min: 2.5,
      max: 7,
      sum: Number.NaN,
      first: 2.5,
      last: Number.NaN,
      firstTime: 1n,
      lastTime: 5n,
    });
    expect(b?.type === 'bigint' && b.stats).toEqual({
      min: -3n,
      max: 9223372036854775807n,
      sum: 2n * 9223372036854775807n - 3n,
      first: 9223372036854775807n,
      last: 9223372036854775807n,
      firstTime: 1n,
      lastTime: 5n,
    });
    expect(f?.type === 'boolean' && f.stats).toEqual({ trueCount: 3, first: false, last: true, firstTime: 1n, lastTime: 5n });
  });

  it('handles empty chunks and all-null columns', async () => {
    const k = await kernel();
    const empty = encodeChunk(k, { times: new BigInt64Array(0), columns: [{ name: 'v', type: 'double', values: new Float64Array(0) }] });
    const decodedEmpty = decodeChunk(k, empty);
    expect(decodedEmpty.times.length).toBe(0);
    expect(decodedEmpty.header.columns[0]).not.toHaveProperty('stats');
    const allNull = encodeChunk(k, {
      times: BigInt64Array.from([1n, 2n]),
      columns: [
        { name: 'v', type: 'double', values: Float64Array.from([0, 0]), validity: Uint8Array.from([0, 0]) },
        { name: 's', type: 'varchar', values: [null, null] },
      ],
    });
    const decoded = decodeChunk(k, allNull);
    expect(decoded.columns[0]).toEqual({ name: 'v', type: 'double', values: Float64Array.from([0, 0]), validity: Uint8Array.from([0, 0]) });
    expect(decoded.columns[1]?.values).toEqual([null, null]);
  });

  it('keeps every double bit-exact', async () => {
    const k = await kernel();
    const nanPayload = new Float64Array(new BigUint64Array([0x7ff8_0000_dead_beefn, 0xfff0_0000_0000_0001n]).buffer);
    const specials = Float64Array.from([
      0,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308,
      1.5,
      0.1,
      1e300,
      -1e-300,
      nanPayload[0] as number,
      nanPayload[1] as number,
    ]);
    const n = 2100;
    const values = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? (specials[i % specials.length] as number) : i / 100));
    // The NaN payloads must survive the array copy too.
    for (let i = 0; i < n; i += 16 * 5) values.set(nanPayload, i + 1);
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
    const decoded = decodeChunk(k, encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] }));
    expect(bitsOf(decoded.columns[0]?.values as Float64Array)).toEqual(bitsOf(values));
  });

  it('decodes only the projected columns, in the order asked', async () => {
    const k = await kernel();
    const times = BigInt64Array.from([2n, 1n]);
    const chunk = encodeChunk(k, {
      times,
      columns: [
        { name: 'a', type: 'double', values: Float64Array.from([1, 2]) },
        { name: 'b', type: 'bigint', values: BigInt64Array.from([3n, 4n]) },
        { name: 'c', type: 'varchar', values: ['x', 'y'] },
      ],
    });
    const decoded = decodeChunk(k, chunk, { columns: ['c', 'a', 'missing'] });
    expect(decoded.times).toEqual(BigInt64Array.from([1n, 2n]));
    expect(decoded.columns).toEqual([
      { name: 'c', type: 'varchar', values: ['y', 'x'] },
      { name: 'a', type: 'double', values: Float64Array.from([2, 1]) },
    ]);
  });

  it('rejects inconsistent input with INVALID_ARGUMENT', async () => {
    const k = await kernel();
    const error = catchTidemark(() =>
      encodeChunk(k, { times: BigInt64Array.from([1n, 2n]), columns: [{ name: 'v', type: 'double', values: Float64Array.from([1]) }] }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('corrupt chunks', () => {
  async function sample(): Promise<Uint8Array> {
    const k = await kernel();
    const n = 1500;
    return encodeChunk(k, {
      times: BigInt64Array.from({ length: n }, (_, i) => T0 + BigInt(i) * SEC),
      columns: [{ name: 'v', type: 'double', values: Float64Array.from({ length: n }, (_, i) => (i % 97) / 4) }],
    });
  }

  it('reports truncation with a byte offset', async () => {
    const k = await kernel();
    const chunk = await sample();
    for (const length of [0, 10, 60, chunk.length - 1]) {
      const error = catchTidemark(() => decodeChunk(k, chunk.subarray(0, length)));
      expect(error.code).toBe('CORRUPT_CHUNK');
      expect(error.position?.byteOffset).toBeTypeOf('number');
    }
  });

  it('detects a flipped bit anywhere, in the header or the body', async () => {
    const k = await kernel();
    const chunk = await sample();
    for (let at = 0; at < chunk.length; at += 7) {
      const bad = chunk.slice();
      bad[at] = (bad[at] as number) ^ 0x10;
      const error = catchTidemark(() => decodeChunk(k, bad));
      expect(error.code).toBe('CORRUPT_CHUNK');
    }
  });
});
