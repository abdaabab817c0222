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
import {
  arrayDistinctFunction,
  arrayExceptFunction,
  arrayIntersectFunction,
  arrayJoinFunction,
  arrayMaxFunction,
  arrayMinFunction,
  arrayPositionFunction,
  arrayRemoveFunction,
  arraySortFunction,
  arraysOverlapFunction,
  arrayUnionFunction,
  cardinalityFunction,
  elementAtFunction,
  repeatFunction,
  shuffleFunction,
  sliceFunction,
  zipFunction,
} from './array-basic.ts';
import { bitCountFunction, bitwiseAndFunction, bitwiseNotFunction, bitwiseOrFunction, bitwiseXorFunction } from './bitwise.ts';
import { nullifFunction } from './conditional.ts';
import { typeofFunction } from './conversion.ts';
import type { SqlFunction } from './function-types.ts';
import { filterFunction, reduceFunction, transformFunction } from './lambda-collections.ts';
import { mapFunction, mapKeysFunction, mapValuesFunction } from './map.ts';
import { absFunction, roundFunction } from './math.ts';
import {
  acosFunction,
  asinFunction,
  atan2Function,
  atanFunction,
  cbrtFunction,
  ceilFunction,
  ceilingFunction,
  cosFunction,
  coshFunction,
  degreesFunction,
  eFunction,
  expFunction,
  floorFunction,
  fromBaseFunction,
  infinityFunction,
  isFiniteFunction,
  isInfiniteFunction,
  isNanFunction,
  lnFunction,
  log2Function,
  log10Function,
  logFunction,
  modFunction,
  nanFunction,
  piFunction,
  powerFunction,
  powFunction,
  radiansFunction,
  randFunction,
  randomScalar,
  signFunction,
  sinFunction,
  sqrtFunction,
  tanFunction,
  tanhFunction,
  toBaseFunction,
  truncateFunction,
  widthBucketFunction,
} from './math-extra.ts';
import { sequenceFunction } from './sequence.ts';
import {
  chrFunction,
  codepointFunction,
  concatFunction,
  hammingDistanceFunction,
  lengthFunction,
  levenshteinDistanceFunction,
  lowerFunction,
  lpadFunction,
  ltrimFunction,
  positionFunction,
  replaceFunction,
  reverseFunction,
  rpadFunction,
  rtrimFunction,
  splitFunction,
  splitPartFunction,
  startsWithFunction,
  strposFunction,
  substrFunction,
  substringScalar,
  trimFunction,
  upperFunction,
} from './string-basic.ts';
import {
  fromIso8601DateFunction,
  fromIso8601TimestampFunction,
  fromNanosecondsFunction,
  fromUnixtimeFunction,
  toIso8601Function,
  toNanosecondsFunction,
  toUnixtimeFunction,
} from './time-convert.ts';
import {
  agoFunction,
  binFunction,
  currentTimestampScalar,
  dateTruncFunction,
  fromMillisecondsFunction,
  nowScalar,
  toMillisecondsFunction,
} from './time-core.ts';
import {
  currentDateFunction,
  currentTimeFunction,
  currentTimezoneFunction,
  dateAddFunction,
  dateDiffFunction,
  dateFunction,
  fieldFunctions,
  lastDayOfMonthFunction,
} from './time-fields.ts';
import { correlatePearsonFunction, correlateSpearmanFunction } from './timeseries-correlate.ts';
import { createTimeSeriesAggregate } from './timeseries-create.ts';
import { derivativeLinearFunction, integralTrapezoidalFunction, nonNegativeDerivativeLinearFunction } from './timeseries-derivative.ts';
import {
  interpolateFillFunction,
  interpolateLinearFunction,
  interpolateLocfFunction,
  interpolateSplineCubicFunction,
} from './timeseries-interpolate.ts';
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
  // date and time: field extractors (EXTRACT binds to these), calendar arithmetic, conversions
  ...fieldFunctions,
  dateAddFunction,
  dateDiffFunction,
  lastDayOfMonthFunction,
  currentDateFunction,
  currentTimeFunction,
  currentTimezoneFunction,
  dateFunction,
  fromNanosecondsFunction,
  toNanosecondsFunction,
  fromUnixtimeFunction,
  toUnixtimeFunction,
  fromIso8601TimestampFunction,
  fromIso8601DateFunction,
  toIso8601Function,
  // math and conditional
  absFunction,
  roundFunction,
  nullifFunction,
  // lambdas over arrays and timeseries
  filterFunction,
  transformFunction,
  reduceFunction,
  // time series (Timestream): create_time_series, interpolations, derivatives, integral, correlations, sequence
  createTimeSeriesAggregate,
  interpolateLinearFunction,
  interpolateSplineCubicFunction,
  interpolateLocfFunction,
  interpolateFillFunction,
  derivativeLinearFunction,
  nonNegativeDerivativeLinearFunction,
  integralTrapezoidalFunction,
  correlatePearsonFunction,
  correlateSpearmanFunction,
  sequenceFunction,
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
  // scalar: strings (concat also joins arrays; reverse also reverses arrays)
  concatFunction,
  lengthFunction,
  lowerFunction,
  upperFunction,
  lpadFunction,
  rpadFunction,
  trimFunction,
  ltrimFunction,
  rtrimFunction,
  replaceFunction,
  reverseFunction,
  splitFunction,
  splitPartFunction,
  strposFunction,
  positionFunction,
  substrFunction,
  substringScalar,
  levenshteinDistanceFunction,
  hammingDistanceFunction,
  chrFunction,
  codepointFunction,
  startsWithFunction,
  // scalar: math (Presto's family beyond abs and round)
  ceilingFunction,
  ceilFunction,
  floorFunction,
  truncateFunction,
  signFunction,
  cbrtFunction,
  degreesFunction,
  radiansFunction,
  expFunction,
  lnFunction,
  log2Function,
  log10Function,
  sqrtFunction,
  acosFunction,
  asinFunction,
  atanFunction,
  cosFunction,
  coshFunction,
  sinFunction,
  tanFunction,
  tanhFunction,
  eFunction,
  piFunction,
  infinityFunction,
  nanFunction,
  atan2Function,
  logFunction,
  powFunction,
  powerFunction,
  isFiniteFunction,
  isInfiniteFunction,
  isNanFunction,
  modFunction,
  randFunction,
  randomScalar,
  toBaseFunction,
  fromBaseFunction,
  widthBucketFunction,
  // scalar: arrays (element_at and cardinality also take maps)
  arrayDistinctFunction,
  arrayIntersectFunction,
  arrayUnionFunction,
  arrayExceptFunction,
  arraysOverlapFunction,
  arrayJoinFunction,
  arrayMaxFunction,
  arrayMinFunction,
  arrayPositionFunction,
  arrayRemoveFunction,
  arraySortFunction,
  cardinalityFunction,
  elementAtFunction,
  repeatFunction,
  shuffleFunction,
  sliceFunction,
  zipFunction,
  // scalar: maps
  mapFunction,
  mapKeysFunction,
  mapValuesFunction,
  // scalar: bitwise
  bitCountFunction,
  bitwiseAndFunction,
  bitwiseOrFunction,
  bitwiseXorFunction,
  bitwiseNotFunction,
  // scalar: typeof
  typeofFunction,
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
