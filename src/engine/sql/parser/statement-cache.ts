import type { Statement } from '../ast/nodes.ts';
import { type Token, tokenOffsets } from '../lexer/tokens.ts';

/**
 * Parsed statements remembered by their token shape, with the literals as slots: dashboards and
 * benchmarks rerun the same query with new times, hosts and numbers, and for those the parse is a copy
 * of the remembered tree with the new literals and the new text's spans, not a walk through the grammar.
 *
 * Why that is exact: the shape is every token's kind and text, except that a string, number or duration
 * token contributes only its kind (and a number's kind of writing, a duration's unit). The parser decides
 * on kinds, keywords, names and operators and never on a literal's value, so two texts of one shape parse
 * to the same tree except for the literal values and the spans; and every span starts at a token and ends
 * at one, so it is rebuilt from the new text's tokens. A statement is remembered only if that accounting
 * is complete: every span maps to tokens, every literal token is the value of exactly one literal node, and
 * no object appears twice in the tree. Anything else (`SHOW TABLES LIKE 'x'`, `varchar(10)`, which keep a
 * literal's value elsewhere) is simply parsed each time.
 */

/** How many shapes are remembered (least recently used first out). */
export const STATEMENT_CACHE_CAPACITY = 64;
/** Longer statements are not remembered, so the cache's memory stays small. */
const MAX_TOKENS = 4096;

/**
 * How to rebuild one value of the tree: a constant (the same in every text of the shape), a literal
 * token's value, a span between two tokens, an array, or an object copied from the remembered node
 * (so it has the parser's own object layout) with the fields that differ rebuilt.
 */
type Recipe =
  | { readonly t: 'const'; readonly value: unknown }
  | { readonly t: 'array'; readonly items: readonly Recipe[] }
  | { readonly t: 'object'; readonly template: object; readonly keys: readonly string[]; readonly values: readonly Recipe[] }
  | { readonly t: 'span'; readonly start: number; readonly end: number }
  | { readonly t: 'literal'; readonly token: number };

/** A remembered shape: its tokens' kinds and what else of them the shape holds, and the recipe. */
interface Entry {
  readonly kinds: readonly Token['kind'][];
  /** Per token: the text, or for a literal its number kind or unit (or undefined). */
  readonly texts: readonly (string | undefined)[];
  readonly recipe: Recipe;
}

/** By shape hash; most recently used last. */
const cache = new Map<number, Entry[]>();
let size = 0;
let hits = 0;

/**
 * A remembered shape, as an opaque handle: texts with the same handle have the same tokens but for the
 * literals' values, so whatever is derived from a statement's structure alone can be kept per handle
 * (the binder's plan templates are). A handle lives as long as its shape is remembered.
 */
export type StatementShape = object;

/**
 * The statement for `tokens` (the whole text's, ending with eof): rebuilt from the cache when its shape
 * was parsed before, else parsed by `parse` and remembered when it can be.
 */
export function cachedStatement(tokens: readonly Token[], parse: () => Statement): Statement {
  return cachedStatementShaped(tokens, parse).statement;
}

/**
 * {@link cachedStatement} with the handle of its shape, when the shape is (now) remembered, and whether it
 * was remembered before (a repeated shape).
 */
export function cachedStatementShaped(
  tokens: readonly Token[],
  parse: () => Statement,
): { readonly statement: Statement; readonly shape: StatementShape | undefined; readonly repeated: boolean } {
  if (tokens.length > MAX_TOKENS) return { statement: parse(), shape: undefined, repeated: false };
  const hash = shapeHash(tokens);
  const entries = cache.get(hash);
  if (entries !== undefined) {
    for (const entry of entries) {
      if (!sameShape(entry, tokens)) continue;
      cache.delete(hash);
      cache.set(hash, entries);
      const built = buildSafely(entry.recipe, tokens);
      if (built === undefined) return { statement: parse(), shape: undefined, repeated: false };
      hits++;
      return { statement: built, shape: entry, repeated: true };
    }
  }
  const statement = parse();
  const recipe = recipeOf(statement, tokens);
  if (recipe === undefined) return { statement, shape: undefined, repeated: false };
  if (size >= STATEMENT_CACHE_CAPACITY) evictOldest();
  const entry: Entry = { kinds: tokens.map((t) => t.kind), texts: tokens.map(shapeText), recipe };
  if (entries === undefined) cache.set(hash, [entry]);
  else {
    entries.push(entry);
    cache.delete(hash);
    cache.set(hash, entries);
  }
  size++;
  return { statement, shape: entry, repeated: false };
}

/**
 * The handle of `tokens`' shape when it is remembered, without rebuilding the statement (for a caller
 * that holds all it needs of the statement under that handle); it counts as a use of the shape.
 */
export function rememberedShape(tokens: readonly Token[]): StatementShape | undefined {
  if (tokens.length > MAX_TOKENS) return undefined;
  const hash = shapeHash(tokens);
  const entries = cache.get(hash);
  if (entries === undefined) return undefined;
  for (const entry of entries) {
    if (!sameShape(entry, tokens)) continue;
    cache.delete(hash);
    cache.set(hash, entries);
    return entry;
  }
  return undefined;
}

/**
 * The rebuilt statement, or undefined if rebuilding ran out of stack (a very deep tree on an already deep
 * stack): then the parser, whose own depth limits give a typed error, answers as if nothing were cached.
 */
function buildSafely(recipe: Recipe, tokens: readonly Token[]): Statement | undefined {
  try {
    return build(recipe, tokens) as Statement;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function evictOldest(): void {
  const [hash, entries] = cache.entries().next().value as [number, Entry[]];
  entries.shift();
  if (entries.length === 0) cache.delete(hash);
  size--;
}

/** What the cache holds and has served, for tests. */
export function statementCacheStatistics(): { size: number; hits: number } {
  return { size, hits };
}

export function clearStatementCache(): void {
  cache.clear();
  size = 0;
}

const LITERAL_KINDS: ReadonlySet<Token['kind']> = new Set(['string', 'number', 'duration']);

/** What of a token its shape holds besides its kind: a literal's number kind or unit, any other token's text. */
function shapeText(token: Token): string | undefined {
  switch (token.kind) {
    case 'string':
      return undefined;
    case 'number':
      return token.numberKind;
    case 'duration':
      return token.unit;
    default:
      return token.text;
  }
}

function sameShape(entry: Entry, tokens: readonly Token[]): boolean {
  if (entry.kinds.length !== tokens.length) return false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== entry.kinds[i] || shapeText(token) !== entry.texts[i]) return false;
  }
  return true;
}

/** A hash of the shape (FNV-1a over kinds and shape texts), so lookups need no key string. */
function shapeHash(tokens: readonly Token[]): number {
  let hash = 0x811c9dc5 ^ tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    hash = Math.imul(hash ^ token.kind.length ^ (token.kind.charCodeAt(0) << 8), 0x01000193);
    const text = shapeText(token);
    if (text === undefined) continue;
    for (let c = 0; c < text.length; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
  }
  return hash;
}

function build(recipe: Recipe, tokens: readonly Token[]): unknown {
  switch (recipe.t) {
    case 'const':
      return recipe.value;
    case 'literal':
      return (tokens[recipe.token] as Token).value;
    case 'span': {
      const start = tokens[recipe.start] as Token;
      return { start: start.offset, end: (tokens[recipe.end] as Token).end, line: start.line, column: start.column };
    }
    case 'array': {
      const items = recipe.items;
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i++) out.push(build(items[i] as Recipe, tokens));
      return out;
    }
    case 'object': {
      // A copy of the remembered node keeps the parser's object layout (what the binder's property reads are tuned to).
      const out: Record<string, unknown> = { ...recipe.template };
      const { keys, values } = recipe;
      for (let i = 0; i < keys.length; i++) out[keys[i] as string] = build(values[i] as Recipe, tokens);
      return out;
    }
  }
}

/** Thrown while reading a statement into a recipe when some part of it is not accounted for. */
class NotCacheable extends Error {}

/** Literal nodes and the field holding their token's value (every other field is copied or rebuilt as usual). */
const LITERAL_FIELDS: Readonly<Record<string, { readonly field: string; readonly kind: Token['kind'] }>> = {
  NumberLiteral: { field: 'text', kind: 'number' },
  StringLiteral: { field: 'value', kind: 'string' },
  DurationLiteral: { field: 'amount', kind: 'duration' },
  TypedLiteral: { field: 'value', kind: 'string' },
  IntervalLiteral: { field: 'value', kind: 'string' },
};

/** The recipe that rebuilds `statement` from its tokens, or undefined when it cannot be accounted for fully. */
function recipeOf(statement: Statement, tokens: readonly Token[]): Recipe | undefined {
  const { byStart, byEnd } = tokenOffsets(tokens);
  const claimed = new Set<number>();
  const seen = new Set<object>();

  const spanRecipe = (span: Record<string, unknown>): Recipe => {
    const start = byStart.get(span.start as number);
    const end = byEnd.get(span.end as number);
    if (start === undefined || end === undefined) throw new NotCacheable();
    const token = tokens[start] as Token;
    if (token.line !== span.line || token.column !== span.column) throw new NotCacheable();
    return { t: 'span', start, end };
  };

  /** The token a literal node's value came from: the literal itself, or the string of a typed or interval literal. */
  const literalToken = (node: Record<string, unknown>, kind: string): number => {
    const span = node.span as Record<string, unknown> | undefined;
    if (span === undefined || !isSpan(span)) throw new NotCacheable();
    const start = byStart.get(span.start as number);
    const end = byEnd.get(span.end as number);
    if (start === undefined || end === undefined) throw new NotCacheable();
    if (kind === 'TypedLiteral') return end;
    if (kind === 'IntervalLiteral') {
      for (let i = start; i <= end; i++) if ((tokens[i] as Token).kind === 'string') return i;
      throw new NotCacheable();
    }
    return start;
  };

  const read = (value: unknown): Recipe => {
    if (value === null || typeof value !== 'object') return { t: 'const', value };
    if (seen.has(value)) throw new NotCacheable();
    seen.add(value);
    if (Array.isArray(value)) return { t: 'array', items: value.map(read) };
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new NotCacheable();
    const node = value as Record<string, unknown>;
    if (isSpan(node)) return spanRecipe(node);
    const literal = typeof node.kind === 'string' ? LITERAL_FIELDS[node.kind] : undefined;
    const literalAt = literal === undefined ? -1 : literalToken(node, node.kind as string);
    const keys: string[] = [];
    const values: Recipe[] = [];
    for (const key of Object.keys(node)) {
      let recipe: Recipe;
      if (literal !== undefined && key === literal.field) {
        const token = tokens[literalAt] as Token;
        if (token.kind !== literal.kind || token.value !== node[key] || claimed.has(literalAt)) throw new NotCacheable();
        claimed.add(literalAt);
        recipe = { t: 'literal', token: literalAt };
      } else recipe = read(node[key]);
      // Constants come with the copy of the node; only what differs between texts is rebuilt.
      if (recipe.t === 'const') continue;
      keys.push(key);
      values.push(recipe);
    }
    // A copy, so the recipe does not change if whoever got the parsed statement changes it.
    return { t: 'object', template: { ...node }, keys, values };
  };

  let recipe: Recipe;
  try {
    recipe = read(statement);
  } catch (error) {
    // Out of stack on a very deep tree: it is simply not remembered (the parse itself succeeded).
    if (error instanceof NotCacheable || error instanceof RangeError) return undefined;
    throw error;
  }
  // Every literal token must have been claimed by a literal node, or its value lives somewhere unaccounted for.
  for (let i = 0; i < tokens.length; i++) if (LITERAL_KINDS.has((tokens[i] as Token).kind) && !claimed.has(i)) return undefined;
  return recipe;
}

function isSpan(node: Record<string, unknown>): boolean {
  const keys = Object.keys(node);
  return (
    keys.length === 4 &&
    typeof node.start === 'number' &&
    typeof node.end === 'number' &&
    typeof node.line === 'number' &&
    typeof node.column === 'number'
  );
}
