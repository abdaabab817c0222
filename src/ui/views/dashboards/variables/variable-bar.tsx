import { useEffect, useId, useRef } from 'react';
import type { Variable } from '../model/types.ts';
import { effectiveValues } from '../model/variables.ts';
import type { VariableOptions } from './use-variable-options.ts';

/** The dashboard's variables as drop-downs (a list of checkboxes for multi-value ones). */
export function VariableBar({
  variables,
  options,
  onChange,
}: {
  variables: readonly Variable[];
  options: ReadonlyMap<string, VariableOptions>;
  onChange: (name: string, values: string[]) => void;
}) {
  if (variables.length === 0) return null;
  return (
    <div className="dash-variables" data-testid="variable-bar">
      {variables.map((v) => (
        <VariablePicker key={v.name} variable={v} state={options.get(v.name)} onChange={(values) => onChange(v.name, values)} />
      ))}
    </div>
  );
}

function VariablePicker({
  variable,
  state,
  onChange,
}: {
  variable: Variable;
  state: VariableOptions | undefined;
  onChange: (values: string[]) => void;
}) {
  const id = useId();
  const details = useRef<HTMLDetailsElement>(null);
  // The multi-value list closes on a press outside it or on Escape, like a drop-down.
  useEffect(() => {
    const close = (event: Event) => {
      const el = details.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !el.contains(event.target as Node)) el.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const opts = state?.options ?? null;
  const chosen = effectiveValues(variable, opts ?? undefined);
  if (state?.error) {
    return (
      <span className="dash-variable dash-variable-error" role="alert">
        <span>{variable.label}</span> <span title={state.error.message}>could not load: {state.error.message}</span>
      </span>
    );
  }
  if (!variable.multi) {
    return (
      <span className="dash-variable">
        <label htmlFor={id}>{variable.label}</label>
        <select
          id={id}
          data-testid={`variable-${variable.name}`}
          value={chosen[0] ?? ''}
          disabled={opts === null}
          onChange={(e) => onChange([e.target.value])}
        >
          {opts === null && <option value="">Loading…</option>}
          {opts?.length === 0 && <option value="">No values</option>}
          {opts?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </span>
    );
  }
  const summary =
    opts === null ? 'Loading…' : chosen.length === 0 ? 'None' : chosen.length <= 2 ? chosen.join(', ') : `${chosen.length} selected`;
  return (
    <details ref={details} className="dash-variable dash-variable-multi" data-testid={`variable-${variable.name}`}>
      <summary>
        {variable.label}: <strong>{summary}</strong>
      </summary>
      <fieldset>
        <legend className="sr-only">{variable.label}</legend>
        <div className="dash-variable-actions">
          <button type="button" className="link-button" onClick={() => onChange([...(opts ?? [])])}>
            All
          </button>
          <button type="button" className="link-button" onClick={() => onChange(opts?.slice(0, 1) ?? [])}>
            First only
          </button>
        </div>
        {opts?.map((o) => (
          <label key={o} className="dash-variable-option">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {o}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
