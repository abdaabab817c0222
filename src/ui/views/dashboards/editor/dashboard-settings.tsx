import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Dashboard, Variable } from '../model/types.ts';
import { checkDashboard, describeIssues } from '../model/validate.ts';

interface VariableDraft {
  name: string;
  label: string;
  kind: 'query' | 'custom';
  sql: string;
  values: string;
  multi: boolean;
  current: readonly string[];
}

function toDraft(v: Variable): VariableDraft {
  return {
    name: v.name,
    label: v.label,
    kind: v.source.kind,
    sql: v.source.kind === 'query' ? v.source.sql : '',
    values: v.source.kind === 'custom' ? v.source.values.join(', ') : '',
    multi: v.multi,
    current: v.current,
  };
}

function fromDraft(d: VariableDraft): Variable {
  const values = d.values
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    name: d.name.trim(),
    label: d.label.trim() || d.name.trim(),
    source: d.kind === 'query' ? { kind: 'query', sql: d.sql } : { kind: 'custom', values },
    multi: d.multi,
    current: d.multi ? d.current : d.current.slice(0, 1),
  };
}

/** The dashboard's title and variables. The result is validated as a whole; problems are named by field. */
export function DashboardSettings({
  dashboard,
  onApply,
  onClose,
}: {
  dashboard: Dashboard;
  onApply: (d: Dashboard) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [title, setTitle] = useState(dashboard.title);
  const [drafts, setDrafts] = useState<VariableDraft[]>(() => dashboard.variables.map(toDraft));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const set = (i: number, patch: Partial<VariableDraft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next: Dashboard = { ...dashboard, title: title.trim(), variables: drafts.map(fromDraft) };
    const checked = checkDashboard(next);
    if (!checked.ok) {
      setError(describeIssues(checked.issues));
      return;
    }
    onApply(checked.dashboard);
  };

  return (
    <dialog ref={dialog} className="dash-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="dashboard-settings-dialog">
      <form onSubmit={apply}>
        <h2 id={`${id}-title`}>Dashboard settings</h2>
        <label htmlFor={`${id}-name`}>Title</label>
        <input
          id={`${id}-name`}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          data-testid="dashboard-title-input"
        />
        <h3>Variables</h3>
        <p className="dash-panel-note">
          Use a variable in a query as $name. Several chosen values become 'a', 'b' — write <code>IN ($name)</code>.
        </p>
        {drafts.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drafts are edited in place by position
          <fieldset key={i} className="dash-variable-draft">
            <legend>Variable {i + 1}</legend>
            <div className="dash-row">
              <label>
                Name{' '}
                <input value={d.name} onChange={(e) => set(i, { name: e.target.value })} size={12} data-testid={`variable-name-${i}`} />
              </label>
              <label>
                Label <input value={d.label} onChange={(e) => set(i, { label: e.target.value })} size={12} />
              </label>
              <label>
                <input type="checkbox" checked={d.multi} onChange={(e) => set(i, { multi: e.target.checked })} /> Several values
              </label>
              <select
                value={d.kind}
                onChange={(e) => set(i, { kind: e.target.value as 'query' | 'custom' })}
                aria-label={`Variable ${i + 1} source`}
              >
                <option value="query">Values from a query</option>
                <option value="custom">Fixed values</option>
              </select>
              <button type="button" className="link-button" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
            {d.kind === 'query' ? (
              <textarea
                className="dash-sql"
                rows={2}
                value={d.sql}
                spellCheck={false}
                aria-label={`Variable ${i + 1} query (its first column gives the values)`}
                onChange={(e) => set(i, { sql: e.target.value })}
                data-testid={`variable-sql-${i}`}
              />
            ) : (
              <input
                value={d.values}
                aria-label={`Variable ${i + 1} values, comma-separated`}
                onChange={(e) => set(i, { values: e.target.value })}
                size={50}
              />
            )}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            setDrafts([
              ...drafts,
              { name: `var${drafts.length + 1}`, label: '', kind: 'query', sql: '', values: '', multi: false, current: [] },
            ])
          }
          data-testid="add-variable"
        >
          Add variable
        </button>
        {error && (
          <p className="dash-form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dash-row dash-dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="settings-apply">
            Apply
          </button>
        </div>
      </form>
    </dialog>
  );
}
