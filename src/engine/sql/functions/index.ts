export type {
  Accumulator,
  AggregateFunction,
  AggregateImpl,
  EvalContext,
  GroupedAccumulator,
  ScalarFunction,
  ScalarImpl,
  SqlFunction,
  WindowFunction,
  WindowImpl,
  WindowPartition,
} from './function-types.ts';
export {
  addOperator,
  divideOperator,
  modulusOperator,
  multiplyOperator,
  negateOperator,
  subtractOperator,
} from './operators-arithmetic.ts';
export { betweenOperator, COMPARISON_OPERATORS, comparisonType } from './operators-comparison.ts';
export { concatOperator, likeOperator, likePatternToRegExp } from './operators-string.ts';
export { listFunctions, lookupFunction, SPECIAL_FORM_NAMES } from './registry.ts';
