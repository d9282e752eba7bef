/** How long a download request may wait for the server's response headers. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so a request that gets no response headers within `timeoutMs` fails. Without
 * it, a machine whose firewall drops packets (rather than refusing them) waits minutes on the
 * TCP connect. The timer stops once headers arrive, so a large model body can take its time.
 */
export function fetchWithResponseTimeout(baseFetch: Fetch, timeoutMs: number): Fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no response from ${String(input)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await baseFetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
