/** Conversions between epoch milliseconds and the value of an <input type="datetime-local"> (local time, to the second). */
export function toLocalInputValue(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** NaN when the text is not a complete local date-time. */
export function fromLocalInputValue(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((ms ?? '0').padEnd(3, '0')));
  // Reject dates the Date constructor rolled over (e.g. 2024-02-31).
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return Number.NaN;
  return date.getTime();
}
