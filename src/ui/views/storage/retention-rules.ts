/** Timestream's retention ranges (RetentionProperties): what the retention editor accepts before asking the engine. */
export const MEMORY_HOURS = { min: 1, max: 8766 } as const;
export const MAGNETIC_DAYS = { min: 1, max: 73_000 } as const;

/** Why a retention field's text is refused, or undefined when it is a whole number in range. */
export function retentionProblem(text: string, range: { readonly min: number; readonly max: number }, unit: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter a number of ${unit}.`;
  if (!/^\d+$/.test(trimmed)) return `Enter a whole number of ${unit} (got "${trimmed}").`;
  const value = Number(trimmed);
  if (value < range.min || value > range.max) return `Must be between ${range.min} and ${range.max.toLocaleString('en-US')} ${unit}.`;
  return undefined;
}

/** A dimension filter typed as `name=value` lines (a name repeated means any of its values), or the line that is wrong. */
export function parseDimensionFilter(text: string): { dimensions: Record<string, string | string[]> } | { problem: string } {
  const dimensions: Record<string, string | string[]> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { problem: `Line ${i + 1}: write name=value (got "${line}").` };
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const previous = dimensions[name];
    dimensions[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { dimensions };
}

/** A `datetime-local` value read as UTC, in ms; undefined when empty, NaN when not a time. */
export function utcInputMs(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  return Date.parse(`${value}${value.length === 16 ? ':00' : ''}Z`);
}
