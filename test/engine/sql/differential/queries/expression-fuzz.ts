import type { Random } from '../random.ts';
import { castDoubleToInteger, col, concat, double, ifThen, integerDivide } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { tableRef, timeRange } from './predicates.ts';
import type { QueryTemplate } from './query-context.ts';

/**
 * Random typed expression trees over the DevOps multi-measure columns (which are often NULL):
 * arithmetic, comparisons, three-valued logic, CASE/if/coalesce/nullif, abs/round, casts, LIKE,
 * BETWEEN, IN, ||. Types are tracked so each node renders with its dialect's meaning (integer
 * division, double literals, double-to-integer casts). Divisors are non-zero literals: Presto
 * raises on integer division by zero where DuckDB returns NULL, and that is not under test here.
 */
type ExpressionType = 'integer' | 'double' | 'varchar' | 'boolean';

interface Typed {
  readonly type: ExpressionType;
  readonly sql: Fragment;
}

const COLUMNS: Readonly<Record<ExpressionType, readonly string[]>> = {
  integer: ['task_completed'],
  double: ['cpu_user', 'cpu_idle', 'memory_free', 'gc_pause', 'latency_per_read'],
  varchar: ['task_end_state', 'process_name', 'os_version', 'microservice_name'],
  boolean: ['task_succeeded'],
};
/** Includes characters on both sides of the UTF-16/code point order split (U+FF21, U+1F600). */
const STRINGS = ['SUCCESS_WITH_RESULT', 'USER_ERROR', 'server', 'AL2', 'zeus', '', '\uFF21', '\u{1F600}x', 'caf\u00E9'];

function leaf(random: Random, type: ExpressionType): Typed {
  const columns = COLUMNS[type];
  if (columns.length > 0 && random.chance(0.7)) return { type, sql: col(random.pick(columns)) };
  switch (type) {
    // Negative literals are parenthesised: `x - -5` would start a `--` comment.
    case 'integer':
      return { type, sql: parenthesised(sql`${random.int(-20, 100)}`) };
    case 'double':
      return { type, sql: parenthesised(double(random.int(-2000, 10_000) / 100)) };
    case 'varchar':
      return { type, sql: str(random.pick(STRINGS)) };
    case 'boolean':
      return { type, sql: sql`${random.pick(['true', 'false'])}` };
  }
}

function parenthesised(literal: Fragment): Fragment {
  return { render: (d) => `(${literal.render(d)})` };
}

const numeric = (random: Random): 'integer' | 'double' => (random.chance(0.5) ? 'integer' : 'double');

/** The type two numeric operands meet in (Presto and DuckDB agree: integer with double is double). */
const joinType = (a: ExpressionType, b: ExpressionType): ExpressionType => (a === b ? a : 'double');

function expression(random: Random, type: ExpressionType, depth: number): Typed {
  if (depth <= 0 || random.chance(0.25)) return leaf(random, type);
  const sub = (t: ExpressionType) => expression(random, t, depth - 1);
  switch (type) {
    case 'integer':
      return integerExpression(random, sub);
    case 'double':
      return doubleExpression(random, sub);
    case 'varchar':
      return varcharExpression(random, sub);
    case 'boolean':
      return booleanExpression(random, sub);
  }
}

type Sub = (type: ExpressionType) => Typed;

function integerExpression(random: Random, sub: Sub): Typed {
  const a = sub('integer');
  const divisor = random.pick([2, 3, 7, -4]);
  const options: Fragment[] = [
    sql`(${a.sql} + ${sub('integer').sql})`,
    sql`(${a.sql} - ${sub('integer').sql})`,
    sql`(${a.sql} * ${random.int(-5, 5)})`,
    integerDivide(a.sql, divisor),
    sql`(${a.sql} % ${divisor})`,
    sql`abs(${a.sql})`,
    sql`(- ${a.sql})`,
    castDoubleToInteger(sub('double').sql, 'bigint'),
    sql`CASE WHEN ${sub('boolean').sql} THEN ${a.sql} ELSE ${sub('integer').sql} END`,
    sql`coalesce(${a.sql}, ${sub('integer').sql})`,
    sql`nullif(${a.sql}, ${random.int(0, 10)})`,
    ifThen(sub('boolean').sql, a.sql, sub('integer').sql),
  ];
  return { type: 'integer', sql: random.pick(options) };
}

function doubleExpression(random: Random, sub: Sub): Typed {
  const a = sub('double');
  const other = sub(numeric(random));
  const options: Fragment[] = [
    sql`(${a.sql} + ${other.sql})`,
    sql`(${a.sql} - ${other.sql})`,
    sql`(${a.sql} * ${other.sql})`,
    sql`(${a.sql} / ${random.pick([double(3), double(-0.5), 7])})`,
    sql`(${a.sql} % ${random.pick([double(2.5), 3])})`,
    sql`abs(${a.sql})`,
    sql`round(${a.sql})`,
    sql`round(${a.sql}, ${random.int(-1, 3)})`,
    sql`CAST(${sub('integer').sql} AS double)`,
    sql`coalesce(${a.sql}, ${other.sql})`,
    sql`nullif(${a.sql}, ${other.sql})`,
    sql`CASE WHEN ${sub('boolean').sql} THEN ${a.sql} WHEN ${sub('boolean').sql} THEN ${other.sql} END`,
    ifThen(sub('boolean').sql, a.sql, other.sql),
  ];
  return { type: joinType('double', other.type), sql: random.pick(options) };
}

function varcharExpression(random: Random, sub: Sub): Typed {
  const a = sub('varchar');
  const options: Fragment[] = [
    concat(a.sql, sub('varchar').sql),
    sql`coalesce(${a.sql}, ${sub('varchar').sql})`,
    sql`nullif(${a.sql}, ${str(random.pick(STRINGS))})`,
    sql`CAST(${sub('integer').sql} AS varchar)`,
    sql`CAST(${sub('boolean').sql} AS varchar)`,
    sql`CASE ${a.sql} WHEN ${str(random.pick(STRINGS))} THEN 'hit' WHEN ${sub('varchar').sql} THEN 'self' ELSE ${a.sql} END`,
  ];
  return { type: 'varchar', sql: random.pick(options) };
}

function booleanExpression(random: Random, sub: Sub): Typed {
  const t = random.pick<ExpressionType>(['integer', 'double', 'varchar']);
  const a = sub(t);
  const b = sub(t === 'varchar' ? 'varchar' : numeric(random));
  const options: Fragment[] = [
    sql`(${a.sql} ${random.pick(['=', '<>', '<', '<=', '>', '>='])} ${b.sql})`,
    sql`(${sub('boolean').sql} AND ${sub('boolean').sql})`,
    sql`(${sub('boolean').sql} OR ${sub('boolean').sql})`,
    sql`(NOT ${sub('boolean').sql})`,
    sql`(${a.sql} IS NULL)`,
    sql`(${a.sql} IS NOT NULL)`,
    sql`(${a.sql} IS DISTINCT FROM ${b.sql})`,
    t === 'varchar'
      ? sql`(${a.sql} LIKE ${str(random.pick(['%R%', 'S_C%', '%', '_', 'zeus', '%_ERROR']))})`
      : sql`(${a.sql} BETWEEN ${b.sql} AND ${sub(numeric(random)).sql})`,
    sql`(${a.sql} ${random.chance(0.5) ? 'NOT ' : ''}IN (${join([b.sql, sub(t === 'varchar' ? 'varchar' : numeric(random)).sql], ', ')}))`,
  ];
  return { type: 'boolean', sql: random.pick(options) };
}

export const expressionFuzz: QueryTemplate = (context) => {
  const { random, devops } = context;
  const types = random.sample<ExpressionType>(['integer', 'double', 'varchar', 'boolean'], random.int(1, 3));
  const expressions = types.map((t) => expression(random, t, random.int(1, 4)).sql);
  const filter = expression(random, 'boolean', 2).sql;
  return {
    template: 'expression-fuzz',
    sql: sql`SELECT instance_name, time, ${join(expressions, ', ')} FROM ${tableRef(context, devops)} WHERE ${timeRange(context, devops)} AND ${random.chance(0.5) ? filter : 'true'}`,
    ordered: false,
  };
};
