// The rows behind test/kernel/fixtures/chunk-v1.bin, a chunk sealed by the format-1 kernel (before
// interleaved bit packing): NAB temperatures and taxi counts (ALP vectors in both modes, with
// exceptions), a decimal ramp with nulls, integers, booleans, strings and a second timestamp.
import type { ChunkInput } from '../../src/kernel/index.ts';
import { loadNab } from './helpers.ts';

export const FORMAT_V1_ROWS = 5000;

export function formatV1Input(): ChunkInput {
  const nab = loadNab();
  const find = (name: string) => {
    const series = nab.find((s) => s.name.endsWith(name));
    if (series === undefined) throw new Error(`no NAB series ${name}`);
    return series;
  };
  const temperature = find('machine_temperature_system_failure');
  const taxi = find('nyc_taxi');
  const n = FORMAT_V1_ROWS;
  const times = temperature.times.slice(0, n);
  return {
    times,
    columns: [
      { name: 'value', type: 'double', values: temperature.values.slice(0, n) },
      { name: 'taxi', type: 'double', values: taxi.values.slice(0, n) },
      {
        name: 'ramp',
        type: 'double',
        values: Float64Array.from({ length: n }, (_, i) => i * 0.25 - 300),
        validity: Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 1)),
      },
      { name: 'count', type: 'bigint', values: BigInt64Array.from({ length: n }, (_, i) => BigInt((i * i) % 1000) - 500n) },
      { name: 'flag', type: 'boolean', values: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) },
      { name: 'host', type: 'varchar', values: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `host_${i % 5}`)) },
      { name: 'seen', type: 'timestamp', values: times.map((t) => t + 1000n) },
    ],
  };
}
