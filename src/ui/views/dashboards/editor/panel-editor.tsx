import { type FormEvent, Suspense, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type TidemarkClient, TidemarkError } from '../../../../client/index.ts';
import { Catalog, SqlEditor } from '../../../sql-editor/index.ts';
import type { ResolvedTimeRange } from '../../../time-range/index.ts';
import { autoIntervalMs } from '../../../time-range/index.ts';
import {
  CHART_STYLES,
  type ChartStyle,
  type Panel,
  STAT_REDUCERS,
  type StatReducer,
  type ThresholdStep,
  type Visualisation,
} from '../model/types.ts';
import { cssColor, isValidColor, PALETTE } from '../model/validate.ts';
import { QueryError } from './query-error.tsx';

// Explore's CodeMirror SQL editor (Timestream highlighting, catalog completion, errors underlined),
// loaded with the dialog; a plain text area stands in while it loads.

type Kind = Visualisation['kind'];

/**
 * Edits one panel: its query (Run shows the engine's error at its line and column, or the
 * row count), visualisation, title, unit and thresholds. Apply hands the panel back; Escape or
 * Cancel leave it as it was.
 */
export function PanelEditor({
  panel,
  client,
  prepareSql,
  range,
  onApply,
  onClose,
}: {
  panel: Panel;
  client: TidemarkClient;
  /** The SQL as it will run: the dashboard's variables substituted. */
  prepareSql: (sql: string) => string;
  range: ResolvedTimeRange;
  onApply: (panel: Panel) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [title, setTitle] = useState(panel.title);
  const [sql, setSql] = useState(panel.sql);
  const [kind, setKind] = useState<Kind>(panel.visual.kind);
  const [style, setStyle] = useState<ChartStyle>(panel.visual.kind === 'timeseries' ? panel.visual.style : 'line');
  const [reducer, setReducer] = useState<StatReducer>(panel.visual.kind === 'stat' ? panel.visual.reducer : 'last');
  const [unit, setUnit] = useState(panel.unit);
  const [thresholds, setThresholds] = useState<{ value: string; color: string }[]>(
    panel.thresholds.map((t) => ({ value: String(t.value), color: t.color })),
  );
  const [check, setCheck] = useState<{ running: boolean; error: TidemarkError | null; rows: number | null }>({
    running: false,
    error: null,
    rows: null,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const runController = useRef<AbortController | null>(null);
  const catalog = useMemo(() => new Catalog(client), [client]);
  const [functionNames, setFunctionNames] = useState<readonly string[]>([]);
  useEffect(() => {
    catalog.functions().then(
      (list) => setFunctionNames(list.map((f) => f.name)),
      () => undefined, // highlighting falls back to the common functions
    );
  }, [catalog]);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => runController.current?.abort();
  }, []);

  const run = async () => {
    runController.current?.abort();
    const controller = new AbortController();
    runController.current = controller;
    setCheck({ running: true, error: null, rows: null });
    try {
      const result = await client.call(
        'db.query',
        { sql: prepareSql(sql), range: { fromMs: range.fromMs, toMs: range.toMs }, intervalMs: autoIntervalMs(range, 800) },
        { signal: controller.signal },
      );
      setCheck({ running: false, error: null, rows: result.rowCount });
    } catch (error) {
      setCheck({ running: false, error: TidemarkError.from(error), rows: null });
    }
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const steps: ThresholdStep[] = [];
    for (const [i, t] of thresholds.entries()) {
      const value = Number(t.value);
      if (t.value.trim() === '' || !Number.isFinite(value)) {
        setFormError(`Threshold ${i + 1}: "${t.value}" is not a number.`);
        return;
      }
      if (!isValidColor(t.color)) {
        setFormError(`Threshold ${i + 1}: "${t.color}" is not a colour.`);
        return;
      }
      steps.push({ value, color: t.color });
    }
    if (!sql.trim()) {
      setFormError('The query is empty.');
      return;
    }
    const visual: Visualisation = kind === 'timeseries' ? { kind, style } : kind === 'stat' ? { kind, reducer } : { kind };
    onApply({ ...panel, title: title.trim(), sql, visual, unit: unit.trim(), thresholds: steps.sort((a, b) => a.value - b.value) });
  };

  return (
    <dialog ref={dialog} className="dash-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="panel-editor">
      <form onSubmit={apply}>
        <h2 id={`${id}-title`}>Edit panel</h2>
        <label htmlFor={`${id}-name`}>Title</label>
        <input id={`${id}-name`} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="panel-title-input" />
        <p className="dash-label">Query (Timestream SQL; $__timeFilter, $__interval and $variables; Ctrl+Enter runs it)</p>
        <div id={`${id}-sql`} className="dash-sql-editor">
          <Suspense
            fallback={
              <textarea
                className="dash-sql"
                value={sql}
                spellCheck={false}
                rows={7}
                onChange={(e) => setSql(e.target.value)}
                aria-label="Query"
              />
            }
          >
            <SqlEditor
              value={sql}
              onChange={setSql}
              onRun={() => void run()}
              // Positions refer to the SQL as it ran; they match the text shown only when no variable changed it.
              error={check.error ? (prepareSql(sql) === sql ? check.error : { message: check.error.message }) : null}
              catalog={catalog}
              functionNames={functionNames}
            />
          </Suspense>
        </div>
        <div className="dash-row">
          <button type="button" onClick={() => void run()} disabled={check.running} data-testid="panel-run">
            {check.running ? 'Running…' : 'Run query'}
          </button>
          {check.running && (
            <button type="button" onClick={() => runController.current?.abort()}>
              Cancel
            </button>
          )}
          {check.rows !== null && <span data-testid="panel-run-result">{check.rows} rows</span>}
        </div>
        {check.error && <QueryError error={check.error} sql={prepareSql(sql)} />}
        <fieldset className="dash-row">
          <legend>Visualisation</legend>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Visualisation" data-testid="panel-kind">
            <option value="timeseries">Time series</option>
            <option value="stat">Stat</option>
            <option value="table">Table</option>
          </select>
          {kind === 'timeseries' && (
            <select value={style} onChange={(e) => setStyle(e.target.value as ChartStyle)} aria-label="Chart style">
              {CHART_STYLES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
          {kind === 'stat' && (
            <select
              value={reducer}
              onChange={(e) => setReducer(e.target.value as StatReducer)}
              aria-label="Calculation"
              data-testid="panel-reducer"
            >
              {STAT_REDUCERS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
          <label htmlFor={`${id}-unit`}>Unit</label>
          <input
            id={`${id}-unit`}
            value={unit}
            onChange={(e) => setUnit(e.target.value)}
            maxLength={20}
            size={6}
            data-testid="panel-unit"
          />
        </fieldset>
        <fieldset>
          <legend>Thresholds (a value at or above a step takes its colour)</legend>
          {thresholds.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are edited in place by position
            <div className="dash-row" key={i}>
              <input
                aria-label={`Threshold ${i + 1} value`}
                value={t.value}
                inputMode="decimal"
                size={8}
                onChange={(e) => setThresholds(thresholds.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
              />
              <select
                aria-label={`Threshold ${i + 1} colour`}
                value={t.color}
                onChange={(e) => setThresholds(thresholds.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)))}
              >
                {!Object.hasOwn(PALETTE, t.color) && <option value={t.color}>{t.color}</option>}
                {Object.keys(PALETTE).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <span className="dash-swatch" style={{ background: cssColor(t.color) }} />
              <button type="button" className="link-button" onClick={() => setThresholds(thresholds.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setThresholds([...thresholds, { value: '80', color: 'red' }])} data-testid="add-threshold">
            Add threshold
          </button>
        </fieldset>
        {formError && (
          <p className="dash-form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dash-row dash-dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="panel-apply">
            Apply
          </button>
        </div>
      </form>
    </dialog>
  );
}
