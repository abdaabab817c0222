/**
 * What the editor should complete at the cursor, decided from the text before it: a database
 * after FROM/JOIN, a table after `"db".`, a measure name inside `measure_name = '…`, nothing
 * inside other strings, else columns, functions and keywords.
 */
export type CompletionPlace =
  | { readonly kind: 'database'; readonly prefix: string }
  | { readonly kind: 'table'; readonly database: string; readonly prefix: string }
  | { readonly kind: 'measure'; readonly prefix: string }
  | { readonly kind: 'column'; readonly prefix: string }
  | { readonly kind: 'none' };

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w]*)`;
const TABLE_AFTER_DB = new RegExp(String.raw`\b(?:FROM|JOIN)\s+(${IDENT})\.("(?:[^"]|"")*|[\w]*)$`, 'i');
const DATABASE_AFTER_FROM = /\b(?:FROM|JOIN)\s+("(?:[^"]|"")*|[\w]*)$/i;
const MEASURE_VALUE = /\bmeasure_name\s*(?:=|<>|!=|\bLIKE|\bIN\s*\((?:\s*'[^']*'\s*,)*)\s*'([^']*)$/i;
const REFERENCED_TABLE = new RegExp(String.raw`\b(?:FROM|JOIN)\s+(${IDENT})\.(${IDENT})`, 'gi');

/** An identifier as written in SQL, without its quotes. */
export function unquote(identifier: string): string {
  return identifier.startsWith('"')
    ? identifier.slice(1, identifier.endsWith('"') && identifier.length > 1 ? -1 : undefined).replaceAll('""', '"')
    : identifier;
}

/** True when the cursor is inside a single-quoted string (quotes counted, '' escapes pair up). */
function insideString(before: string): boolean {
  let inside = false;
  let inComment = false;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (inComment) {
      if (ch === '\n') inComment = false;
      continue;
    }
    if (!inside && ch === '-' && before[i + 1] === '-') inComment = true;
    else if (ch === "'") inside = !inside;
  }
  return inside;
}

export function completionPlace(before: string): CompletionPlace {
  const measure = MEASURE_VALUE.exec(before);
  if (measure) return { kind: 'measure', prefix: measure[1]! };
  if (insideString(before)) return { kind: 'none' };
  const table = TABLE_AFTER_DB.exec(before);
  if (table) return { kind: 'table', database: unquote(table[1]!), prefix: table[2]! };
  const database = DATABASE_AFTER_FROM.exec(before);
  if (database) return { kind: 'database', prefix: database[1]! };
  const word = /[\w$:]*$/.exec(before)![0];
  return { kind: 'column', prefix: word };
}

/** The `"db"."table"` pairs a query reads (FROM and JOIN), in order, without duplicates. */
export function referencedTables(sql: string): { database: string; table: string }[] {
  const out: { database: string; table: string }[] = [];
  const seen = new Set<string>();
  for (const m of sql.matchAll(REFERENCED_TABLE)) {
    const database = unquote(m[1]!);
    const table = unquote(m[2]!);
    const key = `${database}\u0000${table}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ database, table });
    }
  }
  return out;
}

/** An identifier quoted when it must be (anything but a lower-case word). */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
