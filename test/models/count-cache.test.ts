import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CachedModel } from '../../src/models/cache/cached-model.js';
import { entryPath } from '../../src/models/cache/file.js';
import { cacheKey, countKey } from '../../src/models/cache/key.js';
import { SpendLedger } from '../../src/models/spend.js';
import { createModelStack } from '../../src/models/stack.js';
import { exactTokenCounter } from '../../src/models/token-count.js';
import { OfflineModel } from '../../src/models/offline.js';
import { CANARY_KEY, mockedClaude, rejection } from '../helpers/anthropic.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const ask = { messages: [{ role: 'user' as const, content: 'I live in Lisbon.' }] };

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());

describe('messages.countTokens through the record/replay cache', () => {
  it('is keyed apart from replies, by model and content only', () => {
    const model = { id: 'claude-haiku-4-5', cacheParams: { promptCache: false } };
    expect(countKey(model, ask)).not.toBe(cacheKey(model, ask, 0));
    expect(countKey(model, { ...ask })).toBe(countKey(model, ask));
    expect(countKey({ ...model, id: 'claude-sonnet-4-5' }, ask)).not.toBe(countKey(model, ask));
    expect(countKey(model, { messages: [{ role: 'user', content: 'I live in Oslo.' }] })).not.toBe(
      countKey(model, ask),
    );
  });

  it('records a count, replays it with the server stopped (free: no spend), and a replay miss is CACHE_MISS', async () => {
    const dir = tempDir();
    const mock = await startMockAnthropic();
    mock.scriptCounts(17);
    const ledger = new SpendLedger({ warn: () => {} });
    const stack = createModelStack('claude-haiku-4-5', {
      ledger,
      cache: { mode: 'auto', dir },
      anthropic: { apiKey: CANARY_KEY, baseURL: mock.url, env: {} },
    });
    const counter = exactTokenCounter(stack.forRepeat(0));
    expect(counter.id).toBe('count_tokens:claude-haiku-4-5');
    expect(await counter.count('I live in Lisbon.')).toBe(17);
    await mock.close();

    // Another repeat, no server: the recording answers; counts have no repeat index.
    expect(await exactTokenCounter(stack.forRepeat(1)).count('I live in Lisbon.')).toBe(17);
    expect(stack.cache!.stats).toEqual({ hits: 1, misses: 1, recorded: 1 });
    expect(ledger.spentUsd).toBe(0);
    const files = filesUnder(dir);
    expect(files).toEqual([entryPath(dir, countKey(stack.cache!.inner, ask))]);
    const entry = JSON.parse(readFileSync(files[0], 'utf8'));
    expect(entry).toMatchObject({ modelId: 'claude-haiku-4-5', count: { inputTokens: 17 } });
    expect(readFileSync(files[0], 'utf8')).not.toContain(CANARY_KEY);

    const replayOnly = new CachedModel(mockedClaude(mock), { mode: 'replay', dir });
    const miss = await rejection(replayOnly.countTokens!({ messages: [{ role: 'user', content: 'never counted' }] }));
    expect(miss.code).toBe('CACHE_MISS');
  });

  it('is absent for a model without a tokenizer, and exactTokenCounter says so (USAGE)', () => {
    expect(new CachedModel(new OfflineModel(), { mode: 'auto', dir: tempDir() }).countTokens).toBeUndefined();
    expect(() => exactTokenCounter(new OfflineModel())).toThrow(
      /--token-count exact: model "offline" has no tokenizer/,
    );
  });
});
