import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicModel } from '../../src/models/anthropic.js';
import { costUsd, findPrice } from '../../src/models/pricing.js';
import { ModelSummarizer } from '../../src/models/summarizer.js';
import { exactTokenCounter } from '../../src/models/token-count.js';
import { MemevalError } from '../../src/errors.js';
import { CANARY_KEY, mockedClaude, rejection } from '../helpers/anthropic.js';
import { startMockAnthropic, type MockAnthropic } from '../helpers/mock-anthropic.js';

let mock: MockAnthropic;
beforeAll(async () => {
  mock = await startMockAnthropic();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.requests.length = 0;
});

const ask = {
  system: 'You are helpful.',
  messages: [{ role: 'user' as const, content: 'Where do I live?' }],
  maxTokens: 64,
};

describe('AnthropicModel against the mock Messages API', () => {
  it('sends the request through the SDK with a Bearer key and returns exact usage', async () => {
    mock.script({ kind: 'ok', text: 'You live in Lisbon.', usage: { input_tokens: 42, output_tokens: 7 } });
    const reply = await mockedClaude(mock).complete({ ...ask, temperature: 0.2 });
    expect(reply).toMatchObject({
      text: 'You live in Lisbon.',
      stopReason: 'end_turn',
      cached: false,
      usageExact: true,
    });
    expect(reply.usage).toEqual({ inputTokens: 42, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    const [seen] = mock.requests;
    expect(seen.path).toBe('/v1/messages');
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(seen.body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      temperature: 0.2,
      system: 'You are helpful.',
      messages: ask.messages,
    });
  });

  it('counts cache writes and reads apart from input and prices each class at its own rate', async () => {
    const usage = {
      input_tokens: 1_000,
      output_tokens: 200,
      cache_creation_input_tokens: 4_000,
      cache_read_input_tokens: 10_000,
    };
    mock.script({ kind: 'ok', usage });
    const reply = await mockedClaude(mock).complete(ask);
    expect(reply.usage).toEqual({
      inputTokens: 1_000,
      outputTokens: 200,
      cacheWriteTokens: 4_000,
      cacheReadTokens: 10_000,
    });
    // Haiku 4.5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per million tokens.
    const cost = costUsd(reply.usage, findPrice('claude-haiku-4-5'));
    expect(cost).toBeCloseTo((1_000 * 1 + 200 * 5 + 4_000 * 1.25 + 10_000 * 0.1) / 1e6, 12);
  });

  it('retries a 429 honouring retry-after (seconds) and retry-after-ms, then succeeds', async () => {
    mock.script(
      { kind: 'rate-limit', retryAfterS: 0.1 },
      { kind: 'rate-limit', retryAfterMs: 20 },
      { kind: 'ok', text: 'after the limit' },
    );
    const started = performance.now();
    const reply = await mockedClaude(mock).complete(ask);
    expect(reply.text).toBe('after the limit');
    expect(mock.requests).toHaveLength(3);
    // Sanity bound only: the two waits the server asked for did happen.
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('retries 529 overloaded and fails with the type once retries run out', async () => {
    mock.script({ kind: 'overloaded' }, { kind: 'overloaded' }, { kind: 'overloaded' });
    const err = await rejection(mockedClaude(mock, { maxRetries: 2 }).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/HTTP 529 overloaded_error after 2 retries/);
    expect(mock.requests).toHaveLength(3);
  });

  it('retries a 500 and recovers', async () => {
    mock.script({ kind: 'server-error' }, { kind: 'ok', text: 'recovered' });
    expect((await mockedClaude(mock).complete(ask)).text).toBe('recovered');
    expect(mock.requests).toHaveLength(2);
  });

  it('turns a timeout into MODEL_CALL_FAILED after retrying it', async () => {
    mock.script({ kind: 'hang' }, { kind: 'hang' });
    const err = await rejection(mockedClaude(mock, { timeoutMs: 150, maxRetries: 1 }).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/timed out after 150 ms/);
    expect(mock.requests).toHaveLength(2);
  });

  it('does not retry a 400 alternation error and keeps the API message', async () => {
    mock.script({ kind: 'bad-request' });
    const err = await rejection(mockedClaude(mock).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/HTTP 400 invalid_request_error not retried: messages: roles must alternate/);
    expect(mock.requests).toHaveLength(1);
  });

  it('records a max_tokens stop', async () => {
    mock.script({ kind: 'ok', text: 'You live in Lis', stopReason: 'max_tokens' });
    const reply = await mockedClaude(mock).complete(ask);
    expect(reply.stopReason).toBe('max_tokens');
  });

  it('reports a body that is not JSON as a clear error', async () => {
    mock.script({ kind: 'malformed' });
    const err = await rejection(mockedClaude(mock).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/^claude-haiku-4-5: unreadable response body \(not JSON\)/);
  });

  it('reports JSON without usage as a malformed response naming the field', async () => {
    mock.script({ kind: 'wrong-shape' });
    const err = await rejection(mockedClaude(mock).complete(ask));
    expect(err.message).toMatch(/malformed Messages API response: usage/);
  });

  it('never puts the API key into an error message, even when the server echoes it', async () => {
    mock.script({ kind: 'echo-auth' });
    const err = await rejection(mockedClaude(mock).complete(ask));
    expect(err.message).toMatch(/HTTP 401 authentication_error/);
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain(CANARY_KEY);
    expect(String(err.stack)).not.toContain(CANARY_KEY);
    expect(err.cause).toBeUndefined();
  });

  it('adds cache_control to the system prompt and the last history message when prompt caching is on', async () => {
    const messages = [
      { role: 'user' as const, content: 'I live in Lisbon.' },
      { role: 'assistant' as const, content: 'Noted.' },
      { role: 'user' as const, content: 'Where do I live?' },
    ];
    const model = mockedClaude(mock, { promptCache: true });
    expect(model.cacheParams).toEqual({ promptCache: true });
    await model.complete({ system: 'Memory: none', messages });
    const body = mock.requests[0].body;
    expect(body.system).toEqual([{ type: 'text', text: 'Memory: none', cache_control: { type: 'ephemeral' } }]);
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Noted.', cache_control: { type: 'ephemeral' } }],
    });
    expect(body.messages[2]).toEqual({ role: 'user', content: 'Where do I live?' });
  });

  it('counts tokens exactly through count_tokens', async () => {
    mock.scriptCounts(17);
    const counter = exactTokenCounter(mockedClaude(mock));
    expect(counter.id).toBe('count_tokens:claude-haiku-4-5');
    expect(await counter.count('I live in Lisbon.')).toBe(17);
    expect(mock.requests[0]).toMatchObject({
      path: '/v1/messages/count_tokens',
      body: { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'I live in Lisbon.' }] },
    });
  });

  it('summarises through the model with the usage of the call', async () => {
    mock.script({ kind: 'ok', text: ' The user lives in Lisbon. ', usage: { input_tokens: 300, output_tokens: 9 } });
    const out = await new ModelSummarizer(mockedClaude(mock)).summarize(
      'user: I live in Lisbon.\nassistant: Noted.',
      80,
    );
    const usage = { inputTokens: 300, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(out).toEqual({
      text: 'The user lives in Lisbon.',
      usage,
      costUsd: costUsd(usage, findPrice('claude-haiku-4-5')),
    });
    expect(out.costUsd).toBeGreaterThan(0);
    expect(mock.requests[0].body).toMatchObject({ max_tokens: 80, temperature: 0 });
  });
});

describe('API key', () => {
  it('is required at construction: MISSING_API_KEY, exit code 2', () => {
    let err: unknown;
    try {
      new AnthropicModel('claude-haiku-4-5', { env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('MISSING_API_KEY');
    expect((err as MemevalError).message).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('is read from ANTHROPIC_API_KEY and the base URL from ANTHROPIC_BASE_URL', async () => {
    mock.script({ kind: 'ok', text: 'from env' });
    const model = new AnthropicModel('claude-haiku-4-5', {
      env: { ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url },
      maxRetries: 0,
    });
    expect((await model.complete(ask)).text).toBe('from env');
    expect(mock.requests[0].headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('may be absent for replay-only use, and a call then fails with MISSING_API_KEY', async () => {
    const model = new AnthropicModel('claude-haiku-4-5', { env: {}, requireKey: false });
    const err = await rejection(model.complete(ask));
    expect(err.code).toBe('MISSING_API_KEY');
  });
});
