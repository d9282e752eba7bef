// Type-only: the caller passes the SDK module it loaded lazily (see anthropic.ts).
import type * as Sdk from '@anthropic-ai/sdk';
import { MemevalError, toError } from '../errors.js';

export interface CallContext {
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Statuses the SDK retries by itself (with backoff and retry-after); anything else fails at once. */
function retried(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Turns whatever the SDK threw after its retries into one MODEL_CALL_FAILED error with a
 * readable reason. The SDK error is not kept as `cause`: its body is whatever the server sent,
 * and a server (or proxy) echoing request headers would put the key into logs and reports.
 * For the same reason every occurrence of the key in the message is redacted.
 */
export function modelCallError(sdk: typeof Sdk, modelId: string, err: unknown, ctx: CallContext): MemevalError {
  const { APIConnectionError, APIConnectionTimeoutError, APIError } = sdk;
  let reason: string;
  if (err instanceof APIConnectionTimeoutError) {
    reason = `timed out after ${ctx.timeoutMs} ms per attempt (${ctx.maxRetries} retries)`;
  } else if (err instanceof APIConnectionError) {
    reason = `connection failed (${ctx.maxRetries} retries): ${err.message}${err.cause ? `: ${toError(err.cause).message}` : ''}`;
  } else if (err instanceof APIError) {
    const type = err.type ? ` ${err.type}` : '';
    const detail = err.apiMessage ?? err.message;
    const tries = retried(err.status) ? `after ${ctx.maxRetries} retries` : 'not retried';
    const request = err.requestID ? ` (request ${err.requestID})` : '';
    reason = `HTTP ${err.status ?? '?'}${type} ${tries}: ${detail}${request}`;
  } else if (err instanceof SyntaxError) {
    reason = `unreadable response body (not JSON): ${err.message}`;
  } else {
    reason = toError(err).message;
  }
  return new MemevalError('MODEL_CALL_FAILED', redact(`${modelId}: ${reason}`, ctx.apiKey));
}

/** Replaces every occurrence of a secret; short strings are left alone so ordinary words survive. */
export function redact(text: string, secret: string): string {
  if (secret.length < 8) return text;
  return text.split(secret).join('[redacted]');
}
