import { isGzip } from './gzip.ts';
import type { ImportFormat } from './types.ts';

/** What a file looks like from its name and first bytes. */
export interface DetectedFormat {
  readonly format: ImportFormat;
  /** The name says gzip (`.gz`) or the bytes start with the gzip magic. */
  readonly compressed: boolean;
}

const BY_EXTENSION: Readonly<Record<string, ImportFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  tab: 'csv',
  psv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  ldjson: 'ndjson',
  lp: 'influx-line-protocol',
  line: 'influx-line-protocol',
  influx: 'influx-line-protocol',
  prom: 'prometheus',
  log: 'access-log',
  metrics: 'prometheus',
  openmetrics: 'prometheus',
};

const PROMETHEUS_SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?[ \t]+[-+]?(?:[0-9.eE+-]+|NaN|[+-]?Inf)(?:[ \t]+-?\d+(?:\.\d+)?)?\s*$/;
const PROMETHEUS_COMMENT = /^#[ \t]+(HELP|TYPE|UNIT|EOF)\b/;
const ACCESS_LOG = /^\S+ \S+ \S+ \[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;
const LINE_PROTOCOL = /^[^\s,#][^\s,]*(?:\\ [^\s,]*)*(?:,[^\s=]+=[^\s,]+)*[ \t]+[^\s=]+=\S+(?:[ \t]+-?\d+)?\s*$/;

function extensionOf(name: string): { ext: string; gz: boolean } {
  const lower = name.toLowerCase();
  const gz = lower.endsWith('.gz') || lower.endsWith('.gzip');
  const base = gz ? lower.replace(/\.gz(ip)?$/, '') : lower;
  const dot = base.lastIndexOf('.');
  return { ext: dot < 0 ? '' : base.slice(dot + 1), gz };
}

/**
 * Detects the format from the file name and the first (decompressed) bytes. The content wins over the
 * name when it is unambiguous (a `.txt` of Prometheus samples, a `.json` that is one object per line);
 * Timestream batch-load CSV cannot be told from plain CSV (its mapping says it), while UNLOAD output is
 * recognised by its `measure_name` / `measure_value::` header when it has one.
 */
export function detectFormat(name: string, head: Uint8Array): DetectedFormat {
  const { ext, gz } = extensionOf(name);
  const compressed = gz || isGzip(head);
  const text = new TextDecoder().decode(head.subarray(0, Math.min(head.length, 64 * 1024))).replace(/^\uFEFF/, '');
  const lines = text
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((line) => line.trim() !== '');
  // The last line of a head may be cut: judge on complete lines when there are several.
  const judged = lines.length > 1 && !/\n\s*$/.test(text) ? lines.slice(0, -1) : lines;
  const first = text.trimStart()[0];
  if (first === '[') return { format: 'json-array', compressed };
  if (first === '{') {
    const objectsPerLine = judged.every((line) => line.trimStart().startsWith('{') && line.trimEnd().endsWith('}'));
    return {
      format: objectsPerLine && judged.length > 1 ? 'ndjson' : ext === 'ndjson' || ext === 'jsonl' ? 'ndjson' : 'json-array',
      compressed,
    };
  }
  if (judged.length > 0 && judged.every((line) => ACCESS_LOG.test(line))) return { format: 'access-log', compressed };
  if (judged.length > 0 && judged.some((line) => PROMETHEUS_COMMENT.test(line))) return { format: 'prometheus', compressed };
  const data = judged.filter((line) => !line.startsWith('#'));
  if (data.length > 0 && data.every((line) => PROMETHEUS_SAMPLE.test(line)) && data.some((line) => line.includes('{') || /\s/.test(line))) {
    return { format: ext === 'lp' ? 'influx-line-protocol' : 'prometheus', compressed };
  }
  if (data.length > 0 && data.every((line) => LINE_PROTOCOL.test(line))) return { format: 'influx-line-protocol', compressed };
  const header = lines[0]?.toLowerCase() ?? '';
  if (header.includes('measure_name') && header.includes('measure_value::')) return { format: 'timestream-unload', compressed };
  return { format: BY_EXTENSION[ext] ?? 'csv', compressed };
}
