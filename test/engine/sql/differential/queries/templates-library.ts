import { col, double } from './dialect-nodes.ts';
import { dialects, type Fragment, join, type Part, renderPart, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryTemplate } from './query-context.ts';
import { CPU_TAGS, v } from './vocabulary.ts';

/**
 * The function library (issue 6) where DuckDB has the same function: string, math, regex and
 * date-field scalars, the statistical aggregates and the distribution window functions. Only
 * names and argument spellings differ; each difference is said where it is rendered.
 */

/** The same call under another name in DuckDB. */
function renamed(tidemark: string, duckdb: string, args: readonly Part[]): Fragment {
  return dialects(
    () => `${tidemark}(${args.map((a) => renderPart(a, 'tidemark')).join(', ')})`,
    () => `${duckdb}(${args.map((a) => renderPart(a, 'duckdb')).join(', ')})`,
  );
}

/** Presto's split_part gives NULL past the last field; DuckDB's gives ''. */
function splitPart(value: Part, delimiter: string, index: number): Fragment {
  return dialects(
    () => `split_part(${renderPart(value, 'tidemark')}, '${delimiter}', ${index})`,
    () => {
      const x = renderPart(value, 'duckdb');
      return `CASE WHEN len(string_split(${x}, '${delimiter}')) < ${index} THEN NULL ELSE split_part(${x}, '${delimiter}', ${index}) END`;
    },
  );
}

const list = (parts: readonly Fragment[]): Fragment => join(parts, ', ');

export const stringFunctions: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const tag = col(random.pick(['hostname', 'region', 'datacenter', 'service_environment', 'os']));
  const n = random.int(1, 6);
  const expressions = random.sample(
    [
      sql`upper(${tag})`,
      sql`lower(upper(${tag}))`,
      sql`length(${tag})`,
      sql`lpad(${tag}, ${random.int(3, 20)}, '*')`,
      sql`rpad(${tag}, ${random.int(3, 20)}, '-.')`,
      sql`replace(${tag}, '_', '/')`,
      // Presto's two-argument replace removes; DuckDB needs the empty replacement.
      dialects(
        () => `replace(${renderPart(tag, 'tidemark')}, 'a')`,
        () => `replace(${renderPart(tag, 'duckdb')}, 'a', '')`,
      ),
      sql`reverse(${tag})`,
      splitPart(tag, random.pick(['_', '-']), n),
      sql`strpos(${tag}, '${random.pick(['a', '_', 'east', '1', 'z'])}')`,
      sql`position('${random.pick(['a', '_', 'east', 'x'])}' IN ${tag})`,
      sql`substr(${tag}, ${n})`,
      sql`substr(${tag}, ${n}, ${random.int(0, 5)})`,
      sql`trim(concat('  ', ${tag}, ' '))`,
      sql`ltrim(concat('  ', ${tag}))`,
      sql`rtrim(concat(${tag}, '  '))`,
      sql`concat(${tag}, '|', measure_name)`,
      sql`${tag} || '#' || CAST(length(${tag}) AS varchar)`,
      renamed('levenshtein_distance', 'levenshtein', [tag, str(random.pick(['host_1', 'us-east-1', 'prod', '']))]),
      renamed('codepoint', 'unicode', [sql`substr(${tag}, 1, 1)`]),
      sql`chr(${random.int(65, 122)})`,
      sql`starts_with(${tag}, '${random.pick(['host', 'us', 'eu', 'x'])}')`,
    ],
    random.int(2, 4),
  );
  return {
    template: 'library-strings',
    sql: sql`SELECT hostname, time, ${list(expressions)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} AND ${dimensionPredicate(context, cpu, random.pick(CPU_TAGS))}`,
    ordered: false,
  };
};

export const mathFunctions: QueryTemplate = (context) => {
  const { random, cpu } = context;
  // The TSBS values are 0..100, so logarithms and roots stay in their domains.
  const positive = sql`(${v} + 1)`;
  const expressions = random.sample(
    [
      sql`sqrt(${v})`,
      sql`cbrt(${v} - 50)`,
      sql`ln(${positive})`,
      sql`log10(${positive})`,
      sql`log2(${positive})`,
      sql`exp(${v} / 50)`,
      sql`power(${v}, ${double(random.pick([0.5, 2, 3]))})`,
      sql`ceiling(${v} / 7)`,
      sql`floor(${v} / 7)`,
      // Presto's sign keeps the double type; DuckDB's gives an integer.
      dialects(
        () => `sign(${renderPart(v, 'tidemark')} - 50)`,
        () => `CAST(sign(${renderPart(v, 'duckdb')} - 50) AS DOUBLE)`,
      ),
      sql`degrees(${v} / 10)`,
      sql`radians(${v})`,
      sql`sin(${v})`,
      sql`cos(${v})`,
      sql`tan(${v} / 100)`,
      sql`atan2(${v}, 50)`,
      sql`asin(${v} / 100)`,
      sql`acos(${v} / 100)`,
      sql`atan(${v})`,
      sql`tanh(${v} / 50)`,
      sql`mod(${v}, 7)`,
      renamed('truncate', 'trunc', [sql`${v} / 3`]),
      renamed('is_nan', 'isnan', [sql`${v} / 7`]),
      renamed('is_finite', 'isfinite', [v]),
      sql`pi() * ${v}`,
      dialects(
        () => `e() + ${renderPart(v, 'tidemark')}`,
        () => `exp(1) + ${renderPart(v, 'duckdb')}`,
      ),
    ],
    random.int(2, 4),
  );
  return {
    template: 'library-math',
    sql: sql`SELECT hostname, time, ${list(expressions)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} AND ${dimensionPredicate(context, cpu, 'hostname')}`,
    ordered: false,
  };
};

export const regexFunctions: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const tag = col(random.pick(['hostname', 'region', 'datacenter']));
  const pattern = random.pick(['[0-9]+', '^[a-z]+', '_(\\d)', '([a-z]+)-([a-z]+)', 'east|west', '\\d$']);
  const expressions = random.sample(
    [
      // Presto's regexp_like finds the pattern anywhere, as DuckDB's regexp_matches does.
      renamed('regexp_like', 'regexp_matches', [tag, str(pattern)]),
      // Presto's regexp_extract gives NULL without a match; DuckDB gives ''.
      dialects(
        () => `regexp_extract(${renderPart(tag, 'tidemark')}, '${pattern}')`,
        () => `nullif(regexp_extract(${renderPart(tag, 'duckdb')}, '${pattern}'), '')`,
      ),
      // Presto replaces every match; DuckDB needs the 'g' option.
      dialects(
        () => `regexp_replace(${renderPart(tag, 'tidemark')}, '${pattern}', '<>')`,
        () => `regexp_replace(${renderPart(tag, 'duckdb')}, '${pattern}', '<>', 'g')`,
      ),
      dialects(
        () => `regexp_replace(${renderPart(tag, 'tidemark')}, '${pattern}')`,
        () => `regexp_replace(${renderPart(tag, 'duckdb')}, '${pattern}', '', 'g')`,
      ),
      dialects(
        () => `cardinality(regexp_extract_all(${renderPart(tag, 'tidemark')}, '${pattern}'))`,
        () => `len(regexp_extract_all(${renderPart(tag, 'duckdb')}, '${pattern}'))`,
      ),
    ],
    random.int(2, 3),
  );
  return {
    template: 'library-regex',
    sql: sql`SELECT DISTINCT ${tag}, ${list(expressions)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)}`,
    ordered: false,
  };
};

export const statisticalAggregates: QueryTemplate = (context) => {
  const { random, cpu, devops } = context;
  const x = v;
  const lagged = sql`(${v} * 0.5 + 3)`;
  const all: Fragment[] = [
    sql`count_if(${x} > ${random.int(10, 90)})`,
    sql`bool_and(${x} > ${random.int(0, 20)})`,
    sql`bool_or(${x} > ${random.int(80, 100)})`,
    renamed('every', 'bool_and', [sql`${x} >= 0`]),
    sql`stddev_pop(${x})`,
    sql`stddev_samp(${x})`,
    sql`variance(${x})`,
    sql`var_pop(${x})`,
    sql`var_samp(${x})`,
    renamed('geometric_mean', 'geomean', [sql`(${x} + 1)`]),
    sql`corr(${x}, ${lagged})`,
    sql`covar_pop(${x}, ${lagged})`,
    sql`covar_samp(${x}, ${lagged})`,
    sql`regr_slope(${x} * ${x}, ${x})`,
    sql`regr_intercept(${x} * ${x}, ${x})`,
    sql`sum(${x}) / count(*)`,
    sql`kurtosis(${x})`,
  ];
  const aggregates = random.sample(all, random.int(2, 4));
  if (random.chance(0.3)) {
    const attribute = col(random.pick(['cpu_user', 'memory_free', 'gc_pause']));
    const onDevops = random.sample(
      [sql`stddev_pop(${attribute})`, sql`var_samp(${attribute})`, sql`count_if(${attribute} > 50)`, sql`corr(${attribute}, cpu_system)`],
      2,
    );
    return {
      template: 'library-statistics-multi',
      sql: sql`SELECT region, ${list(onDevops)} FROM ${tableRef(context, devops)} WHERE ${timeRange(context, devops)} GROUP BY region ORDER BY region`,
      ordered: true,
    };
  }
  const key = random.pick(['hostname', 'region', 'measure_name']);
  return {
    template: 'library-statistics',
    sql: sql`SELECT ${key}, ${list(aggregates)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} GROUP BY ${key} ORDER BY ${key}`,
    ordered: true,
  };
};

export const distributionWindows: QueryTemplate = (context) => {
  const { random, cpu } = context;
  // time is unique within a host and measure, so every order below is total within its partition.
  const order = sql`ORDER BY time${random.pick(['', ' DESC'])}`;
  const window = sql`OVER (PARTITION BY hostname, measure_name ${order})`;
  const functions = random.sample(
    [
      sql`percent_rank() ${window}`,
      sql`cume_dist() ${window}`,
      sql`ntile(${random.int(1, 7)}) ${window}`,
      sql`nth_value(${v}, ${random.int(1, 4)}) ${window}`,
      sql`nth_value(${v}, ${random.int(1, 3)}) OVER (PARTITION BY hostname, measure_name ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'library-distribution-windows',
    sql: sql`SELECT hostname, measure_name, time, ${list(functions)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} AND ${dimensionPredicate(context, cpu, 'hostname')}`,
    ordered: false,
  };
};

export const dateFields: QueryTemplate = (context) => {
  const { random, devops } = context;
  const t = col(random.pick(['time', 'task_started_at']));
  const fields = random.sample(
    [
      sql`year(${t})`,
      sql`quarter(${t})`,
      sql`month(${t})`,
      sql`week(${t})`,
      sql`day(${t})`,
      // Presto's day_of_week is ISO (Monday = 1 ... Sunday = 7), DuckDB's isodow.
      renamed('day_of_week', 'isodow', [t]),
      renamed('day_of_year', 'dayofyear', [t]),
      renamed('year_of_week', 'isoyear', [t]),
      sql`hour(${t})`,
      sql`minute(${t})`,
      sql`second(${t})`,
      // Presto's millisecond is within the second (0-999); DuckDB's counts the second's too.
      dialects(
        () => `millisecond(${renderPart(t, 'tidemark')})`,
        () => `millisecond(${renderPart(t, 'duckdb')}) % 1000`,
      ),
      sql`EXTRACT(HOUR FROM ${t})`,
      dialects(
        () => `date_trunc('week', ${renderPart(t, 'tidemark')})`,
        () => `CAST(date_trunc('week', ${renderPart(t, 'duckdb')}) AS TIMESTAMP_NS)`,
      ),
      dialects(
        () => `last_day_of_month(${renderPart(t, 'tidemark')})`,
        () => `last_day(${renderPart(t, 'duckdb')})`,
      ),
    ],
    random.int(2, 4),
  );
  return {
    template: 'library-date-fields',
    sql: sql`SELECT instance_name, time, ${list(fields)} FROM ${tableRef(context, devops)} WHERE ${timeRange(context, devops)}`,
    ordered: false,
  };
};
