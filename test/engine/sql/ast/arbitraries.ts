import fc from 'fast-check';
import type {
  DataType,
  Expression,
  FunctionCall,
  GroupingElement,
  Identifier,
  IntervalField,
  JoinRelation,
  Query,
  QueryBody,
  Relation,
  SelectItem,
  SelectQuery,
  SortItem,
  SourceSpan,
  Statement,
  WindowSpec,
} from '../../../../src/engine/sql/ast/nodes.ts';
import { isReservedWord } from '../../../../src/engine/sql/lexer/tokens.ts';

/** Generated trees have no text; every node gets this span, and comparisons strip spans anyway. */
const span: SourceSpan = { start: 0, end: 0, line: 1, column: 1 };

/**
 * Bare names: any word that is not reserved, including the ones the grammar gives a meaning of its
 * own in some position (`array[`, `row(`, `interval '1'`, `position(`, `UNBOUNDED PRECEDING`,
 * Timestream's `measure_value::`), which the printer must keep unambiguous.
 */
const CONTEXTUAL_WORDS = [
  'array',
  'row',
  'interval',
  'position',
  'try_cast',
  'measure_value',
  'unbounded',
  'current',
  'zone',
  'at',
  'filter',
  'over',
  'ignore',
  'nulls',
  'time',
  'limit',
  'offset',
];

const bareName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/).filter((name) => !isReservedWord(name.toUpperCase())) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTEXTUAL_WORDS) },
);

export const identifier: fc.Arbitrary<Identifier> = fc.oneof(
  { weight: 4, arbitrary: bareName.map((name) => ({ kind: 'Identifier' as const, name, quoted: false, span })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('select', 'Time', 'a"b', 'x y', 'measure_value::double'))
      .map((name) => ({ kind: 'Identifier' as const, name, quoted: true, span })),
  },
);

/** A called name: ROW(, TRY_CAST( and POSITION( are syntax of their own, not calls by those names. */
const functionName: fc.Arbitrary<Identifier> = identifier.filter(
  (name) => name.quoted || !['row', 'try_cast', 'position'].includes(name.name),
);

function dataType(name: string, parameters: DataType['parameters'] = []): DataType {
  return { kind: 'DataType', name, parameters, span };
}

export const dataTypes: fc.Arbitrary<DataType> = fc.constantFrom(
  dataType('bigint'),
  dataType('double'),
  dataType('varchar'),
  dataType('varchar', [{ kind: 'NumberParameter', value: 5 }]),
  dataType('boolean'),
  dataType('timestamp'),
  dataType('date'),
  dataType('decimal', [
    { kind: 'NumberParameter', value: 10 },
    { kind: 'NumberParameter', value: 2 },
  ]),
  dataType('array', [{ kind: 'TypeParameter', type: dataType('double') }]),
  dataType('map', [
    { kind: 'TypeParameter', type: dataType('varchar') },
    { kind: 'TypeParameter', type: dataType('bigint') },
  ]),
  dataType('row', [
    { kind: 'FieldParameter', name: { kind: 'Identifier', name: 'time', quoted: false, span }, type: dataType('timestamp') },
    { kind: 'FieldParameter', name: { kind: 'Identifier', name: 'value', quoted: false, span }, type: dataType('double') },
  ]),
  dataType('timeseries', [{ kind: 'TypeParameter', type: dataType('double') }]),
  dataType('timestamp with time zone'),
  dataType('interval day to second'),
);

const literalTypeNames = fc.constantFrom('timestamp', 'date', 'time', 'double', 'bigint', 'varchar', 'boolean', 'integer');
const intervalFields = fc.constantFrom<IntervalField>('YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND');
const digits = fc.nat({ max: 100_000 }).map(String);

export const literal: fc.Arbitrary<Expression> = fc.oneof(
  fc.constant<Expression>({ kind: 'NullLiteral', span }),
  fc.boolean().map((value): Expression => ({ kind: 'BooleanLiteral', value, span })),
  digits.map((text): Expression => ({ kind: 'NumberLiteral', text, numberKind: 'integer', span })),
  fc.tuple(digits, digits).map(([a, b]): Expression => ({ kind: 'NumberLiteral', text: `${a}.${b}`, numberKind: 'decimal', span })),
  fc.tuple(digits, fc.nat(30)).map(([a, b]): Expression => ({ kind: 'NumberLiteral', text: `${a}e${b}`, numberKind: 'double', span })),
  fc.string({ maxLength: 8 }).map((value): Expression => ({ kind: 'StringLiteral', value, span })),
  fc
    .tuple(
      fc.oneof(
        digits,
        fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`),
      ),
      fc.constantFrom('ns', 'us', 'ms', 's', 'm', 'h', 'd') as fc.Arbitrary<'ns'>,
    )
    .map(([amount, unit]): Expression => ({ kind: 'DurationLiteral', amount, unit, span })),
  fc
    .tuple(
      fc.string({ maxLength: 5 }),
      fc.constantFrom<1 | -1>(1, -1),
      fc.option(fc.tuple(intervalFields, fc.option(intervalFields, { nil: undefined })), { nil: undefined }),
    )
    .map(
      ([value, sign, fields]): Expression => ({
        kind: 'IntervalLiteral',
        value,
        sign,
        ...(fields === undefined ? {} : { from: fields[0] }),
        ...(fields?.[1] === undefined ? {} : { to: fields[1] }),
        span,
      }),
    ),
  fc
    .tuple(literalTypeNames, fc.string({ maxLength: 10 }))
    .map(([name, value]): Expression => ({ kind: 'TypedLiteral', type: dataType(name), value, span })),
  bareName.map((name): Expression => ({ kind: 'Parameter', name, span })),
);

export const columnRef: fc.Arbitrary<Expression> = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((parts) => ({ kind: 'ColumnRef', parts, span }));

const measureColumn: fc.Arbitrary<Expression> = fc
  .constantFrom('double', 'bigint', 'varchar', 'boolean', 'timestamp')
  .map((type) => ({ kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: `measure_value::${type}`, quoted: false, span }], span }));

const comparisonOperators = fc.constantFrom('=', '<>', '<', '<=', '>', '>=') as fc.Arbitrary<'='>;

/** Expressions and queries, recursively, each level smaller. */
export const { expression, query } = fc.letrec<{
  expression: Expression;
  query: Query;
  sortItem: SortItem;
  window: WindowSpec;
  call: FunctionCall;
  selectItem: SelectItem;
}>((tie) => {
  const expr = tie('expression');
  const list = (min: number, max: number) => fc.array(expr, { minLength: min, maxLength: max });
  return {
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: fc.oneof(literal, columnRef, measureColumn) },
      fc
        .tuple(fc.constantFrom('-', '+', 'NOT') as fc.Arbitrary<'-'>, expr)
        .map(([operator, operand]): Expression => ({ kind: 'UnaryExpr', operator, operand, span })),
      fc
        .tuple(fc.constantFrom('+', '-', '*', '/', '%', '||', '=', '<>', '<', '<=', '>', '>=') as fc.Arbitrary<'+'>, expr, expr)
        .map(([operator, left, right]): Expression => ({ kind: 'BinaryExpr', operator, left, right, span })),
      fc
        .tuple(fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND'>, list(2, 4))
        .map(([operator, operands]): Expression => ({ kind: 'LogicalExpr', operator, operands, span })),
      fc
        .tuple(expr, expr, expr, fc.boolean())
        .map(([value, low, high, negated]): Expression => ({ kind: 'BetweenExpr', value, low, high, negated, span })),
      fc
        .tuple(expr, list(1, 3), fc.boolean())
        .map(([value, items, negated]): Expression => ({ kind: 'InListExpr', value, list: items, negated, span })),
      fc.tuple(expr, expr, fc.option(expr, { nil: undefined }), fc.boolean()).map(
        ([value, pattern, escapeCharacter, negated]): Expression => ({
          kind: 'LikeExpr',
          value,
          pattern,
          ...(escapeCharacter === undefined ? {} : { escape: escapeCharacter }),
          negated,
          span,
        }),
      ),
      fc.tuple(expr, fc.boolean()).map(([value, negated]): Expression => ({ kind: 'IsNullExpr', value, negated, span })),
      fc
        .tuple(expr, expr, fc.boolean())
        .map(([left, right, negated]): Expression => ({ kind: 'IsDistinctFromExpr', left, right, negated, span })),
      tie('query').map((q): Expression => ({ kind: 'ExistsExpr', query: q, span })),
      tie('query').map((q): Expression => ({ kind: 'SubqueryExpr', query: q, span })),
      fc
        .tuple(expr, tie('query'), fc.boolean())
        .map(([value, q, negated]): Expression => ({ kind: 'InSubqueryExpr', value, query: q, negated, span })),
      fc.tuple(comparisonOperators, fc.constantFrom('ANY', 'ALL') as fc.Arbitrary<'ANY'>, expr, tie('query')).map(
        ([operator, quantifier, value, q]): Expression => ({
          kind: 'QuantifiedComparisonExpr',
          operator,
          quantifier,
          value,
          query: q,
          span,
        }),
      ),
      tie('call'),
      fc
        .tuple(
          fc.option(expr, { nil: undefined }),
          fc.array(fc.record({ condition: expr, result: expr }), { minLength: 1, maxLength: 2 }),
          fc.option(expr, { nil: undefined }),
        )
        .map(
          ([operand, whens, otherwise]): Expression => ({
            kind: 'CaseExpr',
            ...(operand === undefined ? {} : { operand }),
            whens,
            ...(otherwise === undefined ? {} : { else: otherwise }),
            span,
          }),
        ),
      fc.tuple(expr, dataTypes, fc.constantFrom('cast', 'try_cast', 'colons')).map(
        ([value, type, form]): Expression => ({
          kind: 'CastExpr',
          value,
          type,
          safe: form === 'try_cast',
          syntax: form === 'colons' ? 'colons' : 'cast',
          span,
        }),
      ),
      list(0, 3).map((elements): Expression => ({ kind: 'ArrayExpr', elements, span })),
      list(1, 3).map((fields): Expression => ({ kind: 'RowExpr', fields, span })),
      fc.tuple(expr, expr).map(([base, index]): Expression => ({ kind: 'SubscriptExpr', base, index, span })),
      fc.tuple(expr, identifier).map(([base, field]): Expression => ({ kind: 'FieldAccessExpr', base, field, span })),
      fc
        .tuple(fc.array(identifier, { maxLength: 3 }), expr)
        .map(([params, body]): Expression => ({ kind: 'LambdaExpr', params, body, span })),
      fc.tuple(expr, expr).map(([value, zone]): Expression => ({ kind: 'AtTimeZoneExpr', value, zone, span })),
      fc
        .tuple(fc.constantFrom('YEAR', 'MONTH', 'DAY', 'HOUR', 'DOW', 'DOY'), expr)
        .map(([field, value]): Expression => ({ kind: 'ExtractExpr', field, value, span })),
    ),
    call: fc
      .record({
        name: fc.array(functionName, { minLength: 1, maxLength: 1 }),
        args: list(0, 3),
        distinct: fc.boolean(),
        star: fc.boolean(),
        orderBy: fc.option(fc.array(tie('sortItem'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        filter: fc.option(expr, { nil: undefined }),
        nullTreatment: fc.option(fc.constantFrom('IGNORE', 'RESPECT') as fc.Arbitrary<'IGNORE'>, { nil: undefined }),
        over: fc.option(tie('window'), { nil: undefined }),
      })
      .map((c): FunctionCall => {
        // Only shapes the grammar can write: a star or DISTINCT/ORDER BY need the right arguments,
        // and IGNORE NULLS needs OVER.
        const star = c.star && c.args.length === 0;
        const hasArgs = c.args.length > 0;
        return {
          kind: 'FunctionCall',
          name: c.name,
          args: c.args,
          distinct: c.distinct && hasArgs,
          star,
          ...(c.orderBy !== undefined && hasArgs ? { orderBy: c.orderBy } : {}),
          ...(c.filter === undefined ? {} : { filter: c.filter }),
          ...(c.nullTreatment !== undefined && c.over !== undefined ? { nullTreatment: c.nullTreatment } : {}),
          ...(c.over === undefined ? {} : { over: c.over }),
          span,
        };
      }),
    sortItem: fc
      .tuple(
        expr,
        fc.option(fc.constantFrom('ASC', 'DESC') as fc.Arbitrary<'ASC'>, { nil: undefined }),
        fc.option(fc.constantFrom('FIRST', 'LAST') as fc.Arbitrary<'FIRST'>, { nil: undefined }),
      )
      .map(
        ([e, direction, nulls]): SortItem => ({
          expr: e,
          ...(direction === undefined ? {} : { direction }),
          ...(nulls === undefined ? {} : { nulls }),
        }),
      ),
    window: fc
      .record({
        partitionBy: list(0, 2),
        orderBy: fc.array(tie('sortItem'), { maxLength: 2 }),
        frame: fc.option(
          fc.record({
            unit: fc.constantFrom('ROWS', 'RANGE', 'GROUPS') as fc.Arbitrary<'ROWS'>,
            start: fc.oneof(
              fc.constant({ kind: 'UnboundedPreceding' as const }),
              fc.constant({ kind: 'CurrentRow' as const }),
              expr.map((offset) => ({ kind: 'Preceding' as const, offset })),
            ),
            end: fc.option(
              fc.oneof(
                fc.constant({ kind: 'UnboundedFollowing' as const }),
                fc.constant({ kind: 'CurrentRow' as const }),
                expr.map((offset) => ({ kind: 'Following' as const, offset })),
              ),
              { nil: undefined },
            ),
          }),
          { nil: undefined },
        ),
      })
      .map(
        (w): WindowSpec => ({
          partitionBy: w.partitionBy,
          orderBy: w.orderBy,
          ...(w.frame === undefined
            ? {}
            : { frame: { unit: w.frame.unit, start: w.frame.start, ...(w.frame.end === undefined ? {} : { end: w.frame.end }) } }),
        }),
      ),
    selectItem: fc
      .tuple(expr, fc.option(identifier, { nil: undefined }))
      .map(([e, alias]): SelectItem => ({ kind: 'SelectExpr', expr: e, ...(alias === undefined ? {} : { alias }), span })),
    query: fc
      .record({
        items: fc.array(tie('selectItem'), { minLength: 1, maxLength: 2 }),
        table: fc.option(fc.array(identifier, { minLength: 1, maxLength: 2 }), { nil: undefined }),
        where: fc.option(expr, { nil: undefined }),
        orderBy: fc.option(fc.array(tie('sortItem'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        limit: fc.option(digits, { nil: undefined }),
      })
      .map(
        (q): Query => ({
          kind: 'Query',
          body: {
            kind: 'SelectQuery',
            distinct: false,
            items: q.items,
            ...(q.table === undefined ? {} : { from: { kind: 'TableRelation', name: q.table, span } }),
            ...(q.where === undefined ? {} : { where: q.where }),
            span,
          },
          ...(q.orderBy === undefined ? {} : { orderBy: q.orderBy }),
          ...(q.limit === undefined ? {} : { limit: { kind: 'NumberLiteral', text: q.limit, numberKind: 'integer', span } }),
          span,
        }),
      ),
  };
});

const smallExpr = expression;
const qualifiedName = fc.array(identifier, { minLength: 1, maxLength: 3 });

const tableRelation: fc.Arbitrary<Relation> = fc
  .tuple(
    qualifiedName,
    fc.option(fc.tuple(identifier, fc.option(fc.array(identifier, { minLength: 1, maxLength: 2 }), { nil: undefined })), {
      nil: undefined,
    }),
  )
  .map(([name, alias]) => ({
    kind: 'TableRelation',
    name,
    ...(alias === undefined ? {} : { alias: alias[0] }),
    ...(alias?.[1] === undefined ? {} : { columnAliases: alias[1] }),
    span,
  }));

const subqueryRelation: fc.Arbitrary<Relation> = fc
  .tuple(query, fc.option(identifier, { nil: undefined }))
  .map(([q, alias]) => ({ kind: 'SubqueryRelation', query: q, ...(alias === undefined ? {} : { alias }), span }));

const unnestRelation: fc.Arbitrary<Relation> = fc
  .tuple(
    fc.array(smallExpr, { minLength: 1, maxLength: 2 }),
    fc.boolean(),
    fc.option(fc.tuple(identifier, fc.array(identifier, { minLength: 1, maxLength: 3 })), { nil: undefined }),
  )
  .map(([args, withOrdinality, alias]) => ({
    kind: 'UnnestRelation',
    args,
    withOrdinality,
    ...(alias === undefined ? {} : { alias: alias[0], columnAliases: alias[1] }),
    span,
  }));

const joinTypes = fc.constantFrom('INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'IMPLICIT') as fc.Arbitrary<JoinRelation['joinType']>;

/** FROM clauses: tables, subqueries and UNNEST joined in any shape, nested ones included. */
export const relation: fc.Arbitrary<Relation> = fc.letrec<{ relation: Relation }>((tie) => ({
  relation: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: tableRelation },
    subqueryRelation,
    unnestRelation,
    fc
      .tuple(joinTypes, tie('relation'), tie('relation'), fc.oneof(smallExpr, fc.array(identifier, { minLength: 1, maxLength: 2 })))
      .map(([joinType, left, right, criteria]): Relation => {
        const needsCriteria = joinType !== 'CROSS' && joinType !== 'IMPLICIT';
        return {
          kind: 'JoinRelation',
          joinType,
          left,
          right,
          ...(needsCriteria
            ? {
                criteria: Array.isArray(criteria)
                  ? { kind: 'Using', columns: criteria }
                  : { kind: 'On', condition: criteria as Expression },
              }
            : {}),
          span,
        };
      }),
  ),
})).relation;

const groupingElement: fc.Arbitrary<GroupingElement> = fc.oneof(
  { weight: 3, arbitrary: smallExpr.map((expr): GroupingElement => ({ kind: 'GroupingExpr', expr })) },
  fc.array(smallExpr, { maxLength: 2 }).map((exprs): GroupingElement => ({ kind: 'Rollup', exprs })),
  fc.array(smallExpr, { maxLength: 2 }).map((exprs): GroupingElement => ({ kind: 'Cube', exprs })),
  fc
    .array(fc.array(smallExpr, { maxLength: 2 }), { minLength: 1, maxLength: 3 })
    .map((sets): GroupingElement => ({ kind: 'GroupingSets', sets })),
);

const selectItem: fc.Arbitrary<SelectItem> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(smallExpr, fc.option(identifier, { nil: undefined }))
      .map(([expr, alias]): SelectItem => ({ kind: 'SelectExpr', expr, ...(alias === undefined ? {} : { alias }), span })),
  },
  fc
    .option(fc.array(identifier, { minLength: 1, maxLength: 2 }), { nil: undefined })
    .map((qualifier): SelectItem => ({ kind: 'SelectStar', ...(qualifier === undefined ? {} : { qualifier }), span })),
);

const selectQuery: fc.Arbitrary<SelectQuery> = fc
  .record({
    distinct: fc.boolean(),
    items: fc.array(selectItem, { minLength: 1, maxLength: 3 }),
    from: fc.option(relation, { nil: undefined }),
    where: fc.option(smallExpr, { nil: undefined }),
    groupBy: fc.option(
      fc.record({
        quantifier: fc.option(fc.constantFrom('ALL', 'DISTINCT') as fc.Arbitrary<'ALL'>, { nil: undefined }),
        elements: fc.array(groupingElement, { minLength: 1, maxLength: 3 }),
      }),
      { nil: undefined },
    ),
    having: fc.option(smallExpr, { nil: undefined }),
  })
  .map((s) => ({
    kind: 'SelectQuery',
    distinct: s.distinct,
    items: s.items,
    ...(s.from === undefined ? {} : { from: s.from }),
    ...(s.where === undefined ? {} : { where: s.where }),
    ...(s.groupBy === undefined
      ? {}
      : { groupBy: { ...(s.groupBy.quantifier === undefined ? {} : { quantifier: s.groupBy.quantifier }), elements: s.groupBy.elements } }),
    ...(s.having === undefined ? {} : { having: s.having }),
    span,
  }));

const valuesQuery: fc.Arbitrary<QueryBody> = fc
  .array(smallExpr, { minLength: 1, maxLength: 3 })
  .map((rows) => ({ kind: 'ValuesQuery', rows, span }));

/** A query with ORDER BY or LIMIT of its own, which keeps its parentheses inside a set operation. */
const limitedQuery: fc.Arbitrary<QueryBody> = fc.tuple(selectQuery, digits).map(([body, limit]) => ({
  kind: 'Query',
  body,
  limit: { kind: 'NumberLiteral', text: limit, numberKind: 'integer', span },
  span,
}));

const queryBody: fc.Arbitrary<QueryBody> = fc.letrec<{ body: QueryBody }>((tie) => ({
  body: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: selectQuery },
    valuesQuery,
    limitedQuery,
    fc
      .tuple(fc.constantFrom('UNION', 'INTERSECT', 'EXCEPT') as fc.Arbitrary<'UNION'>, fc.boolean(), tie('body'), tie('body'))
      .map(([operator, all, left, right]): QueryBody => ({ kind: 'SetOperation', operator, all, left, right, span })),
  ),
})).body;

const fullQuery: fc.Arbitrary<Query> = fc
  .record({
    with: fc.option(
      fc.record({
        recursive: fc.boolean(),
        ctes: fc.array(
          fc
            .tuple(identifier, fc.option(fc.array(identifier, { minLength: 1, maxLength: 2 }), { nil: undefined }), query)
            .map(([name, columns, q]) => ({
              name,
              ...(columns === undefined ? {} : { columns }),
              query: q,
            })),
          { minLength: 1, maxLength: 2 },
        ),
      }),
      { nil: undefined },
    ),
    body: queryBody,
    orderBy: fc.option(
      fc.array(
        smallExpr.map((expr): SortItem => ({ expr })),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: undefined },
    ),
    offset: fc.option(digits, { nil: undefined }),
    limit: fc.option(digits, { nil: undefined }),
  })
  .map(
    (q): Query => ({
      kind: 'Query',
      ...(q.with === undefined ? {} : { with: q.with }),
      body: q.body,
      ...(q.orderBy === undefined ? {} : { orderBy: q.orderBy }),
      ...(q.offset === undefined ? {} : { offset: { kind: 'NumberLiteral', text: q.offset, numberKind: 'integer', span } }),
      ...(q.limit === undefined ? {} : { limit: { kind: 'NumberLiteral', text: q.limit, numberKind: 'integer', span } }),
      span,
    }),
  )
  // A plain parenthesised query reads back as its body, so a generated one would never round-trip.
  .filter(
    (q) => !(q.body.kind === 'Query' && q.with === undefined && q.orderBy === undefined && q.offset === undefined && q.limit === undefined),
  );

const likePattern = fc.option(fc.string({ maxLength: 5 }), { nil: undefined });

/** Every kind of statement. */
export const statement: fc.Arbitrary<Statement> = fc.oneof(
  { weight: 6, arbitrary: fullQuery },
  likePattern.map((like): Statement => ({ kind: 'ShowDatabases', ...(like === undefined ? {} : { like }), span })),
  fc.tuple(fc.option(identifier, { nil: undefined }), likePattern).map(
    ([database, like]): Statement => ({
      kind: 'ShowTables',
      ...(database === undefined ? {} : { database }),
      ...(like === undefined ? {} : { like }),
      span,
    }),
  ),
  fc
    .tuple(qualifiedName, likePattern)
    .map(([table, like]): Statement => ({ kind: 'ShowMeasures', table, ...(like === undefined ? {} : { like }), span })),
  qualifiedName.map((table): Statement => ({ kind: 'Describe', table, span })),
  fc
    .tuple(qualifiedName, fc.option(smallExpr, { nil: undefined }))
    .map(([table, where]): Statement => ({ kind: 'Delete', table, ...(where === undefined ? {} : { where }), span })),
  fc.tuple(fc.boolean(), fullQuery).map(([analyze, inner]): Statement => ({ kind: 'Explain', analyze, statement: inner, span })),
);
