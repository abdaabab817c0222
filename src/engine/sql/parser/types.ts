import type { DataType, TypeParameter } from '../ast/nodes.ts';
import { identifierFromToken, type TokenStream } from './token-stream.ts';

/** The words that may follow INTERVAL in a type: `interval day to second`, `interval year to month`. */
const INTERVAL_TYPE_FIELDS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND']);

/**
 * Parses a type: `bigint`, `varchar(10)`, `decimal(10, 2)`, `array(double)`, `map(varchar, bigint)`,
 * `row(time timestamp, value double)`, `timeseries(double)`, `timestamp with time zone`,
 * `interval day to second`, `double precision`.
 */
export function parseDataType(ts: TokenStream): DataType {
  return ts.nested(() => {
    const start = ts.peek();
    if (start.kind !== 'word') throw ts.unexpected(['a type name (such as double, bigint, varchar or timestamp)']);
    ts.next();
    let name = start.value.toLowerCase();
    let parameters: TypeParameter[] = [];

    if (name === 'double') {
      ts.acceptWord('PRECISION');
    } else if (name === 'interval') {
      const from = ts.peek();
      if (from.kind === 'word' && INTERVAL_TYPE_FIELDS.has(from.value) && ts.isWord('TO', 1)) {
        ts.next();
        ts.next();
        const to = ts.peek();
        if (to.kind !== 'word' || !INTERVAL_TYPE_FIELDS.has(to.value))
          throw ts.unexpected(['an interval field (such as SECOND or MONTH)'], 'after TO');
        ts.next();
        name = `interval ${from.value.toLowerCase()} to ${to.value.toLowerCase()}`;
      }
    }
    if (ts.acceptOperator('(')) {
      parameters = parseTypeParameters(ts);
    }
    if ((name === 'timestamp' || name === 'time') && (ts.isWord('WITH') || ts.isWord('WITHOUT'))) {
      const zone = ts.next().value.toLowerCase();
      ts.expectWord('TIME', `after ${zone.toUpperCase()}`);
      ts.expectWord('ZONE', `after ${zone.toUpperCase()} TIME`);
      // "without time zone" is the plain type; only "with time zone" names a different one.
      if (zone === 'with') name = `${name} with time zone`;
    }
    return { kind: 'DataType', name, parameters, span: ts.spanFrom(start) };
  });
}

function parseTypeParameters(ts: TokenStream): TypeParameter[] {
  const parameters: TypeParameter[] = [];
  do {
    const token = ts.peek();
    if (token.kind === 'number' && token.numberKind === 'integer') {
      ts.next();
      parameters.push({ kind: 'NumberParameter', value: Number(token.value) });
    } else if (isFieldDeclaration(ts)) {
      ts.next();
      parameters.push({ kind: 'FieldParameter', name: identifierFromToken(token), type: parseDataType(ts) });
    } else {
      parameters.push({ kind: 'TypeParameter', type: parseDataType(ts) });
    }
  } while (ts.acceptOperator(','));
  ts.expectOperator(')', 'to close the type parameters');
  return parameters;
}

/** `name type` inside row(...): a name followed by a word that starts a type. */
function isFieldDeclaration(ts: TokenStream): boolean {
  const first = ts.peek();
  const second = ts.peek(1);
  if (!ts.isIdentifier() || second.kind !== 'word' || !ts.isIdentifier(1)) return false;
  if (first.kind === 'word' && first.value === 'DOUBLE' && second.value === 'PRECISION') return false;
  if (first.kind === 'word' && first.value === 'INTERVAL' && INTERVAL_TYPE_FIELDS.has(second.value)) return false;
  return true;
}
