import { sql } from './fragment.ts';
import type { QueryTemplate } from './query-context.ts';
import { usingJoin } from './templates-relational.ts';

/**
 * Queries where Tidemark is known to differ from Presto (and DuckDB), kept out of the default run
 * until the bug is fixed. DIFF_KNOWN=1 runs them. Each entry says what is wrong and where.
 */
export interface KnownDivergence {
  readonly template: QueryTemplate;
  readonly reason: string;
}

export const KNOWN_DIVERGENCES: readonly KnownDivergence[] = [
  {
    // Presto: an unqualified USING column names the join's merged column (coalesced for FULL JOIN), and
    // SELECT * lists it once. Tidemark's binder (bind-relation.ts, bindJoin) keeps both sides' columns
    // visible, so the bare name is ambiguous and SELECT * shows it twice.
    template: (context) => ({ template: 'join-using-unqualified', sql: usingJoin(context, 10, 'hostname'), ordered: false }),
    reason: "an unqualified USING column is rejected as ambiguous ('Column 'hostname' is ambiguous')",
  },
  {
    // Same cause: SELECT * over a USING join lists the join column once, first (Presto, DuckDB); Tidemark lists both sides' copies.
    template: () => ({
      template: 'join-using-star',
      sql: sql`SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS l(x, y) FULL JOIN (VALUES (1, 'c'), (3, 'd')) AS r(x, z) USING (x)`,
      ordered: false,
    }),
    reason: 'SELECT * over a USING join shows the join column twice (4 columns, not 3)',
  },
];
