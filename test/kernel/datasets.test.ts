import { describe, expect, it } from 'vitest';
import { CODEC_NAMES, decodeChunk, encodeChunk, readChunkHeader } from '../../src/kernel/index.ts';
import { bitsOf, kernel, loadAlpSamples, loadNab } from './helpers.ts';

describe('real series round-trip exactly', () => {
  it('every NAB series (times with clock defects, values, as one chunk)', async () => {
    const k = await kernel();
    const series = loadNab();
    expect(series.length).toBe(12);
    for (const s of series) {
      const chunk = encodeChunk(k, { times: s.times, columns: [{ name: 'value', type: 'double', values: s.values }] });
      const decoded = decodeChunk(k, chunk);
      // Rows come back sorted stably by time: compare with a stable sort of the input.
      const order = [...s.times.keys()].sort((a, b) => (s.times[a]! < s.times[b]! ? -1 : s.times[a]! > s.times[b]! ? 1 : a - b));
      expect(decoded.times, s.name).toEqual(BigInt64Array.from(order, (i) => s.times[i]!));
      expect(bitsOf(decoded.columns[0]!.values as Float64Array), s.name).toEqual(bitsOf(Float64Array.from(order, (i) => s.values[i]!)));
    }
  });

  it('every ALP sample vector, and each with its values reversed and negated', async () => {
    const k = await kernel();
    const samples = loadAlpSamples();
    expect(samples.length).toBe(31);
    const codecs = new Set<string>();
    for (const s of samples) {
      for (const values of [
        s.values,
        s.values
          .slice()
          .reverse()
          .map((v) => -v),
      ]) {
        const times = BigInt64Array.from(values, (_, i) => BigInt(i) * 1_000_000_000n);
        const chunk = encodeChunk(k, { times, columns: [{ name: 'value', type: 'double', values }] });
        codecs.add(CODEC_NAMES[readChunkHeader(chunk).columns[0]!.codec]!);
        const decoded = decodeChunk(k, chunk);
        expect(bitsOf(decoded.columns[0]!.values as Float64Array), s.name).toEqual(bitsOf(values));
      }
    }
    // The data exercises the decimal codec and at least one fallback.
    expect(codecs.has('alp')).toBe(true);
    expect(codecs.size).toBeGreaterThan(2);
  });
});
