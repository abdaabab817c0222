import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../src/engine/ingest/csv-scanner.ts';
import type { CsvDialect } from '../../../src/engine/ingest/types.ts';
import { collect, csvMapping } from './collect.ts';

const RFC: CsvDialect = { delimiter: ',', quote: '"', escape: '', header: false, decimalComma: false };
const UNLOAD: CsvDialect = { delimiter: ',', quote: '"', escape: '\\', header: false, decimalComma: false };

/** Writes rows as CSV: RFC 4180 quoting (doubled quotes), or `\` escapes as UNLOAD writes them. */
function writeCsv(rows: readonly (readonly string[])[], dialect: CsvDialect, lineEnd: string): string {
  const field = (text: string): string => {
    if (dialect.escape === '') return /[",\r\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  };
  return rows.map((row) => row.map(field).join(',')).join(lineEnd) + lineEnd;
}

const text = fc.string({
  unit: fc.constantFrom('a', 'é', '東', '😀', ',', '"', '\\', '\n', '\r\n', ' ', '1') as fc.Arbitrary<string>,
  maxLength: 12,
});
const rows = fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 12 });

describe('CSV round trips (property)', () => {
  it('reads back what an RFC 4180 or UNLOAD writer wrote, with LF or CRLF', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom(RFC, UNLOAD), fc.constantFrom('\n', '\r\n'), (data, dialect, lineEnd) => {
        const bytes = new TextEncoder().encode(writeCsv(data, dialect, lineEnd));
        expect(readCsvRows(bytes, dialect, 1000, true)).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  it('streams the same rows whatever the slices, for both quoting styles', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.constantFrom(RFC, UNLOAD), fc.array(fc.nat(), { maxLength: 4 }), async (data, dialect, cutSeeds) => {
        // Column 1 is the time (epoch s, so it needs no quoting of its own); column 2 a VARCHAR measure.
        const table = data.map((row, i) => [String(1_700_000_000 + i), row[1]!]);
        const bytes = new TextEncoder().encode(writeCsv(table, dialect, '\n'));
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (bytes.length + 1)))].sort((a, b) => a - b);
        const parts: Uint8Array[] = [];
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          parts.push(bytes.slice(from, cut));
          from = cut;
        }
        const stream = new ReadableStream<Uint8Array>({ pull: (c) => (parts.length ? c.enqueue(parts.shift()!) : c.close()) });
        const mapping = csvMapping({
          dialect,
          timeColumn: 'column1',
          timeFormat: { kind: 'epoch', unit: 's' },
          measures: [{ column: 'column2', name: 'v', type: 'VARCHAR' }],
          constantDimensions: [{ name: 'd', value: 'x' }],
        });
        const { rows: got, summary } = await collect(stream, mapping);
        // An empty text is no value: such rows are rejected as having no measure.
        const kept = table.filter((row) => row[1] !== '');
        expect(got.map((row) => row.measures.v)).toEqual(kept.map((row) => row[1]));
        expect(summary.rowsRejected).toBe(table.length - kept.length);
      }),
      { numRuns: 300 },
    );
  });
});
