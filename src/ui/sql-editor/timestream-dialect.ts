import { SQLDialect } from '@codemirror/lang-sql';

/** Timestream's (Presto's) keywords as the editor colours them. */
const KEYWORDS =
  'select from where group by having order limit offset as on join inner left right full outer cross natural using and or not in is null ' +
  'like escape between case when then else end distinct all any some exists union intersect except with recursive asc desc nulls first ' +
  'last over partition rows range preceding following unbounded current row filter within lateral unnest ordinality true false cast ' +
  'try_cast interval at time zone extract show databases tables measures describe values fetch next only tablesample window';

const TYPES =
  'bigint integer int double real varchar char boolean timestamp date time interval array map row varbinary json timeseries ' +
  'unknown year month day hour minute second to';

/**
 * Functions coloured before the engine's own list arrives (and when it cannot be fetched):
 * the ones a Timestream user types most.
 */
export const COMMON_FUNCTIONS = [
  'ago',
  'bin',
  'now',
  'avg',
  'count',
  'sum',
  'min',
  'max',
  'approx_percentile',
  'from_milliseconds',
  'to_milliseconds',
  'date_trunc',
  'create_time_series',
  'interpolate_linear',
  'derivative_linear',
  'round',
  'coalesce',
  'if',
];

/** Grafana's Timestream macros, which the worker expands from the time picker. */
export const MACROS: readonly { name: string; info: string }[] = [
  { name: '$__timeFilter', info: 'time BETWEEN the picker’s from and to' },
  { name: '$__interval', info: 'a bin width for about one point per pixel, e.g. 30s' },
  { name: '$__interval_ms', info: 'the same interval in milliseconds' },
  { name: '$__timeFrom', info: 'the picker’s from as a timestamp' },
  { name: '$__timeTo', info: 'the picker’s to as a timestamp' },
];

/** The dialect: Presto keywords and types, "quoted" identifiers, `$__macros` as special variables, and these function names. */
export function timestreamDialect(functionNames: readonly string[]): SQLDialect {
  return SQLDialect.define({
    keywords: KEYWORDS,
    types: TYPES,
    builtin: [...new Set([...COMMON_FUNCTIONS, ...functionNames])].join(' '),
    identifierQuotes: '"',
    specialVar: '$',
    operatorChars: '*+-%<>!=&|~^/:',
    caseInsensitiveIdentifiers: true,
  });
}
