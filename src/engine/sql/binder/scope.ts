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
    const qualifierMatches = (column: PlanColumn) =>
      qualifier === undefined || (column.qualifier !== undefined && namesMatch(column.qualifier, qualifier.name, qualifier.quoted));
    const exact: number[] = [];
    const loose: number[] = [];
    this.columns.forEach((column, index) => {
      if (column.hidden || !qualifierMatches(column)) return;
      if (column.qualifiedOnly && qualifier === undefined) return;
      if (column.name === name) exact.push(index);
      else if (!quoted && column.name.toLowerCase() === name.toLowerCase()) loose.push(index);
    });
    return exact.length > 0 ? exact : loose;
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
  return actual === written || (!quoted && actual.toLowerCase() === written.toLowerCase());
}
