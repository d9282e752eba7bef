/**
 * One error class for everything memeval reports to a user. The `code` is stable
 * (scripts and tests match on it); exit codes are derived from it in one place.
 */
export const ERROR_EXIT_CODES = {
  /** Bad user input: a file, a flag, a field. */
  BAD_INPUT: 2,
  USAGE: 2,
  CONFIG: 2,
  SCENARIO_INVALID: 2,
  DATASET_INVALID: 2,
  UNKNOWN_NAME: 2,
  MISSING_API_KEY: 2,
  MODEL_FILES_MISSING: 2,
  /** An optional package a chosen feature needs is not installed. */
  DEPENDENCY_MISSING: 2,
  CACHE_CORRUPT: 2,
  STORE_SCHEMA: 2,
  STORE_NOT_SQLITE: 2,
  EMPTY_MESSAGE: 2,
  /** The store could not be opened or written; callers usually degrade instead of exiting. */
  STORE_UNAVAILABLE: 1,
  STORE_WRITE_FAILED: 1,
  MODEL_CALL_FAILED: 3,
  /** A strategy threw, timed out, returned a bad context, sent more than its budget or called process.exit. */
  STRATEGY_FAILED: 3,
  CACHE_MISS: 3,
  SPEND_CAP: 3,
  PROBES_ERRORED: 3,
  REGRESSION: 1,
  INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof ERROR_EXIT_CODES;

export class MemevalError extends Error {
  readonly code: ErrorCode;
  /** For MODEL_CALL_FAILED: the API answered with this HTTP error status (so the call was not billed). */
  readonly httpStatus?: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; httpStatus?: number }) {
    super(message, options);
    this.name = 'MemevalError';
    this.code = code;
    if (options?.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }
}

/** Exit code for anything thrown at the top level. Unknown throwables are internal faults. */
export function exitCodeFor(err: unknown): number {
  return err instanceof MemevalError ? ERROR_EXIT_CODES[err.code] : ERROR_EXIT_CODES.INTERNAL;
}

/** Normalises any throwable into an Error with a readable message (errors can be strings or objects). */
export function toError(err: unknown): Error {
  if (err instanceof Error) return err;
  return new Error(typeof err === 'string' ? err : JSON.stringify(err));
}
