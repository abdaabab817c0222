import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../src/engine/ingest/csv-scanner.ts';
import { formatRejectionsCsv, formatRejectionsText } from '../../../src/engine/ingest/rejection-report.ts';
import type { Rejection } from '../../../src/engine/ingest/types.ts';

const rejections: Rejection[] = [
  { file: 'a.csv', line: 3, column: 24, field: 'cpu', reason: '"abc" is not a finite number (DOUBLE).', raw: '2024-01-01,a,abc' },
  { file: 'a.csv', line: 9, column: 1, reason: 'Expected 4 fields but found 3.', raw: '=cmd|"/c calc"!A1,x\ny' },
];

describe('rejection reports', () => {
  it('formats CSV that reads back to the same fields, with formula injection defused', () => {
    const csv = formatRejectionsCsv(rejections, 5);
    const rows = readCsvRows(
      new TextEncoder().encode(csv),
      { delimiter: ',', quote: '"', escape: '', header: false, decimalComma: false },
      100,
      true,
    );
    expect(rows).toEqual([
      ['file', 'line', 'column', 'field', 'reason', 'raw'],
      ['a.csv', '3', '24', 'cpu', '"abc" is not a finite number (DOUBLE).', '2024-01-01,a,abc'],
      ['a.csv', '9', '1', '', 'Expected 4 fields but found 3.', `'=cmd|"/c calc"!A1,x\ny`],
      ['', '', '', '', '3 more rejected lines are not listed.', ''],
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('formats text with file:line:column', () => {
    expect(formatRejectionsText(rejections)).toBe(
      '2 lines were rejected.\na.csv:3:24: [cpu] "abc" is not a finite number (DOUBLE).\n    2024-01-01,a,abc\na.csv:9:1: Expected 4 fields but found 3.\n    =cmd|"/c calc"!A1,x\ny\n',
    );
    expect(formatRejectionsText([])).toBe('No lines were rejected.\n');
  });
});
