/**
 * The typed syntax tree of Tidemark's SQL dialect (Timestream's, of Presto lineage).
 *
 * The tree records what was written, not what it means: names keep the case and quoting they were
 * written with, numbers keep their text, and `t.a.b` stays one dotted {@link ColumnRef} because only
 * the binder knows whether `t` is a table, a column of row type or a lambda parameter. Every node has
 * a `kind` to switch on and a {@link SourceSpan} so later stages can point at the text in errors.
 *
 * What the binder should know:
 * - Bare names are as written (`Host`); Presto folds them to lower case, quoted names match exactly.
 *   Timestream's typed measure columns are normalised to lower case: `measure_value::double`.
 * - A negative number is a unary minus around a {@link NumberLiteral}; fold it before range checks
 *   (`-9223372036854775808` fits a BIGINT, `9223372036854775808` does not).
 * - A {@link DurationLiteral} may have a fraction (`1.5h`); an {@link IntervalLiteral} may lack its
 *   field (`INTERVAL '2 days'`), leaving the text to be read by the binder.
 * - AND and OR chains are flat ({@link LogicalExpr}); extra parentheses around a query or an
 *   expression leave no node behind, except that `(x).f` is a {@link FieldAccessExpr}.
 * - `?` parameters are numbered from 0 in text order; `@name` parameters keep their name.
 * - The tree is plain data (no classes, no cycles): it can be posted to a worker or kept as JSON.
 */

/** Where a node's text lies in the SQL: offsets into the string (end exclusive) and the start's 1-based line and column. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** A name as written. `quoted` names (`"Host Name"`) must match exactly; bare names are matched case-insensitively by the binder. */
export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly quoted: boolean;
  readonly span: SourceSpan;
}

/** A dotted name of one to three parts: `table`, `db.table`, `"db"."table"`. */
export type QualifiedName = readonly Identifier[];

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A type parameter: a number (`varchar(10)`), a type (`array(double)`), or a named field (`row(time timestamp)`). */
export type TypeParameter =
  | { readonly kind: 'NumberParameter'; readonly value: number }
  | { readonly kind: 'TypeParameter'; readonly type: DataType }
  | { readonly kind: 'FieldParameter'; readonly name: Identifier; readonly type: DataType };

/**
 * A type as written in CAST, typed literals and `measure_value::type`. `name` is lower case and
 * multi-word names are normalised with single spaces: `timestamp with time zone`, `interval day to second`.
 */
export interface DataType {
  readonly kind: 'DataType';
  readonly name: string;
  readonly parameters: readonly TypeParameter[];
  readonly span: SourceSpan;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/** `NULL`, of the type `unknown` until the binder gives it one. */
export interface NullLiteral {
  readonly kind: 'NullLiteral';
  readonly span: SourceSpan;
}

/** `TRUE` or `FALSE`. */
export interface BooleanLiteral {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
  readonly span: SourceSpan;
}

/**
 * A number as written. `integer` literals (`42`) are BIGINT in Timestream; `decimal` (`4.2`) and
 * `double` (`4.2e1`) literals are DOUBLE. The text is kept so a big integer loses nothing before the binder.
 */
export interface NumberLiteral {
  readonly kind: 'NumberLiteral';
  readonly text: string;
  readonly numberKind: 'integer' | 'decimal' | 'double';
  readonly span: SourceSpan;
}

/** A string literal, with `''` already unescaped. */
export interface StringLiteral {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly span: SourceSpan;
}

/** The unit of a Timestream duration shorthand, normalised from long forms (`12second` → `s`). */
export type DurationUnit = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h' | 'd';

/** Timestream's duration shorthand `15s`, `1m`, `2h`, `100ms`: an interval day to second. */
export interface DurationLiteral {
  readonly kind: 'DurationLiteral';
  /** The number as written (digits, possibly with a fraction). */
  readonly amount: string;
  readonly unit: DurationUnit;
  readonly span: SourceSpan;
}

/** A field of an ANSI interval literal or of EXTRACT-like units, upper case. */
export type IntervalField =
  | 'YEAR'
  | 'QUARTER'
  | 'MONTH'
  | 'WEEK'
  | 'DAY'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND'
  | 'MILLISECOND'
  | 'MICROSECOND'
  | 'NANOSECOND';

/** `INTERVAL '2' DAY`, `INTERVAL -'1-2' YEAR TO MONTH`, or `INTERVAL '2 days'` (no field: the binder parses the text). */
export interface IntervalLiteral {
  readonly kind: 'IntervalLiteral';
  readonly value: string;
  readonly sign: 1 | -1;
  readonly from?: IntervalField;
  readonly to?: IntervalField;
  readonly span: SourceSpan;
}

/** A literal whose type is named before the string: `TIMESTAMP '2022-06-17 01:00'`, `DATE '...'`, `DOUBLE '0.0'`. */
export interface TypedLiteral {
  readonly kind: 'TypedLiteral';
  readonly type: DataType;
  readonly value: string;
  readonly span: SourceSpan;
}

/**
 * A (possibly dotted) name in an expression: `a`, `t.a`, `"db"."t"."c"`, `x.time` (a field of a lambda
 * parameter), and Timestream's typed measure columns, whose last part is named e.g. `measure_value::double`.
 */
export interface ColumnRef {
  readonly kind: 'ColumnRef';
  readonly parts: QualifiedName;
  readonly span: SourceSpan;
}

/** A query parameter: positional `?` (numbered from 0 in text order) or named `@scheduled_runtime`. */
export interface Parameter {
  readonly kind: 'Parameter';
  readonly name?: string;
  readonly index?: number;
  readonly span: SourceSpan;
}

/** The prefix operators. */
export type UnaryOperator = '-' | '+' | 'NOT';

/** `-x`, `+x`, `NOT x`. */
export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
  readonly span: SourceSpan;
}

/** Arithmetic on numbers, and `+`/`-` on times and intervals. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
/** Comparison operators; `!=` is normalised to `<>`. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
/** Every binary operator except AND and OR, which form {@link LogicalExpr} chains; `||` concatenates. */
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | '||';

/** `left op right` for arithmetic, comparison and `||`. */
export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  readonly span: SourceSpan;
}

/**
 * `a AND b AND c` or `a OR b OR c` as one node with all operands, in order. A chain is flat so a
 * long generated filter (`host = 'a' OR host = 'b' OR ...` over thousands of hosts) is wide, not
 * deep, and so the planner reads WHERE's conjuncts directly. Parentheses written in the SQL
 * (`a AND (b AND c)`) are kept as nesting.
 */
export interface LogicalExpr {
  readonly kind: 'LogicalExpr';
  readonly operator: 'AND' | 'OR';
  /** Two or more. */
  readonly operands: readonly Expression[];
  readonly span: SourceSpan;
}

/** `x [NOT] BETWEEN low AND high` */
export interface BetweenExpr {
  readonly kind: 'BetweenExpr';
  readonly value: Expression;
  readonly low: Expression;
  readonly high: Expression;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `x [NOT] IN (a, b, ...)` */
export interface InListExpr {
  readonly kind: 'InListExpr';
  readonly value: Expression;
  readonly list: readonly Expression[];
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `x [NOT] IN (SELECT ...)` */
export interface InSubqueryExpr {
  readonly kind: 'InSubqueryExpr';
  readonly value: Expression;
  readonly query: Query;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `x [NOT] LIKE pattern [ESCAPE e]` */
export interface LikeExpr {
  readonly kind: 'LikeExpr';
  readonly value: Expression;
  readonly pattern: Expression;
  readonly escape?: Expression;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `x IS [NOT] NULL` */
export interface IsNullExpr {
  readonly kind: 'IsNullExpr';
  readonly value: Expression;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `a IS [NOT] DISTINCT FROM b` */
export interface IsDistinctFromExpr {
  readonly kind: 'IsDistinctFromExpr';
  readonly left: Expression;
  readonly right: Expression;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `EXISTS (SELECT ...)`; `NOT EXISTS` is a NOT around it. */
export interface ExistsExpr {
  readonly kind: 'ExistsExpr';
  readonly query: Query;
  readonly span: SourceSpan;
}

/** A scalar subquery `(SELECT ...)` used as a value. */
export interface SubqueryExpr {
  readonly kind: 'SubqueryExpr';
  readonly query: Query;
  readonly span: SourceSpan;
}

/** `x = ANY (SELECT ...)`, `x > ALL (SELECT ...)`; SOME is normalised to ANY. */
export interface QuantifiedComparisonExpr {
  readonly kind: 'QuantifiedComparisonExpr';
  readonly operator: ComparisonOperator;
  readonly quantifier: 'ANY' | 'ALL';
  readonly value: Expression;
  readonly query: Query;
  readonly span: SourceSpan;
}

/** A bound of a window frame. `offset` is present for the PRECEDING and FOLLOWING forms with a value. */
export interface FrameBound {
  readonly kind: 'UnboundedPreceding' | 'Preceding' | 'CurrentRow' | 'Following' | 'UnboundedFollowing';
  readonly offset?: Expression;
}

/** `ROWS|RANGE|GROUPS BETWEEN start AND end`, or the one-bound form (`ROWS 5 PRECEDING`, no `end`). */
export interface WindowFrame {
  readonly unit: 'ROWS' | 'RANGE' | 'GROUPS';
  readonly start: FrameBound;
  readonly end?: FrameBound;
}

/** The inside of `OVER (...)`. */
export interface WindowSpec {
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly SortItem[];
  readonly frame?: WindowFrame;
}

/**
 * A function call, aggregate or window function: `f(a, b)`, `count(*)`, `count(DISTINCT x)`,
 * `array_agg(x ORDER BY y)`, `sum(x) FILTER (WHERE ...)`, `lag(x) IGNORE NULLS OVER (...)`.
 * The bare special forms `current_timestamp`, `current_date`, `current_time`, `localtime` and
 * `localtimestamp` are calls with no arguments.
 */
export interface FunctionCall {
  readonly kind: 'FunctionCall';
  readonly name: QualifiedName;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  /** `count(*)`: no args, and a star. */
  readonly star: boolean;
  readonly orderBy?: readonly SortItem[];
  readonly filter?: Expression;
  readonly nullTreatment?: 'IGNORE' | 'RESPECT';
  readonly over?: WindowSpec;
  readonly span: SourceSpan;
}

/** `WHEN condition THEN result`; in a simple CASE the condition is the value compared with the operand. */
export interface WhenClause {
  readonly condition: Expression;
  readonly result: Expression;
}

/** Simple (`CASE x WHEN 1 THEN ...`, with `operand`) and searched (`CASE WHEN cond THEN ...`) CASE. */
export interface CaseExpr {
  readonly kind: 'CaseExpr';
  readonly operand?: Expression;
  readonly whens: readonly WhenClause[];
  readonly else?: Expression;
  readonly span: SourceSpan;
}

/** `CAST(x AS t)`, `TRY_CAST(x AS t)` (`safe`: null instead of an error), and `x::t` (`syntax: 'colons'`). */
export interface CastExpr {
  readonly kind: 'CastExpr';
  readonly value: Expression;
  readonly type: DataType;
  readonly safe: boolean;
  readonly syntax: 'cast' | 'colons';
  readonly span: SourceSpan;
}

/** `ARRAY[a, b, c]` */
export interface ArrayExpr {
  readonly kind: 'ArrayExpr';
  readonly elements: readonly Expression[];
  readonly span: SourceSpan;
}

/** `ROW(a, b)`, or a parenthesised list `(a, b)` of two or more values, which means the same. */
export interface RowExpr {
  readonly kind: 'RowExpr';
  readonly fields: readonly Expression[];
  readonly span: SourceSpan;
}

/** `base[index]`: an array element (1-based) or a map value. */
export interface SubscriptExpr {
  readonly kind: 'SubscriptExpr';
  readonly base: Expression;
  readonly index: Expression;
  readonly span: SourceSpan;
}

/** `base.field` where base is not a plain name (`f(x).value`, `a[1].time`); dotted names are {@link ColumnRef}s. */
export interface FieldAccessExpr {
  readonly kind: 'FieldAccessExpr';
  readonly base: Expression;
  readonly field: Identifier;
  readonly span: SourceSpan;
}

/** `x -> x + 1`, `(s, x) -> s + x`. */
export interface LambdaExpr {
  readonly kind: 'LambdaExpr';
  readonly params: readonly Identifier[];
  readonly body: Expression;
  readonly span: SourceSpan;
}

/** `x AT TIME ZONE 'America/New_York'` */
export interface AtTimeZoneExpr {
  readonly kind: 'AtTimeZoneExpr';
  readonly value: Expression;
  readonly zone: Expression;
  readonly span: SourceSpan;
}

/** `EXTRACT(HOUR FROM time)`; `field` is upper case as written (YEAR, DOW, ...), checked by the binder. */
export interface ExtractExpr {
  readonly kind: 'ExtractExpr';
  readonly field: string;
  readonly value: Expression;
  readonly span: SourceSpan;
}

/** Every expression node. */
export type Expression =
  | NullLiteral
  | BooleanLiteral
  | NumberLiteral
  | StringLiteral
  | DurationLiteral
  | IntervalLiteral
  | TypedLiteral
  | ColumnRef
  | Parameter
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | LikeExpr
  | IsNullExpr
  | IsDistinctFromExpr
  | ExistsExpr
  | SubqueryExpr
  | QuantifiedComparisonExpr
  | FunctionCall
  | CaseExpr
  | CastExpr
  | ArrayExpr
  | RowExpr
  | SubscriptExpr
  | FieldAccessExpr
  | LambdaExpr
  | AtTimeZoneExpr
  | ExtractExpr;

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** `expr [ASC|DESC] [NULLS FIRST|LAST]`; absent parts were not written (defaults are the binder's business). */
export interface SortItem {
  readonly expr: Expression;
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}

/** `expr [AS] alias` in a select list. */
export interface SelectExpr {
  readonly kind: 'SelectExpr';
  readonly expr: Expression;
  readonly alias?: Identifier;
  readonly span: SourceSpan;
}

/** `*` or `t.*` (`qualifier` holds `t`). */
export interface SelectStar {
  readonly kind: 'SelectStar';
  readonly qualifier?: QualifiedName;
  readonly span: SourceSpan;
}

/** One item of a select list. */
export type SelectItem = SelectExpr | SelectStar;

/** A table in FROM: `t`, `db.t`, `"db"."t"`, with an optional alias and column aliases. */
export interface TableRelation {
  readonly kind: 'TableRelation';
  readonly name: QualifiedName;
  readonly alias?: Identifier;
  readonly columnAliases?: readonly Identifier[];
  readonly span: SourceSpan;
}

/** `(SELECT ...) [AS] alias [(c1, c2)]` in FROM. */
export interface SubqueryRelation {
  readonly kind: 'SubqueryRelation';
  readonly query: Query;
  readonly alias?: Identifier;
  readonly columnAliases?: readonly Identifier[];
  readonly span: SourceSpan;
}

/** `UNNEST(a [, b ...]) [WITH ORDINALITY] [AS t(c1, c2)]`, usually the right side of a CROSS JOIN. */
export interface UnnestRelation {
  readonly kind: 'UnnestRelation';
  readonly args: readonly Expression[];
  readonly withOrdinality: boolean;
  readonly alias?: Identifier;
  readonly columnAliases?: readonly Identifier[];
  readonly span: SourceSpan;
}

/** How a join's rows match: `ON expr` or `USING (a, b)`. */
export type JoinCriteria =
  | { readonly kind: 'On'; readonly condition: Expression }
  | { readonly kind: 'Using'; readonly columns: readonly Identifier[] };

/**
 * A join. `CROSS` has no criteria; `IMPLICIT` is the comma join (`FROM a, b`), a cross join that
 * binds more loosely than explicit joins.
 */
export interface JoinRelation {
  readonly kind: 'JoinRelation';
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'IMPLICIT';
  readonly left: Relation;
  readonly right: Relation;
  readonly criteria?: JoinCriteria;
  readonly span: SourceSpan;
}

/** Anything in FROM. */
export type Relation = TableRelation | SubqueryRelation | UnnestRelation | JoinRelation;

/** One element of GROUP BY. Ordinals (`GROUP BY 1`) are plain number expressions, resolved by the binder. */
export type GroupingElement =
  | { readonly kind: 'GroupingExpr'; readonly expr: Expression }
  | { readonly kind: 'Rollup'; readonly exprs: readonly Expression[] }
  | { readonly kind: 'Cube'; readonly exprs: readonly Expression[] }
  | { readonly kind: 'GroupingSets'; readonly sets: readonly (readonly Expression[])[] };

/** `GROUP BY [ALL|DISTINCT] element, ...` */
export interface GroupBy {
  readonly quantifier?: 'ALL' | 'DISTINCT';
  readonly elements: readonly GroupingElement[];
}

/** One SELECT block: `SELECT [DISTINCT] items FROM ... WHERE ... GROUP BY ... HAVING ...`. */
export interface SelectQuery {
  readonly kind: 'SelectQuery';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: Relation;
  readonly where?: Expression;
  readonly groupBy?: GroupBy;
  readonly having?: Expression;
  readonly span: SourceSpan;
}

/** `VALUES row, row, ...`; each row is an expression, a {@link RowExpr} when it has several columns. */
export interface ValuesQuery {
  readonly kind: 'ValuesQuery';
  readonly rows: readonly Expression[];
  readonly span: SourceSpan;
}

/** `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right`; `all` is false for DISTINCT, the default. */
export interface SetOperation {
  readonly kind: 'SetOperation';
  readonly operator: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
  readonly span: SourceSpan;
}

/** What a query computes before ORDER BY / LIMIT; a nested {@link Query} is a parenthesised query. */
export type QueryBody = SelectQuery | ValuesQuery | SetOperation | Query;

/** A common table expression: `name [(c1, c2)] AS (query)`. */
export interface CommonTableExpression {
  readonly name: Identifier;
  readonly columns?: readonly Identifier[];
  readonly query: Query;
}

/** `WITH [RECURSIVE] cte, ...` */
export interface WithClause {
  readonly recursive: boolean;
  readonly ctes: readonly CommonTableExpression[];
}

/** A complete query: `[WITH ...] body [ORDER BY ...] [OFFSET n] [LIMIT n]`. Also the node for a SELECT statement. */
export interface Query {
  readonly kind: 'Query';
  readonly with?: WithClause;
  readonly body: QueryBody;
  readonly orderBy?: readonly SortItem[];
  readonly offset?: Expression;
  readonly limit?: Expression;
  readonly span: SourceSpan;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/** `SHOW DATABASES [LIKE 'p']` */
export interface ShowDatabasesStatement {
  readonly kind: 'ShowDatabases';
  readonly like?: string;
  readonly span: SourceSpan;
}

/** `SHOW TABLES [FROM|IN db] [LIKE 'p']` */
export interface ShowTablesStatement {
  readonly kind: 'ShowTables';
  readonly database?: Identifier;
  readonly like?: string;
  readonly span: SourceSpan;
}

/** `SHOW MEASURES FROM db.table [LIKE 'p']` */
export interface ShowMeasuresStatement {
  readonly kind: 'ShowMeasures';
  readonly table: QualifiedName;
  readonly like?: string;
  readonly span: SourceSpan;
}

/** `DESCRIBE db.table` */
export interface DescribeStatement {
  readonly kind: 'Describe';
  readonly table: QualifiedName;
  readonly span: SourceSpan;
}

/** `EXPLAIN [ANALYZE] statement` */
export interface ExplainStatement {
  readonly kind: 'Explain';
  readonly analyze: boolean;
  readonly statement: Statement;
  readonly span: SourceSpan;
}

/** `DELETE FROM db.table [WHERE ...]`: Tidemark's extension over Timestream. */
export interface DeleteStatement {
  readonly kind: 'Delete';
  readonly table: QualifiedName;
  readonly where?: Expression;
  readonly span: SourceSpan;
}

/** Every statement. A SELECT (or VALUES, or set operation) statement is a {@link Query}. */
export type Statement =
  | Query
  | ShowDatabasesStatement
  | ShowTablesStatement
  | ShowMeasuresStatement
  | DescribeStatement
  | ExplainStatement
  | DeleteStatement;

/** Every node kind that has a span, for generic walkers. */
export type Node = Statement | Expression | SelectItem | Relation | QueryBody | DataType | Identifier;
