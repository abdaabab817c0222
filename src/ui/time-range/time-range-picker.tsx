import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { fromLocalInputValue, toLocalInputValue } from './local-input.ts';
import { absoluteRange, describeTimeRange, RELATIVE_RANGES, relativeLabel, resolveTimeRange, type TimeRange } from './model.ts';
import './time-range.css';

/**
 * Grafana-style time picker: a button showing the range that opens a panel with the relative
 * ranges and absolute from/to fields. Keyboard: Tab through, Enter applies, Escape closes.
 */
export function TimeRangePicker({
  value,
  onChange,
  now = Date.now,
}: {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
  now?: () => number;
}) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const resolved = resolveTimeRange(value, now());
    setFrom(toLocalInputValue(resolved.fromMs));
    setTo(toLocalInputValue(resolved.toMs));
    setError(null);
    panel.current?.querySelector<HTMLElement>('[aria-pressed="true"], button')?.focus();
    const onDocPointer = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDocPointer);
    return () => document.removeEventListener('pointerdown', onDocPointer);
  }, [open, value, now]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (range: TimeRange) => {
    onChange(range);
    close();
  };
  const applyAbsolute = (event: FormEvent) => {
    event.preventDefault();
    const fromMs = fromLocalInputValue(from);
    const toMs = fromLocalInputValue(to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      setError(`${Number.isNaN(fromMs) ? 'From' : 'To'} is not a complete date and time.`);
      return;
    }
    const range = absoluteRange(fromMs, toMs);
    if (!range) {
      setError('From must be before To.');
      return;
    }
    choose(range);
  };

  return (
    <div className="time-range-picker">
      <button
        ref={button}
        type="button"
        className="picker-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        data-testid="time-range-button"
        title="Time range"
        onClick={() => setOpen((o) => !o)}
      >
        {describeTimeRange(value)}
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="picker-panel"
          role="dialog"
          aria-label="Choose a time range"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          <fieldset className="picker-relative">
            <legend>Relative</legend>
            {RELATIVE_RANGES.map((last) => (
              <button
                key={last}
                type="button"
                aria-pressed={value.kind === 'relative' && value.last === last}
                data-testid={`time-range-${last}`}
                onClick={() => choose({ kind: 'relative', last })}
              >
                {relativeLabel(last)}
              </button>
            ))}
          </fieldset>
          <form className="picker-absolute" onSubmit={applyAbsolute} noValidate>
            <fieldset>
              <legend>Absolute</legend>
              <label>
                From
                <input
                  type="datetime-local"
                  step="1"
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  data-testid="time-range-from"
                />
              </label>
              <label>
                To
                <input type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} data-testid="time-range-to" />
              </label>
              {error && (
                <p className="picker-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" data-testid="time-range-apply">
                Apply time range
              </button>
            </fieldset>
          </form>
        </div>
      )}
    </div>
  );
}
