import { TidemarkError } from '../errors/index.ts';
import { EXPECTED_KERNEL_ABI_VERSION, KERNEL_FUNCTION_NAMES, type KernelExports } from './exports.ts';

/** What the status line and diagnostics show about the loaded kernel. */
export interface KernelInfo {
  /** ABI version reported by the wasm itself. */
  readonly abiVersion: number;
  /** First 12 hex digits of the SHA-256 of the wasm bytes: identifies the exact build. */
  readonly buildId: string;
  /** Size of the wasm file in bytes. */
  readonly wasmBytes: number;
  /** Current size of the kernel's linear memory in bytes. */
  readonly memoryBytes: number;
}

/**
 * A loaded kernel: typed functions over the wasm's pointer/length exports. This class is the
 * only code that reads or writes wasm memory. Views are re-derived whenever the memory has
 * grown, because growth detaches every typed array made over the old buffer.
 */
export class Kernel {
  readonly exports: KernelExports;
  private readonly buildId: string;
  private readonly wasmBytes: number;
  private buffer: ArrayBuffer;
  private u8: Uint8Array;
  private f64: Float64Array;
  private i64: BigInt64Array;

  constructor(instance: WebAssembly.Instance, buildId: string, wasmBytes: number) {
    const exports = instance.exports as unknown as KernelExports;
    for (const name of KERNEL_FUNCTION_NAMES) {
      if (typeof exports[name] !== 'function') {
        throw new TidemarkError('KERNEL_ABI_MISMATCH', `The kernel wasm has no export "${name}"; rebuild it with npm run build:wasm.`);
      }
    }
    const abi = exports.abiVersion();
    if (abi !== EXPECTED_KERNEL_ABI_VERSION) {
      throw new TidemarkError(
        'KERNEL_ABI_MISMATCH',
        `The kernel wasm has ABI version ${abi} but this code expects ${EXPECTED_KERNEL_ABI_VERSION}; rebuild it with npm run build:wasm.`,
      );
    }
    this.exports = exports;
    this.buildId = buildId;
    this.wasmBytes = wasmBytes;
    this.buffer = exports.memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.i64 = new BigInt64Array(this.buffer);
  }

  /** Whether `buffer` is the kernel's own memory, which must never be transferred to another thread. */
  ownsBuffer(buffer: ArrayBufferLike): boolean {
    return buffer === this.exports.memory.buffer;
  }

  info(): KernelInfo {
    return {
      abiVersion: this.exports.abiVersion(),
      buildId: this.buildId,
      wasmBytes: this.wasmBytes,
      memoryBytes: this.exports.memory.buffer.byteLength,
    };
  }

  /** A byte view over the whole memory, valid until the next call that may allocate. */
  bytes(): Uint8Array {
    this.refreshViews();
    return this.u8;
  }

  /** A float64 view over the whole memory, valid until the next call that may allocate. */
  float64(): Float64Array {
    this.refreshViews();
    return this.f64;
  }

  /** An i64 view over the whole memory, valid until the next call that may allocate. */
  int64(): BigInt64Array {
    this.refreshViews();
    return this.i64;
  }

  /** Allocates a block in wasm memory; pair every call with {@link free}. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new TidemarkError('INVALID_ARGUMENT', `Cannot allocate ${bytes} bytes in the kernel: the size must be a non-negative integer.`);
    }
    const ptr = this.exports.alloc(bytes);
    if (bytes > 0 && ptr === 0) {
      throw new TidemarkError('INTERNAL', `The kernel could not allocate ${bytes} bytes.`);
    }
    this.refreshViews();
    return ptr;
  }

  free(ptr: number): void {
    this.exports.free(ptr);
  }

  /** Copies a Float64Array into kernel memory and returns its pointer; free it after use. */
  copyInFloat64(values: Float64Array): number {
    const ptr = this.alloc(values.byteLength);
    if (values.length > 0) this.float64().set(values, ptr >>> 3);
    return ptr;
  }

  /**
   * Copies any typed array's bytes into kernel memory, followed by `slack` zeroed bytes (decoders
   * read whole words and may look up to 8 bytes past a payload). Free the pointer after use.
   */
  copyIn(view: ArrayBufferView, slack = 16): number {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const ptr = this.alloc(bytes.byteLength + slack);
    const memory = this.bytes();
    memory.set(bytes, ptr);
    memory.fill(0, ptr + bytes.byteLength, ptr + bytes.byteLength + slack);
    return ptr;
  }

  /** Copies a typed array's bytes into kernel memory at `ptr` (a block from {@link alloc}). */
  copyInto(ptr: number, view: ArrayBufferView): void {
    this.bytes().set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), ptr);
  }

  /** Copies `target.byteLength` bytes starting at `ptr` into `target` (any typed array). */
  copyOut(ptr: number, target: ArrayBufferView): void {
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    bytes.set(this.bytes().subarray(ptr, ptr + bytes.byteLength));
  }

  /** Copies `length` bytes starting at `ptr` into a new Uint8Array. */
  copyOutBytes(ptr: number, length: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + length);
  }

  /** Sums a float64 column with the SIMD kernel. */
  sumFloat64(values: Float64Array): number {
    if (values.length === 0) return 0;
    const ptr = this.copyInFloat64(values);
    try {
      return this.exports.sumF64(ptr, values.length);
    } finally {
      this.free(ptr);
    }
  }

  private refreshViews(): void {
    const current = this.exports.memory.buffer;
    if (current !== this.buffer) {
      this.buffer = current;
      this.u8 = new Uint8Array(current);
      this.f64 = new Float64Array(current);
      this.i64 = new BigInt64Array(current);
    }
  }
}

/** Instantiates a compiled kernel module. The only import the kernel needs is `env.abort`. */
export async function instantiateKernel(module: WebAssembly.Module, wasmBytes: number, buildId: string): Promise<Kernel> {
  const imports: WebAssembly.Imports = {
    env: {
      abort(messagePtr: number, filePtr: number, line: number, column: number): void {
        throw new TidemarkError(
          'INTERNAL',
          `The kernel aborted at line ${line}, column ${column} (message at ${messagePtr}, file at ${filePtr}).`,
        );
      },
    },
  };
  const instance = await WebAssembly.instantiate(module, imports);
  return new Kernel(instance, buildId, wasmBytes);
}

/** First 12 hex digits of the SHA-256 of the bytes. */
export async function computeBuildId(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (let i = 0; i < 6; i++) hex += (digest[i] ?? 0).toString(16).padStart(2, '0');
  return hex;
}
