import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect, csvMapping } from './collect.ts';

const NAB = new URL('../../../../shared/data/nab/', import.meta.url);

function nabFiles(): string[] {
  const files: string[] = [];
  for (const folder of readdirSync(NAB, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(new URL(`${folder.name}/`, NAB))) if (name.endsWith('.csv')) files.push(`${folder.name}/${name}`);
  }
  return files.sort();
}

/** An independent reading: split lines and commas, Date.UTC on the fields, Number on the value. */
function simpleRead(text: string): { time: bigint; value: number; line: number }[] {
  const lines = text.split('\n');
  const rows: { time: bigint; value: number; line: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const [stamp, value] = line.split(',');
    const [date, clock] = stamp!.split(' ');
    const [y, mo, d] = date!.split('-').map(Number);
    const [h, mi, s] = clock!.split(':').map(Number);
    rows.push({ time: BigInt(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)) * 1_000_000n, value: Number(value), line: i + 1 });
  }
  return rows;
}

describe('NAB files import with exact times and values', () => {
  const files = nabFiles();
  it('finds the NAB files', () => {
    expect(files.length).toBe(12);
  });
  for (const file of files) {
    it(file, async () => {
      const path = fileURLToPath(new URL(file, NAB));
      const bytes = readFileSync(path);
      const expected = simpleRead(bytes.toString('utf8'));
      const { rows, summary } = await collect(
        new Blob([bytes]),
        csvMapping({
          timeColumn: 'timestamp',
          timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
          measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
          constantDimensions: [{ name: 'series', value: file }],
        }),
        { fileName: file, sliceBytes: 4099, batchRows: 5000 },
      );
      expect(summary.rowsRejected).toBe(0);
      expect(summary.rowsEmitted).toBe(expected.length);
      expect(rows.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        const row = rows[i]!;
        const want = expected[i]!;
        if (row.time !== want.time || row.measures.value !== want.value || row.line !== want.line) {
          expect({ time: row.time, value: row.measures.value, line: row.line }).toEqual(want);
        }
        expect(row.dimensions.series).toBe(file);
      }
    });
  }

  it('keeps the backward clock jump and duplicated times of machine_temperature', async () => {
    const file = 'realKnownCause/machine_temperature_system_failure.csv';
    const bytes = readFileSync(fileURLToPath(new URL(file, NAB)));
    const { rows } = await collect(
      new Blob([bytes]),
      csvMapping({
        timeColumn: 'timestamp',
        timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
        measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      }),
    );
    expect(rows.length).toBe(22_695);
    let backward = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.time < rows[i - 1]!.time) backward++;
    expect(backward).toBe(1);
    const distinct = new Set(rows.map((row) => row.time));
    expect(rows.length - distinct.size).toBe(12);
  });

  it('keeps the 12 rows at 2014-03-09 03:00 (11 DST repeats) in the DST-affected files', async () => {
    for (const file of ['realKnownCause/ec2_request_latency_system_failure.csv', 'realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv']) {
      const bytes = readFileSync(fileURLToPath(new URL(file, NAB)));
      const { rows } = await collect(
        bytes,
        csvMapping({
          timeColumn: 'timestamp',
          timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
          measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
        }),
      );
      const at = BigInt(Date.UTC(2014, 2, 9, 3, 0)) * 1_000_000n;
      const shared = rows.filter((row) => row.time === at);
      expect(shared.length, file).toBe(12);
      // Twelve source lines, each kept: nothing was merged or dropped.
      expect(new Set(shared.map((row) => row.line)).size).toBe(12);
    }
  });
});
