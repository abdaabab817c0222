import { useId } from 'react';
import type { ImportMapping, ImportProposal, IngestValueType, MappingProblem, TableOptions } from '../../../client/index.ts';
import {
  type ColumnRole,
  columnChoices,
  hasColumns,
  problemsAt,
  timeFormatKey,
  timeFormatOfKey,
  VALUE_TYPES,
  withColumnChoice,
} from './mapping-edits.ts';

const ROLE_LABEL: Record<ColumnRole, string> = {
  time: 'Time',
  dimension: 'Dimension',
  measure: 'Measure',
  'measure-name': 'Measure name',
  ignore: 'Ignore',
};

const TIME_FORMATS: readonly { key: string; label: string }[] = [
  { key: 'iso8601', label: 'ISO 8601 (2024-01-02T03:04:05Z)' },
  { key: 'epoch:s', label: 'Epoch seconds' },
  { key: 'epoch:ms', label: 'Epoch milliseconds' },
  { key: 'epoch:us', label: 'Epoch microseconds' },
  { key: 'epoch:ns', label: 'Epoch nanoseconds' },
  { key: 'pattern', label: 'Pattern (yyyy-MM-dd HH:mm:ss)' },
];

/** The IANA zones the browser knows, for the zone field's suggestions. */
const TIME_ZONES: readonly string[] = [
  'UTC',
  ...((Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []).filter((z) => z !== 'UTC'),
];

/** This browser's IANA zone, offered for naive times. */
const LOCAL_ZONE: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone;

function Problems({ reasons, id }: { reasons: readonly string[]; id?: string }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="field-problems" id={id} role="alert">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

export interface MappingEditorProps {
  readonly proposal: ImportProposal;
  readonly mapping: ImportMapping;
  readonly problems: readonly MappingProblem[];
  readonly databases: readonly string[];
  readonly tables: readonly string[];
  /** The target table's settings when it exists (its write window decides which rows it takes). */
  readonly targetOptions?: TableOptions | undefined;
  readonly disabled?: boolean;
  onChange(mapping: ImportMapping): void;
}

/** Edits every part of a mapping: time column and format, zone, column roles and types, records, target. */
export function MappingEditor({ proposal, mapping, problems, databases, tables, targetOptions, disabled, onChange }: MappingEditorProps) {
  const id = useId();
  const columns = hasColumns(mapping) ? proposal.raw.columns : [];
  const choices = columnChoices(mapping, columns);
  const existingTable = databases.includes(mapping.target.database) && tables.includes(mapping.target.table);
  const set = (patch: Partial<ImportMapping>) => onChange({ ...mapping, ...patch });
  const constants = mapping.constantDimensions ?? [];
  return (
    <fieldset className="mapping-editor" disabled={disabled} data-testid="mapping-editor">
      <legend className="sr-only">Mapping</legend>
      <div className="mapping-grid">
        <label htmlFor={`${id}-db`}>Database</label>
        <div>
          <input
            id={`${id}-db`}
            data-testid="target-database"
            list={`${id}-dbs`}
            value={mapping.target.database}
            onChange={(e) => set({ target: { ...mapping.target, database: e.target.value } })}
          />
          <datalist id={`${id}-dbs`}>
            {databases.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          <Problems reasons={problemsAt(problems, 'target.database')} />
        </div>
        <label htmlFor={`${id}-table`}>Table</label>
        <div>
          <input
            id={`${id}-table`}
            data-testid="target-table"
            list={`${id}-tables`}
            value={mapping.target.table}
            onChange={(e) => set({ target: { ...mapping.target, table: e.target.value } })}
          />
          <datalist id={`${id}-tables`}>
            {tables.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <span className="hint" data-testid="target-kind">
            {existingTable ? 'Existing table: rows are added to it.' : 'New table: created with magnetic-store writes on.'}
          </span>
          {existingTable && targetOptions && !targetOptions.enableMagneticStoreWrites && (
            <p className="outcome warn" data-testid="target-window">
              This table takes only times from its memory store's last {targetOptions.memoryStoreRetentionHours} hours: older rows will be
              rejected. Turn on magnetic-store writes for it in Storage to import older data.
            </p>
          )}
          <Problems reasons={problemsAt(problems, 'target.table')} />
        </div>

        {hasColumns(mapping) && (
          <>
            <label htmlFor={`${id}-time`}>Time column</label>
            <div>
              <select
                id={`${id}-time`}
                data-testid="time-column"
                value={mapping.timeColumn}
                onChange={(e) => {
                  const column = e.target.value;
                  onChange(
                    column === ''
                      ? { ...mapping, timeColumn: '' }
                      : withColumnChoice(mapping, { column, role: 'time', name: column, type: 'TIMESTAMP' }),
                  );
                }}
              >
                <option value="">(choose)</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <Problems reasons={problemsAt(problems, 'timeColumn')} />
            </div>
          </>
        )}
        <label htmlFor={`${id}-format`}>Time format</label>
        <div>
          <select
            id={`${id}-format`}
            data-testid="time-format"
            value={timeFormatKey(mapping.timeFormat)}
            onChange={(e) => set({ timeFormat: timeFormatOfKey(e.target.value, mapping.timeFormat) })}
          >
            {TIME_FORMATS.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
          {mapping.timeFormat.kind === 'pattern' && (
            <input
              aria-label="Time pattern"
              data-testid="time-pattern"
              value={mapping.timeFormat.pattern}
              onChange={(e) => set({ timeFormat: { kind: 'pattern', pattern: e.target.value } })}
            />
          )}
          <Problems reasons={problemsAt(problems, 'timeFormat')} />
        </div>
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <div>
          <input
            id={`${id}-zone`}
            data-testid="time-zone"
            list={`${id}-zones`}
            value={mapping.timeZone}
            onChange={(e) => set({ timeZone: e.target.value })}
          />
          <datalist id={`${id}-zones`}>
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <span className="hint">
            {proposal.inferred.naiveTimes
              ? 'The times carry no zone: they are read in this IANA zone (e.g. Europe/Paris).'
              : 'Used for times written without a zone.'}
          </span>
          {proposal.inferred.naiveTimes && LOCAL_ZONE !== undefined && LOCAL_ZONE !== mapping.timeZone && (
            <button type="button" className="link-button" onClick={() => set({ timeZone: LOCAL_ZONE })} data-testid="use-local-zone">
              Use this computer's zone ({LOCAL_ZONE})
            </button>
          )}
          <Problems reasons={problemsAt(problems, 'timeZone')} />
        </div>

        <span id={`${id}-records`}>Records</span>
        <div role="radiogroup" aria-labelledby={`${id}-records`} className="inline-choices">
          <label>
            <input
              type="radio"
              name={`${id}-multi`}
              checked={mapping.multiMeasure}
              onChange={() => set({ multiMeasure: true })}
              data-testid="multi-measure"
            />
            Multi-measure (one record per row)
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-multi`}
              checked={!mapping.multiMeasure}
              onChange={() => set({ multiMeasure: false })}
              data-testid="single-measure"
            />
            Single-measure (one record per value)
          </label>
        </div>
        {mapping.measureNameColumn === undefined && (mapping.multiMeasure || mapping.measures.length === 1) && (
          <>
            <label htmlFor={`${id}-mname`}>
              {mapping.multiMeasure ? 'measure_name of the records' : 'measure_name of the only measure'}
            </label>
            <div>
              <input
                id={`${id}-mname`}
                data-testid="measure-name"
                value={mapping.measureNameForSingle ?? ''}
                onChange={(e) => {
                  const { measureNameForSingle: _, ...rest } = mapping;
                  onChange(e.target.value === '' ? rest : { ...rest, measureNameForSingle: e.target.value });
                }}
              />
              <Problems reasons={problemsAt(problems, 'measureNameForSingle')} />
            </div>
          </>
        )}
      </div>

      {columns.length > 0 && (
        <div className="table-scroll">
          <table className="data-table column-roles" data-testid="column-roles">
            <caption>Columns</caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Becomes</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {choices.map((choice, i) => (
                <tr key={choice.column} data-column={choice.column}>
                  <th scope="row">{choice.column}</th>
                  <td>
                    <select
                      aria-label={`Role of column ${choice.column}`}
                      data-testid={`role-${choice.column}`}
                      value={choice.role}
                      onChange={(e) => onChange(withColumnChoice(mapping, { ...choice, role: e.target.value as ColumnRole }))}
                    >
                      {(Object.keys(ROLE_LABEL) as ColumnRole[]).map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABEL[role]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {(choice.role === 'dimension' || choice.role === 'measure') && (
                      <input
                        aria-label={`Name of column ${choice.column}`}
                        value={choice.name}
                        onChange={(e) => onChange(withColumnChoice(mapping, { ...choice, name: e.target.value }))}
                      />
                    )}
                    <Problems
                      reasons={problemsAt(
                        problems,
                        choice.role === 'dimension'
                          ? `dimensions[${mapping.dimensions.findIndex((d) => d.column === choice.column)}]`
                          : choice.role === 'measure'
                            ? `measures[${mapping.measures.findIndex((m) => m.column === choice.column)}]`
                            : `columns[${i}]`,
                      )}
                    />
                  </td>
                  <td>
                    {choice.role === 'measure' && (
                      <select
                        aria-label={`Type of column ${choice.column}`}
                        data-testid={`type-${choice.column}`}
                        value={choice.type}
                        onChange={(e) => onChange(withColumnChoice(mapping, { ...choice, type: e.target.value as IngestValueType }))}
                      >
                        {VALUE_TYPES.map((t) => (
                          <option key={t} value={t}>
                            {t}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Problems
            reasons={[
              ...problemsAt(problems, 'dimensions').filter((r) => !r.includes('"')),
              ...problemsAt(problems, 'measures').filter((r) => !r.includes('"')),
            ]}
          />
        </div>
      )}

      {hasColumns(mapping) && (
        <div className="constant-dimensions">
          <span className="label">Constant dimensions (every row gets them)</span>
          {constants.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
            <div key={i} className="inline-choices">
              <input
                aria-label={`Constant dimension ${i + 1} name`}
                value={d.name}
                onChange={(e) => set({ constantDimensions: constants.map((c, j) => (j === i ? { ...c, name: e.target.value } : c)) })}
              />
              <input
                aria-label={`Constant dimension ${i + 1} value`}
                value={d.value}
                onChange={(e) => set({ constantDimensions: constants.map((c, j) => (j === i ? { ...c, value: e.target.value } : c)) })}
              />
              <button type="button" onClick={() => set({ constantDimensions: constants.filter((_, j) => j !== i) })}>
                Remove
              </button>
              <Problems reasons={problemsAt(problems, `constantDimensions[${i}]`)} />
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              set({ constantDimensions: [...constants, { name: 'source', value: proposal.raw.columns.length > 0 ? 'file' : '' }] })
            }
          >
            Add constant dimension
          </button>
        </div>
      )}
    </fieldset>
  );
}
