import type { ParserOutput } from './format-parser.ts';
import { defaultTimeOf } from './line-protocol-parser.ts';
import { LineFault, LineRecordParser } from './line-record-parser.ts';
import { createTimeParser, type TimeParser } from './time-parse.ts';
import type { ImportMapping } from './types.ts';

const METRIC_NAME_START = /[a-zA-Z_:]/;
const METRIC_NAME_PART = /[a-zA-Z0-9_:]/;
const LABEL_NAME_START = /[a-zA-Z_]/;
const LABEL_NAME_PART = /[a-zA-Z0-9_]/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ENCODER = new TextEncoder();

/** The measure column every Prometheus sample's value goes to; the metric name is the row's measure_name. */
export const PROMETHEUS_VALUE_COLUMN = 'value';

/**
 * Prometheus text exposition (0.0.4) and OpenMetrics text: `name{label="value",…} value [timestamp]`.
 * `# HELP`, `# TYPE`, `# UNIT` and `# EOF` lines are skipped; histogram and summary series arrive as their
 * sample lines (`_bucket` with `le`, `_sum`, `_count`, quantiles) and are imported as such. Each sample is a
 * single-measure record: the metric name is its measure_name, labels are dimensions, the value a DOUBLE.
 * Timestamps are in the mapping's epoch unit (ms for Prometheus, s with a fraction for OpenMetrics); a sample
 * without one takes `defaultTime` (the scrape time) or is rejected. NaN and ±Inf are rejected, since
 * Timestream refuses non-finite doubles. Exemplars (` # {…} v`) are dropped.
 */
export class PrometheusParser extends LineRecordParser {
  private readonly timeParser: TimeParser;
  private readonly defaultTime: { ms: number; subMsNs: number } | undefined;
  private readonly valueIndex: number;

  constructor(
    private readonly mapping: ImportMapping,
    out: ParserOutput,
  ) {
    super(out, true);
    this.timeParser = createTimeParser(mapping.timeFormat.kind === 'epoch' ? mapping.timeFormat : { kind: 'epoch', unit: 'ms' });
    this.defaultTime = defaultTimeOf(mapping);
    this.valueIndex = out.builder.measureIndex(PROMETHEUS_VALUE_COLUMN, 'DOUBLE');
  }

  protected parseLine(text: string): LineFault | undefined {
    const builder = this.out.builder;
    let i = 0;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const nameAt = i;
    if (!METRIC_NAME_START.test(text[i] ?? '')) return new LineFault(i, 'Expected a metric name.');
    while (i < text.length && METRIC_NAME_PART.test(text[i]!)) i++;
    builder.setMeasureName(text.slice(nameAt, i));
    if (text[i] === '{') {
      i++;
      for (;;) {
        while (text[i] === ' ') i++;
        if (text[i] === '}') {
          i++;
          break;
        }
        const labelAt = i;
        if (!LABEL_NAME_START.test(text[i] ?? '')) return new LineFault(i, 'Expected a label name or "}".');
        while (i < text.length && LABEL_NAME_PART.test(text[i]!)) i++;
        const label = text.slice(labelAt, i);
        while (text[i] === ' ') i++;
        if (text[i] !== '=') return new LineFault(i, `Expected "=" after label "${label}".`, label);
        i++;
        while (text[i] === ' ') i++;
        if (text[i] !== '"') return new LineFault(i, `The value of label "${label}" must be in double quotes.`, label);
        i++;
        let value = '';
        let closed = false;
        while (i < text.length) {
          const ch = text[i]!;
          if (ch === '\\') {
            const next = text[i + 1];
            if (next === 'n') value += '\n';
            else if (next === '\\' || next === '"') value += next;
            else return new LineFault(i, `Unknown escape "\\${next ?? ''}" in label "${label}" (only \\\\, \\" and \\n).`, label);
            i += 2;
            continue;
          }
          if (ch === '"') {
            closed = true;
            i++;
            break;
          }
          value += ch;
          i++;
        }
        if (!closed) return new LineFault(labelAt, `The value of label "${label}" has no closing quote.`, label);
        // An empty label value means the label is absent (Prometheus semantics), as an empty dimension is.
        if (value !== '') builder.setDimension(builder.dimensionIndex(this.dimensionName(label)), value);
        while (text[i] === ' ') i++;
        if (text[i] === ',') i++;
        else if (text[i] !== '}') return new LineFault(i, 'Expected "," or "}" after a label.');
      }
    }
    if (text[i] !== ' ' && text[i] !== '\t') return new LineFault(i, 'Expected a space and then the value.');
    while (text[i] === ' ' || text[i] === '\t') i++;
    const valueAt = i;
    // An OpenMetrics exemplar (` # {…} value [time]`) follows the sample; it is not part of it.
    const exemplar = text.indexOf(' #', valueAt);
    const body = exemplar < 0 ? text : text.slice(0, exemplar);
    while (i < body.length && body[i] !== ' ' && body[i] !== '\t') i++;
    const valueText = body.slice(valueAt, i);
    if (valueText === 'NaN' || /^[+-]?Inf$/.test(valueText)) {
      return new LineFault(
        valueAt,
        `The value ${valueText} cannot be stored: Timestream refuses NaN and infinite doubles.`,
        PROMETHEUS_VALUE_COLUMN,
      );
    }
    if (!FLOAT_TEXT.test(valueText)) return new LineFault(valueAt, `"${valueText}" is not a number.`, PROMETHEUS_VALUE_COLUMN);
    const value = Number(valueText);
    if (!Number.isFinite(value)) return new LineFault(valueAt, `"${valueText}" is not a finite number.`, PROMETHEUS_VALUE_COLUMN);
    builder.setDouble(this.valueIndex, value);
    while (body[i] === ' ' || body[i] === '\t') i++;
    const timeAt = i;
    while (i < body.length && body[i] !== ' ' && body[i] !== '\t') i++;
    const stamp = body.slice(timeAt, i);
    while (body[i] === ' ' || body[i] === '\t') i++;
    if (i < body.length) return new LineFault(i, 'Unexpected text after the timestamp.');
    if (stamp === '') {
      if (this.defaultTime === undefined)
        return new LineFault(timeAt, 'The sample has no timestamp (set a default time for scraped files).');
      builder.setTime(this.defaultTime.ms, this.defaultTime.subMsNs);
      return undefined;
    }
    const bytes = ENCODER.encode(stamp);
    const reason = this.timeParser.parse(bytes, 0, bytes.length);
    if (reason !== undefined) return new LineFault(timeAt, reason);
    builder.setTime(this.timeParser.ms, this.timeParser.subMsNs);
    return undefined;
  }

  private dimensionName(label: string): string {
    return this.mapping.dimensions.find((d) => d.column === label)?.name ?? label;
  }
}
