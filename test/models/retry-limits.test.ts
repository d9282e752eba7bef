import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicModel, MAX_TIMEOUT_MS } from '../../src/models/anthropic.js';
import { backoffMs, MAX_RETRY_WAIT_MS, serverWaitMs } from '../../src/models/retry.js';
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

const ask = { messages: [{ role: 'user' as const, content: 'Where do I live?' }], maxTokens: 64 };

describe('waits are capped: a server asking for a long wait fails the call instead of stalling the run', () => {
  it.each([
    ['retry-after: 3600 (seconds)', { kind: 'rate-limit', retryAfterS: 3600 } as const, /asks to wait 3600 s/],
    ['retry-after-ms: 61000', { kind: 'rate-limit', retryAfterMs: 61_000 } as const, /asks to wait 61 s/],
    [
      'retry-after as an HTTP date an hour ahead',
      { kind: 'rate-limit-until', seconds: 3600 } as const,
      /asks to wait 3\d{3} s/,
    ],
  ])('%s: one request, then MODEL_CALL_FAILED as a rate-limit error naming the cap', async (_, step, wait) => {
    mock.script(step);
    const err = await rejection(mockedClaude(mock, { maxRetries: 3 }).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/HTTP 429 rate_limit_error/);
    expect(err.message).toMatch(wait);
    expect(err.message).toContain(`longer than memeval waits (${MAX_RETRY_WAIT_MS / 1000} s)`);
    expect(mock.requests).toHaveLength(1);
  });

  it('a wait within the cap is honoured and the call retried (count_tokens too)', async () => {
    mock.script({ kind: 'rate-limit', retryAfterMs: 20 }, { kind: 'ok', text: 'after the wait' });
    expect((await mockedClaude(mock).complete(ask)).text).toBe('after the wait');
    mock.scriptCounts({ status: 429 }, 17);
    expect(await mockedClaude(mock).countTokens(ask)).toBe(17);
  });

  it('the wait the server asks for is read from retry-after-ms, retry-after seconds or an HTTP date', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(serverWaitMs(h({ 'retry-after-ms': '250' }))).toBe(250);
    expect(serverWaitMs(h({ 'retry-after': '3' }))).toBe(3000);
    expect(serverWaitMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(serverWaitMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(serverWaitMs(h({}))).toBeUndefined();
    // Without a hint: the SDK's backoff, 0.5 s doubling, never above 8 s.
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(10, () => 0)).toBe(8000);
  });
});

describe('the timeout is a deadline for the whole attempt, reply body included', () => {
  it('a body trickled slowly past the deadline fails the call as a timeout, after the retries', async () => {
    // About 250 bytes at 20 ms each: 5 s to arrive in full, far past the 300 ms deadline.
    mock.script({ kind: 'trickle', byteDelayMs: 20 }, { kind: 'trickle', byteDelayMs: 20 });
    const err = await rejection(mockedClaude(mock, { timeoutMs: 300, maxRetries: 1 }).complete(ask));
    expect(err.code).toBe('MODEL_CALL_FAILED');
    expect(err.message).toMatch(/timed out after 300 ms per attempt, reply body included \(1 retries\)/);
    expect(mock.requests).toHaveLength(2);
  });

  it('a trickled body that arrives within the deadline is a normal reply', async () => {
    mock.script({ kind: 'trickle', byteDelayMs: 0 });
    expect((await mockedClaude(mock, { timeoutMs: 30_000 }).complete(ask)).text).toBe('slow reply');
  });

  it.each([
    [{ timeoutMs: 3_000_000_000 }, /anthropic.timeoutMs must be a whole number from 1 to 600000/],
    [{ timeoutMs: 0 }, /anthropic.timeoutMs/],
    [{ timeoutMs: 1.5 }, /anthropic.timeoutMs/],
    [{ maxRetries: 1000 }, /anthropic.maxRetries must be a whole number from 0 to 10/],
    [{ maxRetries: -1 }, /anthropic.maxRetries/],
  ])('the library refuses %o at construction (USAGE), before any call', (options, message) => {
    expect(() => new AnthropicModel('claude-haiku-4-5', { apiKey: CANARY_KEY, env: {}, ...options })).toThrow(message);
    expect(MAX_TIMEOUT_MS).toBeLessThan(2 ** 31 - 1);
  });
});

describe('memeval run: a 429 asking for an hour is one error row, and the run goes on', () => {
  it('the first call gets retry-after: 3600; its probe is a rate-limit error row, the other probes are answered, exit 3', async () => {
    const { memevalAsync } = await import('../helpers/cli.js');
    const { parseCsvRecords } = await import('../helpers/csv.js');
    const { mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = mkdtempSync(join(tmpdir(), 'memeval-test-'));
    try {
      mock.script({ kind: 'rate-limit', retryAfterS: 3600 });
      const mini = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
      const r = await memevalAsync(
        [
          'run',
          '--scenario',
          mini,
          '--strategy',
          'recency',
          '--model',
          'claude-haiku-4-5',
          '--base-url',
          mock.url,
          '--cache',
          'off',
          '-j',
          '1',
          '--concurrency',
          '1',
          '--out',
          out,
        ],
        { ANTHROPIC_API_KEY: CANARY_KEY },
      );
      expect(r.status).toBe(3);
      const dir = join(out, readdirSync(out)[0]);
      const rows = parseCsvRecords(readFileSync(join(dir, 'results.csv'), 'utf8'));
      expect(rows.map((row) => row.error === '')).toEqual([false, true, true]);
      expect(rows[0].error).toMatch(
        /HTTP 429 rate_limit_error asks to wait 3600 s before a retry, longer than memeval waits \(60 s\)/,
      );
      // One request for the refused call, one per other probe: no retry of the hour-long wait.
      expect(mock.requests).toHaveLength(3);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
