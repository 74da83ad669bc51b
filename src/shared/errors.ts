// The contract's fixed error codes and the error type every layer throws.

export const ERROR_CODES = ['invalid', 'conflict', 'unauthorized', 'not-found', 'unavailable', 'timeout', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** An error with a contract code, a human message, an optional reply payload and a cause. */
export class F8Error extends Error {
  readonly code: ErrorCode;
  readonly payload: unknown;

  constructor(code: ErrorCode, message: string, options: { payload?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'F8Error';
    this.code = code;
    this.payload = options.payload;
  }
}

export const invalid = (message: string, payload?: unknown) => new F8Error('invalid', message, { payload });
export const notFound = (message: string, payload?: unknown) => new F8Error('not-found', message, { payload });
export const conflict = (message: string, payload?: unknown) => new F8Error('conflict', message, { payload });
export const unauthorized = (message: string, payload?: unknown) => new F8Error('unauthorized', message, { payload });

/** Retry only on these (the contract's client rule). */
export function isRetryable(code: ErrorCode): boolean {
  return code === 'timeout' || code === 'unavailable';
}

/** Any thrown value as an F8Error (unknown errors become `internal`). */
export function toF8Error(err: unknown): F8Error {
  if (err instanceof F8Error) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new F8Error('internal', message || 'internal error', { cause: err });
}
