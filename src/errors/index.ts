export type { ErrorPosition, SerializedTidemarkError, TidemarkErrorCode } from './tidemark-error.ts';
export { formatPosition, TidemarkError } from './tidemark-error.ts';
