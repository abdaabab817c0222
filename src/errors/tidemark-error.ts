/**
 * Where an error happened, as precisely as it is known: a source file or a SQL text, the
 * 1-based line and column, the index of a record in a write batch, or a byte offset in a chunk.
 */
export interface ErrorPosition {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly recordIndex?: number;
  readonly byteOffset?: number;
}

/**
 * Every error code Tidemark raises. A code is stable: callers switch on it, and the message
 * is for people.
 */
export type TidemarkErrorCode =
  | 'ABORTED'
  | 'TIMEOUT'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'CORRUPT_CHUNK'
  | 'KERNEL_LOAD'
  | 'KERNEL_ABI_MISMATCH'
  | 'SQL_SYNTAX'
  | 'SQL_SEMANTIC'
  | 'UNKNOWN_METHOD'
  | 'WORKER_CRASHED'
  | 'INTERNAL';

/** The plain-data form of an error, as it crosses the worker boundary. */
export interface SerializedTidemarkError {
  readonly name: 'TidemarkError';
  readonly code: TidemarkErrorCode;
  readonly message: string;
  readonly position?: ErrorPosition;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The one error type Tidemark throws: a code to switch on, a message a person understands, and where. */
export class TidemarkError extends Error {
  override readonly name = 'TidemarkError';
  readonly code: TidemarkErrorCode;
  readonly position?: ErrorPosition;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    code: TidemarkErrorCode,
    message: string,
    options: { position?: ErrorPosition; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.position) this.position = options.position;
    if (options.details) this.details = options.details;
  }

  toJSON(): SerializedTidemarkError {
    return {
      name: 'TidemarkError',
      code: this.code,
      message: this.message,
      ...(this.position ? { position: this.position } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static fromJSON(data: SerializedTidemarkError): TidemarkError {
    return new TidemarkError(data.code, data.message, {
      ...(data.position ? { position: data.position } : {}),
      ...(data.details ? { details: { ...data.details } } : {}),
    });
  }

  /**
   * Turns anything thrown into a TidemarkError without losing what it said: a foreign error
   * keeps its message (or its name when the message is empty), so no caller ever sees "undefined".
   */
  static from(error: unknown, fallbackCode: TidemarkErrorCode = 'INTERNAL'): TidemarkError {
    if (error instanceof TidemarkError) return error;
    if (error instanceof DOMException && error.name === 'AbortError') {
      return new TidemarkError('ABORTED', error.message || 'The request was cancelled.', { cause: error });
    }
    if (error instanceof DOMException && error.name === 'QuotaExceededError') {
      return new TidemarkError('QUOTA_EXCEEDED', `The browser's storage quota is full: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof Error) {
      const message = error.message.trim() || `${error.name} (no message)`;
      return new TidemarkError(fallbackCode, message, { cause: error });
    }
    const text = error === undefined || error === null ? '' : typeof error === 'string' ? error : safeStringify(error);
    return new TidemarkError(fallbackCode, text || 'An unknown error was thrown (no details).');
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Formats a position for a message: "file.csv, line 3, column 7, record 12". */
export function formatPosition(position: ErrorPosition): string {
  const parts: string[] = [];
  if (position.file !== undefined) parts.push(position.file);
  if (position.line !== undefined) parts.push(`line ${position.line}`);
  if (position.column !== undefined) parts.push(`column ${position.column}`);
  if (position.recordIndex !== undefined) parts.push(`record ${position.recordIndex}`);
  if (position.byteOffset !== undefined) parts.push(`byte ${position.byteOffset}`);
  return parts.join(', ');
}
