import { approxDistinctAggregate, approxPercentileFullAggregate } from './aggregate-approx.ts';
import { avgAggregate, countAggregate, maxAggregate, minAggregate, stddevAggregate, sumAggregate } from './aggregate-basic.ts';
import {
  arbitraryAggregate,
  arrayAggAggregate,
  boolAndAggregate,
  boolOrAggregate,
  countIfAggregate,
  everyAggregate,
  histogramAggregate,
  mapAggAggregate,
  maxByWithCountAggregate,
  minByWithCountAggregate,
} from './aggregate-collections.ts';
import {
  corrAggregate,
  covarPopAggregate,
  covarSampAggregate,
  geometricMeanAggregate,
  kurtosisAggregate,
  regrInterceptAggregate,
  regrSlopeAggregate,
  skewnessAggregate,
  stddevPopAggregate,
  stddevSampAggregate,
  varianceAggregate,
  varPopAggregate,
  varSampAggregate,
} from './aggregate-statistics.ts';
import { nullifFunction } from './conditional.ts';
import type { SqlFunction } from './function-types.ts';
import { filterFunction, reduceFunction, transformFunction } from './lambda-collections.ts';
import { absFunction, roundFunction } from './math.ts';
import {
  agoFunction,
  binFunction,
  currentTimestampScalar,
  dateTruncFunction,
  fromMillisecondsFunction,
  nowScalar,
  toMillisecondsFunction,
} from './time-core.ts';
import { cumeDistWindow, nthValueWindow, ntileWindow, percentRankWindow } from './window-distribution.ts';
import { denseRankWindow, rankWindow, rowNumberWindow } from './window-ranking.ts';
import { firstValueWindow, lagWindow, lastValueWindow, leadWindow } from './window-value.ts';

/**
 * Every function callable by name from SQL. Each family lives in its own file and is listed
 * here; a later family adds its file and its names, nothing else.
 */
const FUNCTIONS: readonly SqlFunction[] = [
  // time
  binFunction,
  agoFunction,
  nowScalar,
  currentTimestampScalar,
  dateTruncFunction,
  fromMillisecondsFunction,
  toMillisecondsFunction,
  // math and conditional
  absFunction,
  roundFunction,
  nullifFunction,
  // lambdas over arrays and timeseries
  filterFunction,
  transformFunction,
  reduceFunction,
  // aggregates
  countAggregate,
  sumAggregate,
  avgAggregate,
  minAggregate,
  maxAggregate,
  stddevAggregate,
  // aggregates: collections and tests (min_by/max_by here also take the basic two-argument form)
  countIfAggregate,
  arbitraryAggregate,
  arrayAggAggregate,
  boolAndAggregate,
  boolOrAggregate,
  everyAggregate,
  histogramAggregate,
  mapAggAggregate,
  minByWithCountAggregate,
  maxByWithCountAggregate,
  // aggregates: statistics
  varianceAggregate,
  varSampAggregate,
  varPopAggregate,
  stddevSampAggregate,
  stddevPopAggregate,
  geometricMeanAggregate,
  corrAggregate,
  covarPopAggregate,
  covarSampAggregate,
  regrSlopeAggregate,
  regrInterceptAggregate,
  skewnessAggregate,
  kurtosisAggregate,
  // aggregates: approximate (answered exactly; approx_percentile here also takes the basic (x, p) form)
  approxDistinctAggregate,
  approxPercentileFullAggregate,
  // windows
  rowNumberWindow,
  rankWindow,
  denseRankWindow,
  lagWindow,
  leadWindow,
  firstValueWindow,
  lastValueWindow,
  // windows: distribution and nth_value
  percentRankWindow,
  cumeDistWindow,
  ntileWindow,
  nthValueWindow,
];

const BY_NAME = new Map<string, SqlFunction>(FUNCTIONS.map((f) => [f.name, f]));

/** Names that are special forms in the binder (lazy evaluation) but read like functions. */
export const SPECIAL_FORM_NAMES: readonly string[] = ['if', 'coalesce', 'try'];

/** Looks a function up by its SQL name (case-insensitive). */
export function lookupFunction(name: string): SqlFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Every registered function, for completion in the editor and for documentation. */
export function listFunctions(): readonly SqlFunction[] {
  return FUNCTIONS;
}
