export { TidemarkError } from '../errors/index.ts';
export type { KernelInfo } from '../kernel/index.ts';
export type { ProgressEvent, WorkerMethods, WorkerReadyInfo } from '../worker/protocol.ts';
export { startEngine } from './create-worker.ts';
export type { CallOptions, WorkerLike } from './tidemark-client.ts';
export { TidemarkClient } from './tidemark-client.ts';
