import type { ColumnRef, Expression, FunctionCall, Query, SourceSpan } from '../ast/nodes.ts';
import { arrayConstructor, fieldAccess, rowConstructor, subscript } from '../functions/composite-access.ts';
import {
  addOperator,
  betweenOperator,
  COMPARISON_OPERATORS,
  comparisonType,
  concatOperator,
  divideOperator,
  likeOperator,
  listFunctions,
  lookupFunction,
  modulusOperator,
  multiplyOperator,
  negateOperator,
  type ScalarFunction,
  type ScalarImpl,
  SPECIAL_FORM_NAMES,
  subtractOperator,
} from '../functions/index.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';
import { canCoerce, commonSuperType, commonSuperTypeOf } from '../types/coercion.ts';
import { typeFromDataType } from '../types/from-data-type.ts';
import { formatType, isComparable, type SqlType, T, typeEquals } from '../types/sql-type.ts';
import { CastError, castable, castValue } from '../values/cast.ts';
import type { BindRecorder, LiteralNode } from './bind-recorder.ts';
import { durationLiteralNanos, intervalLiteralValue, numberLiteralValue } from './literals.ts';
import { didYouMean } from './nearest-name.ts';
import type { Scope } from './scope.ts';
import { atSpan, semanticError } from './semantic-error.ts';

/** How the clause being bound treats aggregates, window functions and GROUP BY keys. */
export interface ClauseHooks {
  /** Names the clause in errors: "WHERE", "GROUP BY", "the select list". */
  readonly clause: string;
  /** Replaces an expression that matches a GROUP BY key; only after aggregation. */
  groupKey?(expr: Expression): BoundExpression | undefined;
  /** Binds an aggregate call; absent where aggregates are not allowed. */
  aggregate?(call: FunctionCall): BoundExpression;
  /** Binds a window function call; absent where windows are not allowed. */
  window?(call: FunctionCall): BoundExpression;
  /** After aggregation, a column that is neither a key nor inside an aggregate is an error. */
  readonly afterAggregation?: boolean;
  /** After aggregation, the scope before it: a name found there but not grouped gets the GROUP BY error. */
  readonly preAggregationScope?: Scope;
}

/** What the expression binder needs from the query binder: the SQL text for errors and subquery planning. */
export interface BinderServices {
  readonly sql: string;
  bindSubquery(query: Query, outer: Scope): PlanNode;
  /** Set when the bind is to serve as a plan template: it notes what the literals did (see BindRecorder). */
  readonly recorder?: BindRecorder | undefined;
}

/**
 * Binds expressions: resolves names against a scope, types every node, resolves functions and
 * inserts the implicit casts they ask for. Literal casts are folded here, so
 * `time > '2024-01-01'` compares with a timestamp constant.
 */
export class ExpressionBinder {
  /** Parameters of the lambdas being bound, innermost last. */
  private readonly lambdaFrames: { readonly names: readonly string[]; readonly types: readonly SqlType[] }[] = [];

  private readonly recorder: BindRecorder | undefined;

  constructor(private readonly services: BinderServices) {
    this.recorder = services.recorder;
  }

  /** A bound literal holding a token's value, noted when recording. */
  private fromToken(bound: BoundExpression, node: LiteralNode): BoundExpression {
    this.recorder?.provenance.set(bound, { kind: 'token', node });
    return bound;
  }

  /** An error a literal's value raises, counted when recording (see BindRecorder.literalErrors). */
  private literalError<E>(error: E): E {
    if (this.recorder) this.recorder.literalErrors++;
    return error;
  }

  bind(expr: Expression, scope: Scope, hooks: ClauseHooks): BoundExpression {
    const replacement = hooks.groupKey?.(expr);
    if (replacement) return replacement;
    const sql = this.services.sql;
    // The commonest kinds first: unoptimised code (most queries run the binder only a few times) tests the cases in order.
    switch (expr.kind) {
      case 'ColumnRef':
        return this.column(expr, scope, hooks);
      case 'FunctionCall':
        return this.functionCall(expr, scope, hooks);
      case 'BinaryExpr': {
        const left = this.bind(expr.left, scope, hooks);
        const right = this.bind(expr.right, scope, hooks);
        return this.call(BINARY_OPERATORS[expr.operator], [left, right], expr.span, expr.operator);
      }
      case 'NullLiteral':
        return literal(null, T.unknown);
      case 'BooleanLiteral':
        return literal(expr.value, T.boolean);
      case 'StringLiteral':
        return this.fromToken(literal(expr.value, T.varchar), expr);
      case 'NumberLiteral': {
        const value = numberLiteralValue(expr);
        if (!value) throw this.literalError(semanticError(sql, expr.span, `The number ${expr.text} is out of range.`));
        return this.fromToken(literal(value.value, value.type), expr);
      }
      case 'DurationLiteral': {
        const nanos = durationLiteralNanos(expr);
        if (nanos === null)
          throw this.literalError(semanticError(sql, expr.span, `${expr.amount}${expr.unit} is not a whole number of nanoseconds.`));
        return this.fromToken(literal(nanos, T.intervalDayToSecond), expr);
      }
      case 'IntervalLiteral': {
        const value = intervalLiteralValue(expr);
        if (!value)
          throw this.literalError(
            semanticError(
              sql,
              expr.span,
              `Cannot read the interval '${expr.value}'${expr.from ? ` as ${expr.from}${expr.to ? ` TO ${expr.to}` : ''}` : ''}.`,
            ),
          );
        return this.fromToken(literal(value.value, value.type), expr);
      }
      case 'TypedLiteral': {
        const type = this.type(expr.type, expr.span);
        return this.coerce(this.fromToken(literal(expr.value, T.varchar), expr), type, expr.span, true);
      }
      case 'Parameter':
        throw semanticError(sql, expr.span, 'Query parameters (? and @name) need values; Tidemark has no prepared statements yet.');
      case 'UnaryExpr': {
        if (expr.operator === 'NOT') return not(this.condition(expr.operand, scope, hooks, 'NOT'));
        const operand = this.bind(expr.operand, scope, hooks);
        if (expr.operator === '+') {
          if (!canCoerce(operand.type, T.double) && !operand.type.kind.startsWith('interval')) {
            throw semanticError(sql, expr.span, `Unary + needs a number, not ${formatType(operand.type)}.`);
          }
          return operand;
        }
        return this.call(negateOperator, [operand], expr.span, 'negate');
      }
      case 'LogicalExpr': {
        const kind = expr.operator === 'AND' ? 'And' : 'Or';
        // Every operand is bound (in order) before any is flattened, so errors come in the same order as ever.
        const bound: BoundExpression[] = [];
        for (const operand of expr.operands) bound.push(this.condition(operand, scope, hooks, expr.operator));
        const args: BoundExpression[] = [];
        for (const a of bound) {
          if (a.kind === kind) for (const inner of a.args) args.push(inner);
          else args.push(a);
        }
        return { kind, args, type: T.boolean };
      }
      case 'BetweenExpr': {
        const call = this.call(
          betweenOperator,
          [this.bind(expr.value, scope, hooks), this.bind(expr.low, scope, hooks), this.bind(expr.high, scope, hooks)],
          expr.span,
          'between',
        );
        return expr.negated ? not(call) : call;
      }
      case 'InListExpr': {
        const value = this.bind(expr.value, scope, hooks);
        const list = expr.list.map((e) => this.bind(e, scope, hooks));
        let compareType: SqlType | null = value.type;
        for (const item of list) compareType = compareType && comparisonType(compareType, item.type);
        if (!compareType || !isComparable(compareType)) {
          throw semanticError(
            sql,
            expr.span,
            `IN cannot compare ${formatType(value.type)} with ${list.map((l) => formatType(l.type)).join(', ')}.`,
          );
        }
        const target = compareType;
        return {
          kind: 'InList',
          value: this.coerce(value, target, expr.span),
          list: list.map((item) => this.coerce(item, target, expr.span)),
          negated: expr.negated,
          compareType: target,
          type: T.boolean,
        };
      }
      case 'InSubqueryExpr': {
        const value = this.bind(expr.value, scope, hooks);
        const { plan, correlated } = this.subquery(expr.query, scope);
        const column = plan.output.filter((c) => !c.hidden);
        if (column.length !== 1) throw semanticError(sql, expr.span, `The subquery after IN must return one column, not ${column.length}.`);
        const compareType = comparisonType(value.type, column[0]!.type);
        if (!compareType)
          throw semanticError(sql, expr.span, `IN cannot compare ${formatType(value.type)} with ${formatType(column[0]!.type)}.`);
        return {
          kind: 'Subquery',
          mode: 'in',
          plan,
          correlated,
          value: this.coerce(value, compareType, expr.span),
          negated: expr.negated,
          compareType,
          type: T.boolean,
          span: expr.span,
        };
      }
      case 'ExistsExpr': {
        const { plan, correlated } = this.subquery(expr.query, scope);
        return { kind: 'Subquery', mode: 'exists', plan, correlated, negated: false, type: T.boolean, span: expr.span };
      }
      case 'SubqueryExpr': {
        const { plan, correlated } = this.subquery(expr.query, scope);
        const columns = plan.output.filter((c) => !c.hidden);
        if (columns.length !== 1)
          throw semanticError(sql, expr.span, `A subquery used as a value must return one column, not ${columns.length}.`);
        return { kind: 'Subquery', mode: 'scalar', plan, correlated, negated: false, type: columns[0]!.type, span: expr.span };
      }
      case 'QuantifiedComparisonExpr':
        throw semanticError(
          sql,
          expr.span,
          `${expr.quantifier} (subquery) comparisons are not supported yet; use IN, EXISTS, or min/max in the subquery.`,
        );
      case 'LikeExpr': {
        const args = [this.bind(expr.value, scope, hooks), this.bind(expr.pattern, scope, hooks)];
        if (expr.escape) args.push(this.bind(expr.escape, scope, hooks));
        const call = this.call(likeOperator, args, expr.span, 'LIKE');
        return expr.negated ? not(call) : call;
      }
      case 'IsNullExpr':
        return { kind: 'IsNull', arg: this.bind(expr.value, scope, hooks), negated: expr.negated, type: T.boolean };
      case 'IsDistinctFromExpr': {
        const left = this.bind(expr.left, scope, hooks);
        const right = this.bind(expr.right, scope, hooks);
        const compareType = comparisonType(left.type, right.type);
        if (!compareType)
          throw semanticError(sql, expr.span, `IS DISTINCT FROM cannot compare ${formatType(left.type)} with ${formatType(right.type)}.`);
        return {
          kind: 'IsDistinctFrom',
          left: this.coerce(left, compareType, expr.span),
          right: this.coerce(right, compareType, expr.span),
          negated: expr.negated,
          compareType,
          type: T.boolean,
        };
      }
      case 'CaseExpr':
        return this.caseExpression(expr, scope, hooks);
      case 'CastExpr': {
        const value = this.bind(expr.value, scope, hooks);
        const type = this.type(expr.type, expr.span);
        if (!castable(value.type, type)) {
          throw semanticError(
            this.services.sql,
            expr.span,
            `Cannot cast ${formatType(value.type)} to ${formatType(type)}: these types never convert.`,
            {
              from: formatType(value.type),
              to: formatType(type),
            },
          );
        }
        if (value.kind === 'Literal') return this.coerce(value, type, expr.span, true, expr.safe);
        if (typeEquals(value.type, type)) return value;
        return { kind: 'Cast', value, safe: expr.safe, type, span: expr.span };
      }
      case 'ArrayExpr': {
        const elements = expr.elements.map((e) => this.bind(e, scope, hooks));
        const element = commonSuperTypeOf(elements.map((e) => e.type));
        if (!element)
          throw semanticError(
            sql,
            expr.span,
            `ARRAY elements have types that do not meet: ${elements.map((e) => formatType(e.type)).join(', ')}.`,
          );
        return this.callImpl('array', arrayConstructor(element, elements.length), elements, expr.span);
      }
      case 'RowExpr': {
        const fields = expr.fields.map((e) => this.bind(e, scope, hooks));
        return this.callImpl('row', rowConstructor(fields.map((f) => f.type)), fields, expr.span);
      }
      case 'SubscriptExpr': {
        const base = this.bind(expr.base, scope, hooks);
        const impl = subscript(base.type);
        if (typeof impl === 'string') throw semanticError(sql, expr.span, impl);
        return this.callImpl('subscript', impl, [base, this.bind(expr.index, scope, hooks)], expr.span);
      }
      case 'FieldAccessExpr':
        return this.field(this.bind(expr.base, scope, hooks), expr.field.name, expr.span);
      case 'LambdaExpr':
        throw semanticError(
          sql,
          expr.span,
          'A lambda (x -> ...) can only be the argument of a function that takes one, such as filter or reduce.',
        );
      case 'AtTimeZoneExpr': {
        // The zone's value decides whether this binds at all: not followed by plan templates.
        if (this.recorder) this.recorder.unsafe = 'AT TIME ZONE';
        const value = this.bind(expr.value, scope, hooks);
        const zone = this.bind(expr.zone, scope, hooks);
        const zoneText = zone.kind === 'Literal' && typeof zone.value === 'string' ? zone.value.trim().toUpperCase() : null;
        // Timestream keeps every time in UTC; only UTC itself is a zone it can convert to.
        if (zoneText === 'UTC' || zoneText === 'Z' || zoneText === '+00:00' || zoneText === 'ETC/UTC') return value;
        throw semanticError(sql, expr.span, 'Tidemark keeps time in UTC, as Timestream does: AT TIME ZONE takes only UTC.');
      }
      case 'ExtractExpr': {
        const name = EXTRACT_FUNCTIONS[expr.field.toUpperCase()];
        const fn = name ? lookupFunction(name) : undefined;
        if (!name || !fn || fn.kind !== 'scalar') {
          throw semanticError(sql, expr.span, `EXTRACT cannot take ${expr.field}${name ? ` yet (${name} is not available)` : ''}.`);
        }
        return this.call(fn, [this.bind(expr.value, scope, hooks)], expr.span, name);
      }
    }
  }

  /** Binds an expression that must be boolean (WHERE, HAVING, ON, AND/OR operands). */
  condition(expr: Expression, scope: Scope, hooks: ClauseHooks, where: string): BoundExpression {
    const bound = this.bind(expr, scope, hooks);
    if (bound.type.kind !== 'boolean' && bound.type.kind !== 'unknown') {
      throw semanticError(this.services.sql, expr.span, `${where} needs a boolean condition, but this is ${formatType(bound.type)}.`);
    }
    return bound;
  }

  /** Makes `expr` of type `type`, folding casts of literals and raising a positioned error when it cannot. */
  coerce(expr: BoundExpression, type: SqlType, span: SourceSpan | undefined, explicit = false, safe = false): BoundExpression {
    if (typeEquals(expr.type, type)) return expr;
    if (expr.kind === 'Literal') {
      let cast: BoundExpression;
      try {
        cast = literal(castValue(expr.value, expr.type, type), type);
      } catch (error) {
        if (safe && error instanceof CastError) cast = literal(null, type);
        else throw this.literalError(atSpan(this.services.sql, span ?? { start: 0, end: 0, line: 1, column: 1 }, error));
      }
      this.recorder?.provenance.set(cast, { kind: 'cast', from: expr, type, safe });
      return cast;
    }
    if (
      !explicit &&
      !canCoerce(expr.type, type) &&
      !(expr.type.kind === 'varchar' && (type.kind === 'timestamp' || type.kind === 'date')) &&
      !(expr.type.kind === 'date' && type.kind === 'timestamp')
    ) {
      throw semanticError(this.services.sql, span, `Cannot use ${formatType(expr.type)} where ${formatType(type)} is expected.`);
    }
    return { kind: 'Cast', value: expr, safe, type, ...(span ? { span } : {}) };
  }

  private type(dataType: Parameters<typeof typeFromDataType>[0], span: SourceSpan): SqlType {
    const type = typeFromDataType(dataType);
    if (typeof type === 'string') throw semanticError(this.services.sql, span, type);
    return type;
  }

  /** A call to an implementation the binder built itself (constructors, subscripts, field access). */
  private callImpl(name: string, impl: ScalarImpl, args: readonly BoundExpression[], span: SourceSpan): BoundExpression {
    const coerced = args.map((arg, i) => this.coerce(arg, impl.argTypes[i] ?? arg.type, span));
    return { kind: 'Call', name, impl, args: coerced, type: impl.returnType, span };
  }

  private field(base: BoundExpression, name: string, span: SourceSpan): BoundExpression {
    const impl = fieldAccess(base.type, name);
    if (typeof impl === 'string') throw semanticError(this.services.sql, span, impl);
    return this.callImpl(`.${name}`, impl, [base], span);
  }

  private call(fn: ScalarFunction, args: readonly BoundExpression[], span: SourceSpan, name: string): BoundExpression {
    let impl: ReturnType<ScalarFunction['resolve']>;
    try {
      impl = fn.resolve(args.map((a) => a.type));
    } catch (error) {
      throw atSpan(this.services.sql, span, error);
    }
    const coerced = args.map((arg, i) => this.coerce(arg, impl.argTypes[i] ?? arg.type, span));
    return { kind: 'Call', name, impl, args: coerced, type: impl.returnType, span };
  }

  private column(ref: ColumnRef, scope: Scope, hooks: ClauseHooks): BoundExpression {
    const sql = this.services.sql;
    const parts = ref.parts;
    // A lambda parameter shadows columns; its row fields follow as dotted parts (x.time, x.value).
    for (let depth = 0; depth < this.lambdaFrames.length; depth++) {
      const frame = this.lambdaFrames[this.lambdaFrames.length - 1 - depth]!;
      const index = frame.names.findIndex((n) => n.toLowerCase() === parts[0]!.name.toLowerCase());
      if (index >= 0) {
        let bound: BoundExpression = { kind: 'LambdaParam', depth, index, type: frame.types[index]! };
        for (const part of parts.slice(1)) bound = this.field(bound, part.name, ref.span);
        return bound;
      }
    }
    if (parts.length >= 2) {
      // `col.field` or `t.col.field`: a column of row type followed by field names.
      const resolved = this.rowColumnPath(ref, scope, hooks);
      if (resolved) return resolved;
    }
    const last = parts[parts.length - 1]!;
    const qualifier = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
    let depth = 0;
    for (let current: Scope | null = scope; current; current = current.parent, depth++) {
      let matches = current.find(last.name, last.quoted, qualifier ? { name: qualifier.name, quoted: qualifier.quoted } : undefined);
      if (parts.length > 3) matches = [];
      if (matches.length > 1) {
        throw semanticError(sql, ref.span, `Column '${last.name}' is ambiguous: qualify it with its table, as t.${last.name}.`);
      }
      if (matches.length === 1) {
        const index = matches[0]!;
        const type = current.columns[index]!.type;
        if (depth === 0) {
          if (hooks.afterAggregation) {
            throw semanticError(sql, ref.span, `'${printName(ref)}' must be an aggregate expression or appear in the GROUP BY clause.`);
          }
          return { kind: 'Column', index, type };
        }
        current.referencesFromSubqueries++;
        return { kind: 'OuterColumn', depth, index, type };
      }
    }
    const name = printName(ref);
    const before = hooks.preAggregationScope;
    if (
      before &&
      before.find(last.name, last.quoted, qualifier ? { name: qualifier.name, quoted: qualifier.quoted } : undefined).length > 0
    ) {
      throw semanticError(sql, ref.span, `'${name}' must be an aggregate expression or appear in the GROUP BY clause.`);
    }
    const known = [...(before ?? scope).columns.filter((c) => !c.hidden).map((c) => c.name)];
    const caseOnly = known.find((k) => k.toLowerCase() === last.name.toLowerCase());
    const hint = caseOnly
      ? ` Did you mean "${caseOnly}"? (A quoted name matches its case exactly.)`
      : didYouMean(last.name, known) ||
        (known.length > 0 ? ` Columns here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}.` : '');
    throw semanticError(sql, ref.span, `Column '${name}' does not exist.${hint}`, { column: name });
  }

  /** Resolves `a.b.c` as column `a` (or `a.b`) of row type followed by fields, when the plain reading finds no column. */
  private rowColumnPath(ref: ColumnRef, scope: Scope, hooks: ClauseHooks): BoundExpression | null {
    const parts = ref.parts;
    const last = parts[parts.length - 1]!;
    const qualifier = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    if (scope.find(last.name, last.quoted, qualifier ? { name: qualifier.name, quoted: qualifier.quoted } : undefined).length > 0)
      return null;
    for (const headLength of [1, 2]) {
      if (parts.length <= headLength) continue;
      const head: ColumnRef = { kind: 'ColumnRef', parts: parts.slice(0, headLength), span: ref.span };
      let base: BoundExpression;
      try {
        base = this.column(head, scope, hooks);
      } catch {
        continue;
      }
      if (base.type.kind !== 'row') continue;
      for (const part of parts.slice(headLength)) base = this.field(base, part.name, ref.span);
      return base;
    }
    return null;
  }

  private functionCall(call: FunctionCall, scope: Scope, hooks: ClauseHooks): BoundExpression {
    const sql = this.services.sql;
    const name = calledName(call);
    if (call.over) {
      if (!hooks.window) throw semanticError(sql, call.span, `Window functions are not allowed in ${hooks.clause}.`);
      return hooks.window(call);
    }
    const special = this.specialForm(name, call, scope, hooks);
    if (special) return special;
    const fn = lookupFunction(name);
    if (!fn) {
      const names = listFunctions().map((f) => f.name);
      throw semanticError(sql, call.span, `Function '${name}' does not exist.${didYouMean(name, [...names, ...SPECIAL_FORM_NAMES])}`, {
        function: name,
      });
    }
    if (fn.kind === 'window') throw semanticError(sql, call.span, `${name} is a window function and needs an OVER clause.`);
    if (fn.kind === 'aggregate') {
      if (!hooks.aggregate) throw semanticError(sql, call.span, `Aggregate function ${name} is not allowed in ${hooks.clause}.`);
      return hooks.aggregate(call);
    }
    if (call.distinct || call.star || call.filter || call.orderBy) {
      throw semanticError(sql, call.span, `${name} is not an aggregate: DISTINCT, *, FILTER and ORDER BY do not apply to it.`);
    }
    if (call.args.some((a) => a.kind === 'LambdaExpr')) return this.callWithLambdas(fn, call, scope, hooks, name);
    return this.call(
      fn,
      call.args.map((a) => this.bind(a, scope, hooks)),
      call.span,
      name,
    );
  }

  /**
   * A call with lambda arguments: the other arguments are bound first, the function says what
   * its lambdas' parameters are, then each lambda body is bound with those parameters in scope.
   */
  private callWithLambdas(fn: ScalarFunction, call: FunctionCall, scope: Scope, hooks: ClauseHooks, name: string): BoundExpression {
    const sql = this.services.sql;
    const plain = call.args.map((a) => (a.kind === 'LambdaExpr' ? null : this.bind(a, scope, hooks)));
    const plainTypes = plain.map((a) => a?.type ?? null);
    const args = call.args.map((arg, index): BoundExpression => {
      if (arg.kind !== 'LambdaExpr') return plain[index]!;
      const params = fn.lambdaParameterTypes?.(plainTypes, index);
      if (!params) throw semanticError(sql, arg.span, `${name} does not take a lambda as argument ${index + 1}.`);
      if (params.length !== arg.params.length) {
        throw semanticError(
          sql,
          arg.span,
          `The lambda for ${name} takes ${params.length} parameter${params.length === 1 ? '' : 's'}, not ${arg.params.length}.`,
        );
      }
      this.lambdaFrames.push({ names: arg.params.map((p) => p.name), types: params });
      try {
        const body = this.bind(arg.body, scope, hooks);
        return { kind: 'Lambda', params, body, type: { kind: 'function', params, result: body.type } };
      } finally {
        this.lambdaFrames.pop();
      }
    });
    return this.call(fn, args, call.span, name);
  }

  /** if, coalesce and try evaluate lazily, so they are nodes of their own rather than calls. */
  private specialForm(name: string, call: FunctionCall, scope: Scope, hooks: ClauseHooks): BoundExpression | null {
    const sql = this.services.sql;
    switch (name) {
      case 'if': {
        if (call.args.length < 2 || call.args.length > 3)
          throw semanticError(sql, call.span, 'if takes (condition, value) or (condition, value, else value).');
        const condition = this.condition(call.args[0]!, scope, hooks, 'if');
        const chosen = this.bind(call.args[1]!, scope, hooks);
        const otherwise = call.args[2] ? this.bind(call.args[2], scope, hooks) : literal(null, T.unknown);
        const type = commonSuperType(chosen.type, otherwise.type);
        if (!type)
          throw semanticError(
            sql,
            call.span,
            `if's branches have types that do not meet: ${formatType(chosen.type)} and ${formatType(otherwise.type)}.`,
          );
        return {
          kind: 'Case',
          whens: [{ condition, result: this.coerce(chosen, type, call.span) }],
          else: this.coerce(otherwise, type, call.span),
          type,
        };
      }
      case 'coalesce': {
        if (call.args.length === 0) throw semanticError(sql, call.span, 'coalesce needs at least one argument.');
        const args = call.args.map((a) => this.bind(a, scope, hooks));
        const type = commonSuperTypeOf(args.map((a) => a.type));
        if (!type)
          throw semanticError(
            sql,
            call.span,
            `coalesce's arguments have types that do not meet: ${args.map((a) => formatType(a.type)).join(', ')}.`,
          );
        return { kind: 'Coalesce', args: args.map((a) => this.coerce(a, type, call.span)), type };
      }
      case 'try': {
        if (call.args.length !== 1) throw semanticError(sql, call.span, 'try takes one expression.');
        const arg = this.bind(call.args[0]!, scope, hooks);
        return { kind: 'Try', arg, type: arg.type };
      }
      default:
        return null;
    }
  }

  private caseExpression(expr: Extract<Expression, { kind: 'CaseExpr' }>, scope: Scope, hooks: ClauseHooks): BoundExpression {
    const sql = this.services.sql;
    const operand = expr.operand ? this.bind(expr.operand, scope, hooks) : undefined;
    const whens = expr.whens.map((w) => {
      if (!operand) return { condition: this.condition(w.condition, scope, hooks, 'CASE WHEN'), result: this.bind(w.result, scope, hooks) };
      const value = this.bind(w.condition, scope, hooks);
      return {
        condition: this.call(COMPARISON_OPERATORS['='], [operand, value], expr.span, '='),
        result: this.bind(w.result, scope, hooks),
      };
    });
    const otherwise = expr.else ? this.bind(expr.else, scope, hooks) : literal(null, T.unknown);
    const type = commonSuperTypeOf([...whens.map((w) => w.result.type), otherwise.type]);
    if (!type) {
      throw semanticError(
        sql,
        expr.span,
        `CASE branches have types that do not meet: ${[...whens.map((w) => w.result.type), otherwise.type].map(formatType).join(', ')}.`,
      );
    }
    return {
      kind: 'Case',
      whens: whens.map((w) => ({ condition: w.condition, result: this.coerce(w.result, type, expr.span) })),
      else: this.coerce(otherwise, type, expr.span),
      type,
    };
  }

  private subquery(query: Query, scope: Scope): { plan: PlanNode; correlated: boolean } {
    const before = scope.referencesIntoChain();
    const plan = this.services.bindSubquery(query, scope);
    return { plan, correlated: scope.referencesIntoChain() !== before };
  }
}

const BINARY_OPERATORS: Record<Extract<Expression, { kind: 'BinaryExpr' }>['operator'], ScalarFunction> = {
  '+': addOperator,
  '-': subtractOperator,
  '*': multiplyOperator,
  '/': divideOperator,
  '%': modulusOperator,
  '||': concatOperator,
  ...COMPARISON_OPERATORS,
};

export function literal(
  value: BoundExpression extends infer _ ? Extract<BoundExpression, { kind: 'Literal' }>['value'] : never,
  type: SqlType,
): BoundExpression {
  return { kind: 'Literal', value, type };
}

function not(arg: BoundExpression): BoundExpression {
  return { kind: 'Not', arg, type: T.boolean };
}

/** EXTRACT fields and the functions that compute them (Presto's names and aliases). */
const EXTRACT_FUNCTIONS: Record<string, string> = {
  YEAR: 'year',
  QUARTER: 'quarter',
  MONTH: 'month',
  WEEK: 'week',
  DAY: 'day',
  DAY_OF_MONTH: 'day',
  DAY_OF_WEEK: 'day_of_week',
  DOW: 'day_of_week',
  DAY_OF_YEAR: 'day_of_year',
  DOY: 'day_of_year',
  YEAR_OF_WEEK: 'year_of_week',
  YOW: 'year_of_week',
  HOUR: 'hour',
  MINUTE: 'minute',
  SECOND: 'second',
  MILLISECOND: 'millisecond',
};

/** A call's function name as the registry knows it: the dotted name, lower-cased. */
export function calledName(call: FunctionCall): string {
  const parts = call.name;
  if (parts.length === 1) return (parts[0] as (typeof parts)[number]).name.toLowerCase();
  return parts
    .map((p) => p.name)
    .join('.')
    .toLowerCase();
}

function printName(ref: ColumnRef): string {
  return ref.parts.map((p) => (p.quoted ? `"${p.name}"` : p.name)).join('.');
}
