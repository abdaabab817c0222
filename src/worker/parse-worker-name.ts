/**
 * The name the engine's worker starts its own script under to parse an import (parse-channel.ts). Its own file so
 * the worker's small entry can tell the two roles apart without loading the engine.
 */
export const PARSE_WORKER_NAME = 'tidemark-parse';
