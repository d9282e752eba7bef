import { expect } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { AnthropicModel, type AnthropicOptions } from '../../src/models/anthropic.js';
import type { MockAnthropic } from './mock-anthropic.js';

/** A fake key that must never show up in any output; tests grep for it. */
export const CANARY_KEY = 'sk-ant-canary-7f3a9c1e5b2d4f6a8c0e';

/** The real provider pointed at the mock, with fast retries and no environment read. */
export function mockedClaude(
  mock: MockAnthropic,
  options: AnthropicOptions = {},
  id = 'claude-haiku-4-5',
): AnthropicModel {
  return new AnthropicModel(id, {
    apiKey: CANARY_KEY,
    baseURL: mock.url,
    maxRetries: 2,
    timeoutMs: 5_000,
    env: {},
    ...options,
  });
}

/** The MemevalError a promise rejects with; fails the test when it resolves or throws something else. */
export async function rejection(p: Promise<unknown>): Promise<MemevalError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MemevalError);
  return err as MemevalError;
}
