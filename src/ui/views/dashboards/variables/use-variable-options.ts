import { useEffect, useMemo, useState } from 'react';
import { type TidemarkClient, TidemarkError } from '../../../../client/index.ts';
import type { ResolvedTimeRange } from '../../../time-range/index.ts';
import type { Variable } from '../model/types.ts';
import { effectiveValues, substituteVariables } from '../model/variables.ts';
import { cellText } from '../panels/result-values.ts';

export interface VariableOptions {
  /** null while loading. */
  readonly options: readonly string[] | null;
  readonly error: TidemarkError | null;
}

/** Options shown for a variable at most (a drop-down of 100,000 hosts helps nobody). */
export const MAX_VARIABLE_OPTIONS = 1000;

/**
 * Loads each variable's options, in order, so a variable's query may use the ones before it
 * (`SELECT DISTINCT silo FROM t WHERE region = $region`). Query variables take the distinct
 * values of their result's first column. Re-runs when a definition, an earlier choice or the
 * time range changes, not on refresh ticks.
 */
export function useVariableOptions(
  client: TidemarkClient,
  variables: readonly Variable[],
  range: ResolvedTimeRange,
  rangeKey: string,
): ReadonlyMap<string, VariableOptions> {
  const [state, setState] = useState<ReadonlyMap<string, VariableOptions>>(new Map());
  const definitions = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the definitions' JSON and the range key, not on identities
  const request = useMemo(() => ({ variables, range }), [definitions, rangeKey]);

  useEffect(() => {
    const controller = new AbortController();
    const { variables: vars, range: r } = request;
    (async () => {
      const values = new Map<string, readonly string[]>();
      const next = new Map<string, VariableOptions>();
      for (const v of vars) {
        let entry: VariableOptions;
        if (v.source.kind === 'custom') entry = { options: v.source.values, error: null };
        else {
          try {
            const result = await client.call(
              'db.query',
              { sql: substituteVariables(v.source.sql, values), range: { fromMs: r.fromMs, toMs: r.toMs } },
              { signal: controller.signal },
            );
            const first = result.columns[0];
            const seen = new Set<string>();
            if (first) for (let row = 0; row < result.rowCount && seen.size < MAX_VARIABLE_OPTIONS; row++) seen.add(cellText(first, row));
            entry = { options: [...seen], error: null };
          } catch (error) {
            if (controller.signal.aborted) return;
            entry = { options: [], error: TidemarkError.from(error) };
          }
        }
        next.set(v.name, entry);
        values.set(v.name, effectiveValues(v, entry.options ?? undefined));
        if (!controller.signal.aborted) setState(new Map(next));
      }
      if (!controller.signal.aborted) setState(next);
    })();
    return () => controller.abort(new TidemarkError('ABORTED', 'The variables changed.'));
  }, [client, request]);

  return state;
}

/** Each variable's values as substituted into the panels' queries. */
export function variableValues(
  variables: readonly Variable[],
  options: ReadonlyMap<string, VariableOptions>,
): Map<string, readonly string[]> {
  return new Map(variables.map((v) => [v.name, effectiveValues(v, options.get(v.name)?.options ?? undefined)]));
}
