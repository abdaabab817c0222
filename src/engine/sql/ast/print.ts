import { isReservedWord } from '../lexer/tokens.ts';
import type {
  DataType,
  Expression,
  FrameBound,
  FunctionCall,
  GroupingElement,
  Identifier,
  QualifiedName,
  Query,
  QueryBody,
  Relation,
  SelectItem,
  SelectQuery,
  SortItem,
  Statement,
  TypeParameter,
  WindowSpec,
} from './nodes.ts';

/**
 * Turns a syntax tree back into SQL text that parses to the same tree (spans aside). It writes one
 * line, adds parentheses only where precedence needs them, and always writes AS before aliases.
 * Used by the round-trip tests and wherever a statement is shown in a message.
 */
export function printStatement(statement: Statement): string {
  return formatStatementWith(statement, ONE_LINE);
}

/**
 * Like {@link printStatement}, laid out for people: each clause on its own line, select items and
 * subqueries in FROM and WITH indented. For EXPLAIN and the query editor's "format" command.
 */
export function formatStatement(statement: Statement): string {
  return formatStatementWith(statement, { pretty: true, indent: '' });
}

function formatStatementWith(statement: Statement, layout: Layout): string {
  switch (statement.kind) {
    case 'Query':
      return formatQuery(statement, layout);
    case 'ShowDatabases':
      return `SHOW DATABASES${printLike(statement.like)}`;
    case 'ShowTables':
      return `SHOW TABLES${statement.database === undefined ? '' : ` FROM ${printIdentifier(statement.database)}`}${printLike(statement.like)}`;
    case 'ShowMeasures':
      return `SHOW MEASURES FROM ${printName(statement.table)}${printLike(statement.like)}`;
    case 'Describe':
      return `DESCRIBE ${printName(statement.table)}`;
    case 'Explain':
      return `EXPLAIN${statement.analyze ? ' ANALYZE' : ''}${breakLine(layout)}${formatStatementWith(statement.statement, layout)}`;
    case 'Delete':
      return `DELETE FROM ${printName(statement.table)}${statement.where === undefined ? '' : `${breakLine(layout)}WHERE ${printExpression(statement.where)}`}`;
  }
}

function printLike(like: string | undefined): string {
  return like === undefined ? '' : ` LIKE ${printString(like)}`;
}

const SIMPLE_NAME = /^[\p{L}_][\p{L}\p{N}_@]*$/u;
const MEASURE_VALUE_COLUMN = /^measure_value::(double|bigint|varchar|boolean|timestamp)$/;

/** A name, in double quotes when it was quoted or could not be read back bare. */
export function printIdentifier(identifier: Identifier): string {
  const { name } = identifier;
  if (!identifier.quoted) {
    if (MEASURE_VALUE_COLUMN.test(name)) return name;
    if (SIMPLE_NAME.test(name) && !isReservedWord(name.toUpperCase())) return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** A dotted name: `db.t`, `"db"."t"`. */
export function printName(name: QualifiedName): string {
  return name.map(printIdentifier).join('.');
}

function printString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

// Binding strengths, matching the parser's: higher binds tighter.
const LAMBDA = 0;
const OR = 1;
const AND = 2;
const NOT = 3;
const PREDICATE = 4;
const CONCAT = 5;
const ADDITIVE = 6;
const MULTIPLICATIVE = 7;
const UNARY = 8;
const AT_TIME_ZONE = 9;
const POSTFIX = 10;
const PRIMARY = 11;

/** How tightly an expression's outermost operator binds. */
function precedenceOf(expr: Expression): number {
  switch (expr.kind) {
    case 'BinaryExpr':
      switch (expr.operator) {
        case '||':
          return CONCAT;
        case '+':
        case '-':
          return ADDITIVE;
        case '*':
        case '/':
        case '%':
          return MULTIPLICATIVE;
        default:
          return PREDICATE;
      }
    case 'LogicalExpr':
      return expr.operator === 'OR' ? OR : AND;
    case 'UnaryExpr':
      return expr.operator === 'NOT' ? NOT : UNARY;
    case 'BetweenExpr':
    case 'InListExpr':
    case 'InSubqueryExpr':
    case 'LikeExpr':
    case 'IsNullExpr':
    case 'IsDistinctFromExpr':
    case 'QuantifiedComparisonExpr':
      return PREDICATE;
    case 'AtTimeZoneExpr':
      return AT_TIME_ZONE;
    case 'SubscriptExpr':
    case 'FieldAccessExpr':
      return POSTFIX;
    case 'CastExpr':
      return expr.syntax === 'colons' ? POSTFIX : PRIMARY;
    case 'LambdaExpr':
      return LAMBDA;
    default:
      return PRIMARY;
  }
}

/** Prints `expr`, in parentheses unless it binds at least as tightly as `minimum`. */
function operand(expr: Expression, minimum: number): string {
  const text = printExpression(expr);
  return precedenceOf(expr) >= minimum ? text : `(${text})`;
}

/** An operand of a comparison or predicate: anything looser than `||` is parenthesised, as Presto requires. */
function predicateOperand(expr: Expression): string {
  return operand(expr, CONCAT);
}

/** The base of `[i]`, `.field` or `::type`. */
function postfixBase(expr: Expression, forField: boolean): string {
  const text = printExpression(expr);
  const needsParens =
    precedenceOf(expr) < POSTFIX ||
    expr.kind === 'NumberLiteral' ||
    // `(a).b` is a field of the value a; without parentheses it would read as the column b of table a.
    (forField && expr.kind === 'ColumnRef') ||
    // `t.measure_value::double` would read as Timestream's typed column, not a cast.
    (expr.kind === 'ColumnRef' && isBareName(expr.parts[expr.parts.length - 1], 'measure_value'));
  return needsParens ? `(${text})` : text;
}

function isBareName(identifier: Identifier | undefined, lowerName: string): boolean {
  return identifier !== undefined && !identifier.quoted && identifier.name.toLowerCase() === lowerName;
}

/**
 * A column whose bare name begins special syntax when certain tokens follow it — `interval '2' day`,
 * `array[1]` — is written in parentheses, which leave no trace in the tree.
 */
function printColumnRef(parts: QualifiedName): string {
  const text = printName(parts);
  const only = parts.length === 1 ? parts[0] : undefined;
  return isBareName(only, 'interval') || isBareName(only, 'array') ? `(${text})` : text;
}

/** Prints an expression as SQL. */
export function printExpression(expr: Expression): string {
  switch (expr.kind) {
    case 'NullLiteral':
      return 'NULL';
    case 'BooleanLiteral':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'NumberLiteral':
      return expr.text;
    case 'StringLiteral':
      return printString(expr.value);
    case 'DurationLiteral':
      return `${expr.amount}${expr.unit}`;
    case 'IntervalLiteral':
      return `INTERVAL ${expr.sign < 0 ? '-' : ''}${printString(expr.value)}${expr.from === undefined ? '' : ` ${expr.from}`}${expr.to === undefined ? '' : ` TO ${expr.to}`}`;
    case 'TypedLiteral':
      return `${printDataType(expr.type).toUpperCase()} ${printString(expr.value)}`;
    case 'ColumnRef':
      return printColumnRef(expr.parts);
    case 'Parameter':
      return expr.name === undefined ? '?' : `@${expr.name}`;
    case 'UnaryExpr': {
      if (expr.operator === 'NOT') return `NOT ${operand(expr.operand, NOT)}`;
      const inner = operand(expr.operand, UNARY);
      // "- -x" must keep its space: "--" would start a comment.
      return inner.startsWith('-') || inner.startsWith('+') ? `${expr.operator} ${inner}` : `${expr.operator}${inner}`;
    }
    case 'BinaryExpr': {
      const precedence = precedenceOf(expr);
      if (precedence === PREDICATE) {
        return `${predicateOperand(expr.left)} ${expr.operator} ${predicateOperand(expr.right)}`;
      }
      // Left-associative: a right operand of the same strength needs parentheses.
      return `${operand(expr.left, precedence)} ${expr.operator} ${operand(expr.right, precedence + 1)}`;
    }
    case 'LogicalExpr': {
      // A nested chain of the same operator was parenthesised in the SQL, and stays so.
      const precedence = precedenceOf(expr);
      return expr.operands.map((inner) => operand(inner, precedence + 1)).join(` ${expr.operator} `);
    }
    case 'BetweenExpr':
      return `${predicateOperand(expr.value)} ${expr.negated ? 'NOT ' : ''}BETWEEN ${predicateOperand(expr.low)} AND ${predicateOperand(expr.high)}`;
    case 'InListExpr':
      return `${predicateOperand(expr.value)} ${expr.negated ? 'NOT ' : ''}IN (${expr.list.map(printExpression).join(', ')})`;
    case 'InSubqueryExpr':
      return `${predicateOperand(expr.value)} ${expr.negated ? 'NOT ' : ''}IN (${printQuery(expr.query)})`;
    case 'LikeExpr':
      return `${predicateOperand(expr.value)} ${expr.negated ? 'NOT ' : ''}LIKE ${predicateOperand(expr.pattern)}${expr.escape === undefined ? '' : ` ESCAPE ${predicateOperand(expr.escape)}`}`;
    case 'IsNullExpr':
      return `${predicateOperand(expr.value)} IS ${expr.negated ? 'NOT ' : ''}NULL`;
    case 'IsDistinctFromExpr':
      return `${predicateOperand(expr.left)} IS ${expr.negated ? 'NOT ' : ''}DISTINCT FROM ${predicateOperand(expr.right)}`;
    case 'QuantifiedComparisonExpr':
      return `${predicateOperand(expr.value)} ${expr.operator} ${expr.quantifier} (${printQuery(expr.query)})`;
    case 'ExistsExpr':
      return `EXISTS (${printQuery(expr.query)})`;
    case 'SubqueryExpr':
      return `(${printQuery(expr.query)})`;
    case 'FunctionCall':
      return printCall(expr);
    case 'CaseExpr': {
      const parts = ['CASE'];
      if (expr.operand !== undefined) parts.push(printExpression(expr.operand));
      for (const when of expr.whens) parts.push(`WHEN ${printExpression(when.condition)} THEN ${printExpression(when.result)}`);
      if (expr.else !== undefined) parts.push(`ELSE ${printExpression(expr.else)}`);
      parts.push('END');
      return parts.join(' ');
    }
    case 'CastExpr':
      if (expr.syntax === 'colons') return `${postfixBase(expr.value, false)}::${printDataType(expr.type)}`;
      return `${expr.safe ? 'TRY_CAST' : 'CAST'}(${printExpression(expr.value)} AS ${printDataType(expr.type)})`;
    case 'ArrayExpr':
      return `ARRAY[${expr.elements.map(printExpression).join(', ')}]`;
    case 'RowExpr':
      // Two or more values in parentheses are a row already; one needs ROW to not be a mere parenthesis.
      return expr.fields.length >= 2
        ? `(${expr.fields.map(printExpression).join(', ')})`
        : `ROW(${expr.fields.map(printExpression).join(', ')})`;
    case 'SubscriptExpr':
      return `${postfixBase(expr.base, false)}[${printExpression(expr.index)}]`;
    case 'FieldAccessExpr':
      return `${postfixBase(expr.base, true)}.${printIdentifier(expr.field)}`;
    case 'LambdaExpr': {
      const params =
        expr.params.length === 1 ? printIdentifier(expr.params[0] as Identifier) : `(${expr.params.map(printIdentifier).join(', ')})`;
      return `${params} -> ${printExpression(expr.body)}`;
    }
    case 'AtTimeZoneExpr':
      return `${operand(expr.value, AT_TIME_ZONE)} AT TIME ZONE ${operand(expr.zone, POSTFIX)}`;
    case 'ExtractExpr':
      return `EXTRACT(${expr.field} FROM ${printExpression(expr.value)})`;
  }
}

/** Function names that are reserved words but still called by name. */
const RESERVED_FUNCTION_NAMES = new Set(['GROUPING', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP']);
const BARE_FUNCTIONS = new Set(['CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP']);

function printFunctionName(name: QualifiedName): string {
  const only = name.length === 1 ? name[0] : undefined;
  if (only !== undefined && !only.quoted && RESERVED_FUNCTION_NAMES.has(only.name.toUpperCase())) return only.name;
  return printName(name);
}

function printCall(call: FunctionCall): string {
  const only = call.name.length === 1 ? call.name[0] : undefined;
  const upperName = only !== undefined && !only.quoted ? only.name.toUpperCase() : '';
  let text: string;
  if (BARE_FUNCTIONS.has(upperName) && call.args.length === 0 && !call.star) {
    text = (only as Identifier).name;
  } else if (upperName === 'POSITION' && call.args.length === 2 && !call.distinct && call.orderBy === undefined) {
    text = `${(only as Identifier).name}(${operand(call.args[0] as Expression, CONCAT)} IN ${operand(call.args[1] as Expression, CONCAT)})`;
  } else {
    const inside = call.star
      ? '*'
      : `${call.distinct ? 'DISTINCT ' : ''}${call.args.map(printExpression).join(', ')}${call.orderBy === undefined ? '' : ` ORDER BY ${printSortItems(call.orderBy)}`}`;
    text = `${printFunctionName(call.name)}(${inside})`;
  }
  if (call.filter !== undefined) text += ` FILTER (WHERE ${printExpression(call.filter)})`;
  if (call.nullTreatment !== undefined) text += ` ${call.nullTreatment} NULLS`;
  if (call.over !== undefined) text += ` OVER (${printWindow(call.over)})`;
  return text;
}

function printWindow(window: WindowSpec): string {
  const parts: string[] = [];
  if (window.partitionBy.length > 0) parts.push(`PARTITION BY ${window.partitionBy.map(printExpression).join(', ')}`);
  if (window.orderBy.length > 0) parts.push(`ORDER BY ${printSortItems(window.orderBy)}`);
  if (window.frame !== undefined) {
    const { unit, start, end } = window.frame;
    parts.push(end === undefined ? `${unit} ${printBound(start)}` : `${unit} BETWEEN ${printBound(start)} AND ${printBound(end)}`);
  }
  return parts.join(' ');
}

function printBound(bound: FrameBound): string {
  switch (bound.kind) {
    case 'UnboundedPreceding':
      return 'UNBOUNDED PRECEDING';
    case 'UnboundedFollowing':
      return 'UNBOUNDED FOLLOWING';
    case 'CurrentRow':
      return 'CURRENT ROW';
    case 'Preceding':
    case 'Following': {
      // A column named unbounded must not read as UNBOUNDED PRECEDING.
      const offset =
        bound.offset === undefined
          ? ''
          : bound.offset.kind === 'ColumnRef' && bound.offset.parts.length === 1 && isBareName(bound.offset.parts[0], 'unbounded')
            ? `(${printExpression(bound.offset)}) `
            : `${predicateOperand(bound.offset)} `;
      return `${offset}${bound.kind === 'Preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
    }
  }
}

function printSortItems(items: readonly SortItem[]): string {
  return items
    .map(
      (item) =>
        `${printExpression(item.expr)}${item.direction === undefined ? '' : ` ${item.direction}`}${item.nulls === undefined ? '' : ` NULLS ${item.nulls}`}`,
    )
    .join(', ');
}

/** Prints a type: `bigint`, `decimal(10, 2)`, `row(time timestamp, value double)`, `timestamp(3) with time zone`. */
export function printDataType(type: DataType): string {
  if (type.parameters.length === 0) return type.name;
  const parameters = type.parameters.map(printTypeParameter).join(', ');
  const space = type.name.indexOf(' ');
  // Parameters go after the first word: timestamp(3) with time zone.
  return space < 0 ? `${type.name}(${parameters})` : `${type.name.slice(0, space)}(${parameters})${type.name.slice(space)}`;
}

function printTypeParameter(parameter: TypeParameter): string {
  if (parameter.kind === 'NumberParameter') return String(parameter.value);
  if (parameter.kind === 'TypeParameter') return printDataType(parameter.type);
  return `${printIdentifier(parameter.name)} ${printDataType(parameter.type)}`;
}

/**
 * How query-level text is laid out: on one line, or (`pretty`) with each clause on its own line and
 * subqueries in FROM and WITH indented. Expressions are always written on one line.
 */
interface Layout {
  readonly pretty: boolean;
  readonly indent: string;
}

const ONE_LINE: Layout = { pretty: false, indent: '' };

/** What separates two clauses: a space, or a new line at the current indent. */
function breakLine(layout: Layout): string {
  return layout.pretty ? `\n${layout.indent}` : ' ';
}

function deeper(layout: Layout): Layout {
  return layout.pretty ? { pretty: true, indent: `${layout.indent}  ` } : layout;
}

/** `(query)`, with the query indented on its own lines when pretty. */
function parenthesisedQuery(query: Query, layout: Layout): string {
  if (!layout.pretty) return `(${printQuery(query)})`;
  const inner = deeper(layout);
  return `(${breakLine(inner)}${formatQuery(query, inner)}${breakLine(layout)})`;
}

/** Prints a query with its WITH, ORDER BY, OFFSET and LIMIT, on one line. */
export function printQuery(query: Query): string {
  return formatQuery(query, ONE_LINE);
}

function formatQuery(query: Query, layout: Layout): string {
  const parts: string[] = [];
  if (query.with !== undefined) {
    const ctes = query.with.ctes.map(
      (cte) =>
        `${printIdentifier(cte.name)}${cte.columns === undefined ? '' : ` (${cte.columns.map(printIdentifier).join(', ')})`} AS ${parenthesisedQuery(cte.query, layout)}`,
    );
    parts.push(`WITH ${query.with.recursive ? 'RECURSIVE ' : ''}${ctes.join(`,${breakLine(layout)}`)}`);
  }
  parts.push(formatQueryBody(query.body, layout));
  if (query.orderBy !== undefined) parts.push(`ORDER BY ${printSortItems(query.orderBy)}`);
  if (query.offset !== undefined) parts.push(`OFFSET ${printExpression(query.offset)}`);
  if (query.limit !== undefined) parts.push(`LIMIT ${printExpression(query.limit)}`);
  return parts.join(breakLine(layout));
}

function setPrecedence(body: QueryBody): number {
  if (body.kind !== 'SetOperation') return 3;
  return body.operator === 'INTERSECT' ? 2 : 1;
}

function formatQueryBody(body: QueryBody, layout: Layout): string {
  switch (body.kind) {
    case 'Query':
      return parenthesisedQuery(body, layout);
    case 'SelectQuery':
      return formatSelect(body, layout);
    case 'ValuesQuery':
      return `VALUES ${body.rows.map(printExpression).join(', ')}`;
    case 'SetOperation': {
      const precedence = setPrecedence(body);
      const operand = (inner: QueryBody, parenthesise: boolean): string =>
        parenthesise ? parenthesisedQuery({ kind: 'Query', body: inner, span: inner.span }, layout) : formatQueryBody(inner, layout);
      const left = operand(body.left, setPrecedence(body.left) < precedence);
      const right = operand(body.right, setPrecedence(body.right) <= precedence);
      return `${left}${breakLine(layout)}${body.operator}${body.all ? ' ALL' : ''}${breakLine(layout)}${right}`;
    }
  }
}

function formatSelect(select: SelectQuery, layout: Layout): string {
  const items = select.items.map(printSelectItem);
  const quantifier = select.distinct ? ' DISTINCT' : '';
  const parts =
    layout.pretty && items.length > 1
      ? [`SELECT${quantifier}${breakLine(deeper(layout))}${items.join(`,${breakLine(deeper(layout))}`)}`]
      : [`SELECT${quantifier} ${items.join(', ')}`];
  if (select.from !== undefined) parts.push(`FROM ${formatRelation(select.from, layout)}`);
  if (select.where !== undefined) parts.push(`WHERE ${printExpression(select.where)}`);
  if (select.groupBy !== undefined) {
    const groupQuantifier = select.groupBy.quantifier === undefined ? '' : `${select.groupBy.quantifier} `;
    parts.push(`GROUP BY ${groupQuantifier}${select.groupBy.elements.map(printGroupingElement).join(', ')}`);
  }
  if (select.having !== undefined) parts.push(`HAVING ${printExpression(select.having)}`);
  return parts.join(breakLine(layout));
}

function printSelectItem(item: SelectItem): string {
  if (item.kind === 'SelectStar') return item.qualifier === undefined ? '*' : `${printName(item.qualifier)}.*`;
  return `${printExpression(item.expr)}${item.alias === undefined ? '' : ` AS ${printIdentifier(item.alias)}`}`;
}

function printGroupingElement(element: GroupingElement): string {
  switch (element.kind) {
    case 'GroupingExpr':
      return printExpression(element.expr);
    case 'Rollup':
      return `ROLLUP (${element.exprs.map(printExpression).join(', ')})`;
    case 'Cube':
      return `CUBE (${element.exprs.map(printExpression).join(', ')})`;
    case 'GroupingSets':
      return `GROUPING SETS (${element.sets.map((set) => `(${set.map(printExpression).join(', ')})`).join(', ')})`;
  }
}

function printAlias(alias: Identifier | undefined, columns: readonly Identifier[] | undefined): string {
  if (alias === undefined) return '';
  return ` AS ${printIdentifier(alias)}${columns === undefined ? '' : `(${columns.map(printIdentifier).join(', ')})`}`;
}

/** Prints FROM's relations on one line; joins nested on the right (or comma lists under a JOIN) get parentheses. */
export function printRelation(relation: Relation): string {
  return formatRelation(relation, ONE_LINE);
}

function formatRelation(relation: Relation, layout: Layout): string {
  switch (relation.kind) {
    case 'TableRelation':
      return `${printName(relation.name)}${printAlias(relation.alias, relation.columnAliases)}`;
    case 'SubqueryRelation':
      return `${parenthesisedQuery(relation.query, layout)}${printAlias(relation.alias, relation.columnAliases)}`;
    case 'UnnestRelation':
      return `UNNEST(${relation.args.map(printExpression).join(', ')})${relation.withOrdinality ? ' WITH ORDINALITY' : ''}${printAlias(relation.alias, relation.columnAliases)}`;
    case 'JoinRelation': {
      // Only the outermost chain of joins is laid out over lines; parenthesised ones stay on one.
      const parenthesised = (inner: Relation): string => `(${formatRelation(inner, ONE_LINE)})`;
      if (relation.joinType === 'IMPLICIT') {
        const right =
          relation.right.kind === 'JoinRelation' && relation.right.joinType === 'IMPLICIT'
            ? parenthesised(relation.right)
            : formatRelation(relation.right, layout);
        return `${formatRelation(relation.left, layout)},${breakLine(layout)}${right}`;
      }
      const left =
        relation.left.kind === 'JoinRelation' && relation.left.joinType === 'IMPLICIT'
          ? parenthesised(relation.left)
          : formatRelation(relation.left, layout);
      const right = relation.right.kind === 'JoinRelation' ? parenthesised(relation.right) : formatRelation(relation.right, layout);
      const keyword = relation.joinType === 'INNER' ? 'JOIN' : `${relation.joinType} JOIN`;
      let criteria = '';
      if (relation.criteria?.kind === 'On') criteria = ` ON ${printExpression(relation.criteria.condition)}`;
      else if (relation.criteria?.kind === 'Using') criteria = ` USING (${relation.criteria.columns.map(printIdentifier).join(', ')})`;
      return `${left}${breakLine(layout)}${keyword} ${right}${criteria}`;
    }
  }
}
