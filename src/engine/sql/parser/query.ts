import type { TidemarkError } from '../../../errors/index.ts';
import type {
  CommonTableExpression,
  Expression,
  GroupBy,
  GroupingElement,
  Identifier,
  JoinCriteria,
  JoinRelation,
  QualifiedName,
  Query,
  QueryBody,
  Relation,
  SelectItem,
  SelectQuery,
  SortItem,
  WithClause,
} from '../ast/nodes.ts';
import type { Token } from '../lexer/tokens.ts';
import { canStartExpression, parseExpression, parseExpressionList, parseSortItems } from './expressions.ts';
import { identifierFromToken, MAX_NESTING_DEPTH, type TokenStream } from './token-stream.ts';

const QUERY_START_WORDS = new Set(['SELECT', 'WITH', 'VALUES']);

/** Words that can follow a parenthesised query inside a larger query, but never a parenthesised value or join. */
const QUERY_CONTINUATION_WORDS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'ORDER', 'LIMIT', 'OFFSET']);

/**
 * Whether the tokens from `ahead` begin a query, where a value or a join could also begin: SELECT,
 * WITH or VALUES; or a parenthesised query that the query goes on from, as in
 * `((SELECT 1) UNION (SELECT 2))` — unlike `((SELECT 1) + 1)` or `((SELECT 1) s JOIN t ON ...)`.
 * With `valueFirst`, a lone parenthesised query is a value (`x IN ((SELECT 1))` is a list of one
 * scalar subquery, as Presto reads it).
 */
export function looksLikeQuery(ts: TokenStream, ahead: number, valueFirst = false, depth = 0): boolean {
  const token = ts.peek(ahead);
  if (token.kind === 'word' && QUERY_START_WORDS.has(token.value)) return true;
  if (!ts.isOperator('(', ahead) || depth >= MAX_NESTING_DEPTH) return false;
  const close = ts.closingParenAhead(ahead);
  if (close === undefined) return false;
  const follower = ts.peek(close + 1);
  const closes = follower.kind === 'operator' && follower.value === ')';
  const continues = follower.kind === 'word' && QUERY_CONTINUATION_WORDS.has(follower.value);
  return (continues || (closes && !valueFirst)) && looksLikeQuery(ts, ahead + 1, false, depth + 1);
}

/** A complete query: `[WITH ...] body [ORDER BY ...] [OFFSET n] [LIMIT n|ALL]`. */
export function parseQuery(ts: TokenStream): Query {
  ts.enter();
  try {
    return parseQueryInside(ts);
  } finally {
    ts.leave();
  }
}

function parseQueryInside(ts: TokenStream): Query {
  const start = ts.peek();
  const withClause = ts.isWord('WITH') ? parseWith(ts) : undefined;
  const body = parseSetOperations(ts, 1);
  let orderBy: SortItem[] | undefined;
  if (ts.acceptWords('ORDER', 'BY')) orderBy = parseSortItems(ts);
  else if (ts.isWord('ORDER')) throw expectedByAfter(ts, 'ORDER');
  let offset: Expression | undefined;
  let limit: Expression | undefined;
  // Presto writes OFFSET before LIMIT; PostgreSQL habits put it after. Both are accepted.
  if (ts.isWord('OFFSET')) offset = parseOffset(ts);
  if (ts.acceptWord('LIMIT')) {
    if (!ts.acceptWord('ALL')) limit = parseCount(ts, 'LIMIT');
  }
  if (offset === undefined && ts.isWord('OFFSET')) offset = parseOffset(ts);
  // `((SELECT ... LIMIT 1))`: extra parentheses around a query add nothing.
  if (withClause === undefined && orderBy === undefined && offset === undefined && limit === undefined && body.kind === 'Query')
    return body;
  return {
    kind: 'Query',
    ...(withClause === undefined ? {} : { with: withClause }),
    body,
    ...(orderBy === undefined ? {} : { orderBy }),
    ...(offset === undefined ? {} : { offset }),
    ...(limit === undefined ? {} : { limit }),
    span: ts.spanFrom(start),
  };
}

/** The error for GROUP or ORDER without BY, pointing at what came instead. */
function expectedByAfter(ts: TokenStream, word: string): TidemarkError {
  ts.next();
  return ts.unexpected(['BY'], `after ${word}`);
}

function parseOffset(ts: TokenStream): Expression {
  ts.next();
  const count = parseCount(ts, 'OFFSET');
  if (!ts.acceptWord('ROWS')) ts.acceptWord('ROW');
  return count;
}

/** A row count for LIMIT or OFFSET: a whole number or a parameter. */
function parseCount(ts: TokenStream, clause: string): Expression {
  const token = ts.peek();
  if (token.kind === 'number' && token.numberKind === 'integer') {
    ts.next();
    return { kind: 'NumberLiteral', text: token.value, numberKind: 'integer', span: ts.spanFrom(token) };
  }
  if (token.kind === 'parameter') return parseExpression(ts);
  throw ts.unexpected([clause === 'LIMIT' ? 'a whole number or ALL' : 'a whole number'], `after ${clause}`);
}

function parseWith(ts: TokenStream): WithClause {
  ts.expectWord('WITH');
  const recursive = ts.acceptWord('RECURSIVE');
  const ctes: CommonTableExpression[] = [];
  do {
    const name = ts.expectIdentifier('a name for the WITH query');
    const columns = ts.isOperator('(') ? parseIdentifierList(ts, 'a column name') : undefined;
    ts.expectWord('AS', `after the WITH query name ${name.name}`);
    ts.expectOperator('(', 'before the WITH query');
    const query = parseQuery(ts);
    ts.expectOperator(')', 'to close the WITH query');
    ctes.push({ name, ...(columns === undefined ? {} : { columns }), query });
  } while (ts.acceptOperator(','));
  return { recursive, ctes };
}

/** `(a, b, c)` */
function parseIdentifierList(ts: TokenStream, what: string): Identifier[] {
  ts.expectOperator('(');
  const names: Identifier[] = [];
  do names.push(ts.expectIdentifier(what));
  while (ts.acceptOperator(','));
  ts.expectOperator(')', 'to close the list of names');
  return names;
}

const SET_OPERATOR_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['UNION', 1],
  ['EXCEPT', 1],
  ['INTERSECT', 2],
]);

/** Set operations by precedence climbing: INTERSECT binds tighter than UNION and EXCEPT; all are left-associative. */
function parseSetOperations(ts: TokenStream, minPrecedence: number): QueryBody {
  const base = ts.startChain();
  try {
    const start = ts.peek();
    let left = parseQueryPrimary(ts);
    for (;;) {
      const token = ts.peek();
      const precedence = token.kind === 'word' ? SET_OPERATOR_PRECEDENCE.get(token.value) : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      ts.deepen();
      ts.next();
      let all = false;
      if (ts.acceptWord('ALL')) all = true;
      else ts.acceptWord('DISTINCT');
      const right = ts.nested(() => parseSetOperations(ts, precedence + 1));
      left = {
        kind: 'SetOperation',
        operator: token.value as 'UNION' | 'INTERSECT' | 'EXCEPT',
        all,
        left,
        right,
        span: ts.spanFrom(start),
      };
    }
  } finally {
    ts.endChain(base);
  }
}

function parseQueryPrimary(ts: TokenStream): QueryBody {
  const start = ts.peek();
  if (ts.isWord('SELECT')) return parseSelect(ts);
  if (ts.acceptWord('VALUES')) {
    const rows = parseExpressionList(ts, 'in VALUES');
    return { kind: 'ValuesQuery', rows, span: ts.spanFrom(start) };
  }
  if (ts.isOperator('(')) {
    ts.next();
    const query = parseQuery(ts);
    ts.expectOperator(')', 'to close the parenthesised query');
    // A parenthesised query with nothing of its own but a body is just that body.
    const plain = query.with === undefined && query.orderBy === undefined && query.limit === undefined && query.offset === undefined;
    return plain ? query.body : query;
  }
  throw ts.unexpected(['SELECT', 'VALUES', 'WITH', "'('"], 'to start a query');
}

function parseSelect(ts: TokenStream): SelectQuery {
  const start = ts.expectWord('SELECT');
  let distinct = false;
  if (ts.acceptWord('DISTINCT')) distinct = true;
  else ts.acceptWord('ALL');
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(ts));
  while (ts.acceptOperator(','));

  let from: Relation | undefined;
  if (ts.acceptWord('FROM')) from = parseFrom(ts);
  let where: Expression | undefined;
  if (ts.acceptWord('WHERE')) {
    if (!canStartExpression(ts)) throw ts.unexpected(['a condition'], 'after WHERE');
    where = parseExpression(ts);
  }
  let groupBy: GroupBy | undefined;
  if (ts.acceptWords('GROUP', 'BY')) groupBy = parseGroupBy(ts);
  else if (ts.isWord('GROUP')) throw expectedByAfter(ts, 'GROUP');
  let having: Expression | undefined;
  if (ts.acceptWord('HAVING')) {
    if (!canStartExpression(ts)) throw ts.unexpected(['a condition'], 'after HAVING');
    having = parseExpression(ts);
  }
  return {
    kind: 'SelectQuery',
    distinct,
    items,
    ...(from === undefined ? {} : { from }),
    ...(where === undefined ? {} : { where }),
    ...(groupBy === undefined ? {} : { groupBy }),
    ...(having === undefined ? {} : { having }),
    span: ts.spanFrom(start),
  };
}

function parseSelectItem(ts: TokenStream): SelectItem {
  const start = ts.peek();
  if (ts.acceptOperator('*')) return { kind: 'SelectStar', span: ts.spanFrom(start) };
  const qualifierLength = starQualifierLength(ts);
  if (qualifierLength > 0) {
    const qualifier: Identifier[] = [];
    for (let i = 0; i < qualifierLength; i++) {
      qualifier.push(identifierFromToken(ts.next()));
      ts.next(); // the dot
    }
    ts.next(); // the star
    return { kind: 'SelectStar', qualifier, span: ts.spanFrom(start) };
  }
  if (!canStartExpression(ts)) throw ts.unexpected(['a select item (an expression or *)']);
  const expr = parseExpression(ts);
  const alias = parseAlias(ts);
  return { kind: 'SelectExpr', expr, ...(alias === undefined ? {} : { alias }), span: ts.spanFrom(start) };
}

/** For `a.b.*`, the number of names before the star (2); otherwise 0. */
function starQualifierLength(ts: TokenStream): number {
  let ahead = 0;
  // The dot first: it rules out most select items without looking the word up among the reserved ones.
  while (ts.isOperator('.', ahead + 1) && ts.isIdentifier(ahead)) {
    ahead += 2;
    if (ts.isOperator('*', ahead)) return ahead / 2;
  }
  return 0;
}

/** `[AS] alias` */
function parseAlias(ts: TokenStream): Identifier | undefined {
  if (ts.acceptWord('AS')) return ts.expectIdentifier('an alias after AS');
  if (ts.isImplicitAlias()) return identifierFromToken(ts.next());
  return undefined;
}

/** FROM's relations; commas are implicit cross joins that bind more loosely than JOIN. */
function parseFrom(ts: TokenStream): Relation {
  const base = ts.startChain();
  try {
    const start = ts.peek();
    let relation = parseJoinedRelation(ts);
    while (ts.acceptOperator(',')) {
      ts.deepen();
      const right = parseJoinedRelation(ts);
      relation = { kind: 'JoinRelation', joinType: 'IMPLICIT', left: relation, right, span: ts.spanFrom(start) };
    }
    return relation;
  } finally {
    ts.endChain(base);
  }
}

function parseJoinedRelation(ts: TokenStream): Relation {
  const base = ts.startChain();
  try {
    return parseJoinChain(ts);
  } finally {
    ts.endChain(base);
  }
}

function parseJoinChain(ts: TokenStream): Relation {
  const start = ts.peek();
  let left = parseAliasedRelation(ts);
  for (;;) {
    ts.deepen();
    if (ts.acceptWords('CROSS', 'JOIN')) {
      const right = parseAliasedRelation(ts);
      left = { kind: 'JoinRelation', joinType: 'CROSS', left, right, span: ts.spanFrom(start) };
      continue;
    }
    const joinType = parseJoinType(ts);
    if (joinType === undefined) return left;
    const right = parseAliasedRelation(ts);
    const criteria = parseJoinCriteria(ts);
    const join: JoinRelation = { kind: 'JoinRelation', joinType, left, right, criteria, span: ts.spanFrom(start) };
    left = join;
  }
}

function parseJoinType(ts: TokenStream): JoinRelation['joinType'] | undefined {
  if (ts.acceptWord('JOIN') || ts.acceptWords('INNER', 'JOIN')) return 'INNER';
  for (const side of ['LEFT', 'RIGHT', 'FULL'] as const) {
    if (ts.acceptWords(side, 'JOIN') || ts.acceptWords(side, 'OUTER', 'JOIN')) return side;
  }
  if (ts.isWord('NATURAL')) throw ts.error(ts.peek(), 'NATURAL JOIN is not supported; write the join condition with ON or USING.');
  if (ts.isWord('INNER') || ts.isWord('LEFT') || ts.isWord('RIGHT') || ts.isWord('FULL') || ts.isWord('CROSS')) {
    const word = ts.peek().value;
    ts.next();
    throw ts.unexpected(word === 'INNER' || word === 'CROSS' ? ['JOIN'] : ['JOIN', 'OUTER JOIN'], `after ${word}`);
  }
  return undefined;
}

function parseJoinCriteria(ts: TokenStream): JoinCriteria {
  if (ts.acceptWord('ON')) {
    if (!canStartExpression(ts)) throw ts.unexpected(['a join condition'], 'after ON');
    return { kind: 'On', condition: parseExpression(ts) };
  }
  if (ts.acceptWord('USING')) return { kind: 'Using', columns: parseIdentifierList(ts, 'a column name') };
  throw ts.unexpected(['ON', 'USING'], 'after the joined table');
}

/** A table, subquery or UNNEST with its optional alias, or a parenthesised join. */
function parseAliasedRelation(ts: TokenStream): Relation {
  ts.enter();
  try {
    return parseAliasedRelationInside(ts);
  } finally {
    ts.leave();
  }
}

function parseAliasedRelationInside(ts: TokenStream): Relation {
  const start = ts.peek();
  if (ts.isWord('UNNEST')) {
    ts.next();
    ts.expectOperator('(', 'after UNNEST');
    const args = parseExpressionList(ts, 'in UNNEST(');
    ts.expectOperator(')', 'to close UNNEST(');
    const withOrdinality = ts.acceptWords('WITH', 'ORDINALITY');
    return { kind: 'UnnestRelation', args, withOrdinality, ...parseRelationAlias(ts), span: ts.spanFrom(start) };
  }
  if (ts.isOperator('(')) {
    if (looksLikeQuery(ts, 1)) {
      ts.next();
      const query = parseQuery(ts);
      ts.expectOperator(')', 'to close the subquery');
      return { kind: 'SubqueryRelation', query, ...parseRelationAlias(ts), span: ts.spanFrom(start) };
    }
    ts.next();
    const inner = parseFrom(ts);
    ts.expectOperator(')', 'to close the parenthesised join');
    return inner;
  }
  if (!ts.isIdentifier()) throw ts.unexpected(['a table name', 'a subquery', 'UNNEST'], describeFromContext(start));
  const name = parseQualifiedName(ts, 'a table name');
  return { kind: 'TableRelation', name, ...parseRelationAlias(ts), span: ts.spanFrom(start) };
}

function describeFromContext(token: Token): string {
  return token.kind === 'eof' ? 'after FROM' : 'in FROM';
}

function parseRelationAlias(ts: TokenStream): { alias?: Identifier; columnAliases?: Identifier[] } {
  const alias = parseAlias(ts);
  if (alias === undefined) return {};
  if (ts.isOperator('(')) return { alias, columnAliases: parseIdentifierList(ts, 'a column alias') };
  return { alias };
}

/** `a`, `a.b`, `"a"."b"."c"` */
export function parseQualifiedName(ts: TokenStream, what: string): QualifiedName {
  const parts: Identifier[] = [ts.expectIdentifier(what)];
  while (ts.isOperator('.')) {
    ts.next();
    parts.push(ts.expectIdentifier(`a name after '.' in ${what}`));
  }
  return parts;
}

function parseGroupBy(ts: TokenStream): GroupBy {
  let quantifier: 'ALL' | 'DISTINCT' | undefined;
  if (ts.acceptWord('ALL')) quantifier = 'ALL';
  else if (ts.acceptWord('DISTINCT')) quantifier = 'DISTINCT';
  const elements: GroupingElement[] = [];
  do elements.push(parseGroupingElement(ts));
  while (ts.acceptOperator(','));
  return { ...(quantifier === undefined ? {} : { quantifier }), elements };
}

function parseGroupingElement(ts: TokenStream): GroupingElement {
  // `GROUP BY ()`: the grand total, one empty grouping set.
  if (ts.isOperator('(') && ts.isOperator(')', 1) && !ts.isOperator('->', 2)) {
    ts.next();
    ts.next();
    return { kind: 'GroupingSets', sets: [[]] };
  }
  if ((ts.isWord('ROLLUP') || ts.isWord('CUBE')) && ts.isOperator('(', 1)) {
    const kind = ts.next().value === 'ROLLUP' ? 'Rollup' : 'Cube';
    ts.next();
    const exprs = ts.isOperator(')') ? [] : parseExpressionList(ts, `in ${kind.toUpperCase()}(`);
    ts.expectOperator(')', `to close ${kind.toUpperCase()}(`);
    return { kind, exprs };
  }
  if (ts.acceptWords('GROUPING', 'SETS')) {
    ts.expectOperator('(', 'after GROUPING SETS');
    const sets: Expression[][] = [];
    do {
      if (ts.isOperator('(')) {
        // A parenthesised set; `(a, b)` would otherwise read as a row value.
        ts.next();
        sets.push(ts.isOperator(')') ? [] : parseExpressionList(ts, 'in the grouping set'));
        ts.expectOperator(')', 'to close the grouping set');
      } else {
        sets.push([parseExpression(ts)]);
      }
    } while (ts.acceptOperator(','));
    ts.expectOperator(')', 'to close GROUPING SETS');
    return { kind: 'GroupingSets', sets };
  }
  if (!canStartExpression(ts)) throw ts.unexpected(['an expression or column number'], 'in GROUP BY');
  return { kind: 'GroupingExpr', expr: parseExpression(ts) };
}
