/**
 * A deep copy of a syntax tree without its `span` properties: two trees compare equal with this
 * when they mean the same SQL, wherever their text was. Used by round-trip tests and to compare
 * a query with a rewritten one.
 */
export function stripSpans<T>(node: T): T {
  return strip(node) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'span') copy[key] = strip(inner);
  }
  return copy;
}
