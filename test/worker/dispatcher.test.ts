import { afterEach, describe, expect, it } from 'vitest';
import { TidemarkClient, type WorkerLike } from '../../src/client/tidemark-client.ts';
import { TidemarkError } from '../../src/errors/index.ts';
import { EXPECTED_KERNEL_ABI_VERSION } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { Dispatcher, diagnosticsHandlers, kernelHandlers } from '../../src/worker/index.ts';
import { collectTransferables } from '../../src/worker/transferables.ts';
import { connectDispatcher, type DispatcherConnection } from '../helpers/connect-dispatcher.ts';
import { rejection } from '../helpers/rejection.ts';

/** Wires a real Dispatcher and a real client over a MessageChannel, as the worker does. */
async function connect(): Promise<DispatcherConnection> {
  const kernel = await loadKernelFromFile();
  return connectDispatcher(kernel, { ...kernelHandlers(kernel), ...diagnosticsHandlers }, { keepBuffer: (b) => kernel.ownsBuffer(b) });
}

let session: Awaited<ReturnType<typeof connect>> | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
});

describe('worker protocol', () => {
  it('answers a request with its typed result', async () => {
    session = await connect();
    const info = await session.client.ready;
    expect(info.kernel.abiVersion).toBe(EXPECTED_KERNEL_ABI_VERSION);
    const result = await session.client.call('kernel.sumFloat64', { values: new Float64Array([1, 2, 3.5]) });
    expect(result).toEqual({ sum: 6.5, count: 3 });
  });

  it('transfers typed arrays in results instead of copying them', async () => {
    session = await connect();
    const result = await session.client.call('kernel.selfTest', { count: 10_000 });
    expect(result.values).toBeInstanceOf(Float64Array);
    expect(result.values.length).toBe(10_000);
    expect(result.kernelSum).toBe(result.javascriptSum);
  });

  it('transfers the params buffers the caller names', async () => {
    session = await connect();
    const values = new Float64Array([4, 5]);
    const result = await session.client.call('kernel.sumFloat64', { values }, { transfer: [values.buffer] });
    expect(result.sum).toBe(9);
    expect(values.byteLength).toBe(0); // detached: it was moved, not copied
  });

  it('delivers worker errors as TidemarkError with their code and message', async () => {
    session = await connect();
    const error = await rejection(session.client.call('diagnostics.fail', { code: 'VALIDATION', message: 'bad thing at record 3' }));
    expect(error).toBeInstanceOf(TidemarkError);
    expect((error as TidemarkError).code).toBe('VALIDATION');
    expect((error as TidemarkError).message).toBe('bad thing at record 3');
  });

  it('answers an unknown method with UNKNOWN_METHOD, naming it', async () => {
    session = await connect();
    const error = await rejection(session.client.call('nope' as 'kernel.info', {}));
    expect(error.code).toBe('UNKNOWN_METHOD');
    expect(error.message).toContain('nope');
  });

  it('reports progress and stops a cancelled request in the worker', async () => {
    session = await connect();
    const controller = new AbortController();
    const seen: number[] = [];
    const call = session.client.call(
      'diagnostics.spin',
      { steps: 10_000, sliceMs: 1 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.done);
          if (p.done === 3) controller.abort();
        },
      },
    );
    const error = await rejection(call);
    expect(error.code).toBe('ABORTED');
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    // The worker side notices the cancel at its next checkpoint and drops the request.
    for (let i = 0; i < 100 && session.dispatcher.runningCount > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(session.dispatcher.runningCount).toBe(0);
    expect(session.client.pendingCount).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    session = await connect();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(session.client.call('kernel.info', {}, { signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });

  it('times out and cancels with TIMEOUT', async () => {
    session = await connect();
    const error = await rejection(session.client.call('diagnostics.spin', { steps: 10_000, sliceMs: 1 }, { timeoutMs: 30 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('30 ms');
  });

  it('validates parameters in the worker', async () => {
    session = await connect();
    const error = await rejection(session.client.call('diagnostics.spin', { steps: -1, sliceMs: 0 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('client before the worker is ready', () => {
  it('holds requests until ready, since a worker without its listener would drop them', async () => {
    const kernel = await loadKernelFromFile();
    const channel = new MessageChannel();
    const posted: unknown[] = [];
    const port = channel.port1 as unknown as WorkerLike;
    const original = port.postMessage.bind(port);
    port.postMessage = (message: unknown, transfer: Transferable[]) => {
      posted.push(message);
      original(message, transfer);
    };
    const client = new TidemarkClient(port);
    channel.port1.start();
    const early = client.call('kernel.sumFloat64', { values: new Float64Array([2, 3]) });
    await new Promise((r) => setTimeout(r, 20));
    expect(posted).toEqual([]);
    const dispatcher = new Dispatcher(channel.port2, kernelHandlers(kernel));
    channel.port2.start();
    channel.port2.postMessage({ type: 'ready', info: { kernel: kernel.info(), startupMs: 0 } });
    expect(await early).toEqual({ sum: 5, count: 2 });
    expect(posted).toHaveLength(1);
    dispatcher.dispose();
    channel.port1.close();
    channel.port2.close();
  });
});

describe('collectTransferables', () => {
  it('finds whole private buffers in nested plain objects, and skips kept and partial ones', () => {
    const a = new Float64Array(4);
    const b = new Int32Array(2);
    const kept = new Uint8Array(8);
    const partial = new Float64Array(new ArrayBuffer(64), 8, 2);
    const found = collectTransferables({ a, nested: [{ b }], kept, partial }, (buf) => buf === kept.buffer);
    expect(found).toEqual([a.buffer, b.buffer]);
  });
});

describe('TidemarkError', () => {
  it('never says undefined for foreign errors', () => {
    expect(TidemarkError.from(new Error('')).message).toBe('Error (no message)');
    expect(TidemarkError.from(undefined).message).toBe('An unknown error was thrown (no details).');
    expect(TidemarkError.from({ x: 1 }).message).toBe('{"x":1}');
    expect(TidemarkError.from(new DOMException('full', 'QuotaExceededError')).code).toBe('QUOTA_EXCEEDED');
  });

  it('round-trips through JSON with its position', () => {
    const error = new TidemarkError('SQL_SYNTAX', 'Unexpected FROM', { position: { line: 2, column: 5 } });
    const back = TidemarkError.fromJSON(structuredClone(error.toJSON()));
    expect(back).toBeInstanceOf(TidemarkError);
    expect(back.code).toBe('SQL_SYNTAX');
    expect(back.position).toEqual({ line: 2, column: 5 });
  });
});
