import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted stand-in for the Messages API on 127.0.0.1, for testing the real SDK offline.
 * Each request to /v1/messages takes the next scripted step (success once the script is empty);
 * /v1/messages/count_tokens answers from its own queue or `defaultCount`. Nothing it returns is
 * Claude's output.
 */
export type MockStep =
  /** `content` replaces the one text block (e.g. a lone tool_use block). */
  | { kind: 'ok'; text?: string; usage?: Partial<MockUsage>; stopReason?: string; content?: unknown[] }
  /** 429 rate_limit_error with `retry-after` in seconds when given, else `retry-after-ms`. */
  | { kind: 'rate-limit'; retryAfterMs?: number; retryAfterS?: number }
  | { kind: 'overloaded' }
  | { kind: 'server-error' }
  /** Never answers; the client's timeout must fire. */
  | { kind: 'hang' }
  /** 200 with headers at once and a valid body sent one byte every `byteDelayMs`, as a slow proxy might. */
  | { kind: 'trickle'; byteDelayMs: number }
  /** 429 with `retry-after` as an HTTP date this many seconds ahead. */
  | { kind: 'rate-limit-until'; seconds: number }
  | { kind: 'bad-request'; message?: string }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with JSON that lacks `usage`. */
  | { kind: 'wrong-shape' }
  /** 401 whose error message repeats the Authorization header, as a careless proxy might. */
  | { kind: 'echo-auth' };

export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface MockAnthropic {
  /** Base URL to give the SDK. */
  url: string;
  requests: SeenRequest[];
  /** Appends steps for the next /v1/messages calls. */
  script(...steps: MockStep[]): void;
  /** Appends answers for the next count_tokens calls: a count, or an HTTP status to fail with (429 and 5xx are retried by the SDK). */
  scriptCounts(...answers: (number | { status: 429 | 500 | 529 })[]): void;
  /** Count for count_tokens calls without a scripted answer; may depend on the request. */
  defaultCount: (body: any) => number;
  /** Text used for successes without their own; may depend on the request. */
  defaultText: (body: any) => string;
  /** Usage for successes without their own; may depend on the request and the reply text. */
  defaultUsage: (body: any, text: string) => Partial<MockUsage>;
  /** Milliseconds every /v1/messages answer waits before it is sent (0: at once), so a test can kill a client mid-call. */
  delayMs: number;
  close(): Promise<void>;
}

/** Small so the SDK's retries finish in milliseconds. */
const RETRY_AFTER_MS = 5;

const DEFAULT_USAGE: MockUsage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_mock_${status}`, ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const apiError = (type: string, message: string) => ({ type: 'error', error: { type, message } });

export async function startMockAnthropic(): Promise<MockAnthropic> {
  const steps: MockStep[] = [];
  const counts: (number | { status: 429 | 500 | 529 })[] = [];
  const requests: SeenRequest[] = [];
  const mock: MockAnthropic = {
    url: '',
    requests,
    script: (...s) => void steps.push(...s),
    scriptCounts: (...n) => void counts.push(...n),
    defaultText: () => 'mock reply',
    defaultUsage: () => ({}),
    delayMs: 0,
    defaultCount: (body) => Math.ceil(JSON.stringify(body?.messages ?? []).length / 4),
    close: async () => {},
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const path = (req.url ?? '').split('?')[0];
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      // The SDK sends `Authorization: Bearer <key>` in this version; older ones sent x-api-key.
      if (!req.headers.authorization && !req.headers['x-api-key']) {
        send(res, 401, apiError('authentication_error', 'missing credentials'));
        return;
      }
      if (path === '/v1/messages/count_tokens') {
        const answer = counts.shift() ?? mock.defaultCount(body);
        if (typeof answer === 'number') send(res, 200, { input_tokens: answer });
        else if (answer.status === 429)
          send(res, 429, apiError('rate_limit_error', 'rate limited'), { 'retry-after-ms': String(RETRY_AFTER_MS) });
        else
          send(res, answer.status, apiError(answer.status === 529 ? 'overloaded_error' : 'api_error', 'count failed'), {
            'retry-after-ms': String(RETRY_AFTER_MS),
          });
        return;
      }
      if (path !== '/v1/messages') {
        send(res, 404, apiError('not_found_error', `no route ${path}`));
        return;
      }
      const step = steps.shift() ?? { kind: 'ok' };
      if (mock.delayMs > 0) setTimeout(() => respond(res, step, body, req.headers), mock.delayMs);
      else respond(res, step, body, req.headers);
    });
  });

  function respond(res: ServerResponse, step: MockStep, body: any, headers: IncomingHttpHeaders): void {
    const retryHeaders = { 'retry-after-ms': String(RETRY_AFTER_MS) };
    switch (step.kind) {
      case 'ok': {
        const text = step.text ?? mock.defaultText(body);
        send(res, 200, {
          id: `msg_mock_${requests.length}`,
          type: 'message',
          role: 'assistant',
          model: body?.model ?? 'unknown',
          content: step.content ?? [{ type: 'text', text }],
          stop_reason: step.stopReason ?? 'end_turn',
          stop_sequence: null,
          usage: { ...DEFAULT_USAGE, ...mock.defaultUsage(body, text), ...step.usage },
        });
        return;
      }
      case 'rate-limit':
        // The API sends retry-after in seconds; retry-after-ms is the SDK's finer variant.
        send(
          res,
          429,
          apiError('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
          step.retryAfterS !== undefined
            ? { 'retry-after': String(step.retryAfterS) }
            : { 'retry-after-ms': String(step.retryAfterMs ?? RETRY_AFTER_MS) },
        );
        return;
      case 'overloaded':
        send(res, 529, apiError('overloaded_error', 'Overloaded'), retryHeaders);
        return;
      case 'server-error':
        send(res, 500, apiError('api_error', 'Internal server error'), retryHeaders);
        return;
      case 'hang':
        return;
      case 'trickle': {
        const bytes = Buffer.from(
          JSON.stringify({
            id: 'msg_slow',
            type: 'message',
            role: 'assistant',
            model: body?.model ?? 'unknown',
            content: [{ type: 'text', text: 'slow reply' }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: DEFAULT_USAGE,
          }),
        );
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
        let at = 0;
        const timer = setInterval(() => {
          if (res.destroyed || at >= bytes.length) {
            clearInterval(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(bytes.subarray(at, ++at));
        }, step.byteDelayMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'rate-limit-until':
        send(res, 429, apiError('rate_limit_error', 'rate limited'), {
          'retry-after': new Date(Date.now() + step.seconds * 1000).toUTCString(),
        });
        return;
      case 'bad-request':
        send(
          res,
          400,
          apiError(
            'invalid_request_error',
            step.message ??
              'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
          ),
        );
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "msg_broken", "content": [');
        return;
      case 'wrong-shape':
        send(res, 200, {
          id: 'msg_no_usage',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'text', text: 'hi' }],
          stop_reason: 'end_turn',
        });
        return;
      case 'echo-auth':
        send(
          res,
          401,
          apiError(
            'authentication_error',
            `invalid credentials: ${String(headers.authorization ?? headers['x-api-key'])}`,
          ),
        );
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mock.close = () =>
    new Promise<void>((resolve) => {
      // Hanging requests hold their sockets open; drop them so close() returns.
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return mock;
}

/** Runs `fn` with a fresh mock and closes it however `fn` ends. */
export async function withMockAnthropic<T>(fn: (mock: MockAnthropic) => Promise<T>): Promise<T> {
  const mock = await startMockAnthropic();
  try {
    return await fn(mock);
  } finally {
    await mock.close();
  }
}
