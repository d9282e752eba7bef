import { describe, expect, it } from 'vitest';
import { resolveClaudeOptions } from '../../src/config/claude.js';

describe('resolveClaudeOptions', () => {
  it('fills defaults: auto cache in .memeval/cache, 3 retries, 60 s per attempt, 4 per model, no cap', () => {
    expect(resolveClaudeOptions({})).toEqual({
      anthropic: { baseURL: undefined, maxRetries: 3, timeoutMs: 60_000, promptCache: false },
      cache: { mode: 'auto', dir: '.memeval/cache' },
      maxCostUsd: undefined,
      concurrency: 4,
    });
  });

  it('passes flags through', () => {
    const r = resolveClaudeOptions({
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      timeoutMs: 500,
      promptCache: true,
      cache: 'replay',
      cacheDir: 'c',
      maxCostUsd: 2.5,
      concurrency: 1,
    });
    expect(r).toEqual({
      anthropic: { baseURL: 'http://127.0.0.1:9', maxRetries: 0, timeoutMs: 500, promptCache: true },
      cache: { mode: 'replay', dir: 'c' },
      maxCostUsd: 2.5,
      concurrency: 1,
    });
  });

  it.each([
    [{ maxRetries: -1 }, /--max-retries/],
    [{ maxRetries: 1.5 }, /--max-retries/],
    [{ timeoutMs: 0 }, /--timeout-ms/],
    [{ concurrency: 0 }, /--concurrency/],
    [{ cache: 'sometimes' }, /--cache must be one of auto, record, replay, off/],
    [{ maxCostUsd: -0.01 }, /--max-cost-usd/],
  ])('rejects %j naming the flag', (args, message) => {
    expect(() => resolveClaudeOptions(args)).toThrow(message);
  });
});
