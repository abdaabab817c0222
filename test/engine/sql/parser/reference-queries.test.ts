import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExpression, parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import { REFERENCE_FRAGMENTS, SAMPLE_STYLE_QUERIES, TSBS_TIMESTREAM_QUERIES } from '../corpus.ts';
import { expectRoundTrip } from '../helpers.ts';

const referencePath = new URL('../../../../../shared/reference/timestream.md', import.meta.url);
const benchmarksPath = new URL('../../../../../shared/reference/benchmarks-and-compression.md', import.meta.url);

/** The reference notes, when this checkout sits next to them (it does in the project's workspace). */
function readReference(url: URL): string | undefined {
  try {
    return readFileSync(url, 'utf8');
  } catch {
    return undefined;
  }
}

describe('queries from the reference notes', () => {
  const reference = readReference(referencePath);
  const benchmarks = readReference(benchmarksPath);

  it.each(REFERENCE_FRAGMENTS)('$fragment', ({ fragment, sql }) => {
    if (reference !== undefined) expect(reference).toContain(fragment);
    expect(() => parseStatement(sql)).not.toThrow();
    expectRoundTrip(sql);
  });

  it.each(TSBS_TIMESTREAM_QUERIES)('TSBS (Timestream dialect): %s', (sql) => {
    if (benchmarks !== undefined) expect(benchmarks).toContain('**Timestream** uses `bin(time, 60s)`');
    expectRoundTrip(sql);
  });

  it.each(SAMPLE_STYLE_QUERIES)('sample-style query: %s', (sql) => {
    expectRoundTrip(sql);
  });

  it('reads the TSBS per-metric pattern as CASE over the measure_value::double column', () => {
    expect(parseExpression("max(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END)")).toMatchObject({
      kind: 'FunctionCall',
      args: [{ kind: 'CaseExpr', whens: [{ result: { kind: 'ColumnRef', parts: [{ name: 'measure_value::double' }] } }] }],
    });
  });
});
