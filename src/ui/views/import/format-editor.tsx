import { useId, useState } from 'react';
import type { CsvDialect, ImportFormat, ImportProposal } from '../../../client/index.ts';

const FORMATS: readonly { value: ImportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV / TSV' },
  { value: 'ndjson', label: 'JSON lines (NDJSON)' },
  { value: 'json-array', label: 'JSON array' },
  { value: 'influx-line-protocol', label: 'InfluxDB line protocol' },
  { value: 'prometheus', label: 'Prometheus / OpenMetrics text' },
  { value: 'timestream-batch-load', label: 'Timestream batch-load CSV' },
  { value: 'timestream-unload', label: 'Timestream UNLOAD CSV' },
  { value: 'access-log', label: 'Web access log (Common/Combined)' },
];

const DELIMITERS: readonly { value: string; label: string }[] = [
  { value: ',', label: 'comma ,' },
  { value: ';', label: 'semicolon ;' },
  { value: '\t', label: 'tab' },
  { value: '|', label: 'pipe |' },
];

const DEFAULT_DIALECT: CsvDialect = { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false };

function delimited(format: ImportFormat): boolean {
  return format === 'csv' || format === 'timestream-batch-load' || format === 'timestream-unload';
}

/**
 * How the file is read: the detected format and, for delimited text, its dialect, each overridable (detection
 * can be wrong, and the user must be able to say so). A change reads the file's start again.
 */
export function FormatEditor({
  proposal,
  dialect,
  pending,
  disabled,
  onChoose,
  onBatchLoad,
}: {
  proposal: ImportProposal;
  dialect: CsvDialect | undefined;
  /** A choice being applied (the file is read again): shown at once, so a control reflects what was chosen. */
  pending?: { readonly format: ImportFormat; readonly dialect?: CsvDialect } | undefined;
  disabled: boolean;
  onChoose(choice: { format: ImportFormat; dialect?: CsvDialect }): void;
  /** Applies a Timestream batch-load task's JSON (its DataModel and CsvConfiguration) as the mapping. */
  onBatchLoad(json: string): void;
}) {
  const [batchLoad, setBatchLoad] = useState('');
  const id = useId();
  const format = pending?.format ?? proposal.detected.format;
  const current = (pending ? pending.dialect : dialect) ?? dialect ?? DEFAULT_DIALECT;
  const chooseDialect = (patch: Partial<CsvDialect>) => onChoose({ format, dialect: { ...current, ...patch } });
  return (
    <fieldset className="format-editor inline-choices" disabled={disabled} data-testid="format-editor">
      <legend className="sr-only">How the file is read</legend>
      <label htmlFor={`${id}-format`}>Read as</label>
      <select
        id={`${id}-format`}
        data-testid="file-format"
        value={format}
        onChange={(e) => onChoose({ format: e.target.value as ImportFormat })}
      >
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
      {delimited(format) && (
        <>
          <label htmlFor={`${id}-delimiter`}>Delimiter</label>
          <select
            id={`${id}-delimiter`}
            data-testid="csv-delimiter"
            value={current.delimiter}
            onChange={(e) => chooseDialect({ delimiter: e.target.value })}
          >
            {[
              ...DELIMITERS,
              ...(DELIMITERS.some((d) => d.value === current.delimiter) ? [] : [{ value: current.delimiter, label: current.delimiter }]),
            ].map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              data-testid="csv-header"
              checked={current.header}
              onChange={(e) => chooseDialect({ header: e.target.checked })}
            />
            First row names the columns
          </label>
          <label>
            <input type="checkbox" checked={current.quote !== ''} onChange={(e) => chooseDialect({ quote: e.target.checked ? '"' : '' })} />
            Quoted fields (")
          </label>
          <label>
            <input
              type="checkbox"
              data-testid="csv-decimal-comma"
              checked={current.decimalComma}
              disabled={current.delimiter === ','}
              onChange={(e) => chooseDialect({ decimalComma: e.target.checked })}
            />
            Decimal comma (3,14)
          </label>
        </>
      )}
      {format === 'timestream-batch-load' && (
        <div className="batch-load">
          <label htmlFor={`${id}-batch`}>Batch-load task or DataModel (JSON), to map the columns as the task does</label>
          <textarea
            id={`${id}-batch`}
            rows={4}
            value={batchLoad}
            onChange={(e) => setBatchLoad(e.target.value)}
            data-testid="batch-load-json"
            placeholder='{"DataModelConfiguration": {"DataModel": {"TimeColumn": "time", "DimensionMappings": [...]}}}'
          />
          <button type="button" disabled={batchLoad.trim() === ''} onClick={() => onBatchLoad(batchLoad)} data-testid="batch-load-apply">
            Use this mapping
          </button>
        </div>
      )}
    </fieldset>
  );
}
