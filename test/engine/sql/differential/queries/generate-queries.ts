import { Random } from '../random.ts';
import { expressionFuzz } from './expression-fuzz.ts';
import type { GeneratedQuery, QueryContext, QueryTemplate } from './query-context.ts';
import * as aggregate from './templates-aggregate.ts';
import * as edges from './templates-edges.ts';
import * as frames from './templates-frames.ts';
import * as library from './templates-library.ts';
import { pushdownPredicates } from './templates-pushdown.ts';
import * as relational from './templates-relational.ts';
import * as scalar from './templates-scalar.ts';
import * as select from './templates-select.ts';
import * as tsbs from './templates-tsbs.ts';
import * as window from './templates-window.ts';

export const TEMPLATES: readonly QueryTemplate[] = [
  select.filterProject,
  select.valuePredicates,
  select.distinctDimensions,
  select.devopsNullOrdering,
  select.booleanLogic,
  select.betweenTimestamps,
  aggregate.groupByDimensions,
  aggregate.groupByBin,
  aggregate.seriesBins,
  aggregate.devopsMultiAggregates,
  aggregate.minMaxBy,
  aggregate.having,
  aggregate.topN,
  aggregate.countDistinct,
  aggregate.groupingSets,
  aggregate.singleMeasureTypes,
  scalar.conditionals,
  scalar.multiNulls,
  scalar.casts,
  scalar.timeFunctions,
  relational.selfJoin,
  relational.joinUsing,
  relational.dimensionTableJoin,
  relational.crossJoin,
  relational.scalarSubquery,
  relational.inSubquery,
  relational.existsCorrelated,
  relational.derivedTable,
  relational.commonTableExpression,
  relational.setOperation,
  window.ranking,
  window.neighbours,
  window.ignoreNullsValues,
  window.frames,
  window.windowOverAggregate,
  edges.emptyAggregates,
  edges.nullJoinKeys,
  edges.setOperationNulls,
  edges.unionCoercion,
  edges.inListNulls,
  edges.nonEquiJoin,
  edges.groupByExpression,
  edges.doubleArithmetic,
  edges.orderByHidden,
  edges.emptySubqueries,
  edges.distinctAggregateOrder,
  edges.nestedDerived,
  edges.dates,
  edges.selectStar,
  edges.outerJoinResiduals,
  expressionFuzz,
  expressionFuzz,
  expressionFuzz,
  frames.timeRangeFrames,
  frames.rowsFrames,
  frames.numericRangeFrames,
  frames.nullOrderKeys,
  frames.peersDefaultFrame,
  pushdownPredicates,
  pushdownPredicates,
  pushdownPredicates,
  tsbs.singleGroupby,
  tsbs.cpuMaxAll,
  tsbs.doubleGroupby,
  tsbs.highCpu,
  tsbs.groupbyOrderbyLimit,
  tsbs.lastpoint,
  library.stringFunctions,
  library.mathFunctions,
  library.regexFunctions,
  library.statisticalAggregates,
  library.distributionWindows,
  library.dateFields,
];

/**
 * `count` queries, the templates taken in turn so each appears count / TEMPLATES.length times;
 * query i draws from its own seed (seed + i), so one query can be regenerated alone.
 */
export function generateQueries(
  base: Omit<QueryContext, 'random'>,
  seed: number,
  count: number,
): (GeneratedQuery & { readonly seed: number })[] {
  const queries: (GeneratedQuery & { readonly seed: number })[] = [];
  for (let i = 0; i < count; i++) {
    const template = TEMPLATES[i % TEMPLATES.length] as QueryTemplate;
    const querySeed = seed + i;
    queries.push({ ...template({ ...base, random: new Random(querySeed) }), seed: querySeed });
  }
  return queries;
}
