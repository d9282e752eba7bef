// Type-only: the caller passes the SDK module it loaded lazily (see anthropic.ts).
import type * as Sdk from '@anthropic-ai/sdk';
import { MemevalError, toError } from '../errors.js';
import { MAX_RETRY_WAIT_MS, retriedStatus } from './retry.js';
import { addSecret, scrubSecrets } from '../util/secrets.js';

export interface CallContext {
  apiKey: string;
  timeoutMs: number;
  /** Retries made before giving up. */
  retries: number;
  /** Set when the server asked for a longer wait than MAX_RETRY_WAIT_MS: the call fails instead of sleeping. */
  refusedWaitMs?: number;
  /** True when the attempt's own deadline (the whole attempt, body included) ended it. */
  timedOut?: boolean;
}

/**
 * Turns whatever the SDK threw after its retries into one MODEL_CALL_FAILED error with a
 * readable reason. The SDK error is not kept as `cause`: its body is whatever the server sent,
 * and a server (or proxy) echoing request headers would put the key into logs and reports.
 * For the same reason the message is scrubbed of the key and every other secret of the process
 * (base-URL credentials included: fetch puts the whole URL in its error).
 */
export function modelCallError(sdk: typeof Sdk, modelId: string, err: unknown, ctx: CallContext): MemevalError {
  const { APIConnectionError, APIConnectionTimeoutError, APIError } = sdk;
  let reason: string;
  let httpStatus: number | undefined;
  if (ctx.timedOut || err instanceof APIConnectionTimeoutError) {
    reason = `timed out after ${ctx.timeoutMs} ms per attempt, reply body included (${ctx.retries} retries)`;
  } else if (err instanceof APIConnectionError) {
    reason = `connection failed (${ctx.retries} retries): ${err.message}${err.cause ? `: ${toError(err.cause).message}` : ''}`;
  } else if (err instanceof APIError) {
    const type = err.type ? ` ${err.type}` : '';
    const detail = err.apiMessage ?? err.message;
    const tries =
      ctx.refusedWaitMs !== undefined
        ? `asks to wait ${Math.round(ctx.refusedWaitMs / 1000)} s before a retry, longer than memeval waits (${MAX_RETRY_WAIT_MS / 1000} s); not retried after ${ctx.retries} retries`
        : retriedStatus(err.status)
          ? `after ${ctx.retries} retries`
          : 'not retried';
    const request = err.requestID ? ` (request ${err.requestID})` : '';
    reason = `HTTP ${err.status ?? '?'}${type} ${tries}: ${detail}${request}`;
    httpStatus = err.status;
  } else if (err instanceof SyntaxError) {
    reason = `unreadable response body (not JSON): ${err.message}`;
  } else {
    reason = toError(err).message;
  }
  addSecret(ctx.apiKey);
  return new MemevalError('MODEL_CALL_FAILED', scrubSecrets(`${modelId}: ${reason}`), { httpStatus });
}
