import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../src/engine/ingest/types.ts';
import { collect } from './collect.ts';

const mapping: ImportMapping = {
  format: 'prometheus',
  timeColumn: '',
  timeFormat: { kind: 'epoch', unit: 'ms' },
  timeZone: 'UTC',
  dimensions: [],
  measures: [],
  multiMeasure: false,
  target: { database: 'db', table: 't' },
};

const EXPOSITION = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9 1395066363001
metric_without_timestamp_and_labels 12.47
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054 1395066363002
http_request_duration_seconds_bucket{le="+Inf"} 144320 1395066363002
http_request_duration_seconds_sum 53423 1395066363002
http_request_duration_seconds_count 144320 1395066363002
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.99"} NaN 1395066363003
rpc_duration_seconds_count 2693 1395066363003
`;

describe('PrometheusParser', () => {
  it('reads samples, label escapes, histogram and summary lines, and rejects NaN and missing times', async () => {
    const { rows, summary } = await collect(EXPOSITION, mapping);
    expect(rows.map((row) => [row.line, row.measureName, row.dimensions, row.measures.value, row.time])).toEqual([
      [3, 'http_requests_total', { method: 'post', code: '200' }, 1027, 1_395_066_363_000_000_000n],
      [4, 'http_requests_total', { method: 'post', code: '400' }, 3, 1_395_066_363_000_000_000n],
      [
        7,
        'msdos_file_access_time_seconds',
        { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' },
        1_458_255_915,
        1_395_066_363_001_000_000n,
      ],
      [10, 'http_request_duration_seconds_bucket', { le: '0.05' }, 24054, 1_395_066_363_002_000_000n],
      [11, 'http_request_duration_seconds_bucket', { le: '+Inf' }, 144320, 1_395_066_363_002_000_000n],
      [12, 'http_request_duration_seconds_sum', {}, 53423, 1_395_066_363_002_000_000n],
      [13, 'http_request_duration_seconds_count', {}, 144320, 1_395_066_363_002_000_000n],
      [16, 'rpc_duration_seconds_count', {}, 2693, 1_395_066_363_003_000_000n],
    ]);
    expect(summary.rejections.map((r) => [r.line, r.column, r.reason])).toEqual([
      [8, 42, 'The sample has no timestamp (set a default time for scraped files).'],
      [15, 39, 'The value NaN cannot be stored: Timestream refuses NaN and infinite doubles.'],
    ]);
  });

  it('takes the scrape time for samples without one, and OpenMetrics seconds with exemplars', async () => {
    const text = '# TYPE foo counter\nfoo_total{a="1"} 17 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67\nbar 1\n# EOF\n';
    const { rows, summary } = await collect(text, {
      ...mapping,
      timeFormat: { kind: 'epoch', unit: 's' },
      defaultTime: '2024-01-01T00:00:00Z',
    });
    expect(summary.rowsRejected).toBe(0);
    expect(rows.map((row) => [row.measureName, row.time, row.measures.value])).toEqual([
      ['foo_total', 1_520_879_607_789_000_000n, 17],
      ['bar', 1_704_067_200_000_000_000n, 1],
    ]);
  });

  it('rejects malformed samples at the fault', async () => {
    const text = [
      '9bad 1 1',
      'm{a=1} 1 1',
      'm{a="x} 1 1',
      'm{a="\\q"} 1 1',
      'm{a="x" b="y"} 1 1',
      'm abc 1',
      'm 1 1 extra',
      'ok{} 2 5',
    ].join('\n');
    const { rows, summary } = await collect(text, mapping);
    expect(rows.map((row) => row.line)).toEqual([8]);
    expect(summary.rejections.map((r) => [r.line, r.column])).toEqual([
      [1, 1],
      [2, 5],
      [3, 3],
      [4, 6],
      [5, 9],
      [6, 3],
      [7, 7],
    ]);
  });
});
