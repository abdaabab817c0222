import { describe, expect, it } from 'vitest';
import { QueryBinder } from '../../../../../src/engine/sql/binder/bind-query.ts';
import { emptyScanStatistics } from '../../../../../src/engine/sql/catalog.ts';
import type { ExecutionContext } from '../../../../../src/engine/sql/exec/execution-context.ts';
import { BATCH_SIZE } from '../../../../../src/engine/sql/exec/execution-context.ts';
import { runUnnest } from '../../../../../src/engine/sql/exec/operators/unnest.ts';
import { parseStatement } from '../../../../../src/engine/sql/parser/parse.ts';
import type { PlanNode } from '../../../../../src/engine/sql/plan/plan-nodes.ts';
import { devopsCatalog, NOW } from '../../fixtures/devops.ts';
import { rows } from '../../fixtures/run.ts';

function findUnnest(plan: PlanNode): Extract<PlanNode, { kind: 'Unnest' }> {
  if (plan.kind === 'Unnest') return plan;
  if ('input' in plan) return findUnnest(plan.input as PlanNode);
  throw new Error('no Unnest in the plan');
}

describe('UNNEST', () => {
  it('streams a huge expansion a batch at a time with a checkpoint between batches, so a cancel is seen', async () => {
    // One input batch of 3 rows expanding to 30,000 rows: several output batches.
    const sql = 'SELECT x FROM (VALUES 1, 2, 3) AS v(a) CROSS JOIN UNNEST(sequence(1, 10000)) AS t(x)';
    const catalog = devopsCatalog();
    const statement = parseStatement(sql);
    if (statement.kind !== 'Query') throw new Error('expected a query');
    const plan = new QueryBinder({ catalog, sql, now: NOW }).bindQuery(statement, null);
    const checkpointsBefore: number[] = [];
    let checkpoints = 0;
    const context: ExecutionContext = {
      catalog,
      now: NOW,
      signal: new AbortController().signal,
      outerRows: [],
      subqueryValues: new Map(),
      scanStatistics: emptyScanStatistics(),
      operatorStatistics: new Map(),
      checkpoint: async () => {
        checkpoints++;
      },
    };
    let total = 0;
    for await (const batch of runUnnest(findUnnest(plan), context)) {
      expect(batch.length).toBeLessThanOrEqual(BATCH_SIZE);
      checkpointsBefore.push(checkpoints);
      total += batch.length;
    }
    expect(total).toBe(30_000);
    expect(checkpointsBefore.length).toBeGreaterThanOrEqual(Math.ceil(30_000 / BATCH_SIZE));
    // Every batch after the first was preceded by a checkpoint since the one before it.
    for (let i = 1; i < checkpointsBefore.length; i++) expect(checkpointsBefore[i]!).toBeGreaterThan(checkpointsBefore[i - 1]!);
  });

  it('keeps its results: zip with NULL padding, ordinality, empty arrays dropped', async () => {
    expect(
      await rows(
        'SELECT a, x, y, n FROM (VALUES 1, 2) AS v(a) CROSS JOIN UNNEST(ARRAY[10, 20], ARRAY[7]) WITH ORDINALITY AS t(x, y, n) ORDER BY a, n',
      ),
    ).toEqual([
      ['1', '10', '7', '1'],
      ['1', '20', null, '2'],
      ['2', '10', '7', '1'],
      ['2', '20', null, '2'],
    ]);
    expect(await rows('SELECT count(*) FROM (VALUES 1) AS v(a) CROSS JOIN UNNEST(CAST(ARRAY[] AS array(integer))) AS t(x)')).toEqual([
      ['0'],
    ]);
  });
});
