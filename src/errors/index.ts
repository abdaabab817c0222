export { formatPosition, TidemarkError } from './tidemark-error.ts';
export type { ErrorPosition, SerializedTidemarkError, TidemarkErrorCode } from './tidemark-error.ts';
