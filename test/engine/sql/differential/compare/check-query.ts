import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlCatalog } from '../../../../../src/engine/sql/catalog.ts';
import { runSql } from '../../../../../src/engine/sql/run-sql.ts';
import type { GeneratedQuery } from '../queries/query-context.ts';
import { normalizeDuckdb, normalizeTidemark } from './cells.ts';
import { compareResults } from './compare-results.ts';

export interface Engines {
  readonly catalog: SqlCatalog;
  readonly duckdb: DuckDBConnection;
  /** The query's fixed "now", in ns; DuckDB's rendering carries it as literals. */
  readonly nowNs: bigint;
}

/**
 * Runs one generated query on both engines and throws, with both SQL texts and the row diff, when
 * they disagree. Returns the number of rows compared.
 */
export async function checkQuery(engines: Engines, query: GeneratedQuery): Promise<number> {
  const tidemarkSql = query.sql.render('tidemark');
  const duckdbSql = query.sql.render('duckdb');
  const texts = `\n-- Tidemark:\n${tidemarkSql}\n-- DuckDB:\n${duckdbSql}\n`;
  let duckdb: ReturnType<typeof normalizeDuckdb>;
  try {
    duckdb = normalizeDuckdb(await engines.duckdb.runAndReadAll(duckdbSql));
  } catch (error) {
    throw new Error(`DuckDB failed (a translation bug): ${String(error)}${texts}`);
  }
  let tidemark: ReturnType<typeof normalizeTidemark>;
  try {
    tidemark = normalizeTidemark(await runSql(engines.catalog, tidemarkSql, { now: engines.nowNs }));
  } catch (error) {
    throw new Error(`Tidemark failed: ${String(error)}${texts}`);
  }
  const difference = compareResults(tidemark, duckdb, query.ordered);
  if (difference !== null) throw new Error(`${difference}${texts}`);
  return duckdb.rows.length;
}
