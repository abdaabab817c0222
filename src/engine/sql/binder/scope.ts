import type { PlanColumn } from '../plan/plan-nodes.ts';

/**
 * The columns visible where an expression is bound: the current relation's output, and the
 * enclosing queries' (for correlated subqueries) through `parent`.
 */
export class Scope {
  /**
   * How many times a name was resolved here from a nested subquery. A subquery is correlated
   * when binding it raised this count on its enclosing scopes.
   */
  referencesFromSubqueries = 0;

  constructor(
    readonly columns: readonly PlanColumn[],
    readonly parent: Scope | null = null,
  ) {}

  /**
   * Finds the columns named `name`, optionally under `qualifier`. Quoted names match exactly;
   * bare names match exactly first, and case-insensitively when nothing matches exactly.
   */
  find(name: string, quoted: boolean, qualifier?: { name: string; quoted: boolean }): number[] {
    // Exact names first; only when none matches are names compared ignoring case (the same answer as
    // collecting both at once, with less work for the usual exact name).
    const exact: number[] = [];
    const columns = this.columns;
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as PlanColumn;
      if (column.name === name && this.visible(column, qualifier)) exact.push(index);
    }
    if (exact.length > 0 || quoted) return exact;
    const loose: number[] = [];
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as PlanColumn;
      if (equalsIgnoringCase(column.name, name) && this.visible(column, qualifier)) loose.push(index);
    }
    return loose;
  }

  /** Whether a column can be found here at all, under `qualifier` when one is written. */
  private visible(column: PlanColumn, qualifier: { name: string; quoted: boolean } | undefined): boolean {
    if (column.hidden) return false;
    if (qualifier === undefined) return !column.qualifiedOnly;
    return column.qualifier !== undefined && namesMatch(column.qualifier, qualifier.name, qualifier.quoted);
  }

  /** The number of references from subqueries into this scope and every scope enclosing it. */
  referencesIntoChain(): number {
    let total = 0;
    for (let s: Scope | null = this; s; s = s.parent) total += s.referencesFromSubqueries;
    return total;
  }

  /** Whether any visible column carries this qualifier. */
  hasQualifier(name: string, quoted: boolean): boolean {
    return this.columns.some((c) => !c.hidden && c.qualifier !== undefined && namesMatch(c.qualifier, name, quoted));
  }
}

export function namesMatch(actual: string, written: string, quoted: boolean): boolean {
  return actual === written || (!quoted && equalsIgnoringCase(actual, written));
}

/**
 * `a.toLowerCase() === b.toLowerCase()`, without making the two lower-case strings for ASCII names
 * (names are looked up against every column in scope, so this runs often). Lower-casing ASCII keeps
 * each character in its place, so up to the first non-ASCII character the strings can be compared
 * character by character; from there (lower-casing can change a string's length) it falls back.
 */
export function equalsIgnoringCase(a: string, b: string): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 128 || y >= 128) return a.toLowerCase() === b.toLowerCase();
    if (x !== y && asciiLower(x) !== asciiLower(y)) return false;
  }
  if (a.length === b.length) return true;
  // One is a prefix of the other (ignoring case); the longer one's rest decides only if it is not ASCII.
  const longer = a.length > b.length ? a : b;
  for (let i = length; i < longer.length; i++) if (longer.charCodeAt(i) >= 128) return a.toLowerCase() === b.toLowerCase();
  return false;
}

function asciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
