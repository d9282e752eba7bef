/**
 * memeval's own retry policy for Claude calls. The SDK's retries are switched off (maxRetries 0)
 * because the SDK honours any `retry-after` a timer can hold — a 429 with `retry-after: 3600`
 * would stall a run for an hour — and its timeout stops at the response headers, so a body
 * trickled in slowly outlived it. Here each attempt has a deadline for the whole attempt (body
 * included) and no wait is longer than MAX_RETRY_WAIT_MS.
 */

/** The longest wait memeval honours from `retry-after`/`retry-after-ms`; a longer ask fails the call at once. */
export const MAX_RETRY_WAIT_MS = 60_000;

/** Backoff without a server hint, as the SDK's: 0.5 s doubling per retry, at most 8 s, minus up to 25% jitter. */
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** Statuses worth another attempt: request timeout, lock conflict, rate limit, server errors (529 overloaded included). */
export function retriedStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** What the server asked for, in ms: `retry-after-ms`, else `retry-after` (seconds or an HTTP date); undefined when absent or unreadable. */
export function serverWaitMs(headers: Headers | undefined, nowMs = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number.parseFloat(ms))) return Math.max(0, Number.parseFloat(ms));
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The wait before retry number `retry` (0-based) when the server gave no hint. */
export function backoffMs(retry: number, random = Math.random): number {
  return Math.min(INITIAL_BACKOFF_MS * 2 ** retry, MAX_BACKOFF_MS) * (1 - random() * 0.25);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
