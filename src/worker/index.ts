export type { DispatcherOptions, MethodHandler, MethodHandlers } from './dispatcher.ts';
export { Dispatcher } from './dispatcher.ts';
export { diagnosticsHandlers } from './handlers/diagnostics-handlers.ts';
export { kernelHandlers } from './handlers/kernel-handlers.ts';
export type * from './protocol.ts';
export type { RequestContext } from './request-context.ts';
export { collectTransferables } from './transferables.ts';
