import { useId } from 'react';
import { isRefreshEvery, REFRESH_CHOICES, type RefreshEvery } from './model.ts';

/** Auto-refresh interval: off, 1s, 5s, 10s, 30s or 1m. */
export function RefreshPicker({ value, onChange }: { value: RefreshEvery; onChange: (every: RefreshEvery) => void }) {
  const id = useId();
  return (
    <span className="refresh-picker">
      <label htmlFor={id}>Refresh</label>
      <select
        id={id}
        value={value}
        data-testid="refresh-picker"
        onChange={(event) => {
          const next = event.target.value;
          if (isRefreshEvery(next)) onChange(next);
        }}
      >
        {REFRESH_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 'off' ? 'Off' : `Every ${choice}`}
          </option>
        ))}
      </select>
    </span>
  );
}
