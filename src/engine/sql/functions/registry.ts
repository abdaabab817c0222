import {
  approxPercentileAggregate,
  avgAggregate,
  countAggregate,
  maxAggregate,
  maxByAggregate,
  minAggregate,
  minByAggregate,
  stddevAggregate,
  sumAggregate,
} from './aggregate-basic.ts';
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
  minByAggregate,
  maxByAggregate,
  stddevAggregate,
  approxPercentileAggregate,
  // windows
  rowNumberWindow,
  rankWindow,
  denseRankWindow,
  lagWindow,
  leadWindow,
  firstValueWindow,
  lastValueWindow,
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
