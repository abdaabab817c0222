/**
 * Queries are built once as fragments and rendered to each dialect, so every dialect difference
 * lives in one node's two renderings (see dialect-nodes.ts), never in text rewriting.
 */
export type Dialect = 'tidemark' | 'duckdb';

export interface Fragment {
  render(dialect: Dialect): string;
}

export type Part = Fragment | string | number;

export function renderPart(part: Part, dialect: Dialect): string {
  return typeof part === 'string' || typeof part === 'number' ? String(part) : part.render(dialect);
}

/** A fragment that renders the same text in both dialects (once its parts are rendered). */
export function sql(strings: TemplateStringsArray, ...parts: Part[]): Fragment {
  return {
    render(dialect) {
      let out = strings[0] ?? '';
      for (let i = 0; i < parts.length; i++) out += renderPart(parts[i] as Part, dialect) + (strings[i + 1] ?? '');
      return out;
    },
  };
}

/** A fragment with a different rendering per dialect. */
export function dialects(tidemark: () => string, duckdb: () => string): Fragment {
  return { render: (dialect) => (dialect === 'tidemark' ? tidemark() : duckdb()) };
}

export function join(parts: readonly Part[], separator: string): Fragment {
  return { render: (dialect) => parts.map((p) => renderPart(p, dialect)).join(separator) };
}

/** A string literal, quotes doubled. */
export function str(value: string): Fragment {
  const text = `'${value.replaceAll("'", "''")}'`;
  return { render: () => text };
}
