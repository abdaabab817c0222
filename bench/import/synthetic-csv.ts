import type { ImportMapping } from '../../src/engine/ingest/types.ts';

/** The time of the first synthetic row (rows are one second apart). */
export const SYNTHETIC_START_MS = Date.UTC(2024, 0, 1);

/** How the synthetic CSV maps to records: one MULTI record per row, into `target` (default bench.metrics). */
export function syntheticCsvMapping(target: ImportMapping['target'] = { database: 'bench', table: 'metrics' }): ImportMapping {
  return {
    format: 'csv',
    dialect: { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false },
    timeColumn: 'time',
    timeFormat: { kind: 'iso8601' },
    timeZone: 'UTC',
    dimensions: [
      { column: 'region', name: 'region' },
      { column: 'host', name: 'host' },
    ],
    measures: [
      { column: 'cpu', name: 'cpu', type: 'DOUBLE' },
      { column: 'memory', name: 'memory', type: 'DOUBLE' },
      { column: 'requests', name: 'requests', type: 'BIGINT' },
    ],
    multiMeasure: true,
    measureNameForSingle: 'metrics',
    target,
  };
}

/**
 * Deterministic CSV text in the shape the import benchmark measures: an ISO time, two dimensions that
 * repeat in runs (as a monitoring export does), and three measures with decimal tails.
 */
export function syntheticCsv(targetBytes: number, startMs: number = SYNTHETIC_START_MS): string {
  const hosts = Array.from({ length: 50 }, (_, i) => `host-${String(i).padStart(3, '0')}`);
  const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
  const parts: string[] = ['time,region,host,cpu,memory,requests\n'];
  let size = parts[0]!.length;
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let row = 0; size < targetBytes; row++) {
    const host = hosts[Math.floor(row / 20) % hosts.length]!;
    const region = regions[Math.floor(row / 1000) % regions.length]!;
    const time = new Date(startMs + row * 1000).toISOString();
    const line = `${time},${region},${host},${(random() * 100).toFixed(3)},${(random() * 64).toFixed(6)},${Math.floor(random() * 5000)}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}
